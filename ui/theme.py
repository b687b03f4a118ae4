"""The program's semantic colours, in one place: error, ok, warning, out-of-period rows, chart series.

Every colour has a light and a dark variant, chosen by the current palette (a dark window background
means dark mode), and text colours are then adjusted until they reach WCAG AA contrast (4.5:1) against
the background they are drawn on, so a high-contrast or odd system palette is still readable. Widgets
coloured through ``paint_text``, table items through ``paint_item`` and widgets with a
``follow_palette()`` method are recoloured when the palette changes at run time (a switch of the
system's light/dark setting, or a palette set on the application).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QTableWidget, QTableWidgetItem, QWidget

AA = 4.5  # WCAG 2 AA contrast for normal text

# role: (light variant, dark variant)
TEXT = {
    "error": ("#b00020", "#ff8a80"),
    "ok": ("#1b5e20", "#81c784"),
    "warning": ("#8a4b00", "#ffb74d"),
    "outside": ("#6b5200", "#ffe082"),  # a cost dated outside the report period (on the "outside" background)
}
BACKGROUND = {
    "outside": ("#fff6d5", "#3d3210"),  # a cost dated outside the report period
    "attention": ("#fff2b3", "#4a3c0c"),  # a row to decide, a rounding note, a marked transfer
    "notice": ("#fff4ce", "#3d3210"),  # the agreement notice on Översikt
    "over": ("#b00020", "#c62828"),  # the bar of a stream that spent more than its allocation
}
SERIES = {
    "actual": ("#1f5f99", "#64b5f6"),
    "plan": ("#5b8c3a", "#9ccc65"),
    "forecast": ("#c05a00", "#ffb74d"),
    "allocation": ("#666666", "#bdbdbd"),
    "planned": ("#6a93bd", "#4f7aa6"),
    "paid": ("#1f5f99", "#64b5f6"),
}

TEXT_ROLE = "bk_text_role"  # widget property: the semantic text colour of a painted widget
BOLD = "bk_text_bold"
ITEM_FORE = int(Qt.ItemDataRole.UserRole) + 401  # table item data: semantic text colour
WATCHER = "bk_theme_watcher"
ITEM_BACK = int(Qt.ItemDataRole.UserRole) + 402  # table item data: semantic background


def luminance(colour: QColor) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio between two colours, 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def current_palette() -> QPalette:
    return QGuiApplication.palette()


def is_dark(palette: QPalette | None = None) -> bool:
    """Dark mode: the window background is darker than its text."""
    pal = palette or current_palette()
    return luminance(pal.color(QPalette.ColorRole.Window)) < luminance(pal.color(QPalette.ColorRole.WindowText))


def _variant(table: dict[str, tuple[str, str]], role: str, palette: QPalette | None) -> QColor:
    light, dark = table[role]
    return QColor(dark if is_dark(palette) else light)


def readable(colour: QColor, *backgrounds: QColor) -> QColor:
    """``colour``, made lighter or darker in small steps until it reaches 4.5:1 against every background."""
    if all(contrast(colour, bg) >= AA for bg in backgrounds):
        return colour
    target = min(backgrounds, key=luminance) if backgrounds else QColor("white")
    towards_white = luminance(target) < 0.18
    h, s, lightness, a = max(colour.hslHueF(), 0.0), colour.hslSaturationF(), colour.lightnessF(), colour.alphaF()
    for step in range(1, 21):
        lit = lightness + (1 - lightness) * step / 20 if towards_white else lightness * (1 - step / 20)
        candidate = QColor.fromHslF(h, s, lit, a)
        if all(contrast(candidate, bg) >= AA for bg in backgrounds):
            return candidate
    return QColor("white" if towards_white else "black")


def text_colour(role: str, palette: QPalette | None = None, background: QColor | None = None) -> QColor:
    """The text colour of ``role`` for this palette, readable on the window and the table background
    (or on ``background`` when the text is drawn on one of ours)."""
    pal = palette or current_palette()
    grounds: tuple[QColor, ...]
    if background is not None:
        grounds = (background,)
    else:
        grounds = (pal.color(QPalette.ColorRole.Window), pal.color(QPalette.ColorRole.Base))
    return readable(_variant(TEXT, role, pal), *grounds)


def background(role: str, palette: QPalette | None = None) -> QColor:
    return _variant(BACKGROUND, role, palette)


def on_background(role: str, palette: QPalette | None = None) -> QColor:
    """Text on one of our backgrounds: the palette's text colour when readable there, else black or white."""
    pal = palette or current_palette()
    back = background(role, pal)
    if role in TEXT:
        return text_colour(role, pal, back)
    text = pal.color(QPalette.ColorRole.Text)
    if contrast(text, back) >= AA:
        return text
    return max((QColor("black"), QColor("white")), key=lambda c: contrast(c, back))


def series(role: str, palette: QPalette | None = None) -> QColor:
    return _variant(SERIES, role, palette)


