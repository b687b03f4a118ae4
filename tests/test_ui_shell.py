"""The main window: open, title, lock, backups, the error dialog, reopening."""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtTest import QAbstractItemModelTester

from models.catalogue.check import load_catalogue
from models.demo.example import create_demo
from models.history_text import history_lines
from models.storage.document_file import Document
from models.storage.locking import lock_path, read_lock
from ui.app import error_text, make_excepthook
from ui.history_page import HistoryModel
from ui.interaction import ScriptedInteraction
from ui.main_window import MainWindow
from ui.settings import Settings


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.fixture
def demo(tmp_path, catalogue):
    return create_demo(tmp_path / "Skåne 2024.bidrag", catalogue)


def _window(qtbot, catalogue, interaction=None):
    window = MainWindow(catalogue, Settings.load(), interaction or ScriptedInteraction())
    qtbot.addWidget(window)
    return window


def _foreign_lock(doc, hours_ago: float = 1, computer: str = "EKONOMI-PC", beating: bool = True) -> None:
    """Another window's lock since ``hours_ago``: still beating (touched now), or silent since then."""
    when = (datetime.now() - timedelta(hours=hours_ago)).replace(microsecond=0)
    data = {"user": "karin", "computer": computer, "pid": os.getpid(), "time": when.isoformat()}
    lock_path(doc).write_text(json.dumps(data), encoding="utf-8")
    if not beating:
        os.utime(lock_path(doc), (when.timestamp(), when.timestamp()))


def test_open_shows_document_and_recipient_in_title_and_remembers_it(qtbot, catalogue, demo):
    w = _window(qtbot, catalogue)
    assert w.open_path(demo)
    assert w.windowTitle() == "Skåne 2024 – Kommunförbundet Skåne – Bidragskollen"
    assert read_lock(demo).is_mine()
    w.close()
    assert not lock_path(demo).exists()  # closing gives the lock back
    assert Settings.load().recent_files == [str(demo.resolve())]


def test_document_locked_elsewhere_opens_read_only_naming_the_user(qtbot, catalogue, demo):
    _foreign_lock(demo)
    ui = ScriptedInteraction()
    w = _window(qtbot, catalogue, ui)
    w.open_path(demo)
    assert w.ctx.readonly
    assert w.windowTitle().endswith("[skrivskyddad]")
    message = ui.texts("info")[0]
    assert "karin på datorn EKONOMI-PC sedan" in message
    form = w.view.show_page("Uppgifter")
    assert form.rows["contact_person"].editor.isReadOnly()
    assert not form.pay_add.isEnabled()
    form.rows["contact_person"].editor.setText("Någon annan")
    form.rows["contact_person"].commit()
    assert w.ctx.doc.field("contact_person") == "Anna Lindqvist"
    assert w.act_edit.isVisible()
    w.reopen_for_editing()  # still locked: stays read-only, says so
    assert w.ctx.readonly and "fortfarande öppen" in ui.texts("info")[-1]
    lock_path(demo).unlink()
    w.reopen_for_editing()
    assert not w.ctx.readonly and not w.windowTitle().endswith("[skrivskyddad]")
    assert not form.rows["contact_person"].editor.isReadOnly()
    w.close()
    assert read_lock(demo) is None


def test_write_protected_file_opens_read_only_and_says_why(qtbot, catalogue, demo, monkeypatch):
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == demo else real_access(p, mode))
    ui = ScriptedInteraction()
    w = _window(qtbot, catalogue, ui)
    assert w.open_path(demo)
    assert w.ctx.readonly and w.windowTitle().endswith("[skrivskyddad]")
    assert "är skrivskyddad" in ui.texts("info")[0]
    assert read_lock(demo) is None  # nobody is editing it, so no lock is left behind
    w.close()


