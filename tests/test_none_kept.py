"""The window survives PySide6's lost references to None (see ``ui/__init__.py``).

PySide6 6.12 on Python 3.11 drops a reference to ``None`` in every Qt call that returns nothing; once the
count reaches zero the process aborts with "deallocating None", taking unsaved typing with it. A long day in
the window makes far more such calls than this test does.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CALLS = """
import sys
import ui  # what every entry to the window imports first
from PySide6.QtWidgets import QApplication, QTableWidget, QTableWidgetItem
app = QApplication([])
table = QTableWidget(10, 10)
item = QTableWidgetItem("x")
for i in range(200_000):  # a long session's worth of Qt calls that return nothing
    item.setText(str(i % 10))
    table.setItem(i % 10, i % 7, QTableWidgetItem("y"))
print("done", flush=True)
"""


def test_two_hundred_thousand_qt_calls_do_not_abort_the_process(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", CALLS], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert "deallocating None" not in result.stderr
    assert result.returncode == 0, result.stderr[-2000:]
    assert "done" in result.stdout


def test_the_program_keeps_none_alive_only_once() -> None:
    import ui

    before = sys.getrefcount(None)
    assert ui.keep_none_alive() is False  # already done when ui was imported (or None is immortal)
    assert abs(sys.getrefcount(None) - before) < 1000
