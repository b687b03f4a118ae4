"""Run by test_small_screen.py in a process of its own whose offscreen screen is 1093×614 logical pixels:
opens every page and dialog and prints one JSON line per window with what does not fit."""

from __future__ import annotations

import gc
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QApplication, QWidget


def in_scroll_area(widget: QWidget, top: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def problems(widget: QWidget) -> dict[str, object]:
    from ui.screen_fit import room

    space = room(widget)
    least = widget.minimumSizeHint().expandedTo(widget.minimumSize())
    cut = []
    for button in widget.findChildren(QAbstractButton):
        if not button.isVisibleTo(widget) or in_scroll_area(button, widget):
            continue  # a button in a scrolling area is reached by scrolling
        where = button.rect().translated(button.mapTo(widget, button.rect().topLeft()))
        if not widget.rect().contains(where):
            cut.append(button.text().replace("&", "") or button.accessibleName() or type(button).__name__)
    return {
        "size": [widget.width(), widget.height()],
        "room": [space.width(), space.height()],
        "too_big": widget.width() > space.width() or widget.height() > space.height(),
        "minimum_too_big": least.width() > space.width() or least.height() > space.height(),
        "cut_buttons": cut,
    }


def main() -> None:
    app = QApplication([])
    screen = app.primaryScreen().availableGeometry()
    print(json.dumps({"screen": [screen.width(), screen.height()]}), flush=True)
    from every_window import every_window
    from helpers import catalogue

    def check(name: str, widget: QWidget) -> None:
        print(json.dumps({"name": name, **problems(widget)}, ensure_ascii=False), flush=True)

    every_window(Path(tempfile.mkdtemp(prefix="small-screen-")), catalogue(), check)
    # the Export page's preview may still be rendering: a thread destroyed at exit would abort the process
    for thread in [t for t in gc.get_objects() if isinstance(t, QThread)]:
        thread.wait()


if __name__ == "__main__":
    main()
