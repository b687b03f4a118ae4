"""Closing with refused text in a field, then "Fortsätt rätta": the user is back in that field with what
they typed, the cursor at its end (Ctrl+W and the window's close button alike)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from models.storage.document_file import Document
from tests.helpers import catalogue
from ui.interaction import ScriptedInteraction
from ui.main_window import MainWindow
from ui.settings import Settings


@pytest.fixture
def doc_path(tmp_path: Path) -> Path:
    path = tmp_path / "Skåne.bidrag"
    Document.create(path, "gnv-2024", "region-12", catalogue()).close()
    return path


def _window(qtbot, interaction) -> MainWindow:
    window = MainWindow(catalogue(), Settings.load(), interaction)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    with warnings.catch_warnings():  # offscreen windows are not activated by themselves, and focus needs it
        warnings.simplefilter("ignore", DeprecationWarning)
        QApplication.setActiveWindow(window)
    return window


def _close(window: MainWindow, how: str) -> bool:
    if how == "ctrl-w":
        window.act_close.trigger()
    else:
        window.close()
    return window.ctx is None


@pytest.mark.parametrize("how", ["ctrl-w", "window"])
def test_going_on_correcting_a_refused_amount_keeps_the_typed_text_in_the_field(qtbot, doc_path, how):
    interaction = ScriptedInteraction(confirms=[False])  # Fortsätt rätta
    w = _window(qtbot, interaction)
    w.open_path(doc_path)
    form = w.view.show_page("Uppgifter")
    stream, edit = next(iter(form.allocation_edits.items()))
    allocated = w.ctx.doc.allocation()[stream]
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "tre miljoner")
    assert not _close(w, how)
    assert interaction.messages[-1][1] == "Sparades inte"
    assert w.isVisible() and w.ctx is not None
    assert edit.text() == "tre miljoner"  # not the old amount
    assert QApplication.focusWidget() is edit and edit.cursorPosition() == len("tre miljoner")
    qtbot.keyClicks(edit, "x")  # the user types on where they were
    assert edit.text() == "tre miljonerx"
    edit.selectAll()
    qtbot.keyClicks(edit, "3 000 000")
    interaction.confirms = [True]
    assert _close(w, how)
    with Document.open(doc_path, readonly=True) as doc:
        assert doc.allocation()[stream] == 3_000_000 != allocated


@pytest.mark.parametrize("how", ["ctrl-w", "window"])
def test_going_on_correcting_a_refused_date_keeps_the_date_and_closing_again_asks_again(qtbot, doc_path, how):
    interaction = ScriptedInteraction(confirms=[False, True])
    w = _window(qtbot, interaction)
    w.open_path(doc_path)
    form = w.view.show_page("Uppgifter")
    end = form.rows["report_period_end"].editor
    end.setFocus()
    end.selectAll()
    qtbot.keyClicks(end, "2023-01-01")  # before the period's start: the checks between fields refuse it
    assert not _close(w, how)
    assert end.text() == "2023-01-01" and QApplication.focusWidget() is end
    asked = len([m for m in interaction.messages if m[0] == "confirm"])
    _close(w, how)  # the text is still not saveable: the question comes again, nothing slips through
    assert len([m for m in interaction.messages if m[0] == "confirm"]) == asked + 1
    assert "Redovisningsperiod, till" in interaction.messages[-1][2]
    with Document.open(doc_path, readonly=True) as doc:
        assert doc.field("report_period_end") == "2024-12-31"


@pytest.mark.parametrize("how", ["ctrl-w", "window"])
def test_going_on_correcting_a_refused_cost_cell_reopens_the_cell_with_the_typed_text(qtbot, tmp_path, how):
    from decimal import Decimal

    from models.demo.example import create_demo
    from ui.costs_model import COLUMN_INDEX

    interaction = ScriptedInteraction(confirms=[False])
    w = _window(qtbot, interaction)
    w.open_path(create_demo(tmp_path / "demo.bidrag", catalogue()))
    page = w.view.show_page("Kostnader")
    cell = page.model.index(0, COLUMN_INDEX["amount"])
    cost_id = page.model.cost_id(0)
    page.view.setCurrentIndex(cell)
    page.view.edit(cell)
    editor = page.view.indexWidget(cell)
    editor.selectAll()
    qtbot.keyClicks(editor, "tusen")
    assert not _close(w, how)
    assert "”tusen” är inget belopp" in interaction.messages[-1][2]
    again = page.view.indexWidget(page.model.index(page.model.row_of(cost_id), COLUMN_INDEX["amount"]))
    assert again is not None and again.text() == "tusen"  # the cell is open again with what was typed
    assert QApplication.focusWidget() is again and again.cursorPosition() == len("tusen")
    again.selectAll()
    qtbot.keyClicks(again, "1 000,00")
    page.search.setFocus()  # leaving the cell saves it
    assert w.ctx.doc.costs.costs_by_ids([cost_id])[0].amount == Decimal("1000.00")
    assert _close(w, how)
