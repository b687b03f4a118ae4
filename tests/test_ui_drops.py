"""Drag and drop: a ledger file dropped on the window or the import dialog starts the import with it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from models.catalogue.check import load_catalogue
from models.storage.document_file import Document
from ui.doc_context import DocContext
from ui.import_dialog import ImportDialog
from ui.interaction import ScriptedInteraction
from ui.main_window import MainWindow
from ui.settings import Settings

LEDGER = "Datum;Verifikation;Konto;Belopp;Text\r\n2024-03-01;A 1;7010;25 000,00;Lön mars\r\n"


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.fixture
def document(tmp_path, catalogue):
    path = tmp_path / "Skåne.bidrag"
    Document.create(path, "gnv-2024", "rss-12", catalogue).close()
    return path


@pytest.fixture
def ledger(tmp_path):
    path = tmp_path / "huvudbok mars.csv"
    path.write_text(LEDGER, encoding="utf-8")
    return path


def _mime(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def _drop(widget, *paths: Path) -> QDropEvent:
    """Drag the files over ``widget`` and let go, as Qt delivers it."""
    mime = _mime(*paths)
    enter = QDragEnterEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    widget.dragEnterEvent(enter)
    assert enter.isAccepted()  # a file of any kind is taken, so that the wrong kind gets a sentence
    drop = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    widget.dropEvent(drop)
    return drop


def _window(qtbot, catalogue) -> MainWindow:
    window = MainWindow(catalogue, Settings.load(), ScriptedInteraction())
    qtbot.addWidget(window)
    return window


def test_a_ledger_dropped_on_the_window_opens_the_import_with_that_file(qtbot, catalogue, document, ledger):
    window = _window(qtbot, catalogue)
    window.show()
    assert window.open_path(document)
    _drop(window, ledger)
    page = window.view.page("Kostnader")
    assert window.view.currentWidget() is window.view.tabs["Kostnader"]
    dialog = page.import_dialog
    assert dialog.isVisible() and dialog.path == ledger
    assert dialog.file_step.path_edit.text() == str(ledger)
    assert "1 rader" in dialog.file_step.file_info.text() or "1 rad" in dialog.file_step.file_info.text()
    assert dialog.next_button.isEnabled()  # the user goes on to the columns
    dialog.reject()
    window.close()


def test_a_ledger_dropped_with_no_document_open_says_what_to_do(qtbot, catalogue, ledger):
    window = _window(qtbot, catalogue)
    _drop(window, ledger)
    assert window.ctx is None
    text = window.statusBar().currentMessage()
    assert text.startswith("Öppna först den redovisning") and "huvudbok mars.csv" in text


def test_a_file_of_another_kind_gets_one_sentence_and_nothing_opens(qtbot, catalogue, document, tmp_path):
    window = _window(qtbot, catalogue)
    assert window.open_path(document)
    picture = tmp_path / "kvitto.pdf"
    picture.write_bytes(b"%PDF-1.4\n")
    _drop(window, picture)
    text = window.statusBar().currentMessage()
    assert "”kvitto.pdf” kan inte tas emot här" in text
    assert getattr(window.view.page("Kostnader"), "import_dialog", None) is None
    _drop(window, picture, document)
    assert window.statusBar().currentMessage().startswith("Dra en fil i taget")
    window.close()


def test_a_document_dropped_still_opens(qtbot, catalogue, document):
    window = _window(qtbot, catalogue)
    _drop(window, document)
    assert window.ctx is not None and window.ctx.doc.path == document
    window.close()


def test_a_ledger_dropped_on_a_read_only_document_is_refused_with_the_reason(
    qtbot, catalogue, document, ledger, monkeypatch
):
    real_access = os.access  # the file is write-protected
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == document else real_access(p, mode))
    ui = ScriptedInteraction()
    window = MainWindow(catalogue, Settings.load(), ui)
    qtbot.addWidget(window)
    assert window.open_path(document) and window.ctx.readonly
    _drop(window, ledger)
    assert ui.texts("warn") and "skrivskydd" in ui.texts("warn")[0]
    assert getattr(window.view.page("Kostnader"), "import_dialog", None) is None
    window.close()


def test_the_import_dialogs_file_page_takes_a_dropped_ledger(qtbot, tmp_path, catalogue, document, ledger):
    doc = Document.open(document)
    dialog = ImportDialog(DocContext(doc, catalogue, Settings(), ScriptedInteraction()))
    qtbot.addWidget(dialog)
    other = tmp_path / "Skåne 2025.bidrag"
    other.write_bytes(b"")
    _drop(dialog.file_step, other)
    assert dialog.raw is None and "är en redovisning, ingen huvudbok" in dialog.file_step.file_info.text()
    _drop(dialog.file_step, ledger)
    assert dialog.path == ledger and dialog.raw is not None and len(dialog.raw) == 1
    dialog.next_step()
    assert dialog.step() == 1
    doc.close()
