"""Windows that fit a small laptop: a 1366×768 screen at 125 % scaling leaves 1093×614 logical pixels, the
taskbar and the title bar included. A window opens at its preferred size or smaller, never past the edge."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

TITLE_BAR = 32  # logical pixels a Windows title bar (and frame) adds above the window's content
FRAME = 8  # and around it


def room(window: QWidget) -> QSize:
    """The largest content size that fits on the window's screen with the title bar."""
    screen: QScreen | None = window.screen()  # None while no screen is attached (PySide6's stub says otherwise)
    if screen is None:
        screen = QGuiApplication.primaryScreen()
    available = screen.availableGeometry()
    return QSize(available.width() - 2 * FRAME, available.height() - TITLE_BAR - FRAME)


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Open ``window`` at ``width``×``height``, smaller where the screen is smaller."""
    space = room(window)
    window.resize(min(width, space.width()), min(height, space.height()))