def muted(palette: QPalette | None = None) -> QColor:
    """Secondary text (explanations under a heading): the window text moved towards the background."""
    pal = palette or current_palette()
    text, window = pal.color(QPalette.ColorRole.WindowText), pal.color(QPalette.ColorRole.Window)
    mixed = QColor.fromRgbF(
        0.65 * text.redF() + 0.35 * window.redF(),
        0.65 * text.greenF() + 0.35 * window.greenF(),
        0.65 * text.blueF() + 0.35 * window.blueF(),
    )
    return readable(mixed, window)


def _style(colour: QColor, bold: bool) -> str:
    return f"color: {colour.name()};" + (" font-weight: bold;" if bold else "")


def paint_text(widget: QWidget, role: str | None, bold: bool = False) -> None:
    """Colour a label's text by semantic role ("error", "ok", "warning", "muted"); None takes it away."""
    watch()
    widget.setProperty(TEXT_ROLE, role or "")
    widget.setProperty(BOLD, bool(bold and role))
    _apply_text(widget)


def _apply_text(widget: QWidget) -> None:
    role = widget.property(TEXT_ROLE)
    if not role:
        widget.setStyleSheet("")
        return
    colour = muted() if role == "muted" else text_colour(role)
    widget.setStyleSheet(_style(colour, bool(widget.property(BOLD))))


def paint_item(item: QTableWidgetItem, back: str | None = None, fore: str | None = None) -> None:
    """Colour a table item by semantic role (a background such as "attention", a text role such as "error")."""
    watch()
    item.setData(ITEM_BACK, back or "")
    item.setData(ITEM_FORE, fore or "")
    _apply_item(item)


def _apply_item(item: QTableWidgetItem) -> None:
    back, fore = item.data(ITEM_BACK), item.data(ITEM_FORE)
    if back:
        item.setBackground(background(back))
        item.setForeground(on_background(back) if not fore else text_colour(fore, background=background(back)))
    elif fore:
        item.setForeground(text_colour(fore))


def over_bar_style(palette: QPalette | None = None) -> str:
    """The stylesheet of a progress bar past 100 %: the error background with readable text on it."""
    pal = palette or current_palette()
    back = background("over", pal)
    text = on_background("over", pal)
    edge = pal.color(QPalette.ColorRole.Mid).name()
    return (
        f"QProgressBar {{ color: {text.name()}; selection-color: {text.name()}; text-align: center; "
        f"border: 1px solid {edge}; border-radius: 2px; }} "
        f"QProgressBar::chunk {{ background: {back.name()}; }}"
    )


def refresh_all() -> None:
    """Recolour everything coloured by role, after the palette changed."""
    for widget in QApplication.allWidgets():
        if not isinstance(widget, QWidget):  # a wrapper of something already gone
            continue
        if widget.property(TEXT_ROLE):
            _apply_text(widget)
        if isinstance(widget, QTableWidget):
            for r in range(widget.rowCount()):
                for c in range(widget.columnCount()):
                    item = widget.item(r, c)
                    if item is not None and (item.data(ITEM_BACK) or item.data(ITEM_FORE)):
                        _apply_item(item)
        follow = getattr(widget, "follow_palette", None)
        if callable(follow):
            follow()


class _Watcher(QObject):
    def __init__(self, app: QGuiApplication) -> None:
        super().__init__(app)
        app.paletteChanged.connect(self.changed)  # the application's palette was set (Qt keeps this signal)
        app.styleHints().colorSchemeChanged.connect(self.changed)  # the system switched light/dark

    def changed(self, *_args: object) -> None:
        refresh_all()


def watch() -> None:
    """Start following palette changes (once per application)."""
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication) and app.findChild(QObject, WATCHER) is None:
        _Watcher(app).setObjectName(WATCHER)


def dark_palette() -> QPalette:
    """A dark palette as Windows' and macOS's dark mode give it (for the screenshots and the tests)."""
    pal = QPalette()
    roles = QPalette.ColorRole
    for role, colour in (
        (roles.Window, "#202124"),
        (roles.WindowText, "#e8eaed"),
        (roles.Base, "#171717"),
        (roles.AlternateBase, "#26282b"),
        (roles.Text, "#e8eaed"),
        (roles.Button, "#2d2f33"),
        (roles.ButtonText, "#e8eaed"),
        (roles.ToolTipBase, "#2d2f33"),
        (roles.ToolTipText, "#e8eaed"),
        (roles.PlaceholderText, "#9aa0a6"),
        (roles.Highlight, "#3d6fb6"),
        (roles.HighlightedText, "#ffffff"),
        (roles.Link, "#8ab4f8"),
        (roles.Light, "#3c3f44"),
        (roles.Midlight, "#33363a"),
        (roles.Mid, "#2a2c30"),
        (roles.Dark, "#121212"),
        (roles.Shadow, "#000000"),
    ):
        pal.setColor(role, QColor(colour))
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor("#80868b"))
    return pal
