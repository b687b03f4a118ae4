"""Where the money stands: unspent, egenfinansiering, flags and deadlines."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from models.document import Payment
from models.summary import compute_summary, summary_json
from tests.helpers import catalogue, cost, new_document


def test_unspent_is_received_minus_costs(tmp_path: Path) -> None:
    doc = new_document(tmp_path)
    doc.add_payment(Payment(date(2024, 2, 1), Decimal("1000.00")))
    doc.costs.add_cost(cost("300.10", category="Personal"))
    doc.costs.add_cost(cost("99.95", stream="Ambulans", category="Lokaler"))
    s = compute_summary(doc, catalogue(), today=date(2024, 11, 1))
    assert s.received == Decimal("1000.00")
    assert s.costs_total == Decimal("400.05")
    assert s.unspent == Decimal("599.95")
    assert s.self_financed == Decimal("0.00")
    assert s.costs_by_category == {"Personal": Decimal("300.10"), "Lokaler": Decimal("99.95")}
    assert s.costs_by_stream_category[("Ambulans", "Lokaler")] == Decimal("99.95")
    assert [f.key for f in s.flags if f.key == "unspent"] == ["unspent"]
    assert "599,95 kr" in next(f.text for f in s.flags if f.key == "unspent")
    assert "2025-03-31" in next(f.text for f in s.flags if f.key == "unspent")


def test_costs_above_the_grant_are_self_financed_and_unspent_is_zero(tmp_path: Path) -> None:
    doc = new_document(tmp_path)
    doc.add_payment(Payment(date(2024, 2, 1), Decimal("500")))
    doc.costs.add_cost(cost("800.50"))
    s = compute_summary(doc, catalogue())
    assert s.unspent == Decimal("0.00")
    assert s.self_financed == Decimal("300.50")
    assert summary_json(s)["self_financed"] == "300.50"


def test_costs_outside_the_period_and_above_allocation_are_flagged(tmp_path: Path) -> None:
    doc = new_document(tmp_path, agreement="gnv-2019", recipient="region-12")
    stream = next(iter(doc.allocation()))
    doc.set_allocation(stream, "100")
    doc.costs.add_cost(cost("150", day="2020-01-15", stream=stream))  # outside 2019: not counted against the allocation
    doc.costs.add_cost(cost("150", day="2019-06-15", stream=stream))
    s = compute_summary(doc, catalogue())
    keys = {f.key: f for f in s.flags}
    assert keys["outside_period"].count == 1
    assert "over_allocation" in keys and "50 kr" in keys["over_allocation"].text


def test_deadlines_with_days_left(tmp_path: Path) -> None:
    doc = new_document(tmp_path)
    s = compute_summary(doc, catalogue(), today=date(2024, 11, 21))
    by_key = {d.key: d for d in s.deadlines}
    assert by_key["requisition"].date == date(2024, 12, 1) and by_key["requisition"].days_left == 10
    assert by_key["repayment"].date == date(2025, 3, 31)
    assert by_key["report"].days_left == (date(2025, 3, 31) - date(2024, 11, 21)).days


def test_missing_fields_flag_names_them(tmp_path: Path) -> None:
    doc = new_document(tmp_path)
    flag = next(f for f in compute_summary(doc, catalogue()).flags if f.key == "missing_fields")
    assert "Organisationsnummer" in flag.text
    doc.set_field("org_number", "232100-0255")
    flag = next(f for f in compute_summary(doc, catalogue()).flags if f.key == "missing_fields")
    assert "Organisationsnummer" not in flag.text
