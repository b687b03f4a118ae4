"""Source keys of table imports: an edited cost is still a duplicate of the ledger row it came from.

A table import stores no keys (a row's date, amount, account and text find an unchanged cost); the key
is written when a cost is first edited, numbered among the identical rows of its import. Documents
imported before that hold a key for every row and still match.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from models.importing import run_import
from models.storage.costs import CostStore
from models.storage.document_file import Document
from models.storage.sourcekeys import occurrences, table_key, table_keys
from tests.helpers import new_document

HEAD = "Datum;Verifikation;Konto;Belopp;Text;Kostnadsställe;Projekt"
ROWS = [
    "2024-01-10;A 1;7010;25 000,00;Lön januari;456;GNV24",
    "2024-01-10;A 1;7010;25 000,00;Lön januari;456;GNV24",  # two people, same pay: both are costs
    "2024-01-12;A 2;7510;7 855,00;Arbetsgivaravgifter;456;GNV24",
    "2024-01-15;B 1;6550;12 000,50;Konsult Öst AB;456;GNV24",
]


@pytest.fixture
def doc_path(tmp_path: Path) -> Path:
    new_document(tmp_path).close()
    return tmp_path / "d.bidrag"


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    path = tmp_path / "jan.csv"
    path.write_text("\r\n".join([HEAD, *ROWS]) + "\r\n", encoding="cp1252")
    return path


def _costs(doc_path: Path) -> list:
    with Document.open(doc_path) as doc:
        return list(doc.costs.iter_costs(order="id"))


def _edit(doc_path: Path, cost_id: int, **changes) -> None:
    with Document.open(doc_path) as doc:
        doc.costs.update_cost(cost_id, **changes)


def test_an_edited_cost_is_still_a_duplicate_of_its_ledger_row(doc_path: Path, ledger: Path) -> None:
    run_import(doc_path, ledger)
    consultant = _costs(doc_path)[3]
    _edit(doc_path, consultant.id, text="Konsult Öst AB, handledning", amount=Decimal("12000.00"))
    again = run_import(doc_path, ledger)
    assert (again.imported, again.duplicates) == (0, 4)
    assert len(_costs(doc_path)) == 4


def test_both_twins_edited_are_still_duplicates(doc_path: Path, ledger: Path) -> None:
    run_import(doc_path, ledger)
    first, second = _costs(doc_path)[:2]
    _edit(doc_path, first.id, text="Lön januari, Anna")
    _edit(doc_path, second.id, text="Lön januari, Bo")
    again = run_import(doc_path, ledger)
    assert (again.imported, again.duplicates) == (0, 4)


def test_a_new_row_after_an_edit_is_still_imported(doc_path: Path, ledger: Path, tmp_path: Path) -> None:
    run_import(doc_path, ledger)
    _edit(doc_path, _costs(doc_path)[2].id, amount=Decimal("7900.00"))
    february = tmp_path / "feb.csv"
    new = "2024-02-10;A 3;7010;25 000,00;Lön februari;456;GNV24"
    february.write_text("\r\n".join([HEAD, new, *ROWS]) + "\r\n", encoding="cp1252")
    report = run_import(doc_path, february)
    assert (report.imported, report.duplicates, report.total) == (1, 4, Decimal("25000.00"))


def test_a_document_whose_every_row_has_a_key_still_matches(doc_path: Path, ledger: Path) -> None:
    """Imports made before keys were left out stored the key of every row, and edits kept it."""
    run_import(doc_path, ledger)
    costs = _costs(doc_path)
    identities = [
        (c.date.isoformat(), c.voucher, c.account, int(c.amount * 100), c.text, c.object, c.supplier) for c in costs
    ]
    keys = table_keys(identities, occurrences(identities))
    con = Document.open(doc_path)
    try:
        with con.transaction() as sql:
            sql.executemany(
                "UPDATE costs SET source_key = ? WHERE id = ?", [(k, c.id) for k, c in zip(keys, costs, strict=True)]
            )
            # an edit made by that version: the text changed, the key kept
            sql.execute("UPDATE costs SET text = 'Ändrad' WHERE id = ?", (costs[3].id,))
    finally:
        con.close()
    again = run_import(doc_path, ledger)
    assert (again.imported, again.duplicates) == (0, 4)


def test_keys_are_written_at_the_first_edit_numbered_among_identical_rows(doc_path: Path, ledger: Path) -> None:
    run_import(doc_path, ledger)
    assert [c.source_key for c in _costs(doc_path)] == ["", "", "", ""]
    first, second = _costs(doc_path)[:2]
    _edit(doc_path, second.id, text="Lön januari, Bo")  # the second twin first
    _edit(doc_path, first.id, text="Lön januari, Anna")
    _edit(doc_path, first.id, text="Lön januari, Anna Ö")  # a second edit keeps the key
    keys = [c.source_key for c in _costs(doc_path)]
    identity = ("2024-01-10", "A 1", "7010", 2_500_000, "Lön januari", "1:456 6:GNV24", "")
    assert keys == [table_key(identity, 1), table_key(identity, 2), "", ""]


def test_keys_computed_for_a_column_are_the_keys_of_each_row() -> None:
    rows = [("2024-01-10", "A 1", "7010", 2_500_000, "Lön", "6:GNV24", ""), ("2024-01-11", "", "", -5, "", "", "x")]
    rows.append(rows[0])
    counts = occurrences(rows)
    assert counts == [1, 1, 2]
    assert table_keys(rows, counts) == [table_key(rows[0]), table_key(rows[1]), table_key(rows[0], 2)]
    assert occurrences(rows[:2]) is None


def test_an_import_reads_the_documents_costs_once(doc_path: Path, ledger: Path, tmp_path: Path, monkeypatch) -> None:
    """Finding duplicates scans every cost of the document; a million-cost document is scanned once."""
    run_import(doc_path, ledger)
    february = tmp_path / "feb.csv"
    new = "2024-02-10;A 3;7010;25 000,00;Lön februari;456;GNV24"
    february.write_text("\r\n".join([HEAD, new, *ROWS]) + "\r\n", encoding="cp1252")
    calls = []
    scan = CostStore.held_identities

    def counted(self):
        calls.append(1)
        return scan(self)

    monkeypatch.setattr(CostStore, "held_identities", counted)
    again = run_import(doc_path, february)
    assert (again.imported, again.duplicates, len(calls)) == (1, 4, 1)
