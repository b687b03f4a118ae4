"""Where the money stands: computed from a document, never stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from models import words
from models.deadlines import Deadline, deadline_text, deadlines, repayment_state
from models.doc_agreement import agreement_of, report_period
from models.missing import form_fields, missing_labels
from models.money import format_sek, to_json
from models.storage.agreement import Decision, Repayment

if TYPE_CHECKING:
    from models.catalogue.catalogue import Catalogue
    from models.storage.document_file import Document


@dataclass(frozen=True)
class StreamSummary:
    stream: str
    allocated: Decimal
    costs: Decimal
    remaining: Decimal  # allocated - costs (may be negative)


@dataclass(frozen=True)
class Flag:
    """A warning for the overview and ``summary --json``: key is stable, text is Swedish."""

    key: str
    text: str
    count: int = 0


@dataclass(frozen=True)
class Summary:
    agreement_id: str
    agreement_name: str
    recipient_id: str
    recipient_name: str
    recipient_kind: str
    period_start: date
    period_end: date
    allocation_total: Decimal
    allocation: dict[str, Decimal]  # per stream, in the agreement's stream order
    received: Decimal  # sum of payments
    costs_total: Decimal
    costs_by_stream: dict[str, Decimal]
    costs_by_category: dict[str, Decimal]  # in the document's category order, then others
    costs_by_stream_category: dict[tuple[str, str], Decimal]
    cost_count: int  # costs inside the report period, the ones counted
    unspent: Decimal  # max(received - costs, 0): to repay
    self_financed: Decimal  # max(costs - received, 0): egenfinansiering
    outside_count: int = 0  # costs dated outside the report period: not counted, listed apart
    outside_total: Decimal = Decimal("0.00")
    streams: list[StreamSummary] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    decisions: tuple[Decision, ...] = ()  # the government's payment decisions, by date
    repayment: Repayment | None = None  # the repayment made, if any


def outside_note(count: int, total: Decimal, start: date, end: date) -> str:
    """The sentence the overview, the summary and the exported form give the costs outside the period."""
    what = words.count(count, "kostnad", "kostnader")
    verb = "är daterad" if count == 1 else "är daterade"
    return (
        f"{what} på sammanlagt {format_sek(total)} {verb} utanför redovisningsperioden {start} – {end} "
        "och räknas inte med i redovisningen."
    )


def compute_summary(doc: Document, catalogue: Catalogue, today: date | None = None) -> Summary:
    """Every figure the overview, ``summary`` and the forms show, from the document as it is now."""
    today = today or date.today()
    agreement = agreement_of(doc, catalogue)
    recipient = catalogue.recipient(doc.recipient_id)
    allocation = doc.allocation()
    zero = Decimal("0.00")
    start, end = report_period(doc, catalogue)
    by_pair = doc.costs.sums_by("stream", "category")  # a few rows of cost_totals; the rest is derived
    # Costs outside the report period are not counted anywhere on the form; they are listed apart.
    outside = doc.costs.sums_outside(start, end)
    for pair, (amount, _n) in outside.items():
        by_pair[pair] = by_pair.get(pair, zero) - amount
        if by_pair[pair] == 0:
            del by_pair[pair]
    outside_total = sum((a for a, _n in outside.values()), zero)
    outside_count = sum(n for _a, n in outside.values())
    by_stream: dict[str, Decimal] = {}
    by_cat_raw: dict[str, Decimal] = {}
    for (stream, category), amount in by_pair.items():
        by_stream[stream] = by_stream.get(stream, zero) + amount
        by_cat_raw[category] = by_cat_raw.get(category, zero) + amount
    order = doc.categories()
    by_category = {c: by_cat_raw[c] for c in order if c in by_cat_raw}
    by_category.update({c: v for c, v in by_cat_raw.items() if c not in by_category})
    costs_total = sum(by_stream.values(), zero)
    received = sum((p.amount for p in doc.payments()), zero)
    allocation_total = sum(allocation.values(), zero)
    streams = [StreamSummary(s, a, by_stream.get(s, zero), a - by_stream.get(s, zero)) for s, a in allocation.items()]
    unspent = max(received - costs_total, zero)
    repayment = doc.agreement.repayment()
    final = {e.form for e in doc.exports() if not e.draft}
    repaid = repayment_state(received, unspent, repayment, end, today)
    dates = deadlines(agreement.deadlines, agreement.no_requisition, final, repaid, today)
    self_financed = max(costs_total - received, zero)
    flags: list[Flag] = []
    if outside_count:
        flags.append(Flag("outside_period", outside_note(outside_count, outside_total, start, end), outside_count))
    for s in streams:
        if s.costs > s.allocated:
            flags.append(
                Flag(
                    "over_allocation",
                    f"Kostnaderna för {s.stream} är {format_sek(s.costs - s.allocated)} högre än tilldelningen.",
                )
            )
    flags.extend(repayment_flags(unspent, repayment, agreement.deadlines.get("repayment")))
    if self_financed > 0 and received > 0:
        flags.append(
            Flag(
                "self_financed",
                f"Kostnaderna överstiger bidraget med {format_sek(self_financed)} (egenfinansiering).",
            )
        )
    if received == 0:
        flags.append(Flag("no_payments", "Ingen utbetalning från Kammarkollegiet är registrerad ännu."))
    missing = missing_labels(form_fields(doc), "redovisning")
    if missing:
        flags.append(
            Flag(
                "missing_fields",
                f"{words.count(len(missing), 'uppgift', 'uppgifter')} saknas för en slutlig redovisning: "
                f"{', '.join(missing)}.",
                len(missing),
            )
        )
    return Summary(
        agreement_id=agreement.id,
        agreement_name=doc.field("agreement_name") or agreement.name,
        recipient_id=recipient.id,
        recipient_name=recipient.name,
        recipient_kind=recipient.kind,
        period_start=start,
        period_end=end,
        allocation_total=allocation_total,
        allocation=allocation,
        received=received,
        costs_total=costs_total,
        costs_by_stream={s: by_stream.get(s, zero) for s in allocation} | by_stream,
        costs_by_category=by_category,
        costs_by_stream_category={(k[0], k[1]): v for k, v in by_pair.items()},
        cost_count=doc.costs.cost_count() - outside_count,
        outside_count=outside_count,
        outside_total=outside_total,
        unspent=unspent,
        self_financed=self_financed,
        streams=streams,
        deadlines=dates,
        flags=flags,
        decisions=tuple(doc.agreement.decisions()),
        repayment=repayment,
    )


def repayment_flags(unspent: Decimal, repayment: Repayment | None, due: date | None) -> list[Flag]:
    """The repayment as done or due: what is left to repay by when, or when it was made."""
    paid = repayment.amount if repayment else Decimal("0.00")
    out = []
    if repayment is not None:
        ref = f" (referens {repayment.reference})" if repayment.reference else ""
        out.append(Flag("repaid", f"Återbetalning gjord {repayment.date}: {format_sek(paid)}{ref}."))
    if unspent > paid:
        rest = unspent - paid
        text = (
            f"{format_sek(rest)} återstår att återbetala till Kammarkollegiet senast {due}."
            if repayment is not None
            else f"{format_sek(rest)} har inte förbrukats och ska återbetalas till Kammarkollegiet senast {due}."
        )
        out.append(Flag("unspent", text))
    return out


def summary_json(s: Summary) -> dict[str, Any]:
    """``summary --json``: amounts as strings with two decimals."""
    return {
        "agreement": {"id": s.agreement_id, "name": s.agreement_name},
        "recipient": {"id": s.recipient_id, "name": s.recipient_name, "kind": s.recipient_kind},
        "period": {"start": s.period_start.isoformat(), "end": s.period_end.isoformat()},
        "allocation": {
            "total": to_json(s.allocation_total),
            "streams": {k: to_json(v) for k, v in s.allocation.items()},
        },
        "received": to_json(s.received),
        "costs": {
            "total": to_json(s.costs_total),
            "count": s.cost_count,
            "outside_period": {"count": s.outside_count, "total": to_json(s.outside_total)},
            "streams": {k: to_json(v) for k, v in s.costs_by_stream.items()},
            "categories": {k: to_json(v) for k, v in s.costs_by_category.items()},
        },
        "unspent": to_json(s.unspent),
        "self_financed": to_json(s.self_financed),
        "deadlines": {
            d.key: {"date": d.date.isoformat(), "days_left": d.days_left, "done": d.done, "status": deadline_text(d)}
            for d in s.deadlines
        },
        "flags": [{"key": f.key, "text": f.text, "count": f.count} for f in s.flags],
        "decisions": [{"dnr": d.dnr, "date": d.date.isoformat(), "amount": to_json(d.amount)} for d in s.decisions],
        "repayment": None
        if s.repayment is None
        else {
            "date": s.repayment.date.isoformat(),
            "amount": to_json(s.repayment.amount),
            "reference": s.repayment.reference,
        },
    }
