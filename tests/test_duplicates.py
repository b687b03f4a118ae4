"""Duplicates per row identity, counting (issue 12, point 4): date, amount, account, text and voucher number."""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from cli import run_cli
from models.catalogue.check import load_catalogue
from models.document import Cost, CostRow
from models.duplicates import Identity
from models.errors import UserError
from models.importing import ImportOptions, run_import
from models.storage.document_file import Document
from tests.helpers import drop_schema_7

HEAD = "Datum;Verifikation;Konto;Belopp;Text"
PAY = "2024-03-25;V 10;7010;25 000,00;Lön mars"  # two people with the same pay on one voucher


@pytest.fixture
def doc_path(tmp_path: Path) -> Path:
    Document.create(tmp_path / "d.bidrag", "gnv-2024", "region-12", load_catalogue()).close()
    return tmp_path / "d.bidrag"


def ledger(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEAD, *lines]) + "\n", encoding="utf-8")
    return path


def count(doc_path: Path) -> int:
    with Document.open(doc_path, readonly=True) as doc:
        return doc.costs.cost_count()


def test_a_third_identical_row_with_a_new_voucher_is_imported(tmp_path: Path, doc_path: Path) -> None:
    """The issue's case: two identical rows in the document, a new file with a third one on another voucher."""
    run_import(doc_path, ledger(tmp_path, "mars.csv", [PAY, PAY]))
    other = PAY.replace("V 10", "V 11")
    report = run_import(doc_path, ledger(tmp_path, "april.csv", [PAY, PAY, other]))
    assert (report.imported, report.duplicates) == (1, 2)
    assert [r[5] for r in report.plan.duplicate_rows] == ["V 10", "V 10"]
    assert count(doc_path) == 3


def test_n_identical_rows_against_m_imported_give_n_minus_m(tmp_path: Path, doc_path: Path) -> None:
    run_import(doc_path, ledger(tmp_path, "a.csv", [PAY, PAY]))
    assert (run_import(doc_path, ledger(tmp_path, "b.csv", [PAY] * 5)).imported, count(doc_path)) == (3, 5)
    assert run_import(doc_path, ledger(tmp_path, "c.csv", [PAY] * 4)).imported == 0  # max(0, 4 − 5)


def test_costs_typed_by_hand_are_never_duplicates_of_ledger_rows(tmp_path: Path, doc_path: Path) -> None:
    with Document.open(doc_path) as doc:
        doc.costs.add_cost(Cost(date(2024, 3, 25), Decimal("25000.00"), "Nära vård", "Personal", "Lön mars", "V 10"))
        doc.con.execute("UPDATE costs SET account = '7010'")  # identical in every column
    report = run_import(doc_path, ledger(tmp_path, "mars.csv", [PAY]))
    assert (report.imported, report.duplicates) == (1, 0)


def test_a_deleted_imported_row_is_not_brought_back(tmp_path: Path, doc_path: Path) -> None:
    path = ledger(tmp_path, "mars.csv", [PAY, PAY])
    run_import(doc_path, path)
    with Document.open(doc_path) as doc:
        first = doc.costs.cost_ids(order="id")[0]
        removed = doc.costs.delete_costs([first])
    report = run_import(doc_path, path)
    assert (report.imported, report.duplicates, count(doc_path)) == (0, 2, 1)
    with Document.open(doc_path) as doc:  # undo of the delete: the row is back, and counted once
        doc.costs.restore_costs(removed)
    report = run_import(doc_path, path)
    assert (report.imported, report.duplicates, count(doc_path)) == (0, 2, 2)


def test_an_edited_imported_row_is_known_by_what_the_ledger_said(tmp_path: Path, doc_path: Path) -> None:
    path = ledger(tmp_path, "mars.csv", [PAY])
    run_import(doc_path, path)
    with Document.open(doc_path) as doc:
        doc.costs.update_cost(doc.costs.cost_ids()[0], amount=Decimal("24000"), voucher="V 99", text="Lön mars, rättad")
    assert run_import(doc_path, path).imported == 0
    # the edited cost says what a different ledger row would say: that row is new
    assert (
        run_import(doc_path, ledger(tmp_path, "x.csv", ["2024-03-25;V 99;7010;24 000,00;Lön mars, rättad"])).imported
        == 1
    )


