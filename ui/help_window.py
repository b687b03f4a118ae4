"""Hjälp → Handbok: the Swedish guide (docs/guide/index.md) inside the program, opened at a section (F1).

Also the text of the Om box. The guide's own links (#avsnitt) move within it; other links open in the
system's browser."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QKeySequence, QShortcut, QTextBlock, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from models.system.guide import for_display, guide_path, heading_for_anchor, read_guide
from models.system.version import LICENCE, VERSION
from ui import theme
from ui.screen_fit import fit_to_screen


def about_text() -> str:
    """Om Bidragskollen: what it is, its version and licence, and where its own files are."""
    from models.system.logsetup import setup_logging
    from models.system.paths import data_dir
    from ui.settings import settings_path

    return (
        f"Bidragskollen\nVersion {VERSION}\n\n"
        "Bidragskollen håller ordning på statsbidrag enligt SKR-överenskommelserna: tilldelning, "
        "kostnader och utbetalningar, och skriver Bilaga 1 (rekvisition och ekonomisk redovisning).\n\n"
        f"Licens: {LICENCE} (Europeiska unionens licens för öppen programvara). "
        "Handboken finns under Hjälp → Handbok (F1).\n\n"
        f"Inställningar: {settings_path()}\n"
        f"Loggfil: {setup_logging()}\n"
        f"Säkerhetskopior: {data_dir() / 'backups'}"
    )


def dark_variant(picture: Path) -> Path:
    """Under a dark palette, the dark screenshot of the same window (docs/img/dark_NAME.png) where there is one:
    a light screenshot is a white patch in a dark window."""
    dark = picture.with_name(f"dark_{picture.name}")
    return dark if theme.is_dark() and not picture.name.startswith("dark_") and dark.is_file() else picture


IMAGE_WIDTH = 720  # the guide's screenshots are drawn at most this wide, so its text wraps in the window


class GuideBrowser(QTextBrowser):
    """A text browser that draws the guide's screenshots small enough for the text beside them to wrap."""

    def loadResource(self, kind: int, name: QUrl | str) -> object:
        if isinstance(name, str):
            name = QUrl(name)
        if name.isRelative():  # the guide's ../img/… pictures, beside docs/guide
            name = QUrl.fromLocalFile(str(guide_path())).resolved(name)
        if kind == QTextDocument.ResourceType.ImageResource.value and name.isLocalFile():
            image = QImage(str(dark_variant(Path(name.toLocalFile()))))
            if not image.isNull() and image.width() > IMAGE_WIDTH:
                return image.scaledToWidth(IMAGE_WIDTH, Qt.TransformationMode.SmoothTransformation)
            if not image.isNull():
                return image
        return super().loadResource(kind, name)


class HelpWindow(QWidget):
    """The guide in its own window, beside the program (not modal: the user follows it while working)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Handbok – Bidragskollen")
        self.setAccessibleName("Handbok")
        self.browser = GuideBrowser()
        self.browser.setAccessibleName("Handbokens text")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(lambda url: self.follow_link(url.toString()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        self.text = read_guide()  # a missing guide is a UserError before the window exists
        self.browser.setMarkdown(for_display(self.text))
        theme.watch()
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, self.close)
        QShortcut(QKeySequence("Escape"), self, self.close)
        fit_to_screen(self, 820, 640)

    def follow_palette(self) -> None:
        """Light or dark changed: the pictures again, as the new palette shows them (dark_variant)."""
        scroll = self.browser.verticalScrollBar().value()
        self.browser.setMarkdown(for_display(self.text))  # a new document: its pictures are loaded anew
        self.browser.verticalScrollBar().setValue(scroll)

    def _heading_blocks(self) -> Iterator[QTextBlock]:
        block = self.browser.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel():
                yield block
            block = block.next()

    def show_heading(self, title: str) -> bool:
        """Scroll so the heading is at the top of the window; False when the guide has no such heading."""
        layout = self.browser.document().documentLayout()
        for block in self._heading_blocks():
            if block.text().strip() == title:
                cursor = self.browser.textCursor()
                cursor.setPosition(block.position())
                self.browser.setTextCursor(cursor)
                top = layout.blockBoundingRect(block).top()
                self.browser.verticalScrollBar().setValue(int(top))
                return True
        return False

    def current_heading(self) -> str | None:
        """The first heading visible at the top of the window (what the user sees first)."""
        layout = self.browser.document().documentLayout()
        top = self.browser.verticalScrollBar().value()
        bottom = top + self.browser.viewport().height()
        last_above = None
        for block in self._heading_blocks():
            y = layout.blockBoundingRect(block).top()
            if y >= top - 2 and y < bottom:
                return block.text().strip()
            if y < top:
                last_above = block.text().strip()
        return last_above

    def follow_link(self, link: str) -> None:
        if link.startswith("#"):
            title = heading_for_anchor(self.text, link)
            if title is not None:
                self.show_heading(title)
            return
        url = QUrl(link)
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)

    def open_at(self, title: str | None) -> None:
        self.show()
        self.raise_()
        self.activateWindow()
        self.browser.document().adjustSize()
        if title is None or not self.show_heading(title):
            self.browser.verticalScrollBar().setValue(0)
