"""Export: a preview of the Bilaga 1 pages, the export buttons and the list of earlier exports.

The preview is the draft PDF (``render_pdf(build_report(...), draft=True)``) shown with QtPdf. The
report is built on the GUI thread (SQL aggregates, fast); the PDF is rendered in a background
thread so typing elsewhere never waits for it. Exports run through ``ui.worker.run_task`` with a
cancellable progress dialog (a ledger of 100 000 rows takes a while).
"""

from __future__ import annotations

import atexit
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QThread, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from exporters.run import ExportCancelled
from models.errors import Cancelled, UserError
from models.fingerprint import document_fingerprint, fingerprint, recorded_with_ledger
from models.report import Report, build_report, missing_fields
from ui import theme
from ui.changes import EXPORTS, PARTS, PageRefresh, change
from ui.doc_context import DocContext
from ui.worker import CancelCheck, Progress, run_task

if TYPE_CHECKING:
    from models.catalogue.catalogue import Catalogue
    from models.storage.document_file import Document

log = logging.getLogger("bidragskollen.ui.export")

FORMS = (("redovisning", "Ekonomisk redovisning"), ("rekvisition", "Rekvisition"))
PDF_FILTER = "PDF (*.pdf)"
XLSX_FILTER = "Excel-arbetsbok (*.xlsx)"
PREVIEW_DELAY_MS = 400


@dataclass
class ExportDone:
    paths: list[Path]
    fingerprint: str
    draft: bool
    note: str = ""  # e.g. that a read-only document could not note the export in its history


