"""Alla redovisningar: every document of a chosen folder and the recent ones, one line each, read in the
background (read-only, no lock), sorted by the next open deadline with overdue ones marked. The same
widget sits on the start page and in its own window; ``models/portfolio.py`` does the reading.

The start page paints with this widget on it: the reading, the ``Qt`` namespace (whose first use costs 20–30 ms,
docs/performance.md) and the colours are imported when the list is first read, after the paint."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.errors import UserError
from models.words import count
from ui.doc_reader import Job, Reading
from ui.interaction import Interaction
from ui.screen_fit import fit_to_screen
from ui.settings import Settings

if TYPE_CHECKING:
    from models.catalogue.catalogue import Catalogue
    from models.portfolio import Portfolio

    FolderRead = tuple[Portfolio | str, int, str]  # the portfolio (or a sentence), files found, what kept one out

HEADINGS = (
    "Fil",
    "Överenskommelse",
    "Mottagare",
    "År",
    "Tilldelning",
    "Förbrukat",
    "Kvar",
    "Andel",
    "Nästa datum",
    "Rekvisition",
    "Redovisning",
)
NOTHING = "Välj en mapp med redovisningar, eller öppna en redovisning, så syns de här."


def document_paths(folder: str, recent: list[str]) -> tuple[list[Path], str]:
    """The folder's documents, then the recent ones not among them; and why the folder could not be read.
    It reads the disk (perhaps a slow share): called in the reader's thread, never the window's."""
    from models.portfolio import folder_files

    found: list[Path] = []
    problem = ""
    if folder:
        try:
            found = folder_files(Path(folder))
        except UserError as err:
            problem = str(err)
    found += [Path(p) for p in recent if Path(p).is_file()]
    return found, problem


def read_folder_and_recent(
    folder: str, recent: list[str], catalogue: Catalogue, job: Job[FolderRead]
) -> tuple[Portfolio | str, int, str]:
    """In the job's thread: the Portfolio (or a Swedish sentence), how many files were found, and what kept the
    folder unread. Stopping the job cancels the reading between two files (``Cancelled``)."""
    from models.portfolio import read_portfolio

    paths, problem = document_paths(folder, recent)
    try:
        result: Portfolio | str = read_portfolio(paths, catalogue, progress=job.progressed.emit, cancel=job.stop.is_set)
    except UserError as err:
        result = str(err)
    return result, len(paths), problem


class PortfolioView(QWidget):
    """The list, its folder, and its buttons. ``open_requested`` asks the window to open a document."""

    open_requested = Signal(Path)

    def __init__(
        self, settings: Settings, catalogue: Catalogue | None, interaction: Interaction, parent: QWidget | None = None
    ) -> None:
        """``catalogue`` None: the list is read once ``set_catalogue`` gives it (the start page's, read after
        the window's first paint)."""
        super().__init__(parent)
        self.settings = settings
        self.catalogue = catalogue
        self.interaction = interaction
        self.result: Portfolio | None = None
        self.reading = Reading(self, self._done, self._progress)
        self._waiting = False  # reload() was asked for before the catalogue was there
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        row.addWidget(self.folder_label, 1)
        self.folder_button = QPushButton("Välj &mapp…")
        self.folder_button.setToolTip("Mappen med redovisningarna, ofta en nätverksmapp.")
        self.folder_button.clicked.connect(self.choose_folder)
        self.reload_button = QPushButton("&Läs om")
        self.reload_button.clicked.connect(self.reload)
        self.export_button = QPushButton("E&xportera listan (Excel)…")
        self.export_button.clicked.connect(lambda _c=False: self.export())
        for b in (self.folder_button, self.reload_button, self.export_button):
            row.addWidget(b)
        outer.addLayout(row)
        self.table = QTableWidget(0, len(HEADINGS))
        self.table.setHorizontalHeaderLabels(HEADINGS)
        self.table.setAccessibleName("Alla redovisningar")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().resizeSection(1, 240)  # the agreement's long name, elided
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.cellActivated.connect(self._activated)
        outer.addWidget(self.table, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        outer.addWidget(self.status)
        self._show_folder()

    # -- reading --------------------------------------------------------------------------
    def set_catalogue(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        if self._waiting:
            self.reload()

    def reload(self) -> None:
        """Start reading in the background (the folder's listing too); a reading under way is stopped first."""

        from models.portfolio import Portfolio

        self.cancel()
        if not self.settings.portfolio_folder and not self.settings.recent_files:
            self._fill(Portfolio())
            self.status.setText(NOTHING)
            return
        self.status.setText("Läser filerna…")
        self._waiting = self.catalogue is None
        if self.catalogue is None:
            return
        folder, recent, catalogue = self.settings.portfolio_folder, list(self.settings.recent_files), self.catalogue
        self.reading.start_job(lambda job: read_folder_and_recent(folder, recent, catalogue, job))

    @property
    def reader(self) -> Job[FolderRead] | None:
        """The reading under way, if any."""
        return self.reading.current

    def cancel(self) -> None:
        job = self.reading.current
        self.reading.stop()
        if job is not None:
            job.wait()

    def wait(self) -> None:
        """Block until the reading is done and shown (screenshots)."""
        self.reading.wait()

    def _progress(self, n: int, total: int) -> None:
        if n % 25 == 0:
            self.status.setText(f"Läser {n} av {count(total, 'fil', 'filer')}…")

    def _done(self, job: Job[FolderRead]) -> None:
        if job.stopped:
            return
        result, found, problem = job.result
        if isinstance(result, str):
            self.status.setText(result)
            return
        self._fill(result)
        if not found:
            self.status.setText(problem or NOTHING)
        elif problem:  # the recent documents are listed; the folder is named as unread
            self.status.setText(f"{problem} {self.status.text()}")

    def _fill(self, result: Portfolio) -> None:
        from PySide6.QtCore import Qt

        from models.money import format_sek
        from ui import theme

        self.result = result
        self.table.setRowCount(len(result.documents))
        for r, e in enumerate(result.documents):
            share = f"{e.share_used * 100:.0f} %".replace(".", ",") if e.share_used is not None else ""
            when = f"{e.next_deadline} {e.next_deadline_label}" if e.next_deadline else "klar"
            if e.overdue:
                when = f"FÖRSENAD: {when}"
            cells = (
                e.path.name,
                e.agreement_name,
                e.recipient,
                str(e.year),
                format_sek(e.allocation),
                format_sek(e.costs),
                format_sek(e.remaining),
                share,
                when,
                "slutlig" if e.requisition_final else "–",
                "slutlig" if e.report_final else "–",
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, str(e.path))
                item.setToolTip(str(e.path))
                if 4 <= c <= 7:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if e.overdue and c == 8:
                    theme.paint_item(item, fore="error")
                self.table.setItem(r, c, item)
        overdue = sum(e.overdue for e in result.documents)
        n = len(result.documents)
        text = f"{n} {'redovisning' if n == 1 else 'redovisningar'}"
        if overdue:
            text += f", {overdue} med ett passerat datum"
        text += "."
        if result.skipped:
            names = "; ".join(f"{s.path.name}: {s.reason}" for s in result.skipped[:5])
            more = f" och {len(result.skipped) - 5} till" if len(result.skipped) > 5 else ""
            text += f" Kunde inte läsas: {names}{more}"
        self.status.setText(text)

    def _activated(self, row: int, _column: int) -> None:
        from PySide6.QtCore import Qt

        item = self.table.item(row, 0)
        if item is not None:
            self.open_requested.emit(Path(item.data(Qt.ItemDataRole.UserRole)))

    # -- folder and export ----------------------------------------------------------------
    def _show_folder(self) -> None:
        folder = self.settings.portfolio_folder
        self.folder_label.setText(f"Mapp: {folder}" if folder else "Ingen mapp vald; listan visar de senast öppnade.")

    def choose_folder(self, folder: Path | None = None) -> None:
        if folder is None:
            folder = self.interaction.choose_folder("Välj mappen med redovisningarna", self.settings.portfolio_folder)
            if folder is None:
                return
        self.settings.portfolio_folder = str(folder)
        self.settings.save()
        self._show_folder()
        self.reload()

    def export(self, path: Path | None = None) -> Path | None:
        from exporters.atomic import write_atomic
        from exporters.table_xlsx import render_table_xlsx
        from models.portfolio import portfolio_sheet

        if self.result is None:
            return None
        if path is None:
            start = Path(self.settings.portfolio_folder or Path.home()) / "Alla redovisningar.xlsx"
            path = self.interaction.save_file("Exportera listan", str(start), "Excel-arbetsbok (*.xlsx)")
            if path is None:
                return None
        source = self.settings.portfolio_folder or "senast öppnade"
        try:
            return write_atomic(path, render_table_xlsx(portfolio_sheet(self.result, source)))
        except UserError as err:
            self.interaction.warn("Exportera listan", str(err))
            return None


class PortfolioWindow(QMainWindow):
    """The window "Alla redovisningar": the same list, larger, beside the open document."""

    def __init__(
        self, settings: Settings, catalogue: Catalogue, interaction: Interaction, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Alla redovisningar – Bidragskollen")
        self.view = PortfolioView(settings, catalogue, interaction)
        self.setCentralWidget(self.view)
        fit_to_screen(self, 1200, 560)
        QTimer.singleShot(0, self.view.reload)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.view.cancel()
        event.accept()
