"""The first page: what the program does, the three ways to start, and recent documents.

It is what the window paints first, so nothing here touches the ``Qt`` namespace before the paint: PySide's
first use of it builds about a hundred enums (20–30 ms, docs/performance.md). The recent documents are kept
by row in ``_paths``, and the "none yet" line gets its item flags once the window has painted."""

from __future__ import annotations

import json
import threading
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.interaction import Interaction
from ui.portfolio_view import PortfolioView
from ui.settings import Settings

if TYPE_CHECKING:  # the catalogue is read after the first paint (ui/app.py)
    from models.catalogue.catalogue import Catalogue

INTRO = (
    "Bidragskollen håller ordning på ett statsbidrag enligt SKR:s överenskommelser, "
    "till exempel God och nära vård. "
    "Du lägger in tilldelningen, kostnaderna och utbetalningarna och ser hela tiden vad som återstår "
    "och vilka datum som gäller. "
    "När året är slut skriver programmet Bilaga 1, rekvisition och ekonomisk redovisning, "
    "som PDF och Excel."
)


def _copy_name(text: str | None) -> str:
    """The name in the document's own copy of its agreement (an agreement this machine lacks)."""
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        return ""
    name = data.get("name") if isinstance(data, dict) else None
    return name if isinstance(name, str) else ""


def describe_document(path: Path, catalogue: Catalogue) -> tuple[str, str, str] | None:
    """(agreement, recipient, last change) read straight from the file, without locking it."""
    import sqlite3  # in the reading thread, after the first paint

    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
    except sqlite3.Error:
        return None
    try:
        meta = dict(con.execute("SELECT key, value FROM meta"))
        row = con.execute("SELECT max(time) FROM history").fetchone()
    except sqlite3.Error:
        return None
    finally:
        con.close()
    agreement = catalogue.agreements.get(meta.get("agreement", ""))
    name = agreement.name if agreement else _copy_name(meta.get("agreement_data")) or meta.get("agreement", "?")
    recipient = catalogue.recipients.get(meta.get("recipient", ""))
    changed = (row[0] or "")[:16] if row else ""
    if not changed:
        changed = datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
    return (
        name.replace(" - ", " – ").split(" – ")[0],
        recipient.name if recipient else meta.get("recipient", "?"),
        changed,
    )