def export_files(
    doc: Document,
    catalogue: Catalogue,
    *,
    form: str,
    pdf: Path | None,
    xlsx: Path | None,
    draft: bool,
    with_ledger: bool,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> ExportDone:
    """Write the export through ``exporters.run.export_document``; ``progress(percent)``."""
    from exporters.run import export_document

    def say(percent: int, _what: str) -> None:
        if progress is not None:
            progress(percent)

    result = export_document(
        doc,
        catalogue,
        form=form,
        pdf=pdf,
        xlsx=xlsx,
        draft=draft,
        with_ledger=with_ledger,
        progress=say,
        cancel=cancel,
    )
    return ExportDone([Path(p) for p in result.paths], result.fingerprint, draft, result.note)


# Every preview thread that has not finished, kept alive here rather than by its page: a page closed (or the
# program ending) while a preview renders must not destroy a running QThread, which aborts the process.
_RUNNING: set[_RenderThread] = set()


def wait_for_previews() -> None:
    """Wait for every preview still rendering (at exit, so the process ends cleanly)."""
    for thread in list(_RUNNING):
        thread.wait()


atexit.register(wait_for_previews)


class _RenderThread(QThread):
    """Renders the preview PDF off the GUI thread (reportlab only, no document access)."""

    rendered = Signal(int, QByteArray)

    def __init__(self, serial: int, report: Report) -> None:
        super().__init__()
        self.serial = serial
        self.report = report

    def run(self) -> None:
        from exporters.pdf import render_pdf

        try:
            data = render_pdf(self.report, draft=True)
        except Exception:  # the preview is a courtesy: log it, the export will say what is wrong
            log.exception("preview rendering failed")
            data = b""
        self.rendered.emit(self.serial, QByteArray(data))


class ExportPage(QWidget):
    """The Export page. Opening files goes through ``open_url`` (tests replace it)."""

    preview_ready = Signal()

    def __init__(self, ctx: DocContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._serial = 0
        self._threads: list[_RenderThread] = []
        self._dirty = True
        self._buffer: QBuffer | None = None
        self.last_export: ExportDone | None = None
        self._timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.update_preview)

        # preview
        self.form_box = QComboBox()
        for key, label in FORMS:
            self.form_box.addItem(label, key)
        self.form_box.setAccessibleName("Blankett att förhandsgranska")
        self.form_box.currentIndexChanged.connect(lambda _i: self.update_preview())
        self.preview_status = QLabel("Förhandsgranskningen skapas…")
        self.pdf = QPdfDocument(self)
        self.pdf_view = QPdfView()
        self.pdf_view.setDocument(self.pdf)
        self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.pdf_view.setAccessibleName("Förhandsgranskning av blanketten")
        self.pdf_view.setMinimumWidth(420)
        top = QHBoxLayout()
        top.addWidget(QLabel("Förhandsgranska:"))
        top.addWidget(self.form_box)
        top.addWidget(self.preview_status, 1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.pdf_view, 1)

        # actions
        self.pdf_button = QPushButton("Exportera &PDF…")
        self.xlsx_button = QPushButton("Exportera &Excel…")
        self.draft_button = QPushButton("Exportera &utkast…")
        self.requisition_button = QPushButton("&Rekvisition…")
        self.pdf_button.setToolTip("Slutlig ekonomisk redovisning som PDF, att skriva ut och skriva under")
        self.xlsx_button.setToolTip("Slutlig ekonomisk redovisning som Excel-arbetsbok")
        self.draft_button.setToolTip("Utkast (märkt UTKAST) även om uppgifter saknas")
        self.requisition_button.setToolTip("Rekvisitionen till Kammarkollegiet (senast 1 december)")
        self.ledger_box = QCheckBox("Bifoga &kostnadsrader")
        self.ledger_box.setToolTip("Lägg till alla kostnader som bilaga, sorterade per kostnadsslag")
        self.pdf_button.clicked.connect(lambda: self.export_final("redovisning", "pdf"))
        self.xlsx_button.clicked.connect(lambda: self.export_final("redovisning", "xlsx"))
        self.draft_button.clicked.connect(lambda: self.export_draft(self.current_form()))
        self.requisition_button.clicked.connect(lambda: self.export_final("rekvisition", "pdf"))
        actions = QGroupBox("Exportera")
        grid = QVBoxLayout(actions)
        for button in (self.pdf_button, self.xlsx_button, self.draft_button, self.requisition_button):
            grid.addWidget(button)
        grid.addWidget(self.ledger_box)
        if self.ctx.agreement.no_requisition:  # paid on a government decision: the document has no rekvisition
            self.form_box.removeItem(self.form_box.findData("rekvisition"))
            self.requisition_button.hide()

        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.problems.setAccessibleName("Uppgifter som saknas")
        self.fingerprint_label = QLabel()
        self.fingerprint_label.setWordWrap(True)
        self.fingerprint_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.done_frame = QFrame()
        self.done_frame.setFrameShape(QFrame.Shape.StyledPanel)
        self.done_label = QLabel()
        self.done_label.setWordWrap(True)
        self.done_note = QLabel()
        self.done_note.setWordWrap(True)
        self.done_note.setAccessibleName("Om exporten")
        self.done_note.hide()
        self.open_file_button = QPushButton("Öppna &filen")
        self.open_folder_button = QPushButton("Öppna &mappen")
        self.open_file_button.clicked.connect(self.open_exported_file)
        self.open_folder_button.clicked.connect(self.open_exported_folder)
        done_layout = QVBoxLayout(self.done_frame)
        done_layout.addWidget(self.done_label)
        done_layout.addWidget(self.done_note)
        done_buttons = QHBoxLayout()
        done_buttons.addWidget(self.open_file_button)
        done_buttons.addWidget(self.open_folder_button)
        done_layout.addLayout(done_buttons)
        self.done_frame.hide()

        self.history = QTreeWidget()
        self.history.setHeaderLabels(["Tid", "Blankett", "Slag", "Format", "Fingeravtryck", "Av"])
        self.history.setRootIsDecorated(False)
        self.history.setAccessibleName("Tidigare exporter")
        self.history.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.history.header().setStretchLastSection(True)
        self.history.setAlternatingRowColors(True)
        history_box = QGroupBox("Tidigare exporter")
        QVBoxLayout(history_box).addWidget(self.history)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(actions)
        right_layout.addWidget(self.problems)
        right_layout.addWidget(self.done_frame)
        right_layout.addWidget(self.fingerprint_label)
        right_layout.addWidget(history_box, 1)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([640, 520])
        QVBoxLayout(self).addWidget(splitter)

        self.refresher = PageRefresh(self, ctx.changed, PARTS, self._document_changed)
        self.refresh_history()

    # -- preview --------------------------------------------------------------------------
    def current_form(self) -> str:
        return str(self.form_box.currentData())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self._timer.start(0)

    def _document_changed(self) -> None:
        self._dirty = True
        self.refresh_history()
        if self.isVisible():
            self._timer.start()

    def update_preview(self) -> None:
        """Build the report now and render its draft PDF in the background."""
        self._timer.stop()
        self._dirty = False
        try:
            report = build_report(self.ctx.doc, self.ctx.catalogue, self.current_form())
        except UserError as err:
            self.preview_status.setText(str(err))
            return
        self._show_problems(report)
        self._serial += 1
        self.preview_status.setText("Förhandsgranskningen skapas…")
        thread = _RenderThread(self._serial, report)
        thread.rendered.connect(self._rendered, Qt.ConnectionType.QueuedConnection)
        thread.finished.connect(lambda t=thread: _RUNNING.discard(t))
        thread.finished.connect(lambda t=thread: self._forget(t))
        _RUNNING.add(thread)
        self._threads.append(thread)
        thread.start()

    def _forget(self, thread: _RenderThread) -> None:
        if thread in self._threads:
            self._threads.remove(thread)
        thread.deleteLater()

    def _rendered(self, serial: int, data: QByteArray) -> None:
        if serial != self._serial:
            return  # a newer preview is on its way
        if data.isEmpty():
            self.preview_status.setText("Förhandsgranskningen kunde inte skapas; se loggfilen.")
            return
        self.pdf.close()
        self._buffer = QBuffer(self)
        self._buffer.setData(data)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf.load(self._buffer)
        pages = self.pdf.pageCount()
        self.preview_status.setText(f"Utkast, {pages} {'sida' if pages == 1 else 'sidor'}")
        self.preview_ready.emit()

    def _show_problems(self, report: Report) -> None:
        problems = missing_fields(report)
        if problems:
            head = "Innan slutlig export behöver du åtgärda:"
            self.problems.setText(head + "\n" + "\n".join(f"• {p}" for p in problems))
            theme.paint_text(self.problems, "warning")
        else:
            self.problems.setText("Alla uppgifter som blanketten kräver är ifyllda.")
            theme.paint_text(self.problems, "ok")
        if report.warnings:
            text = self.problems.text() + "\n\nKontrollera också:\n" + "\n".join(f"• {w}" for w in report.warnings)
            self.problems.setText(text)
            theme.paint_text(self.problems, "warning")
        if report.form == "redovisning":
            self._show_fingerprint(report)

    def _show_fingerprint(self, report: Report) -> None:
        finals = [e for e in self.ctx.doc.exports() if not e.draft and e.form == "redovisning"]
        current = fingerprint(report)
        text = f"Fingeravtryck för redovisningen just nu: {current}."
        if finals:
            last = finals[-1]
            when = last.time.strftime("%Y-%m-%d %H:%M")
            if recorded_with_ledger(last.formats):  # compared as it was exported, with the cost rows
                current = document_fingerprint(
                    self.ctx.doc, self.ctx.catalogue, "redovisning", ledger=True, report=report
                )
                text += f" Med kostnadsrader: {current}."
            if last.fingerprint == current:
                text += f" Samma som den slutliga exporten {when}."
            else:
                text += f" Ändrad sedan den slutliga exporten {when} ({last.fingerprint})."
        self.fingerprint_label.setText(text)

    def wait_for_threads(self) -> None:
        for thread in list(self._threads):
            thread.wait()

    # -- history --------------------------------------------------------------------------
    def refresh_history(self) -> None:
        readonly = self.ctx.readonly
        for button in (self.pdf_button, self.xlsx_button, self.draft_button, self.requisition_button):
            button.setEnabled(True)  # exporting only reads; a read-only document records nothing
        self.history.clear()
        labels = {"redovisning": "Redovisning", "rekvisition": "Rekvisition"}
        for e in reversed(self.ctx.doc.exports()):
            kind = "Utkast" if e.draft else "Slutlig"
            item = QTreeWidgetItem(
                [e.time.strftime("%Y-%m-%d %H:%M"), labels.get(e.form, e.form), kind, e.formats, e.fingerprint, e.user]
            )
            self.history.addTopLevelItem(item)
        if readonly:
            self.history.setToolTip("Dokumentet är skrivskyddat; exporter härifrån antecknas inte.")

    # -- exports --------------------------------------------------------------------------
    def _suggestion(self, form: str, suffix: str, draft: bool) -> str:
        try:
            report = build_report(self.ctx.doc, self.ctx.catalogue, form)
            name = f"{report.appendix} {report.title} {report.recipient_name} {report.year}"
        except UserError:
            name = dict(FORMS)[form]
        if draft:
            name += " UTKAST"
        name = "".join(ch for ch in name if ch not in '\\/:*?"<>|')
        folder = getattr(self.ctx.settings, "last_folder", "") or str(self.ctx.doc.path.parent)
        return str(Path(folder) / f"{name}.{suffix}")

    def export_final(self, form: str, fmt: str) -> ExportDone | None:
        """A signed export: refused (draft offered) while required fields are missing."""
        try:
            report = build_report(self.ctx.doc, self.ctx.catalogue, form)
        except UserError as err:
            self.ctx.interaction.warn("Kunde inte exportera", str(err))
            return None
        problems = missing_fields(report)
        if problems:
            title = dict(FORMS)[form]
            text = (
                f"{title} kan inte exporteras slutligt ännu. Detta saknas eller är fel:\n\n"
                + "\n".join(f"• {p}" for p in problems)
                + "\n\nFyll i uppgifterna under Uppgifter. Vill du exportera ett utkast i stället?"
            )
            if self.ctx.interaction.confirm("Uppgifter saknas", text, yes="Exportera utkast", no="Avbryt"):
                return self.export_draft(form, fmt)
            return None
        return self._export(form, fmt, draft=False)

    def export_draft(self, form: str, fmt: str | None = None) -> ExportDone | None:
        return self._export(form, fmt, draft=True)

    def _export(self, form: str, fmt: str | None, *, draft: bool) -> ExportDone | None:
        filters = {"pdf": PDF_FILTER, "xlsx": XLSX_FILTER}
        chosen = f"{PDF_FILTER};;{XLSX_FILTER}" if fmt is None else filters[fmt]
        what = dict(FORMS)[form].lower()
        title = f"Spara {'utkast av ' if draft else ''}{what}"
        path = self.ctx.interaction.save_file(title, self._suggestion(form, fmt or "pdf", draft), chosen)
        if path is None:
            return None
        suffix = path.suffix.lower()
        if fmt is None:
            fmt = "xlsx" if suffix == ".xlsx" else "pdf"
        if suffix != f".{fmt}":
            path = path.with_name(path.name + f".{fmt}")
        with_ledger = self.ledger_box.isChecked()
        doc, catalogue = self.ctx.doc, self.ctx.catalogue

        def work(progress: Progress, cancel: CancelCheck) -> ExportDone:
            return export_files(
                doc,
                catalogue,
                form=form,
                pdf=path if fmt == "pdf" else None,
                xlsx=path if fmt == "xlsx" else None,
                draft=draft,
                with_ledger=with_ledger,
                progress=progress,
                cancel=cancel,
            )

        try:
            done = run_task(self, f"Exporterar {what}…", work, maximum=100)
        except (Cancelled, ExportCancelled):
            self.ctx.interaction.info("Exporten avbröts", "Exporten avbröts; inga filer skrevs.")
            return None
        except UserError as err:
            self.ctx.interaction.warn("Kunde inte exportera", str(err))
            return None
        if hasattr(self.ctx.settings, "last_folder"):
            self.ctx.settings.last_folder = str(path.parent)
        self.last_export = done
        self._offer_open(done)
        self.ctx.refresh(change(EXPORTS))  # the export is in the history now
        return done

    def _offer_open(self, done: ExportDone) -> None:
        names = ", ".join(p.name for p in done.paths)
        kind = "Utkastet är sparat" if done.draft else "Exporten är sparad"
        self.done_label.setText(f"{kind}: {names} (fingeravtryck {done.fingerprint}).")
        self.done_note.setText(done.note)
        self.done_note.setVisible(bool(done.note))
        self.done_frame.show()
        self.open_file_button.setFocus()

    def open_exported_file(self) -> None:
        if self.last_export and self.last_export.paths:
            self.open_url(QUrl.fromLocalFile(str(self.last_export.paths[0])))

    def open_exported_folder(self) -> None:
        if self.last_export and self.last_export.paths:
            self.open_url(QUrl.fromLocalFile(str(self.last_export.paths[0].parent)))

    def open_url(self, url: QUrl) -> bool:
        """Open with the system's program; tests replace this."""
        if not QDesktopServices.openUrl(url):
            self.ctx.interaction.warn("Kunde inte öppna", f"Kunde inte öppna {url.toLocalFile()}.")
            return False
        return True
