"""Skriv ut (Ctrl+P): the form or the rekvisition through the system's print dialog, with a preview.

What is printed is the PDF the export writes (``build_report`` and ``exporters.pdf.render_pdf``,
marked UTKAST when it is a draft), rendered page by page with QtPdf onto the ``QPrinter``: the
paper is the exported form, not a second layout of it. Each page is drawn at its true size (a form
on A4 prints at 100 %), scaled down only when the paper is smaller. A printed form is noted in the
export history like an export, with the format "utskrift" and the fingerprint on its pages.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QGraphicsView, QLineEdit, QWidget

from models.errors import DocumentError, UserError
from models.fingerprint import fingerprint
from models.report import build_report, missing_fields
from ui.doc_context import DocContext
from ui.screen_fit import fit_to_screen

log = logging.getLogger("bidragskollen.ui.print")

FORM_LABELS = {"redovisning": "Ekonomisk redovisning", "rekvisition": "Rekvisition"}
PRINTED = "utskrift"  # the format the export history shows for a printed form
MAX_DPI = 300  # a page image finer than this only costs memory: laser printers resolve no more of it


@dataclass
class PrintJob:
    """The form to print: its PDF, whether it is a draft, and the fingerprint on its pages."""

    form: str
    pdf: bytes
    draft: bool
    fingerprint: str
    title: str


def forms_of(ctx: DocContext) -> list[str]:
    """The forms this document has: an agreement paid on a government decision has no rekvisition."""
    return ["redovisning"] if ctx.agreement.no_requisition else ["redovisning", "rekvisition"]


def prepare(ctx: DocContext, form: str | None = None) -> PrintJob | None:
    """Ask which form (if there are two) and, with fields missing, whether to print a draft.

    None when the user cancels or the form cannot be built (the reason is shown)."""
    forms = forms_of(ctx)
    if form is None:
        if len(forms) == 1:
            form = forms[0]
        else:
            index = ctx.interaction.choose(
                "Skriv ut", "Vilken blankett vill du skriva ut?", [FORM_LABELS[f] for f in forms]
            )
            if index is None:
                return None
            form = forms[index]
    try:
        report = build_report(ctx.doc, ctx.catalogue, form)
    except UserError as err:
        ctx.interaction.warn("Kunde inte skriva ut", str(err))
        return None
    problems = missing_fields(report)
    draft = bool(problems)
    if problems:
        text = (
            f"{FORM_LABELS[form]} kan inte skrivas ut slutligt ännu. Detta saknas eller är fel:\n\n"
            + "\n".join(f"• {p}" for p in problems)
            + "\n\nFyll i uppgifterna under Uppgifter. Vill du skriva ut ett utkast (märkt UTKAST) i stället?"
        )
        if not ctx.interaction.confirm("Uppgifter saknas", text, yes="Skriv ut utkast", no="Avbryt"):
            return None
    from exporters.pdf import render_pdf

    data = render_pdf(report, draft=draft)
    title = f"{report.appendix} {report.title} {report.recipient_name} {report.year}" + (" UTKAST" if draft else "")
    return PrintJob(form, data, draft, fingerprint(report, draft=draft), title)


class PdfPages:
    """A PDF held in memory for QtPdf, drawn page by page onto a printer."""

    def __init__(self, data: bytes) -> None:
        self._buffer = QBuffer()
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf = QPdfDocument()
        self.pdf.load(self._buffer)
        if self.pdf.status() != QPdfDocument.Status.Ready or self.pdf.pageCount() < 1:
            raise UserError("Blanketten kunde inte läsas för utskrift. Exportera den som PDF och skriv ut den filen.")

    @property
    def count(self) -> int:
        return self.pdf.pageCount()

    def page_size(self, index: int = 0) -> QPageSize:
        """The page's own size in points (A4 for every form), so the dialog starts on the right paper."""
        size = self.pdf.pagePointSize(index)
        points = QSizeF(size.width(), size.height())
        return QPageSize(points, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)

    def paint(self, printer: QPrinter) -> int:
        """Draw the pages the printer asks for (all, or its page range); returns how many were drawn."""
        first, last = 1, self.count
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            first, last = max(1, printer.fromPage()), min(self.count, printer.toPage() or self.count)
        painter = QPainter()
        if not painter.begin(printer):
            raise UserError("Skrivaren kunde inte startas. Kontrollera att den är ansluten och försök igen.")
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)  # a sharp preview at any zoom
        try:
            dpi = printer.resolution()
            paper = printer.pageLayout().fullRectPixels(dpi)
            for n, index in enumerate(range(first - 1, last)):
                if n:
                    printer.newPage()
                self._draw(painter, index, dpi, QRectF(paper))
        finally:
            painter.end()
        return last - first + 1

    def _draw(self, painter: QPainter, index: int, dpi: int, paper: QRectF) -> None:
        points = self.pdf.pagePointSize(index)
        width, height = points.width() * dpi / 72, points.height() * dpi / 72
        scale = min(1.0, paper.width() / width, paper.height() / height)  # never enlarged, shrunk to fit
        width, height = width * scale, height * scale
        left, top = paper.x() + (paper.width() - width) / 2, paper.y() + (paper.height() - height) / 2
        target = QRectF(left, top, width, height)
        image_dpi = min(dpi, MAX_DPI)
        pixels = QSize(round(points.width() * image_dpi / 72 * scale), round(points.height() * image_dpi / 72 * scale))
        painter.drawImage(target, self.pdf.render(index, pixels))


