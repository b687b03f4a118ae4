"""Start-up: folders on a slow network share (Alla redovisningar, the recent list) are read after the window
has painted, in threads; the window does not wait for them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from models.catalogue.check import load_catalogue
from models.storage.document_file import Document
from ui.interaction import ScriptedInteraction
from ui.main_window import MainWindow
from ui.settings import Settings


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def test_a_slow_share_does_not_hold_up_the_window(qtbot, tmp_path, catalogue, monkeypatch) -> None:
    share = tmp_path / "nätverksmapp"
    share.mkdir()
    path = share / "skane-2024.bidrag"
    Document.create(path, "gnv-2024", "region-12", catalogue).close()
    settings = Settings(portfolio_folder=str(share), recent_files=[str(path)])
    settings.save()

    gate = threading.Event()  # every read under the share waits here until the test lets it through
    readers: list[str] = []

    def slowed(original):
        def read(self, *args, **kwargs):
            if share == self or share in self.parents:
                readers.append(threading.current_thread().name)
                gate.wait(10)
            return original(self, *args, **kwargs)

        return read

    for name in ("is_file", "is_dir", "iterdir", "exists", "stat"):
        monkeypatch.setattr(Path, name, slowed(getattr(Path, name)))

    window = MainWindow(catalogue, Settings.load(), ScriptedInteraction())
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(400)  # the list of every redovisning starts 300 ms after the first paint
    QApplication.processEvents()
    assert readers, "the share was never read"
    assert threading.main_thread().name not in readers  # every read of the share ran in a thread
    item = window.start.recent.item(0)
    assert item.text() == f"skane-2024.bidrag\n{share}"  # named at once, described when read
    gate.set()
    qtbot.waitUntil(lambda: "senast ändrad" in window.start.recent.item(0).text(), timeout=10_000)
    assert "Region Skåne" in window.start.recent.item(0).text()
    portfolio = window.start.portfolio
    qtbot.waitUntil(lambda: portfolio.reader is None and portfolio.table.rowCount() == 1, timeout=20_000)
    assert portfolio.table.item(0, 0).text() == "skane-2024.bidrag"
    window.close()


def test_a_recent_file_that_is_gone_is_marked_when_read(qtbot, tmp_path, catalogue) -> None:
    gone = tmp_path / "borttagen.bidrag"
    Settings(recent_files=[str(gone)]).save()
    window = MainWindow(catalogue, Settings.load(), ScriptedInteraction())
    qtbot.addWidget(window)
    window.start.wait()
    assert window.start.recent.item(0).text() == f"borttagen.bidrag\n{tmp_path} – filen hittas inte"


def test_a_window_without_its_catalogue_reads_it_on_first_use(qtbot, tmp_path) -> None:
    """``run_gui`` builds the window before the agreements are read: keyboard, menus and the recent documents
    work as soon as it has painted, and the catalogue is read when something first needs it."""
    path = tmp_path / "skane-2024.bidrag"
    Document.create(path, "gnv-2024", "region-12", load_catalogue()).close()
    Settings(recent_files=[str(path)]).save()
    interaction = ScriptedInteraction()
    window = MainWindow(None, Settings.load(), interaction)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.first_painted, timeout=5_000):
        window.show()
    assert window.start.catalogue is None  # nothing has asked for it
    assert window.start.recent.item(0).text() == f"skane-2024.bidrag\n{tmp_path}"  # named, not yet described
    assert window.focusWidget() is window.start.new_button  # the default button has the keyboard
    QTest.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)  # Arkiv → Öppna…
    assert interaction.messages[-1][:2] == ("open_file", "Öppna redovisning")
    window.start.recent.itemActivated.emit(window.start.recent.item(0))
    assert window.ctx is not None and window.ctx.doc.path == path
    assert window.start.catalogue is window.catalogue and window.start.portfolio.catalogue is window.catalogue
    assert window.ctx.catalogue is window.catalogue
    window.close()


def test_the_none_yet_line_looks_the_same_before_and_after_the_paint(qtbot) -> None:
    window = MainWindow(None, Settings(), ScriptedInteraction())
    qtbot.addWidget(window)
    window.resize(1000, 700)
    recent = window.start.recent
    line = recent.item(0)
    assert line.text().startswith("Inga redovisningar ännu.")
    assert line.flags() != Qt.ItemFlag.NoItemFlags  # its flags come after the paint
    before = recent.grab().toImage()
    with qtbot.waitSignal(window.first_painted, timeout=5_000):
        window.show()
    assert line.flags() == Qt.ItemFlag.NoItemFlags  # neither chosen nor selected
    recent.setCurrentRow(0)
    assert not recent.selectedItems()
    recent.setCurrentRow(-1)
    assert recent.grab().toImage() == before
    window.close_document()  # the start page filled again after a document: at once disabled
    window.start.refresh()
    assert window.start.recent.item(0).flags() == Qt.ItemFlag.NoItemFlags
    window.close()


START = """
import json, sys
from PySide6 import QtCore
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
LATER = ("models.catalogue.catalogue", "logging.handlers", "models.portfolio", "ui.theme", "ui.next_year_dialog")
seen = {}

def finished(window):  # connected after run_gui's own: what the window holds once it has finished starting
    seen["catalogue"] = window.start.catalogue is not None and window.start.portfolio.catalogue is not None
    seen["agreements"] = sorted(window.catalogue.agreements)[:1]
    window.start.wait()
    seen["recent"] = window.start.recent.item(0).text()
    QTimer.singleShot(0, window.close)

class Probe(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and isinstance(obj, QMainWindow) and "painted" not in seen:
            seen["painted"] = {"Qt": "Qt" in vars(QtCore), "modules": [m for m in LATER if m in sys.modules]}
            obj.first_painted.connect(lambda: finished(obj))
        return False

probe = Probe()
app.installEventFilter(probe)
from ui.app import run_gui
code = run_gui([])
print(json.dumps(seen))
sys.exit(code)
"""


def test_python_main_py_paints_the_start_page_before_the_rest(tmp_path) -> None:
    """The first paint comes before PySide's Qt enums, the catalogue, the log file's handler, the list's reading
    and the rarely used dialogs are imported; right after it the agreements are read, the recent documents
    described, and the start's record is in the log file."""
    path = tmp_path / "skane-2024.bidrag"
    Document.create(path, "gnv-2024", "region-12", load_catalogue()).close()
    Settings(recent_files=[str(path)]).save()
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-c", START], cwd=root, env=dict(os.environ), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["painted"] == {"Qt": False, "modules": []}
    assert seen["catalogue"] and seen["agreements"]
    assert seen["recent"].startswith("skane-2024.bidrag – Region Skåne\nGod och nära vård")
    log = Path(os.environ["BIDRAGSKOLLEN_HOME"]) / "logs" / "bidragskollen.log"
    assert "Fönstret startat (utan argument)" in log.read_text(encoding="utf-8")
