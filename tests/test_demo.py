"""The example document: what a user opening ``--demo`` sees must add up and be ready to export."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from models.catalogue.check import load_catalogue
from models.demo.example import create_demo, demo_path, fresh_demo
from models.document import DEFAULT_CATEGORIES
from models.errors import DocumentError
from models.missing import form_fields, missing_labels
from models.municipal_statement import transfer_table
from models.report import build_report, missing_fields
from models.storage.document_file import Document
from models.summary import compute_summary
from models.system.paths import data_dir
from models.transfers import TRANSFER_CATEGORY, TRANSFER_SOURCE
from models.validation import normalize_field


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.fixture
def demo(tmp_path, catalogue):
    path = create_demo(tmp_path / "demo.bidrag", catalogue, today=date(2025, 3, 10))
    doc = Document.open(path)
    yield doc
    doc.close()


def test_allocation_is_the_catalogue_row_for_skane(demo, catalogue):
    expected = catalogue.agreement("gnv-2024").allocation_for("rss-12")
    assert expected  # the catalogue has a Skåne län row in Bilaga 2
    summary = compute_summary(demo, catalogue, today=date(2025, 3, 10))
    assert summary.recipient_name == "Skåne län"
    assert summary.agreement_id == "gnv-2024"
    assert summary.allocation == expected
    assert summary.allocation_total == Decimal("128724464.00")


def test_costs_total_is_exactly_the_sum_of_the_rows_in_the_period(demo, catalogue):
    every = list(demo.costs.iter_costs())
    rows = [c for c in every if c.date.year == 2024]
    summary = compute_summary(demo, catalogue)
    assert 150 <= len([c for c in rows if c.source != TRANSFER_SOURCE]) <= 250  # the ledger; then the transfers
    assert summary.outside_count == len(every) - len(rows)
    assert summary.outside_total == sum((c.amount for c in every if c.date.year != 2024), Decimal("0.00"))
    assert summary.cost_count == len(rows)
    assert summary.costs_total == sum((c.amount for c in rows), Decimal("0.00"))
    assert all(isinstance(c.amount, Decimal) and c.amount == c.amount.quantize(Decimal("0.01")) for c in rows)
    assert sum(summary.costs_by_category.values(), Decimal(0)) == summary.costs_total


def test_a_year_of_costs_in_every_category_with_some_outside_the_period(demo):
    rows = [c for c in demo.costs.iter_costs() if c.source != TRANSFER_SOURCE]  # the ledger's rows
    assert {c.category for c in rows} == set(DEFAULT_CATEGORIES)
    assert {m for m in demo.costs.monthly_costs() if m.startswith("2024")} == {f"2024-{m:02d}" for m in range(1, 13)}
    outside = [c for c in rows if c.date.year != 2024]
    assert 1 <= len(outside) <= 5
    assert all(c.voucher and c.text and 4000 <= int(c.account) <= 7999 for c in rows)


def test_payments_from_kammarkollegiet_cover_the_allocation_and_leave_something_to_repay(demo, catalogue):
    payments = demo.payments()
    assert len(payments) == 2
    assert all("Kammarkollegiet" in p.note for p in payments)
    summary = compute_summary(demo, catalogue)
    assert summary.received == summary.allocation_total
    assert Decimal(0) < summary.unspent < summary.received / 10  # a realistic remainder to repay
    assert "unspent" in {f.key for f in summary.flags}


def test_every_required_field_is_filled_and_valid(demo, catalogue):
    assert missing_labels(form_fields(demo), "redovisning") == []
    assert missing_labels(form_fields(demo), "rekvisition") == []
    for name, value in demo.fields().items():
        if value:
            assert normalize_field(name, value) == value
    assert demo.field("org_number") == "222000-1362"
    assert demo.field("attestation") == "alt1"
    assert demo.field("sign_date") == "2025-03-10"
    for form in ("redovisning", "rekvisition"):
        assert missing_fields(build_report(demo, catalogue, form)) == []


def test_the_demo_is_the_same_every_time(tmp_path, catalogue):
    a = Document.open(create_demo(tmp_path / "a.bidrag", catalogue))
    b = Document.open(create_demo(tmp_path / "b.bidrag", catalogue))
    try:
        strip = lambda c: (c.date, c.amount, c.category, c.text, c.voucher, c.supplier, c.account)  # noqa: E731
        assert [strip(c) for c in a.costs.iter_costs()] == [strip(c) for c in b.costs.iter_costs()]
    finally:
        a.close()
        b.close()


def test_never_writes_over_an_existing_file(tmp_path, catalogue):
    path = tmp_path / "min redovisning.bidrag"
    path.write_bytes(b"the user's work")
    with pytest.raises(DocumentError):
        create_demo(path, catalogue)
    assert path.read_bytes() == b"the user's work"


def test_benchmark_size(tmp_path, catalogue):
    doc = Document.open(create_demo(tmp_path / "big.bidrag", catalogue, costs=5000))
    try:
        assert doc.costs.cost_count() == 5000
        assert missing_labels(form_fields(doc), "redovisning") == []
    finally:
        doc.close()


def test_fresh_demo_replaces_only_the_previous_demo_copy(catalogue):
    path = fresh_demo(catalogue)
    assert path == demo_path()
    assert path.is_relative_to(data_dir())
    user_doc = path.parent / "Min redovisning.bidrag"
    user_doc.write_bytes(b"keep me")
    with Document.open(path) as doc:
        doc.set_field("contact_person", "Ändrad av användaren")
    again = fresh_demo(catalogue)
    assert again == path
    with Document.open(again) as doc:
        assert doc.field("contact_person") == "Anna Lindqvist"
    assert user_doc.read_bytes() == b"keep me"


def test_the_example_passes_money_on_to_skanes_municipalities(demo, catalogue):
    table = transfer_table(demo, catalogue)
    assert len(table.rows) == 33 and table.unnamed == 0 and table.outside == 0
    assert table.total("planned") == Decimal("90000000.00")  # split by population, exact to the öre
    rows = {r.name: r for r in table.rows}
    assert rows["Malmö"].planned > rows["Lund"].planned > rows["Perstorp"].planned
    waiting = [r.name for r in table.rows if r.outstanding > 0]
    assert sorted(waiting) == ["Bjuv", "Osby", "Perstorp"]
    assert rows["Lund"].returned == Decimal("125000.50") and rows["Lund"].reported_used > 0
    summary = compute_summary(demo, catalogue)
    transfers = summary.costs_by_category[TRANSFER_CATEGORY]
    assert transfers == table.total("paid") - table.total("returned")
    assert summary.unspent > 0  # the example still leaves something to repay
