"""The forecast to the period's end, on documents small enough to compute on paper, and its properties."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from models.document import Payment
from models.forecast import (
    PlanInputs,
    compute_forecast,
    forecast_flag,
    plan_status,
)
from models.plan_tools import spread_even, spread_profile
from models.storage.activities import Activity, months_between
from tests.helpers import catalogue, cost, new_document

D = Decimal
PERIOD = (date(2024, 1, 1), date(2024, 12, 31))
MONTHS = months_between(*PERIOD)


def _paper_document(tmp_path: Path):
    """1 200 000 kr allocated to Nära vård (nothing to Ambulans), 100 000 kr of costs a month January–June."""
    doc = new_document(tmp_path)
    doc.set_allocation("Nära vård", "1200000")
    doc.set_allocation("Ambulans", "0")
    for month in range(1, 7):
        doc.costs.add_cost(cost("60000", f"2024-{month:02d}-05"))
        doc.costs.add_cost(cost("40000", f"2024-{month:02d}-25", category="Övrigt"))
    return doc


def test_paper_example_without_a_plan_spends_the_allocation_at_the_pace_of_the_first_half(tmp_path: Path) -> None:
    doc = _paper_document(tmp_path)
    status = plan_status(doc, catalogue(), date(2024, 6, 30))
    assert status.complete == 6
    nv = status.streams[0]
    assert nv.stream == "Nära vård" and nv.pace == D("100000.00")
    assert [m.basis for m in nv.months] == ["utfall"] * 6 + ["takt"] * 6
    assert status.costs_at_end == D("1200000.00")
    assert status.unspent_at_end == 0 and status.self_financed_at_end == 0
    assert forecast_flag(status) is None


def test_paper_example_with_a_smaller_plan_for_the_second_half_repays_300_000(tmp_path: Path) -> None:
    doc = _paper_document(tmp_path)
    act = doc.plan.add_activity("Mobila närvårdsteam", "Nära vård", "Personal")
    doc.plan.set_plan({(act.id, f"2024-{m:02d}"): D("50000") for m in range(7, 13)})
    status = plan_status(doc, catalogue(), date(2024, 6, 30))
    assert status.costs_at_end == D("900000.00")
    assert status.unspent_at_end == D("300000.00") and status.self_financed_at_end == 0
    assert [m.basis for m in status.streams[0].months[6:]] == ["plan"] * 6
    assert forecast_flag(status) == "Med nuvarande takt återbetalas cirka 300 000 kr den 31 mars 2025."


def test_a_month_is_complete_only_on_its_last_day(tmp_path: Path) -> None:
    doc = _paper_document(tmp_path)
    before = plan_status(doc, catalogue(), date(2024, 6, 29))
    # June is not complete: the pace is March–May, June is forecast (its 100 000 booked count, as the pace is equal)
    assert before.complete == 5 and before.streams[0].pace_months == ["2024-03", "2024-04", "2024-05"]
    assert before.costs_at_end == D("1200000.00")


def test_the_pace_is_the_last_three_complete_months_and_rounded_to_the_ore(tmp_path: Path) -> None:
    doc = new_document(tmp_path)
    doc.set_allocation("Nära vård", "1000")
    doc.set_allocation("Ambulans", "0")
    doc.costs.add_cost(cost("500", "2024-01-10"))  # left out of the pace: four months have passed
    doc.costs.add_cost(cost("10", "2024-02-10"))
    doc.costs.add_cost(cost("10", "2024-03-10"))
    doc.costs.add_cost(cost("0.01", "2024-04-10"))
    status = plan_status(doc, catalogue(), date(2024, 4, 30))
    nv = status.streams[0]
    assert nv.pace == D("6.67")  # 20.01 / 3 = 6.67 (rounded half up)
    assert nv.costs_at_end == D("520.01") + 8 * D("6.67")
    assert status.unspent_at_end == D("1000") - nv.costs_at_end


def test_with_no_complete_month_there_is_no_pace_and_the_plan_alone_counts(tmp_path: Path) -> None:
    doc = new_document(tmp_path)
    doc.set_allocation("Nära vård", "100000")
    doc.set_allocation("Ambulans", "0")
    act = doc.plan.add_activity("Kompetenslyft undersköterskor", "Nära vård")
    doc.plan.set_plan({(act.id, "2024-03"): D("20000"), (act.id, "2024-04"): D("30000")})
    doc.costs.add_cost(cost("5000", "2024-01-15"))  # January is not over yet: booked, more than the (empty) forecast
    status = plan_status(doc, catalogue(), date(2024, 1, 20))
    assert status.complete == 0 and status.streams[0].pace is None
    assert status.costs_at_end == D("55000.00")
    assert status.unspent_at_end == D("45000.00")


def test_payments_above_the_allocation_are_what_is_repaid_against(tmp_path: Path) -> None:
    doc = _paper_document(tmp_path)
    doc.add_payment(Payment(date(2024, 2, 1), D("1300000")))
    status = plan_status(doc, catalogue(), date(2024, 6, 30))
    assert status.base == D("1300000") and status.unspent_at_end == D("100000.00")
    doc.costs.add_cost(cost("250000", "2024-06-30"))  # June now 350 000: the pace (apr–jun) is 183 333,33
    status = plan_status(doc, catalogue(), date(2024, 6, 30))
    assert status.streams[0].pace == D("183333.33")
    assert status.costs_at_end == D("850000") + 6 * D("183333.33")
    assert status.self_financed_at_end == status.costs_at_end - D("1300000") and status.unspent_at_end == 0


def test_costs_outside_the_report_period_never_enter_plan_variance_or_forecast(tmp_path: Path) -> None:
    doc = _paper_document(tmp_path)
    act = doc.plan.add_activity("Mobila närvårdsteam", "Nära vård")
    doc.plan.set_plan({(act.id, "2024-05"): D("70000"), (act.id, "2023-12"): D("999")})
    before = plan_status(doc, catalogue(), date(2024, 6, 30))
    late = doc.costs.add_cost(cost("77777", "2025-01-08"))
    early = doc.costs.add_cost(cost("55555", "2023-12-29"))
    doc.plan.set_cost_activity([late, early], act.id)
    after = plan_status(doc, catalogue(), date(2024, 6, 30))
    assert after == before
    assert after.activities[0].planned_total == D("70000")  # the December 2023 plan is outside the period


def test_variance_per_activity_to_date_and_the_activities_furthest_behind(tmp_path: Path) -> None:
    doc = _paper_document(tmp_path)
    team = doc.plan.add_activity("Mobila närvårdsteam", "Nära vård")
    lift = doc.plan.add_activity("Kompetenslyft undersköterskor", "Nära vård")
    doc.plan.set_plan(
        {(team.id, f"2024-{m:02d}"): D("80000") for m in range(1, 13)}
        | {(lift.id, f"2024-{m:02d}"): D("10000") for m in range(1, 13)}
    )
    january = [c.id for c in doc.costs.iter_costs() if c.date.month == 1]
    doc.plan.set_cost_activity(january, team.id)
    status = plan_status(doc, catalogue(), date(2024, 3, 31))
    team_v, lift_v = status.activities
    assert team_v.planned_to_date == D("240000") and team_v.actual_to_date == D("100000")
    assert team_v.variance == D("-140000") and lift_v.variance == D("-30000")
    assert [v.activity.name for v in status.behind] == ["Mobila närvårdsteam", "Kompetenslyft undersköterskor"]
    nv = status.streams[0]
    assert nv.unassigned_to_date == D("200000") and nv.actual_to_date == D("300000")
    flag = forecast_flag(status)
    assert flag is not None and "Längst efter plan: Mobila närvårdsteam (140 000 kr efter)" in flag


# -- properties ------------------------------------------------------------------------------------------

_amounts = st.integers(min_value=-5_000_00, max_value=50_000_000_00).map(lambda o: D(o).scaleb(-2))
_days = st.integers(min_value=-40, max_value=400).map(lambda n: PERIOD[0] + timedelta(days=n))


@st.composite
def _inputs(draw: st.DrawFn) -> PlanInputs:
    acts = [Activity(1, "A", "Nära vård"), Activity(2, "B", "Nära vård"), Activity(3, "C", "Ambulans")]
    keys = st.tuples(st.sampled_from([1, 2, 3]), st.sampled_from(MONTHS))
    plan = draw(st.dictionaries(keys, _amounts.map(abs), max_size=20))
    actual = draw(
        st.lists(
            st.tuples(
                st.sampled_from([None, 1, 2, 3]), st.sampled_from(["Nära vård", "Ambulans"]), st.sampled_from(MONTHS)
            ),
            max_size=30,
            unique=True,
        )
    )
    sums = draw(st.lists(_amounts, min_size=len(actual), max_size=len(actual)))
    allocation = {"Nära vård": draw(_amounts.map(abs)), "Ambulans": draw(_amounts.map(abs))}
    return PlanInputs(
        period=PERIOD,
        as_of=draw(_days),
        allocation=allocation,
        received=draw(_amounts.map(abs)),
        activities=acts,
        plan=plan,
        actual=[(*key, v) for key, v in zip(actual, sums, strict=True)],
        spent_to_date=D(0),
    )


def _booked(inputs: PlanInputs, stream: str) -> set[str]:
    return {m for _a, s, m, _v in inputs.actual if s == stream}


@settings(max_examples=150, deadline=None)
@given(_inputs())
def test_the_forecast_adds_up_to_the_ore(inputs: PlanInputs) -> None:
    s = compute_forecast(inputs)
    assert s.costs_at_end == sum((f.costs_at_end for f in s.streams), D(0))
    for f in s.streams:
        assert f.costs_at_end == sum((m.forecast for m in f.months), D(0))
        assert all(m.forecast == m.actual for m in f.months[: s.complete])
        assert all(m.forecast >= m.actual for m in f.months[s.complete :] if m.month in _booked(inputs, f.stream))
        assert all(v == v.quantize(D("0.01")) for v in (f.costs_at_end, *(m.forecast for m in f.months)))
    assert s.unspent_at_end - s.self_financed_at_end == s.base - s.costs_at_end
    assert min(s.unspent_at_end, s.self_financed_at_end) == 0
    assert s.base == max(inputs.received, sum(inputs.allocation.values(), D(0)))


@settings(max_examples=100, deadline=None)
@given(_inputs())
def test_after_the_period_the_forecast_is_what_was_spent(inputs: PlanInputs) -> None:
    done = compute_forecast(PlanInputs(**{**inputs.__dict__, "as_of": date(2025, 1, 1)}))
    assert done.complete == 12 and not done.remaining
    assert done.costs_at_end == sum((v for _a, _s, _m, v in inputs.actual), D(0))


@settings(max_examples=100, deadline=None)
@given(_inputs(), st.sampled_from(MONTHS), _amounts)
def test_a_plan_rise_in_a_remaining_month_without_costs_raises_the_forecast_by_as_much(
    inputs: PlanInputs, month: str, extra: Decimal
) -> None:
    before = compute_forecast(inputs)
    if month not in before.remaining or any(m == month and s == "Nära vård" for _a, s, m, _v in inputs.actual):
        return
    key = (1, month)
    plan = dict(inputs.plan)
    if not any(k[1] == month and k[0] in (1, 2) for k in plan):
        return  # without a plan the month went by the pace: a plan replaces it rather than adds to it
    plan[key] = plan.get(key, D(0)) + abs(extra)
    after = compute_forecast(PlanInputs(**{**inputs.__dict__, "plan": plan}))
    assert after.costs_at_end - before.costs_at_end == abs(extra)


@settings(max_examples=200, deadline=None)
@given(_amounts, st.integers(min_value=1, max_value=12), st.lists(_amounts.map(abs), min_size=12, max_size=12))
def test_spreading_is_exact_to_the_ore(amount: Decimal, n: int, weights: list[Decimal]) -> None:
    months = MONTHS[:n]
    even = spread_even(amount, months)
    assert sum(even.values(), D(0)) == amount and list(even) == months
    assert max(even.values()) - min(even.values()) <= D("0.01")
    profile = {i + 1: w for i, w in enumerate(weights)}
    if sum(weights[:n]) > 0:
        shaped = spread_profile(amount, months, profile)
        assert sum(shaped.values(), D(0)) == amount
        assert all(shaped[m] == 0 for m in months if profile[int(m[5:])] == 0)
