"""Single-line fields with a limit in the model refuse longer text whole, with the model's sentence,
instead of QLineEdit cutting a paste at 32 767 characters without a word."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit

from models.demo.example import create_demo
from models.errors import ValidationError
from models.storage.activities import ACTIVITY_NAME_MAX
from models.storage.document_file import Document
from models.validation import MAX_TEXT, normalize_field
from tests.helpers import catalogue
from ui.interaction import ScriptedInteraction
from ui.main_window import MainWindow
from ui.plan_dialogs import ActivityDialog
from ui.settings import Settings


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:
    w = MainWindow(catalogue(), Settings.load(), ScriptedInteraction(confirms=[True] * 3))  # "Stäng ändå"
    qtbot.addWidget(w)
    w.show()
    w.open_path(create_demo(tmp_path / "demo.bidrag", catalogue()))
    return w


def _paste(qtbot, edit: QLineEdit, text: str) -> None:
    QGuiApplication.clipboard().setText(text)
    edit.setFocus()
    edit.end(False)
    qtbot.keyClick(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_a_paste_of_40_000_characters_into_kontaktperson_is_refused_and_says_the_limit(qtbot, window):
    row = window.view.show_page("Uppgifter").rows["contact_person"]
    before = row.editor.text()
    _paste(qtbot, row.editor, "x" * 40_000)
    assert row.editor.text() == before  # not cut to 32 767 characters, not changed at all
    assert row.problem.isVisibleTo(row)
    assert "Kontaktperson får vara högst 2 000 tecken lång" in row.problem.text()
    assert "texten är som den var" in row.problem.text()
    row.commit()
    assert window.ctx.doc.field("contact_person") == before
    with pytest.raises(ValidationError, match="högst 2 000 tecken"):  # the same limit, the model's
        normalize_field("contact_person", "x" * (MAX_TEXT + 1))
    _paste(qtbot, row.editor, ", enhetschef")  # a paste that fits goes in as before
    assert row.editor.text() == before + ", enhetschef"
    window.close()


def test_typing_past_the_limit_stops_at_it_and_a_longer_stored_value_can_still_be_shortened(qtbot, window):
    row = window.view.show_page("Uppgifter").rows["contact_person"]
    edit = row.editor
    edit.clear()
    _paste(qtbot, edit, "a" * MAX_TEXT)
    assert len(edit.text()) == MAX_TEXT
    qtbot.keyClicks(edit, "b")
    assert edit.text() == "a" * MAX_TEXT and "högst 2 000 tecken" in row.problem.text()
    row.set_text("c" * (MAX_TEXT + 50))  # a value as another program stored it (kept as typed, invalid)
    assert len(edit.text()) == MAX_TEXT + 50
    edit.end(False)
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert len(edit.text()) == MAX_TEXT + 49  # shortening is allowed
    window.close()
    assert window.ctx is None


def test_the_new_activity_dialog_refuses_a_name_past_the_models_limit(qtbot):
    dialog = ActivityDialog(["Nära vård"], ["Personal"])
    qtbot.addWidget(dialog)
    dialog.show()
    _paste(qtbot, dialog.name, "Mobila team")
    _paste(qtbot, dialog.name, " " + "y" * 40_000)
    assert dialog.name.text() == "Mobila team"
    assert dialog.problem.isVisibleTo(dialog)
    assert f"Aktivitetens namn får vara högst {ACTIVITY_NAME_MAX} tecken lång" in dialog.problem.text()


def test_the_models_activity_limit_is_the_one_the_dialog_uses(tmp_path):
    with (
        Document.open(create_demo(tmp_path / "d.bidrag", catalogue())) as doc,
        pytest.raises(ValidationError, match=f"högst {ACTIVITY_NAME_MAX} tecken"),
    ):
        doc.plan.add_activity("z" * (ACTIVITY_NAME_MAX + 1), next(iter(doc.allocation())))