def test_an_undone_import_can_be_imported_again(tmp_path: Path, doc_path: Path) -> None:
    path = ledger(tmp_path, "mars.csv", [PAY])
    report = run_import(doc_path, path)
    identity = ("2024-03-25", 2500000, "7010", "Lön mars", "V 10")
    with Document.open(doc_path) as doc:
        doc.costs.delete_costs(doc.costs.cost_ids())  # deleted, then the whole import undone
        saved = doc.costs.remove_import(report.batch.id)
        assert identity not in doc.costs.cost_identities().counts
        doc.costs.restore_import(*saved)  # redo: the import is back, its deleted row counted again
        assert doc.costs.cost_identities().counts[identity] == 1
        doc.costs.remove_import(report.batch.id)
    assert run_import(doc_path, path).imported == 1
    assert run_import(doc_path, path).imported == 0


def test_the_command_line_lists_duplicates_and_imports_chosen_ones(
    tmp_path: Path, doc_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = ledger(tmp_path, "mars.csv", [PAY, "2024-03-26;V 12;6550;100,00;Konsult"])
    assert run_cli(["import", str(doc_path), str(path)]) == 0
    capsys.readouterr()
    assert run_cli(["import", str(doc_path), str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Dubbletter som hoppades över: 2." in out
    assert "1  2024-03-25" in out and "ver V 10  Lön mars  (mars.csv, rad 2)" in out
    assert "2  2024-03-26" in out
    assert run_cli(["import", str(doc_path), str(path), "--include-duplicates", "2", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["imported"], data["duplicates"], data["total"]) == (1, 1, "100.00")
    assert data["duplicate_rows"] == [
        {
            "number": 1,
            "date": "2024-03-25",
            "amount": "25000.00",
            "account": "7010",
            "text": "Lön mars",
            "voucher": "V 10",
            "source": "mars.csv, rad 2",
        }
    ]
    assert count(doc_path) == 3
    assert run_cli(["import", str(doc_path), str(path), "--include-duplicates", "7"]) == 2
    assert "Dubblett 7 finns inte; importen har 2 dubbletter" in capsys.readouterr().err
    assert count(doc_path) == 3


def test_include_duplicates_refuses_a_malformed_choice(tmp_path: Path, doc_path: Path) -> None:
    path = ledger(tmp_path, "mars.csv", [PAY])
    run_import(doc_path, path)
    with pytest.raises(UserError, match="”x” är inget radnummer"):
        run_import(doc_path, path, ImportOptions(include_duplicates="x"))
    assert run_import(doc_path, path, ImportOptions(include_duplicates="all")).imported == 1


def test_a_version_6_document_upgrades_and_counts_its_imports(tmp_path: Path, doc_path: Path) -> None:
    path = ledger(tmp_path, "mars.csv", [PAY, PAY])
    run_import(doc_path, path)
    con = sqlite3.connect(doc_path)
    drop_schema_7(con)
    con.execute("PRAGMA user_version = 6")
    con.commit()
    con.close()
    with Document.open(doc_path, readonly=True) as old:  # read as it is
        assert old.costs.cost_identities().counts[("2024-03-25", 2500000, "7010", "Lön mars", "V 10")] == 2
    assert run_import(doc_path, path).imported == 0  # opened for editing: upgraded
    con = sqlite3.connect(doc_path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 7
    assert con.execute("SELECT COUNT(*) FROM import_originals").fetchone()[0] == 0


def test_the_import_dialog_lists_duplicates_and_imports_the_chosen_ones(qtbot, tmp_path: Path, doc_path: Path) -> None:
    from PySide6.QtCore import Qt

    from ui.doc_context import DocContext
    from ui.import_dialog import ImportDialog
    from ui.interaction import ScriptedInteraction
    from ui.settings import Settings

    path = ledger(tmp_path, "mars.csv", [PAY, PAY])
    run_import(doc_path, path)
    doc = Document.open(doc_path)
    ctx = DocContext(doc, load_catalogue(), Settings(), ScriptedInteraction())
    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.load_file(path)
    dialog.next_step()
    dialog.next_step()
    dialog.next_step()
    step = dialog.summary_step
    assert step.duplicates.rowCount() == 2 and step.duplicates.item(0, 4).text() == "V 10"
    assert "Inga nya kostnader" in step.headline.text() and not dialog.import_button.isEnabled()
    step.duplicates.item(1, 0).setCheckState(Qt.CheckState.Checked)
    assert "1 kostnad importeras, summa 25" in step.headline.text() and dialog.import_button.isEnabled()
    assert dialog.do_import()
    assert doc.costs.cost_count() == 3
    ctx.undo_stack.undo()
    assert doc.costs.cost_count() == 2
    doc.close()


# -- any sequence of imports, edits, deletes and undos keeps the count of what was imported --------------------
IDENTITIES = [
    ("2024-03-25", 2500000, "7010", "Lön mars", "V 10"),
    ("2024-03-25", 2500000, "7010", "Lön mars", "V 11"),
    ("2024-03-26", 10000, "6550", "Konsult", "V 12"),
]


class CountsMachine(RuleBasedStateMachine):
    """The model: every existing import's rows as its ledger said them, deleted and edited ones included."""

    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp())
        self.doc = Document.create(self.dir / "d.bidrag", "gnv-2024", "region-12", load_catalogue())
        self.imports: dict[int, list[Identity]] = {}  # import id → its rows' ledger identities
        self.undo: list[tuple[str, Any]] = []

    def teardown(self) -> None:
        self.doc.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    @rule(picks=st.lists(st.integers(0, 2), max_size=4))
    def import_rows(self, picks: list[int]) -> None:
        rows = [
            CostRow(d, ore, "Nära vård", "Personal", text, ver, "", acc, "", "f", "")
            for d, ore, acc, text, ver in (IDENTITIES[i] for i in picks)
        ]
        batch = self.doc.costs.add_cost_rows(rows, file="f.csv")
        self.imports[batch.id] = [IDENTITIES[i] for i in picks]
        self.undo.append(("import", batch.id))

    @precondition(lambda self: self.doc.costs.cost_count() > 0)
    @rule(pick=st.integers(0, 100))
    def delete(self, pick: int) -> None:
        ids = self.doc.costs.cost_ids(order="id")
        self.undo.append(("delete", self.doc.costs.delete_costs([ids[pick % len(ids)]])))

    @precondition(lambda self: self.doc.costs.cost_count() > 0)
    @rule(pick=st.integers(0, 100), voucher=st.sampled_from(["V 10", "V 99"]), amount=st.sampled_from([1, 25000]))
    def edit(self, pick: int, voucher: str, amount: int) -> None:
        ids = self.doc.costs.cost_ids(order="id")
        cost_id = ids[pick % len(ids)]
        old = self.doc.costs.update_cost(cost_id, voucher=voucher, amount=Decimal(amount))
        self.undo.append(("edit", (cost_id, old)))

    @precondition(lambda self: bool(self.undo))
    @rule()
    def undo_last(self) -> None:
        kind, what = self.undo.pop()
        if kind == "import":
            self.doc.costs.remove_import(what)
            del self.imports[what]
        elif kind == "delete":
            self.doc.costs.restore_costs(what)
        else:
            cost_id, old = what
            self.doc.costs.update_cost(cost_id, voucher=old.voucher, amount=old.amount)

    @invariant()
    def counts_are_what_the_existing_imports_said(self) -> None:
        expected = Counter(i for rows in self.imports.values() for i in rows)
        assert self.doc.costs.cost_identities().counts == dict(expected)


def test_any_sequence_of_changes_keeps_the_count_of_what_was_imported() -> None:
    run_state_machine_as_test(
        CountsMachine,
        settings=settings(
            max_examples=60, stateful_step_count=12, deadline=None, suppress_health_check=[HealthCheck.too_slow]
        ),
    )
