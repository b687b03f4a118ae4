"""Checks between fields (issue 12, point 6): one Swedish sentence each, in the domain, `set`, export and window."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate

from cli import run_cli
from models.demo.example import create_demo
from models.errors import ValidationError
from models.report import build_report
from models.validation import parse_date
from tests.helpers import catalogue, new_document


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run_cli(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_reversed_period_is_refused_and_nothing_is_saved(tmp_path: Path) -> None:
    doc = new_document(tmp_path)
    before = len(doc.history())
    with pytest.raises(ValidationError, match="Redovisningsperioden kan inte sluta 2024-12-31 när den börjar 2025"):
        doc.set_field("report_period_start", "2025-01-01")
    assert doc.field("report_period_start") == "2024-01-01" and len(doc.history()) == before
    doc.set_fields([("report_period_start", "2025-01-01"), ("report_period_end", "2025-12-31")])
    assert (doc.field("report_period_start"), doc.field("report_period_end")) == ("2025-01-01", "2025-12-31")
    with pytest.raises(ValidationError, match="Rekvisitionsperioden"):
        doc.set_field("requisition_period_end", "2023-12-31")


def test_set_checks_the_document_as_it_is_after_the_whole_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = str(tmp_path / "d.bidrag")
    assert run(capsys, "new", f, "--agreement", "gnv-2024", "--recipient", "Region Skåne")[0] == 0
    code, _, err = run(capsys, "set", f, "email=a@b.se", "report_period_start=2025-01-01")
    assert code == 2 and "kan inte sluta 2024-12-31 när den börjar 2025-01-01" in err
    assert "Traceback" not in err
    _, out, _ = run(capsys, "history", f)
    assert "a@b.se" not in out  # nothing of the command was saved
    code, out, err = run(capsys, "set", f, "report_period_start=2025-01-01", "report_period_end=2025-12-31")
    assert code == 0, err
    code, out, _ = run(capsys, "summary", f, "--json")
    assert '"start": "2025-01-01"' in out and '"end": "2025-12-31"' in out


def test_a_rekvisition_above_the_allocation_is_refused_but_a_draft_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = create_demo(tmp_path / "demo.bidrag", catalogue())
    f = str(path)
    assert run(capsys, "set", f, "requested_amount=999 999 999,99")[0] == 0
    code, _, err = run(capsys, "export", f, "--form", "rekvisition", "--pdf", str(tmp_path / "r.pdf"))
    assert code == 2
    assert "Beloppet som rekvireras, 999 999 999,99 kr, är högre än tilldelningen 128 724 464 kr" in err
    assert not (tmp_path / "r.pdf").exists()
    code, _, err = run(capsys, "export", f, "--form", "rekvisition", "--pdf", str(tmp_path / "r.pdf"), "--draft")
    assert code == 0 and (tmp_path / "r.pdf").exists()
    assert "högre än tilldelningen" in err
    report = build_report(path_doc(path), catalogue(), "rekvisition")
    assert any("högre än tilldelningen" in p for p in report.problems)
    # the redovisning does not depend on the requested amount
    assert run(capsys, "export", f, "--pdf", str(tmp_path / "red.pdf"))[0] == 0


def path_doc(path: Path):
    from models.storage.document_file import Document

    return Document.open(path, readonly=True)


def test_periods_outside_the_agreement_year_are_warnings(tmp_path: Path) -> None:
    doc = new_document(tmp_path)
    doc.set_field("requisition_period_end", "2030-12-31")
    report = build_report(doc, catalogue(), "rekvisition")
    assert any("Rekvisitionsperioden 2024-01-01 – 2030-12-31 ligger utanför" in w for w in report.warnings)
    assert not any("Rekvisitionsperioden" in p for p in report.problems)  # a warning, not a refusal
    assert not build_report(doc, catalogue(), "redovisning").warnings


def test_each_form_has_its_own_place_and_date_and_a_late_date_is_warned(tmp_path: Path) -> None:
    doc = new_document(tmp_path)
    doc.set_fields(
        [
            ("requisition_sign_place", "Lund"),
            ("requisition_sign_date", "2024-02-05"),
            ("sign_place", "Malmö"),
            ("sign_date", "2025-03-20"),
        ]
    )
    rek = build_report(doc, catalogue(), "rekvisition")
    red = build_report(doc, catalogue(), "redovisning")
    assert rek.row("sign_date").value == "Lund, 2024-02-05"
    assert red.row("sign_date").value == "Malmö, 2025-03-20"
    assert not rek.warnings and not red.warnings
    doc.set_field("requisition_sign_date", "2025-03-20")
    rek = build_report(doc, catalogue(), "rekvisition")
    assert rek.warnings == (
        "Rekvisitionen är daterad 2025-03-20, efter sista dagen för rekvisitionen 2024-12-01; "
        "kontrollera datumet för underskriften.",
    )
    doc.set_field("sign_date", "2025-04-02")
    assert any("efter sista dagen för redovisningen 2025-03-31" in w for w in build_report(doc, catalogue()).warnings)
    doc.set_field("sign_date", "2024-06-01")
    assert any("före redovisningsperiodens slut" in w for w in build_report(doc, catalogue()).warnings)


def test_impossible_dates_are_refused_never_rolled_over() -> None:
    assert parse_date("2024-02-29") == date(2024, 2, 29)
    with pytest.raises(ValidationError, match="februari 2024 har 29 dagar"):
        parse_date("2024-02-30")
    with pytest.raises(ValidationError, match="april 2025 har 30 dagar"):
        parse_date("2025-04-31")


def test_cost_dialog_refuses_an_impossible_date(qtbot) -> None:
    from ui.cost_dialog import CostDialog

    dialog = CostDialog(["Nära vård"], ["Personal"], default_date=date(2024, 3, 1))
    qtbot.addWidget(dialog)
    dialog.amount_edit.setText("100")
    qtbot.keyClicks(dialog.date_edit, "\b" * 10 + "2024-02-30")
    assert dialog.date_edit.text() == "2024-02-30"
    dialog.accept()
    assert dialog.cost() is None and dialog.result() != dialog.DialogCode.Accepted
    assert "februari 2024 har 29 dagar" in dialog.error_label.text()
    dialog.date_edit.setDate(QDate(2024, 2, 29))
    dialog.accept()
    assert dialog.cost() is not None and dialog.cost().date == date(2024, 2, 29)


def test_uppgifter_refuses_a_reversed_period_with_a_sentence(qtbot, tmp_path: Path) -> None:
    from ui.interaction import ScriptedInteraction
    from ui.main_window import MainWindow
    from ui.settings import Settings

    w = MainWindow(catalogue(), Settings(), ScriptedInteraction())
    qtbot.addWidget(w)
    w.open_path(create_demo(tmp_path / "demo.bidrag", catalogue()))
    row = w.view.show_page("Uppgifter").rows["report_period_start"]
    row.editor.setText("2025-01-01")
    row.editor.textEdited.emit("2025-01-01")
    row.commit()
    assert w.ctx.doc.field("report_period_start") == "2024-01-01" and w.ctx.undo_stack.count() == 0
    assert "Redovisningsperioden kan inte sluta 2024-12-31 när den börjar 2025-01-01" in w.interaction.texts("warn")[-1]
    w.close()
