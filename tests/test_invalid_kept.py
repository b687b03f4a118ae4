"""Invalid input kept, never lost (issue 12, point 3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from exporters.run import export_document
from models.demo.example import create_demo
from models.errors import UserError
from models.report import build_report
from models.storage.document_file import Document
from tests.helpers import catalogue, new_document
from ui.interaction import ScriptedInteraction
from ui.main_window import MainWindow
from ui.settings import Settings


def test_an_invalid_value_is_kept_as_typed_and_refuses_a_final_export(tmp_path: Path) -> None:
    path = create_demo(tmp_path / "demo.bidrag", catalogue())
    doc = Document.open(path)
    value, invalid = doc.enter_field("org_number", "232100-0256")  # wrong check digit
    assert (value, invalid) == ("222000-1362", "232100-0256")
    assert doc.invalid_fields() == {"org_number": "232100-0256"}
    report = build_report(doc, catalogue())
    assert report.org_number == "232100-0256"  # what the user typed, not the old value
    assert any(p.startswith("Organisationsnummer:") and "kontrollsiffra" in p for p in report.problems)
    with pytest.raises(UserError, match="kontrollsiffra"):
        export_document(doc, catalogue(), pdf=tmp_path / "r.pdf")
    assert not (tmp_path / "r.pdf").exists()
    assert doc.enter_field("org_number", "2321000255") == ("232100-0255", "")  # corrected: no longer invalid
    assert doc.invalid_fields() == {}
    doc.close()


def test_the_history_shows_the_invalid_value_and_undo_puts_it_back(tmp_path: Path) -> None:
    doc = new_document(tmp_path)
    doc.enter_field("email", "anna@")
    assert "anna@ (ogiltigt)" in [h.new for h in doc.history()]
    doc.enter_field("email", "anna@region.se")
    doc.restore_field("email", "", "anna@")  # undo of the correction
    assert doc.invalid_fields() == {"email": "anna@"} and doc.field("email") == ""


@pytest.fixture
def window(qtbot, tmp_path):
    path = create_demo(tmp_path / "Skåne 2024.bidrag", catalogue())
    w = MainWindow(catalogue(), Settings(), ScriptedInteraction())
    qtbot.addWidget(w)
    w.open_path(path)
    yield w
    w.interaction.confirms = [True] * 3
    w.close()


def test_uppgifter_keeps_what_was_typed_and_closing_asks(window) -> None:
    form = window.view.show_page("Uppgifter")
    row = form.rows["org_number"]
    row.editor.setText("232100-0256")
    row.editor.textEdited.emit("232100-0256")
    row.commit()
    doc = window.ctx.doc
    assert doc.invalid_fields() == {"org_number": "232100-0256"}
    form.refresh()
    assert row.text() == "232100-0256" and not row.problem.isHidden()
    window.undo()
    assert doc.invalid_fields() == {} and row.text() == "222000-1362"
    window.ctx.undo_stack.redo()
    assert doc.invalid_fields() == {"org_number": "232100-0256"}
    assert not window.close_document()  # asked, and the user goes on correcting
    kind, _title, text = window.interaction.messages[-1]
    assert kind == "confirm" and "1 uppgift är ogiltig (Organisationsnummer)" in text
    assert window.ctx is not None
