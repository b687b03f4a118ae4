"""The document file: creation, every change committed and traceable, bad files refused unmodified."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from models.document import CostFilter, Payment
from models.errors import Cancelled, DocumentError, ValidationError
from models.storage.document_file import Document
from models.storage.schema import COST_TOTALS_TRIGGERS, SCHEMA_VERSION
from tests.helpers import catalogue, cost, drop_schema_6, new_document


def test_create_takes_allocation_from_the_catalogue_and_never_overwrites(tmp_path: Path) -> None:
    doc = new_document(tmp_path)
    assert doc.allocation() == {"Nära vård": Decimal("321131063.00"), "Ambulans": Decimal("5282416.00")}
    assert doc.field("recipient_name") == "Region Skåne"
    assert doc.field("report_period_start") == "2024-01-01"
    doc.close()
    before = (tmp_path / "d.bidrag").read_bytes()
    with pytest.raises(DocumentError, match="finns redan"):
        new_document(tmp_path)
    assert (tmp_path / "d.bidrag").read_bytes() == before


def test_create_that_sqlite_cannot_open_says_so_and_leaves_no_file(tmp_path: Path, monkeypatch) -> None:
    """SQLite refusing the new file (a share that forbids locking, say) is one sentence, not a traceback."""

    def refuse(*args: object, **kwargs: object) -> sqlite3.Connection:
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(sqlite3, "connect", refuse)
    with pytest.raises(DocumentError, match=r"Kunde inte skapa ”d\.bidrag”: unable to open database file\."):
        new_document(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_agreement_without_tables_starts_at_zero_and_user_enters_allocation(tmp_path: Path) -> None:
    doc = Document.create(tmp_path / "a.bidrag", "gnv-2019", "region-01", catalogue())
    assert doc.allocation()
    assert all(v == 0 for v in doc.allocation().values())
    stream = next(iter(doc.allocation()))
    doc.set_allocation(stream, "12 345 678")
    assert doc.allocation()[stream] == Decimal("12345678.00")
    with pytest.raises(ValidationError, match="finns inte"):
        doc.set_allocation("Ingen sådan", "1")


def test_every_change_is_committed_at_once_and_recorded_in_history(tmp_path: Path) -> None:
    doc = new_document(tmp_path)
    doc.set_field("org_number", "2321000255")
    cid = doc.costs.add_cost(cost("1234.50", text="Lön mars"))
    doc.costs.update_cost(cid, amount=Decimal("2000.00"))
    doc.add_payment(Payment(date(2024, 2, 1), Decimal("1000000")))
    # a second connection sees everything without the first one closing
    other = Document.open(doc.path, readonly=True)
    assert other.field("org_number") == "232100-0255"
    assert other.costs.get_cost(cid).amount == Decimal("2000.00")
    assert other.payments()[0].amount == Decimal("1000000.00")
    entries = other.history()
    assert [h.action for h in entries[:4]] == ["lagt till", "ändrat", "lagt till", "ändrat"]
    edit = entries[1]
    assert "1 234,50 kr" in edit.old and "2 000 kr" in edit.new
    assert entries[3].what == "Organisationsnummer" and entries[3].new == "232100-0255"
    assert all(h.user for h in entries)
    other.close()
    doc.close()


def test_invalid_values_change_nothing(tmp_path: Path) -> None:
    doc = new_document(tmp_path)
    count = len(doc.history())
    with pytest.raises(ValidationError):
        doc.set_field("org_number", "232100-0256")
    with pytest.raises(ValidationError, match="Strömmen"):
        doc.costs.add_cost(cost("10", stream="Vision e-hälsa"))
    with pytest.raises(ValidationError, match="Kostnadsslaget"):
        doc.costs.add_cost(cost("10", category="Resor"))
    assert doc.field("org_number") == ""
    assert doc.costs.cost_count() == 0
    assert len(doc.history()) == count


def test_delete_and_restore_keep_ids_for_undo(tmp_path: Path) -> None:
    doc = new_document(tmp_path)
    ids = [doc.costs.add_cost(cost(str(i))) for i in range(1, 6)]
    removed = doc.costs.delete_costs(ids[1:3])
    assert doc.costs.cost_count() == 3
    doc.costs.restore_costs(removed)
    assert doc.costs.cost_ids(order="id") == ids
    assert doc.costs.cost_total() == Decimal("15.00")


def test_bulk_import_is_one_transaction_and_cancel_changes_nothing(tmp_path: Path) -> None:
    doc = new_document(tmp_path)
    rows = [cost(f"{i}.25", source_key=f"k{i}") for i in range(20_000)]
    with pytest.raises(Cancelled):
        doc.costs.add_costs(iter(rows), file="x.csv", cancel=lambda: True)
    assert doc.costs.cost_count() == 0 and doc.costs.imports() == []
    batch = doc.costs.add_costs(iter(rows), file="x.csv")
    assert batch.added == 20_000
    assert batch.total == sum((c.amount for c in rows), Decimal("0.00"))
    keys, counts, *_ = doc.costs.cost_identities()
    assert "k5" in keys and counts[("2024-03-01", 525, "", "", "")] >= 1
    saved, costs, originals = doc.costs.remove_import(batch.id)
    assert doc.costs.cost_count() == 0
    doc.costs.restore_import(saved, costs, originals)
    assert doc.costs.cost_total() == batch.total


def test_filters_sorting_and_aggregates(tmp_path: Path) -> None:
    doc = new_document(tmp_path)
    doc.costs.add_cost(cost("100", "2024-01-10", text="Kurs i Malmö", supplier="Åkessons"))
    doc.costs.add_cost(cost("250.50", "2024-02-10", stream="Ambulans", category="Lokaler"))
    doc.costs.add_cost(cost("49.50", "2023-12-31", category="Lokaler"))
    assert doc.costs.cost_count(CostFilter(text="åkesson")) == 1  # case-insensitive also for åäö
    assert doc.costs.cost_count(CostFilter(text="MALMÖ")) == 1
    assert doc.costs.cost_total(CostFilter(category="Lokaler")) == Decimal("300.00")
    assert doc.costs.cost_count(CostFilter(date_from=date(2024, 1, 1))) == 2
    amounts = [c.amount for c in doc.costs.costs_by_ids(doc.costs.cost_ids(order="amount", descending=True))]
    assert amounts == [Decimal("250.50"), Decimal("100.00"), Decimal("49.50")]
    assert doc.costs.sums_by("stream") == {("Nära vård",): Decimal("149.50"), ("Ambulans",): Decimal("250.50")}
    assert doc.costs.monthly_costs() == {
        "2023-12": Decimal("49.50"),
        "2024-01": Decimal("100.00"),
        "2024-02": Decimal("250.50"),
    }
    outside = doc.costs.sums_outside(date(2024, 1, 1), date(2024, 12, 31))
    assert outside == {("Nära vård", "Lokaler"): (Decimal("49.50"), 1)}


def test_categories_are_editable_per_document(tmp_path: Path) -> None:
    doc = new_document(tmp_path)
    doc.costs.add_cost(cost("10", category="Övrigt"))
    doc.rename_category("Övrigt", "Övriga kostnader")
    assert doc.categories()[-1] == "Övriga kostnader"
    assert next(doc.costs.iter_costs()).category == "Övriga kostnader"
    with pytest.raises(ValidationError):
        doc.set_categories(["Personal", "personal"])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "ingen Bidragskollen"),
        (b"hello world, not a database" * 10, "ingen Bidragskollen"),
        (b"PK\x03\x04" + b"\x00" * 200, "ingen Bidragskollen"),
    ],
)
def test_files_that_are_not_documents_are_refused_unmodified(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "x.bidrag"
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=message):
        Document.open(path)
    assert path.read_bytes() == content


def test_other_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.bidrag"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(DocumentError, match="databas men ingen"):
        Document.open(path)
    assert path.read_bytes() == before


def test_truncated_or_damaged_document_is_refused_unmodified(tmp_path: Path) -> None:
    doc = new_document(tmp_path)
    doc.costs.add_costs([cost(str(i), text="x" * 200) for i in range(3000)], file="f")
    doc.close()
    data = (tmp_path / "d.bidrag").read_bytes()
    truncated = tmp_path / "t.bidrag"
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(DocumentError, match=r"skadad|ofullständig"):
        Document.open(truncated)
    assert truncated.read_bytes() == data[: len(data) // 2]
    damaged = tmp_path / "dm.bidrag"
    broken = bytearray(data)
    broken[8192:12288] = b"\xff" * 4096
    damaged.write_bytes(bytes(broken))
    with pytest.raises(DocumentError, match=r"skadad|ofullständig"):
        Document.open(damaged)
    assert damaged.read_bytes() == bytes(broken)


def test_newer_schema_is_refused_unmodified(tmp_path: Path) -> None:
    doc = new_document(tmp_path)
    doc.con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    doc.close()
    before = (tmp_path / "d.bidrag").read_bytes()
    with pytest.raises(DocumentError, match="nyare version"):
        Document.open(tmp_path / "d.bidrag")
    assert (tmp_path / "d.bidrag").read_bytes() == before


def test_older_schema_is_migrated_on_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A future schema adds a column; a file of the current version opened by it is migrated, data kept.

    Such a file cannot be read without the migration, so opened read-only it is refused."""
    from models.storage import document_file as storage
    from models.storage import schema

    doc = new_document(tmp_path)
    doc.costs.add_cost(cost("42"))
    doc.close()

    def to_next(con: sqlite3.Connection) -> None:
        con.execute("ALTER TABLE costs ADD COLUMN note TEXT NOT NULL DEFAULT ''")

    nxt = schema.SCHEMA_VERSION + 1
    monkeypatch.setitem(schema.MIGRATIONS, nxt, to_next)
    monkeypatch.setattr(schema, "SCHEMA_VERSION", nxt)
    monkeypatch.setattr(storage, "SCHEMA_VERSION", nxt)
    monkeypatch.setattr(storage, "READABLE_FROM", nxt)
    with pytest.raises(DocumentError, match="äldre format"):
        Document.open(tmp_path / "d.bidrag", readonly=True)
    doc = Document.open(tmp_path / "d.bidrag")
    assert doc.con.execute("PRAGMA user_version").fetchone()[0] == nxt
    assert doc.con.execute("SELECT note FROM costs").fetchone()[0] == ""
    assert doc.costs.cost_total() == Decimal("42.00")


