"""Variance against the activity plan and the forecast to the report period's end.

Computed, never stored. ``load_inputs`` reads what a document holds; ``compute_forecast`` is the
arithmetic alone (Decimal, exact to the öre), so the tests can build its inputs by hand.

The forecast, per stream, as of a date D: a month is complete when D is on or after its last day;
complete months count with their actual costs. For each remaining month: the plan of the stream's
activities for that month where any activity has one, otherwise the stream's pace, the average
of the last three complete months' actual costs (fewer if fewer have passed; with none, no pace
and the plan alone), rounded to the öre. Costs already booked in a remaining month count where
they are more than that. Only costs inside the report period count (``models.period``, the one rule for it).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from models.doc_agreement import agreement_of, report_period
from models.document import CostFilter
from models.money import ZERO, format_sek, quantize, to_json
from models.storage.activities import Activity, months_between
from models.validation import MONTHS

if TYPE_CHECKING:
    from models.catalogue.catalogue import Catalogue
    from models.storage.document_file import Document

PACE_MONTHS = 3
MONTH_NAMES = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


@dataclass(frozen=True)
class PlanInputs:
    """Everything the forecast needs, as plain data."""

    period: tuple[date, date]
    as_of: date
    allocation: dict[str, Decimal]
    received: Decimal
    activities: list[Activity]
    plan: dict[tuple[int, str], Decimal]  # (activity id, month) → planned
    actual: list[tuple[int | None, str, str, Decimal]]  # (activity id or None, stream, month, sum) in the period
    spent_to_date: Decimal  # costs in the period dated on or before as_of
    repayment: date | None = None


@dataclass(frozen=True)
class MonthFigure:
    month: str  # "2024-03"
    planned: Decimal | None  # None: no activity has a plan for the month
    actual: Decimal
    forecast: Decimal  # complete months: the actual; remaining months: the forecast
    basis: str  # utfall | plan | takt | ingen


@dataclass(frozen=True)
class StreamForecast:
    stream: str
    allocation: Decimal
    months: list[MonthFigure]
    pace: Decimal | None
    pace_months: list[str]
    planned_to_date: Decimal
    actual_to_date: Decimal  # complete months
    unassigned_to_date: Decimal  # of that, costs in no activity
    costs_at_end: Decimal
    method: str

    @property
    def variance_to_date(self) -> Decimal:
        return self.actual_to_date - self.planned_to_date


@dataclass(frozen=True)
class ActivityVariance:
    activity: Activity
    planned: dict[str, Decimal]  # per month of the period (months with a plan)
    actual: dict[str, Decimal]  # per month of the period
    planned_to_date: Decimal
    actual_to_date: Decimal
    planned_total: Decimal

    @property
    def variance(self) -> Decimal:
        """Actual minus planned to date: negative is behind plan, positive ahead of it."""
        return self.actual_to_date - self.planned_to_date


@dataclass(frozen=True)
class PlanStatus:
    as_of: date
    period: tuple[date, date]
    months: list[str]
    complete: int  # how many of the months are complete
    streams: list[StreamForecast]
    activities: list[ActivityVariance]
    allocation_total: Decimal
    received: Decimal
    base: Decimal  # what the costs are held against: the money received, or the allocation while less is
    costs_at_end: Decimal
    unspent_at_end: Decimal
    self_financed_at_end: Decimal
    share_of_year: Decimal  # 0..1
    share_used: Decimal  # spent to date / allocation
    spent_to_date: Decimal
    repayment: date | None
    method: str
    behind: list[ActivityVariance] = field(default_factory=list)

    @property
    def remaining(self) -> list[str]:
        return self.months[self.complete :]


def month_label(month: str) -> str:
    y, m = month.split("-")
    return f"{MONTH_NAMES[int(m) - 1]} {y}"


def _span(months: list[str]) -> str:
    if not months:
        return ""
    first, last = month_label(months[0]), month_label(months[-1])
    return first if first == last else f"{first} – {last}"


def complete_months(months: list[str], as_of: date) -> int:
    """How many of ``months`` (in order) are complete as of ``as_of``: it is on or after their last day."""
    n = 0
    for m in months:
        y, mo = (int(p) for p in m.split("-"))
        if as_of >= date(y, mo, calendar.monthrange(y, mo)[1]):
            n += 1
        else:
            break
    return n


def forecast_stream(
    stream: str,
    allocation: Decimal,
    months: list[str],
    complete: int,
    actual: dict[str, Decimal],
    planned: dict[str, Decimal],
    unassigned: dict[str, Decimal] | None = None,
) -> StreamForecast:
    """One stream's months: actual for the complete ones, plan or pace for the rest (see the module)."""
    done = months[:complete]
    pace_months = done[-PACE_MONTHS:]
    pace = quantize(sum((actual.get(m, ZERO) for m in pace_months), ZERO) / len(pace_months)) if pace_months else None
    figures: list[MonthFigure] = []
    counts = {"plan": 0, "takt": 0, "ingen": 0}
    for i, m in enumerate(months):
        got = actual.get(m, ZERO)
        plan = planned.get(m)
        if i < complete:
            figures.append(MonthFigure(m, plan, got, got, "utfall"))
            continue
        if plan is not None:
            basis, value = "plan", plan
        elif pace is not None:
            basis, value = "takt", pace
        else:
            basis, value = "ingen", ZERO
        counts[basis] += 1
        figures.append(MonthFigure(m, plan, got, max(got, value) if m in actual else value, basis))
    planned_to_date = sum((planned.get(m, ZERO) for m in done), ZERO)
    actual_to_date = sum((actual.get(m, ZERO) for m in done), ZERO)
    unassigned_to_date = sum(((unassigned or {}).get(m, ZERO) for m in done), ZERO)
    parts = [f"utfall för {complete} hela {'månad' if complete == 1 else 'månader'}"] if complete else []
    if counts["plan"]:
        parts.append(f"plan för {counts['plan']} {'månad' if counts['plan'] == 1 else 'månader'}")
    if counts["takt"] and pace is not None:
        parts.append(
            f"takt {format_sek(pace)} i månaden (snittet av {_span(pace_months)}) för {counts['takt']} "
            f"{'månad' if counts['takt'] == 1 else 'månader'}"
        )
    if counts["ingen"]:
        parts.append(f"varken plan eller takt för {counts['ingen']} {'månad' if counts['ingen'] == 1 else 'månader'}")
    return StreamForecast(
        stream=stream,
        allocation=allocation,
        months=figures,
        pace=pace,
        pace_months=pace_months,
        planned_to_date=planned_to_date,
        actual_to_date=actual_to_date,
        unassigned_to_date=unassigned_to_date,
        costs_at_end=sum((f.forecast for f in figures), ZERO),
        method=f"{stream}: " + ", ".join(parts) if parts else f"{stream}: inga månader",
    )