def printer_for(job: PrintJob, pages: PdfPages) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(job.title)
    printer.setFullPage(True)  # the form has its own margins: the page is placed on the paper as it is
    printer.setPageSize(pages.page_size())
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFromTo(1, pages.count)
    return printer


def print_form(ctx: DocContext, parent: QWidget | None = None, form: str | None = None) -> int | None:
    """Arkiv → Skriv ut… (Ctrl+P): the system's print dialog, then the pages. Returns pages printed."""
    job = prepare(ctx, form)
    if job is None:
        return None
    try:
        pages = PdfPages(job.pdf)
        printer = printer_for(job, pages)
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(f"Skriv ut {FORM_LABELS[job.form].lower()}")
        dialog.setMinMax(1, pages.count)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        if not ctx.interaction.run_dialog(dialog):
            return None
        printed = pages.paint(printer)
    except UserError as err:
        ctx.interaction.warn("Kunde inte skriva ut", str(err))
        return None
    _record(ctx, job)
    return printed


class PreviewDialog(QPrintPreviewDialog):
    """Qt's print preview, holding the pages it paints as long as it lives."""

    def __init__(self, printer: QPrinter, pages: PdfPages, parent: QWidget | None) -> None:
        super().__init__(printer, parent)
        self.pages = pages


def preview_form(ctx: DocContext, parent: QWidget | None = None, form: str | None = None) -> PreviewDialog | None:
    """Arkiv → Förhandsgranska utskrift…: Qt's preview of the same pages, printing from there too."""
    job = prepare(ctx, form)
    if job is None:
        return None
    try:
        pages = PdfPages(job.pdf)
    except UserError as err:
        ctx.interaction.warn("Kunde inte skriva ut", str(err))
        return None
    printer = printer_for(job, pages)
    dialog = PreviewDialog(printer, pages, parent)
    dialog.setWindowTitle(f"Förhandsgranska utskrift – {FORM_LABELS[job.form].lower()}")
    fit_to_screen(dialog, 900, 700)
    for view in dialog.findChildren(QGraphicsView):  # Qt's own parts, named for screen readers
        view.setAccessibleName("Sidorna som de skrivs ut")
    for edit in dialog.findChildren(QLineEdit):
        edit.setAccessibleName(edit.accessibleName() or "Sida")
    dialog.paintRequested.connect(lambda p: _paint_quietly(pages, p))
    if ctx.interaction.run_dialog(dialog):  # Skriv ut was pressed in the preview
        _record(ctx, job)
    return dialog


def _paint_quietly(pages: PdfPages, printer: QPrinter) -> None:
    try:
        pages.paint(printer)
    except UserError as err:  # inside Qt's preview: logged, the preview stays empty
        log.warning("Utskriften kunde inte ritas: %s", err)


def _record(ctx: DocContext, job: PrintJob) -> None:
    """A printed form is noted in the export history like an exported one (not when read-only)."""
    if ctx.readonly:
        return
    try:
        ctx.doc.record_export(job.form, job.fingerprint, PRINTED, job.draft)
    except (DocumentError, sqlite3.Error) as err:  # the paper is printed: not noting it is no failed print
        log.warning("Utskriften kunde inte antecknas: %s", err)
        return
    ctx.refresh()
