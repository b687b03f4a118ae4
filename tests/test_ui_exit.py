"""Closing the program while the Export page renders its preview ends the process cleanly.

A preview thread destroyed while running aborts the whole process ("QThread: Destroyed while thread is still
running", exit 134): a crash report on Windows at every quick close of the window.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
