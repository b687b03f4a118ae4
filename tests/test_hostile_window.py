"""Two writers at once, seen from the window: one lock rule for window and command line, the window
follows others' changes, and what is typed is saved when the document closes (issue 13)."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import warnings
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from cli import run_cli
from models.storage import locking
from models.storage.document_file import Document
from models.storage.locking import LockInfo, acquire, held_by_other, lock_path, read_lock, take_over
from tests.helpers import catalogue
from tests.test_hostile_inputs import fill_disk, small_disk  # noqa: F401 - the fixture
from ui.interaction import ScriptedInteraction
from ui.main_window import MainWindow
from ui.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def doc_path(tmp_path: Path) -> Path:
    path = tmp_path / "Skåne.bidrag"
    Document.create(path, "gnv-2024", "region-12", catalogue()).close()
    return path


def _window(qtbot, interaction=None) -> MainWindow:
    window = MainWindow(catalogue(), Settings.load(), interaction or ScriptedInteraction())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    with warnings.catch_warnings():  # offscreen windows are not activated by themselves, and focus needs it
        warnings.simplefilter("ignore", DeprecationWarning)
        QApplication.setActiveWindow(window)
    return window


def _elsewhere(path: Path, field: str, value: str) -> None:
    """Another program (a process of its own, not through the lock) changes a field of the file."""
    code = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
        "from models.storage.document_file import Document\n"
        f"with Document.open({str(path)!r}) as d: d.set_field({field!r}, {value!r})\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_command_line_refuses_to_write_to_a_document_the_window_holds(qtbot, doc_path, capsys):
    w = _window(qtbot)
    w.open_path(doc_path)
    assert not w.ctx.readonly
    before = doc_path.read_bytes()
    holder = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "set", str(doc_path), "email=cli@region.se"],
        capture_output=True,
        text=True,
    )
    assert holder.returncode == 2
    assert "är öppen för redigering hos" in holder.stderr and locking.computer_name() in holder.stderr
    assert doc_path.read_bytes() == before
    code = run_cli(["summary", str(doc_path)])  # reading is never refused
    assert code == 0
    w.close_document()
    capsys.readouterr()
    assert run_cli(["set", str(doc_path), "email=cli@region.se"]) == 0  # closed: the lock is gone


def test_the_window_shows_anothers_change_and_an_untouched_field_does_not_write_back(qtbot, doc_path):
    w = _window(qtbot)
    w.open_path(doc_path)
    w.ctx.doc.set_field("attestation", "alt2")
    form = w.view.show_page("Uppgifter")
    w.ctx.refresh()
    editor = form.rows["deviations"].editor
    assert editor.toPlainText() == ""
    _elsewhere(doc_path, "deviations", "Skrivet av ekonomichefen")
    assert w.ctx.watch.check()  # SQLite's data_version says another connection committed
    assert editor.toPlainText() == "Skrivet av ekonomichefen"
    editor.setFocus()
    assert editor.hasFocus()
    form.rows["email"].editor.setFocus()  # focus in and out of Avvikelser without typing
    assert w.ctx.doc.field("deviations") == "Skrivet av ekonomichefen"
    assert not w.ctx.watch.check()  # our own reads and writes are no news
    w.close()


def test_text_typed_in_a_field_is_saved_when_the_document_closes(qtbot, doc_path):
    w = _window(qtbot)
    w.open_path(doc_path)
    form = w.view.show_page("Uppgifter")
    editor = form.rows["contact_person"].editor
    editor.setFocus()
    qtbot.keyClicks(editor, "Anna Lind")
    assert editor.hasFocus()
    assert w.ctx.doc.field("contact_person") == ""  # not yet: the cursor is still in the field
    w.close_document()  # Ctrl+W
    with Document.open(doc_path, readonly=True) as doc:
        assert doc.field("contact_person") == "Anna Lind"
        assert doc.history(1)[0].new == "Anna Lind"


def test_a_symbolic_link_to_a_held_document_shares_its_lock(tmp_path, doc_path):
    link = tmp_path / "genväg.bidrag"
    link.symlink_to(doc_path)
    assert lock_path(link) == lock_path(doc_path)
    other = {"user": "karin", "computer": "EKONOMI-PC", "pid": 1, "time": datetime.now().isoformat()}
    lock_path(doc_path).write_text(json.dumps(other), encoding="utf-8")
    holder = held_by_other(link)
    assert holder is not None and holder.user == "karin"


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\xffskrap",
        json.dumps({"user": "karin", "computer": "ANNAN-PC", "pid": 1, "time": "2999-01-01T00:00:00"}).encode(),
    ],
)
def test_an_empty_garbled_or_future_dated_lock_is_stale_and_can_be_taken_over(doc_path, content):
    lock_path(doc_path).write_bytes(content)
    holder = acquire(doc_path)
    assert holder is not None and holder.is_stale()
    assert held_by_other(doc_path) is None  # the command line may write
    assert take_over(doc_path, holder) is None and read_lock(doc_path).is_mine()


def test_a_lock_whose_process_id_was_reused_is_stale_once_its_heartbeat_stops(doc_path):
    # the pid of a live process (this one's parent), on this computer, but the lock has not been touched for
    # longer than STALE_AFTER: the window that wrote it is gone and the number was given to another program
    since = datetime.now() - timedelta(hours=3)
    lock = {"user": "anna", "computer": locking.computer_name(), "pid": os.getppid(), "time": since.isoformat()}
    lock_path(doc_path).write_text(json.dumps(lock), encoding="utf-8")
    quiet = (datetime.now() - locking.STALE_AFTER - timedelta(minutes=1)).timestamp()
    os.utime(lock_path(doc_path), (quiet, quiet))
    assert read_lock(doc_path).is_stale()
    os.utime(lock_path(doc_path))  # a heartbeat: alive again
    assert not read_lock(doc_path).is_stale()


def test_the_windows_heartbeat_keeps_its_lock_fresh(qtbot, doc_path):
    w = _window(qtbot)
    w.open_path(doc_path)
    old = (datetime.now() - timedelta(minutes=30)).timestamp()
    os.utime(lock_path(doc_path), (old, old))
    w.ctx.watch.last_beat = datetime.now() - locking.HEARTBEAT
    w.ctx.watch.check()
    assert datetime.now().timestamp() - lock_path(doc_path).stat().st_mtime < 5
    assert not LockInfo.is_stale(read_lock(doc_path))
    w.close()


def test_a_full_disk_leaves_no_lock_and_says_the_disk_is_full(qtbot, small_disk):  # noqa: F811
    path = small_disk / "d.bidrag"
    Document.create(path, "gnv-2024", "region-12", catalogue()).close()
    fill_disk(small_disk)
    with pytest.raises(OSError) as raised:
        acquire(path)
    assert raised.value.errno == errno.ENOSPC
    assert not lock_path(path).exists()
    ui = ScriptedInteraction()
    w = _window(qtbot, ui)
    w.open_path(path)
    assert w.ctx.readonly and "Disken är full" in ui.texts("warn")[0]
    assert not lock_path(path).exists()
    w.close()


def test_undo_after_another_program_wrote_is_refused_and_overwrites_nothing(qtbot, doc_path):
    interaction = ScriptedInteraction()
    w = _window(qtbot, interaction)
    w.open_path(doc_path)
    form = w.view.show_page("Uppgifter")
    editor = form.rows["contact_person"].editor
    editor.setFocus()
    qtbot.keyClicks(editor, "Anna Lind")
    form.rows["email"].editor.setFocus()  # leaving the field saves it: one undoable step
    assert w.ctx.doc.field("contact_person") == "Anna Lind" and w.ctx.undo_stack.canUndo()
    _elsewhere(doc_path, "contact_person", "Bo Ek")  # the finance chief corrects it meanwhile
    w.undo()  # before the window's watch has even looked
    assert w.ctx.doc.field("contact_person") == "Bo Ek"
    kind, title, text = interaction.messages[-1]
    assert (kind, title) == ("warn", "Ångra") and "ändrats av ett annat program" in text
    assert editor.text() == "Bo Ek"  # the window shows the file as it is now
    assert not w.ctx.undo_stack.canUndo() and not w.ctx.undo_stack.canRedo()
    with Document.open(doc_path, readonly=True) as doc:
        assert doc.field("contact_person") == "Bo Ek"
        assert doc.history(1)[0].new == "Bo Ek"  # no history row of an undo
    w.close()


def test_undo_and_redo_of_the_windows_own_steps_still_work(qtbot, doc_path):
    w = _window(qtbot)
    w.open_path(doc_path)
    form = w.view.show_page("Uppgifter")
    editor = form.rows["contact_person"].editor
    editor.setFocus()
    qtbot.keyClicks(editor, "Anna Lind")
    form.rows["email"].editor.setFocus()
    _elsewhere(doc_path, "deviations", "Skrivet av ekonomichefen")
    w.ctx.watch.check()
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, "Anna Berg")
    form.rows["email"].editor.setFocus()  # a step made after the other program's change
    w.undo()
    assert w.ctx.doc.field("contact_person") == "Anna Lind"
    w.redo()
    assert w.ctx.doc.field("contact_person") == "Anna Berg"
    w.undo()
    w.undo()  # the step before the other program's change: refused
    assert w.ctx.doc.field("contact_person") == "Anna Lind"
    assert w.ctx.doc.field("deviations") == "Skrivet av ekonomichefen"
    w.close()


def test_text_that_cannot_be_saved_when_the_document_closes_is_named_with_its_reason(qtbot, doc_path):
    interaction = ScriptedInteraction(confirms=[False, True])  # first go on correcting, then close anyway
    w = _window(qtbot, interaction)
    w.open_path(doc_path)
    form = w.view.show_page("Uppgifter")
    name = form.rows["contact_person"].editor
    name.setFocus()
    qtbot.keyClicks(name, "Anna Lind")  # valid, saved when the focus moves on
    stream, edit = next(iter(form.allocation_edits.items()))
    allocated = w.ctx.doc.allocation()[stream]
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "tre miljoner")
    assert not w.close_document()  # the user chose to go on correcting: still open
    kind, title, text = interaction.messages[-1]
    assert (kind, title) == ("confirm", "Sparades inte")
    assert f"Tilldelning {stream}: ”tre miljoner” är inget belopp" in text and "Allt annat" in text
    assert w.ctx is not None and w.ctx.doc.field("contact_person") == "Anna Lind"
    end = form.rows["report_period_end"].editor
    end.setFocus()
    end.selectAll()
    qtbot.keyClicks(end, "2023-01-01")  # before the period's start: the checks between fields refuse it
    assert w.close_document()
    kind, title, text = interaction.messages[-1]
    assert kind == "confirm" and "Redovisningsperiod, till" in text and "sparades inte" in text
    with Document.open(doc_path, readonly=True) as doc:
        assert doc.field("contact_person") == "Anna Lind"
        assert doc.allocation()[stream] == allocated
        assert doc.field("report_period_end") == "2024-12-31"
