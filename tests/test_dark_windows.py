"""Dark mode on every page and dialog: no light patch in a dark window (a white table, chart or picture under
white text is what a user of Windows' dark mode would see first), and the Handbok shows its dark pictures."""

from __future__ import annotations

from pathlib import Path

import pytest
from every_window import every_window, finish_reading, settle
from helpers import catalogue
from PySide6.QtGui import QColor, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QWidget

from ui import theme

# Paper stays white in either palette: the export's preview and the print preview show the printed page.
PAPER = {"Export", "Förhandsgranska utskrift"}
LIGHT = 0.6  # relative luminance above which a pixel is light (white text and light paper)
MOST = 0.08  # share of light pixels a dark window may have: its text, icons and the selection


@pytest.fixture
def dark(qapp):
    old = QGuiApplication.palette()
    QApplication.setPalette(theme.dark_palette())
    yield
    QApplication.setPalette(old)


def light_share(widget: QWidget) -> float:
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    seen = light = 0
    for y in range(0, image.height(), 4):
        for x in range(0, image.width(), 4):
            seen += 1
            light += theme.luminance(QColor.fromRgb(image.pixel(x, y))) > LIGHT
    return light / max(seen, 1)


def test_no_page_or_dialog_has_a_light_patch_in_dark_mode(dark, tmp_path: Path) -> None:
    shares: dict[str, float] = {}

    def check(name: str, widget: QWidget) -> None:
        finish_reading(widget)
        settle()
        if name not in PAPER:
            shares[name] = light_share(widget)

    seen = every_window(tmp_path, catalogue(), check)
    assert {"Översikt", "Kostnader", "Kommuner", "Plan", "Uppgifter", "Historik", "Handbok"} <= set(seen)
    assert {name: round(s, 2) for name, s in shares.items() if s > MOST} == {}


def test_the_handbok_shows_the_dark_screenshots_in_dark_mode_and_follows_a_switch(qapp, qtbot) -> None:
    from ui.help_window import HelpWindow, dark_variant

    old = QGuiApplication.palette()
    QApplication.setPalette(QApplication.style().standardPalette())
    try:
        window = HelpWindow()
        qtbot.addWidget(window)
        window.resize(800, 640)
        window.open_at(None)  # the top: the start page's picture
        settle()
        assert light_share(window) > 0.3  # the light screenshot, in the light window
        QApplication.setPalette(theme.dark_palette())  # Windows switched to dark mode
        settle()
        window.open_at(None)
        settle()
        assert light_share(window) < MOST
        picture = Path(__file__).resolve().parent.parent / "docs" / "img" / "overview.png"
        assert dark_variant(picture).name == "dark_overview.png"
        assert dark_variant(picture.with_name("prognos.png")).name == "prognos.png"  # paper: no dark one
    finally:
        QApplication.setPalette(old)