def test_rollback_journal_not_wal(tmp_path: Path) -> None:
    doc = new_document(tmp_path)
    assert doc.con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert not (tmp_path / "d.bidrag-wal").exists()


def test_readonly_document_refuses_changes(tmp_path: Path) -> None:
    new_document(tmp_path).close()
    doc = Document.open(tmp_path / "d.bidrag", readonly=True)
    with pytest.raises(DocumentError, match="skrivskyddad"):
        doc.set_field("email", "a@b.se")


def test_version_1_file_loses_the_unused_source_key_index_and_keeps_its_costs(tmp_path: Path) -> None:
    doc = new_document(tmp_path)
    doc.costs.add_cost(cost("42", source_key="k1"))
    con = doc.con
    con.execute("CREATE INDEX costs_source_key ON costs(source_key) WHERE source_key <> ''")
    for trigger in COST_TOTALS_TRIGGERS:  # as a version 1 file is: no totals, the covering index
        con.execute(f"DROP TRIGGER {trigger}")
    con.execute("DROP TABLE cost_totals")
    con.execute("CREATE INDEX costs_stream_category ON costs(stream, category, amount_ore)")
    con.execute("ALTER TABLE imports DROP COLUMN first_id")  # v3 keeps each import's id range …
    con.execute("ALTER TABLE imports DROP COLUMN last_id")
    con.execute("CREATE INDEX costs_import ON costs(import_id) WHERE import_id IS NOT NULL")  # … for this index
    for table in ("transfer_plan", "municipal_reports", "transfer_rules"):  # v4's onward payments
        con.execute(f"DROP TABLE {table}")
    con.execute("DROP TABLE decisions")  # v5: the payment decisions and the repayment
    con.execute("DROP TABLE repayment")
    drop_schema_6(con)
    con.execute("PRAGMA user_version = 1")
    doc.close()
    doc = Document.open(tmp_path / "d.bidrag")
    names = {r[0] for r in doc.con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    # v2 drops the source-key index; v3 replaces the covering index by cost_totals, the import index by id ranges
    assert not {"costs_source_key", "costs_stream_category", "costs_import"} & names
    assert doc.con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 7
    assert doc.con.execute("SELECT stream, category, amount_ore, count FROM cost_totals").fetchall() == [
        ("Nära vård", "Personal", 4200, 1)
    ]
    assert doc.costs.cost_total() == Decimal("42.00") and "k1" in doc.costs.cost_identities()[0]


def test_write_protected_file_opens_read_only_and_refuses_changes_in_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from models.errors import DocumentError

    new_document(tmp_path).close()
    path = tmp_path / "d.bidrag"
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == path else real_access(p, mode))
    doc = Document.open(path)
    assert doc.readonly
    with pytest.raises(DocumentError, match="skrivskyddad"):
        doc.costs.add_cost(cost("10"))
    doc.close()