METHOD = (
    "Hela månader räknas med utfallet. För varje återstående månad används planen för strömmens aktiviteter "
    "där någon har en plan, annars strömmens takt: snittet av de senaste tre hela månadernas kostnader. "
    "Kostnader utanför redovisningsperioden räknas inte."
)


def compute_forecast(inputs: PlanInputs) -> PlanStatus:
    start, end = inputs.period
    months = months_between(start, end)
    in_period = set(months)
    complete = complete_months(months, inputs.as_of)
    done = set(months[:complete])
    streams = list(inputs.allocation) + sorted({s for _a, s, _m, _v in inputs.actual} - set(inputs.allocation))
    actual: dict[str, dict[str, Decimal]] = {s: {} for s in streams}
    unassigned: dict[str, dict[str, Decimal]] = {s: {} for s in streams}
    by_activity: dict[int, dict[str, Decimal]] = {a.id: {} for a in inputs.activities}
    for activity_id, stream, month, amount in inputs.actual:
        if month not in in_period:
            continue
        actual[stream][month] = actual[stream].get(month, ZERO) + amount
        if activity_id is None or activity_id not in by_activity:
            unassigned[stream][month] = unassigned[stream].get(month, ZERO) + amount
        else:
            by_activity[activity_id][month] = by_activity[activity_id].get(month, ZERO) + amount
    planned: dict[str, dict[str, Decimal]] = {s: {} for s in streams}
    plans: dict[int, dict[str, Decimal]] = {a.id: {} for a in inputs.activities}
    stream_of = {a.id: a.stream for a in inputs.activities}
    for (activity_id, month), amount in inputs.plan.items():
        if month not in in_period or activity_id not in stream_of:
            continue
        plans[activity_id][month] = amount
        s = stream_of[activity_id]
        planned.setdefault(s, {})
        planned[s][month] = planned[s].get(month, ZERO) + amount
    forecasts = [
        forecast_stream(
            s, inputs.allocation.get(s, ZERO), months, complete, actual[s], planned.get(s, {}), unassigned[s]
        )
        for s in streams
    ]
    variances = [
        ActivityVariance(
            activity=a,
            planned=plans[a.id],
            actual=by_activity[a.id],
            planned_to_date=sum((v for m, v in plans[a.id].items() if m in done), ZERO),
            actual_to_date=sum((v for m, v in by_activity[a.id].items() if m in done), ZERO),
            planned_total=sum(plans[a.id].values(), ZERO),
        )
        for a in inputs.activities
    ]
    allocation_total = sum(inputs.allocation.values(), ZERO)
    base = max(inputs.received, allocation_total)
    costs_at_end = sum((f.costs_at_end for f in forecasts), ZERO)
    days = (end - start).days + 1
    gone = min(max((inputs.as_of - start).days + 1, 0), days)
    behind = sorted((v for v in variances if v.variance < 0), key=lambda v: v.variance)[:3]
    return PlanStatus(
        as_of=inputs.as_of,
        period=(start, end),
        months=months,
        complete=complete,
        streams=forecasts,
        activities=variances,
        allocation_total=allocation_total,
        received=inputs.received,
        base=base,
        costs_at_end=costs_at_end,
        unspent_at_end=max(base - costs_at_end, ZERO),
        self_financed_at_end=max(costs_at_end - base, ZERO),
        share_of_year=Decimal(gone) / Decimal(days) if days > 0 else Decimal(1),
        share_used=inputs.spent_to_date / allocation_total if allocation_total else ZERO,
        spent_to_date=inputs.spent_to_date,
        repayment=inputs.repayment,
        method=" ".join([METHOD, *(f.method + "." for f in forecasts)]),
        behind=behind,
    )