class StartPage(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    recent_chosen = Signal(Path)
    _described = Signal(int, int, object)  # generation, row, (agreement, recipient, changed) or None

    def __init__(
        self,
        settings: Settings,
        catalogue: Catalogue | None,
        parent: QWidget | None = None,
        interaction: Interaction | None = None,
    ) -> None:
        """``catalogue`` None: the recent documents are named at once and described once ``set_catalogue``
        gives it (the window reads it after its first paint)."""
        super().__init__(parent)
        self.settings = settings
        self.catalogue = catalogue
        self._paths: list[str] = []  # the recent documents, by row of ``recent``
        self._placeholder: QListWidgetItem | None = None
        self._painted = False
        self.interaction = interaction or Interaction(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 36, 48, 36)
        title = QLabel("Välkommen till Bidragskollen")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        outer.addWidget(title)
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        intro.setMaximumWidth(760)
        outer.addWidget(intro)
        outer.addSpacing(16)
        buttons = QHBoxLayout()
        self.new_button = QPushButton("&Ny redovisning…")
        self.new_button.setToolTip("Välj överenskommelse och mottagare; tilldelningen hämtas ur avtalet.")
        self.open_button = QPushButton("Ö&ppna…")
        self.open_button.setToolTip("Öppna en befintlig redovisning (.bidrag).")
        self.demo_button = QPushButton("Öppna &exemplet")
        self.demo_button.setToolTip(
            "En påhittad redovisning för Skåne län 2024 att prova på; dina filer påverkas inte."
        )
        for button, signal in (
            (self.new_button, self.new_requested),
            (self.open_button, self.open_requested),
            (self.demo_button, self.demo_requested),
        ):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
            button.setMinimumHeight(button.sizeHint().height() * 3 // 2)
            button.clicked.connect(signal.emit)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.new_button.setDefault(True)
        outer.addLayout(buttons)
        outer.addSpacing(20)
        heading = QLabel("Senast öppnade")
        bold = heading.font()
        bold.setBold(True)
        heading.setFont(bold)
        outer.addWidget(heading)
        self.recent = QListWidget()
        self.recent.setAccessibleName("Senast öppnade redovisningar")
        self.recent.setAlternatingRowColors(True)
        self.recent.itemActivated.connect(self._activated)
        heading.setBuddy(self.recent)
        outer.addWidget(self.recent, 1)
        outer.addSpacing(12)
        overview = QLabel("Alla redovisningar")
        overview.setFont(bold)
        outer.addWidget(overview)
        # every grant at a glance, read in the background after the page is shown (ui/portfolio_view.py)
        self.portfolio = PortfolioView(settings, catalogue, self.interaction)
        outer.addWidget(self.portfolio, 2)
        self.hint = QLabel("Du kan också dra en .bidrag-fil till fönstret.")
        self.hint.setEnabled(False)
        outer.addWidget(self.hint)
        self._generation = 0
        self._reading: threading.Thread | None = None
        self._described.connect(self._show_described)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.settings.recent_files or self.settings.portfolio_folder:
            QTimer.singleShot(300, self.portfolio.reload)  # after the first paint

    def set_catalogue(self, catalogue: Catalogue) -> None:
        """The agreements have been read: describe the recent documents, and let the list of all read."""
        self.catalogue = catalogue
        self.portfolio.set_catalogue(catalogue)
        self._describe_recent()

    def refresh(self) -> None:
        """The recent documents by name at once; what each holds is read in a thread (a file on a slow
        share, or one that is gone, never holds up the window) and filled in as it comes."""
        self.recent.clear()
        self._generation += 1
        self._paths = list(self.settings.recent_files)
        for text in self._paths:
            path = Path(text)
            item = QListWidgetItem(f"{path.name}\n{path.parent}")
            item.setToolTip(text)
            self.recent.addItem(item)
        self._placeholder = None
        if not self._paths:
            item = QListWidgetItem("Inga redovisningar ännu. Börja med Ny redovisning eller prova exemplet.")
            # drawn as the disabled line it becomes after the paint (_finish_placeholder), without a Qt enum
            item.setForeground(self.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
            self.recent.addItem(item)
            self._placeholder = item
            if self._painted:
                self._finish_placeholder()
        self._describe_recent()

    def painted(self) -> None:
        """The window has painted for the first time (``MainWindow.first_painted``)."""
        self._painted = True
        self._finish_placeholder()

    def _finish_placeholder(self) -> None:
        """The "none yet" line becomes a disabled item, neither chosen nor selected, coloured by the palette."""
        from PySide6.QtCore import Qt

        if self._placeholder is not None:
            self._placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self._placeholder.setData(Qt.ItemDataRole.ForegroundRole, None)

    def _describe_recent(self) -> None:
        if self._paths and self.catalogue is not None:
            args = (self._generation, list(self._paths), self.catalogue)
            self._reading = threading.Thread(target=self._describe, args=args, daemon=True, name="senaste")
            self._reading.start()

    def _describe(self, generation: int, recent: list[str], catalogue: Catalogue) -> None:
        for row, text in enumerate(recent):
            path = Path(text)
            info = describe_document(path, catalogue) if path.is_file() else None
            try:
                self._described.emit(generation, row, info)
            except RuntimeError:  # the window closed meanwhile
                return

    def _show_described(self, generation: int, row: int, info: tuple[str, str, str] | None) -> None:
        item = self.recent.item(row)
        if generation != self._generation or item is None:
            return  # the list was filled again meanwhile
        path = Path(self._paths[row])
        if info is None:
            item.setText(f"{path.name}\n{path.parent} – filen hittas inte")
            item.setForeground(self.palette().placeholderText())
        else:
            agreement, recipient, changed = info
            item.setText(f"{path.name} – {recipient}\n{agreement} · senast ändrad {changed} · {path.parent}")

    def wait(self) -> None:
        """Block until the recent documents are described and shown (tests, screenshots)."""
        from PySide6.QtCore import QCoreApplication

        if self._reading is not None:
            self._reading.join()
        QCoreApplication.processEvents()

    def _activated(self, item: QListWidgetItem) -> None:
        row = self.recent.row(item)
        if 0 <= row < len(self._paths):
            self.recent_chosen.emit(Path(self._paths[row]))
