"""A large document opens in the window before its costs are checked (issue 14): shown at once, marked
"kontrolleras", no edit, export or print until the check in the background has passed; a crafted file whose
costs are refused is closed again with the sentence and left unchanged."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from models.catalogue.check import load_catalogue
from models.storage.schema_check import LATER_CHECK_BYTES
from tests.helpers import cost, crafted_copy, new_document
from ui.commands import SetFieldCommand
from ui.costs_check import CHECKING
from ui.doc_reader import wait_all
from ui.interaction import ScriptedInteraction
from ui.main_window import MainWindow
from ui.settings import Settings


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A document of a few costs in a file over LATER_CHECK_BYTES (its free pages), so the window defers the
    check of its costs as it does for a million costs, without the minute it takes to make them."""
    folder = tmp_path_factory.mktemp("stor")
    doc = new_document(folder)
    doc.costs.add_costs([cost(str(100 + i), text=f"Rad {i}") for i in range(40)], file="bok.csv")
    doc.close()
    con = sqlite3.connect(doc.path)
    con.execute("INSERT INTO fields VALUES ('utfyllnad', zeroblob(?))", (LATER_CHECK_BYTES + 1_000_000,))
    con.execute("DELETE FROM fields WHERE name = 'utfyllnad'")
    con.commit()
    con.close()
    assert doc.path.stat().st_size > LATER_CHECK_BYTES
    return doc.path


def _copy(large: Path, tmp_path: Path, *sql: str) -> Path:
    return crafted_copy(large, tmp_path / "Skåne 2024.bidrag", *sql)


@pytest.fixture
def window(qtbot):
    w = MainWindow(load_catalogue(), Settings.load(), ScriptedInteraction())
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close_document()
    wait_all()


def test_a_large_document_is_shown_before_its_costs_are_checked_and_editable_after(window, large, tmp_path, qtbot):
    path = _copy(large, tmp_path)
    assert window.open_path(path)
    ctx = window.ctx
    assert ctx is not None and ctx.doc.costs_unchecked and "kontrolleras" in window.windowTitle()
    assert window.statusBar().currentMessage() == CHECKING
    assert not ctx.push(SetFieldCommand(ctx, "contact_person", "Anna"))  # refused while checking
    assert window.interaction.messages[-1][1] == "Kontrolleras"
    form = window.view.show_page("Uppgifter")
    assert not form.readonly_note.isHidden() and "kontrolleras" in form.readonly_note.text()
    qtbot.waitUntil(lambda: not ctx.doc.costs_unchecked, timeout=10_000)
    assert window.ctx is ctx and "kontrolleras" not in window.windowTitle()
    assert window.statusBar().currentMessage() == "" and form.readonly_note.isHidden()
    assert "skrivskyddad" not in window.windowTitle()
    assert ctx.push(SetFieldCommand(ctx, "contact_person", "Anna"))
    assert ctx.doc.field("contact_person") == "Anna"


@pytest.mark.parametrize(
    ("sql", "words"),
    [
        ("UPDATE costs SET amount_ore = 'tusen' WHERE id = 3", "värden av fel slag i kostnader"),
        ("UPDATE costs SET date = '2024-02-30' WHERE id = 3", "ett datum som inte finns"),
        ("UPDATE costs SET text = X'ff00' WHERE id = 3", "binära data där det ska stå text"),
    ],
)
def test_a_large_document_whose_costs_are_refused_is_closed_again_unchanged(window, large, tmp_path, qtbot, sql, words):
    path = _copy(large, tmp_path, sql)
    before = path.read_bytes()
    assert window.open_path(path)
    ctx = window.ctx
    assert ctx is not None and ctx.readonly  # shown, but nothing can be changed or exported
    page = window.view.show_page("Export")
    assert page.export_final("redovisning", "pdf") is None
    assert "kontrolleras fortfarande" in window.interaction.messages[-1][2]
    qtbot.waitUntil(lambda: window.ctx is None, timeout=10_000)
    kind, title, text = window.interaction.messages[-1]
    assert (kind, title) == ("warn", "Kunde inte öppna") and words in text
    assert window.stack.currentWidget() is window.start and window.statusBar().currentMessage() == ""
    assert path.read_bytes() == before


def test_a_large_document_closed_while_it_is_checked_leaves_nothing_behind(window, large, tmp_path, qtbot):
    assert window.open_path(_copy(large, tmp_path))
    job = window.costs_check.reading.current
    assert job is not None and window.statusBar().currentMessage() == CHECKING
    assert window.close_document()
    assert window.statusBar().currentMessage() == "" and window.interaction.messages == []
    job.wait()
    qtbot.wait(50)  # the stopped check's end arrives, and is ignored
    assert window.ctx is None and window.interaction.messages == []