@dataclass(frozen=True)
class CostReads:
    """The forecast's two passes over the costs, for one period and date: the window reads them in a
    background thread and keeps them while only the plan changes."""

    period: tuple[date, date]
    as_of: date
    actual: list[tuple[int | None, str, str, Decimal]]
    spent_to_date: Decimal


def read_costs(doc: Document, catalogue: Catalogue, as_of: date) -> CostReads:
    start, end = report_period(doc, catalogue)
    spent = doc.costs.cost_total(CostFilter(date_from=start, date_to=min(as_of, end))) if as_of >= start else ZERO
    return CostReads((start, end), as_of, doc.plan.actual_by_month(start, end), spent)


def load_inputs(doc: Document, catalogue: Catalogue, as_of: date, reads: CostReads | None = None) -> PlanInputs:
    """What the forecast needs; ``reads`` when already read for this period and date (else read here)."""
    agreement = agreement_of(doc, catalogue)
    if reads is None or reads.period != report_period(doc, catalogue) or reads.as_of != as_of:
        reads = read_costs(doc, catalogue, as_of)
    return PlanInputs(
        period=reads.period,
        as_of=as_of,
        allocation=doc.allocation(),
        received=sum((p.amount for p in doc.payments()), ZERO),
        activities=doc.plan.activities(),
        plan=doc.plan.plan(),
        actual=reads.actual,
        spent_to_date=reads.spent_to_date,
        repayment=agreement.deadlines.get("repayment"),
    )


def plan_status(
    doc: Document, catalogue: Catalogue, as_of: date | None = None, reads: CostReads | None = None
) -> PlanStatus:
    """The variance and the forecast of a document as of a date (today by default)."""
    return compute_forecast(load_inputs(doc, catalogue, as_of or date.today(), reads))


def about(amount: Decimal) -> str:
    """ "cirka" amounts: to the thousand kronor from 10 000 kr, else whole kronor."""
    step = Decimal(1000) if amount >= 10_000 else Decimal(1)
    return format_sek((amount / step).quantize(Decimal(1)) * step, decimals=False)


def long_date(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def forecast_flag(status: PlanStatus) -> str | None:
    """Översikt's warning while the period runs and the forecast shows money to repay."""
    if status.unspent_at_end <= 0 or status.as_of > status.period[1]:
        return None
    when = f" den {long_date(status.repayment)}" if status.repayment else ""
    text = f"Med nuvarande takt återbetalas cirka {about(status.unspent_at_end)}{when}."
    if status.behind:
        names = ", ".join(f"{v.activity.name} ({format_sek(-v.variance, decimals=False)} efter)" for v in status.behind)
        text += f" Längst efter plan: {names}."
    return text


def forecast_json(status: PlanStatus) -> dict[str, object]:
    return {
        "as_of": status.as_of.isoformat(),
        "costs_at_end": to_json(status.costs_at_end),
        "unspent_at_end": to_json(status.unspent_at_end),
        "self_financed_at_end": to_json(status.self_financed_at_end),
        "method": status.method,
        "streams": {
            f.stream: {"costs_at_end": to_json(f.costs_at_end), "pace": None if f.pace is None else to_json(f.pace)}
            for f in status.streams
        },
    }


def activities_json(status: PlanStatus) -> list[dict[str, object]]:
    """Per activity, to date (the complete months): planned, actual, variance (actual minus planned)."""
    return [
        {
            "name": v.activity.name,
            "stream": v.activity.stream,
            "planned": to_json(v.planned_to_date),
            "actual": to_json(v.actual_to_date),
            "variance": to_json(v.variance),
            "planned_total": to_json(v.planned_total),
        }
        for v in status.activities
    ]