def test_stale_lock_can_be_taken_over_after_confirmation(qtbot, catalogue, demo):
    _foreign_lock(demo, hours_ago=13, beating=False)
    ui = ScriptedInteraction(confirms=[False])
    w = _window(qtbot, catalogue, ui)
    w.open_path(demo)
    assert w.ctx.readonly  # declined: read-only
    assert "programmet avslutades" in ui.texts("confirm")[0]
    w.close_document()
    ui.confirms = [True]
    w.open_path(demo)
    assert not w.ctx.readonly and read_lock(demo).is_mine()
    w.close()


def test_backup_is_taken_at_open_and_restored_as_a_new_file(qtbot, catalogue, demo):
    ui = ScriptedInteraction(choices=[0], confirms=[True])
    w = _window(qtbot, catalogue, ui)
    w.open_path(demo)
    w.wait_for_backup()  # the copy is taken off the GUI thread so it does not delay the first paint
    w.ctx.doc.set_field("contact_person", "Efter säkerhetskopian")
    w.restore_backup()
    restored = [p for p in demo.parent.glob("*.bidrag") if p != demo]
    assert len(restored) == 1 and "återställd" in restored[0].name
    assert w.ctx.doc.path == restored[0]  # the user chose to open it
    assert w.ctx.doc.field("contact_person") == "Anna Lindqvist"
    with Document.open(demo, readonly=True) as original:
        assert original.field("contact_person") == "Efter säkerhetskopian"
    w.close()


def test_edits_survive_closing_and_reopening(qtbot, catalogue, demo):
    w = _window(qtbot, catalogue)
    w.open_path(demo)
    form = w.view.show_page("Uppgifter")
    form.rows["phone"].editor.setText("08-123 45 67")
    form.rows["phone"].commit()
    w.close()
    w2 = _window(qtbot, catalogue)
    w2.open_path(demo)
    assert w2.view.show_page("Uppgifter").rows["phone"].text() == "08-123 45 67"
    history = w2.view.show_page("Historik")
    assert "Telefon inkl. riktnummer" in history.model.data(history.model.index(0, 2))
    w2.close()


def test_missing_file_is_a_message_not_a_crash(qtbot, catalogue, tmp_path):
    ui = ScriptedInteraction()
    w = _window(qtbot, catalogue, ui)
    assert not w.open_path(tmp_path / "borta.bidrag")
    assert "finns inte" in ui.texts("warn")[0]
    assert w.ctx is None


def test_dropping_a_document_opens_it(qtbot, catalogue, demo):
    w = _window(qtbot, catalogue)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(demo))])
    event = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    w.dropEvent(event)
    assert w.ctx is not None and w.ctx.doc.path == demo
    w.close()


def test_unexpected_error_dialog_is_swedish_and_names_the_log_file(tmp_path):
    ui = ScriptedInteraction()
    log_file = tmp_path / "bidragskollen.log"
    hook = make_excepthook(ui, log_file)
    try:
        raise ZeroDivisionError("division by zero")
    except ZeroDivisionError as err:
        hook(type(err), err, err.__traceback__)
    kind, title, text = ui.messages[0]
    assert kind == "error" and title == "Något gick fel"
    assert text.startswith("Ett oväntat fel inträffade i tests/test_ui_shell.py")
    assert str(log_file) in text and "Traceback" not in text


def test_user_error_is_shown_as_its_own_sentence(tmp_path):
    from models.errors import DocumentError

    err = DocumentError("Filen är skrivskyddad.")
    assert error_text(err, None, tmp_path / "x.log") == "Filen är skrivskyddad."


def test_history_model_passes_the_model_tester(qtbot, catalogue, demo):
    with Document.open(demo) as doc:
        model = HistoryModel(history_lines(doc.history(), catalogue))
        QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
        assert model.rowCount() == len(doc.history()) > 0
        assert model.headerData(3, Qt.Orientation.Horizontal) == "Ändring"
        model.set_lines(history_lines(doc.history(1), catalogue))
        assert model.rowCount() == 1
