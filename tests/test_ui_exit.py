"""Closing the program while the Export page renders its preview ends the process cleanly.

A preview thread destroyed while running aborts the whole process ("QThread: Destroyed while thread is still
running", exit 134): a crash report on Windows at every quick close of the window.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from models.catalogue.user import load_full_catalogue
from models.demo.example import create_demo
from ui.document_view import DocumentView
from ui.main_window import MainWindow
path = create_demo(Path(sys.argv[1]) / "demo.bidrag")
window = MainWindow(load_full_catalogue(team=False))
window.open_path(path, remember=False)
window.show()
app.processEvents()
page = window.findChild(DocumentView).show_page("Export")
page.update_preview()  # a preview renders in its thread ...
window.close()  # ... while the user closes the window and the program ends
del window, page
print("closed")
"""


def test_closing_while_the_preview_renders_ends_the_process_cleanly(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert "closed" in result.stdout, result.stderr
    assert result.returncode == 0, result.stderr
    assert "Destroyed while thread" not in result.stderr


HUNG_SHARE = """
import sys, threading, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from models.catalogue.check import load_catalogue
import ui.team_loader
# A share that stops answering: the folder's read blocks in the operating system and never returns. A test
# cannot make a regular file's read hang without a network file system, so the read itself stands in for it.
ui.team_loader.read_team_folder = lambda *args: threading.Event().wait()
loader = ui.team_loader.TeamLoader(load_catalogue(), Path(sys.argv[1]))
loader.start()
time.sleep(0.5)
print("quitting", flush=True)
"""


def test_quitting_while_the_team_folder_hangs_ends_the_process(tmp_path: Path) -> None:
    """A team folder on a share that stops answering must not keep the program from ending at exit."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    try:
        result = subprocess.run(
            [sys.executable, "-c", HUNG_SHARE, str(tmp_path)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the program did not end while the team folder's read hung")
    assert "quitting" in result.stdout, result.stderr
    assert result.returncode == 0, result.stderr
