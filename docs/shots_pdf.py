"""One page of an exported PDF as a PNG, rendered by QtPdf as the export preview shows it."""

from __future__ import annotations

from pathlib import Path


def pdf_page_png(pdf_path: Path, target: Path, *, page: int = 1, dpi: int) -> int:
    """Render ``page`` (1-based) of ``pdf_path`` as an A4 picture at ``dpi`` into ``target``; the page count."""
    from PySide6.QtCore import QObject, QSize
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtPdf import QPdfDocument

    size = QSize(round(210 / 25.4 * dpi), round(297 / 25.4 * dpi))
    owner = QObject()
    pdf = QPdfDocument(owner)
    pdf.load(str(pdf_path))
    pages = pdf.pageCount()
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.drawImage(0, 0, pdf.render(page - 1, size))
    painter.end()
    pdf.close()
    image.save(str(target))
    return pages
