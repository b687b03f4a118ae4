"""Screenshots on a small laptop (called by docs/screenshots.py; its dark_pass takes the dark ones).

small_*.png: the window (Uppgifter) and the import dialog at the room a 1366×768 screen at 125 % leaves,
1093×614 logical pixels less the taskbar's share and the title bar (``ui.screen_fit``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QWidget
from shots_open import opened

if TYPE_CHECKING:
    from ui.main_window import MainWindow

Save = Callable[[QWidget, str, QApplication], Path]
SMALL_SCREEN = QSize(1093, 614)  # logical pixels of a 1366×768 screen at 125 %


def pause(app: QApplication) -> None:
    """Let the charts lay themselves out again after a resize or a palette change (a few paints)."""
    end = time.monotonic() + 0.5
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def small_room() -> QSize:
    """The content size ``ui.screen_fit`` gives a window on the small screen (title bar and frame off)."""
    from ui.screen_fit import FRAME, TITLE_BAR

    return QSize(SMALL_SCREEN.width() - 2 * FRAME, SMALL_SCREEN.height() - TITLE_BAR - FRAME)


def small_shots(window: MainWindow, app: QApplication, save: Save, ledger: Path) -> None:
    """The window and the import dialog's columns step at the small laptop's size."""
    from ui.import_dialog import ImportDialog

    before = window.size()
    room = small_room()
    window.resize(room)
    try:
        opened(window)[1].show_page("Uppgifter")
        pause(app)
        save(window, "small_form", app)
        dialog = ImportDialog(opened(window)[0], window)
        dialog.resize(min(980, room.width()), min(680, room.height()))  # as fit_to_screen opens it there
        dialog.show()
        assert dialog.load_file(ledger)
        assert dialog.next_step()  # → 2. Kolumner: Tillbaka, Nästa and Avbryt still on screen
        save(dialog, "small_import", app)
        dialog.reject()
    finally:
        window.resize(before)
