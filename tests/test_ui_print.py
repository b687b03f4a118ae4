"""Skriv ut: the form printed through the print dialog is the exported PDF, page for page, draft marked."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageFilter, ImageStat
from pypdf import PdfReader
from PySide6.QtGui import QKeySequence
from PySide6.QtPrintSupport import QPrinter

from exporters.pdf import render_pdf
from models.catalogue.check import load_catalogue
from models.demo.example import create_demo
from models.report import build_report
from models.storage.document_file import Document
from ui.doc_context import DocContext
from ui.interaction import ScriptedInteraction
from ui.main_window import MainWindow
from ui.printing import preview_form, print_form
from ui.settings import Settings

needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm) is not installed")


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.fixture
def demo(tmp_path, catalogue):
    doc = Document.open(create_demo(tmp_path / "demo.bidrag", catalogue))
    yield doc
    doc.close()


@pytest.fixture
def empty(tmp_path, catalogue):
    doc = Document.create(tmp_path / "tom.bidrag", "gnv-2024", "rss-12", catalogue)
    yield doc
    doc.close()


def _to_pdf(path: Path):
    """What a user does in the print dialog who picks "Skriv ut till PDF" and a file name."""

    def answer(dialog) -> bool:
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        return True

    return answer


def _pages(pdf: Path, tmp_path: Path, name: str) -> list[Image.Image]:
    """Every page rendered in grey at 40 dpi, as a person looking at the paper would compare them."""
    prefix = tmp_path / name
    subprocess.run(["pdftoppm", "-gray", "-r", "40", "-png", str(pdf), str(prefix)], check=True)
    return [Image.open(p).convert("L") for p in sorted(tmp_path.glob(f"{name}-*.png"))]


def _difference(a: Image.Image, b: Image.Image) -> float:
    """Mean grey difference per pixel, 0 (same) to 255, of the pages slightly blurred: a page printed
    from a 300 dpi picture and the same page drawn from the PDF's vectors differ only in the edges
    of the letters (about 3), another page of the same form by more than 10."""
    blur = ImageFilter.GaussianBlur(2)
    return ImageStat.Stat(ImageChops.difference(a.filter(blur), b.resize(a.size).filter(blur))).mean[0]


def _exported(doc, catalogue, form: str, draft: bool, path: Path) -> Path:
    path.write_bytes(render_pdf(build_report(doc, catalogue, form), draft=draft))
    return path


@needs_poppler
def test_printed_form_is_the_exported_pdf_page_for_page(qtbot, tmp_path, demo, catalogue):
    out = tmp_path / "utskrift.pdf"
    ui = ScriptedInteraction(choices=[0], dialogs=[_to_pdf(out)])  # Ekonomisk redovisning
    ctx = DocContext(demo, catalogue, Settings(), ui)
    printed = print_form(ctx)
    exported = _exported(demo, catalogue, "redovisning", False, tmp_path / "export.pdf")
    assert printed == len(PdfReader(str(exported)).pages) == len(PdfReader(str(out)).pages) >= 2
    paper, form = _pages(out, tmp_path, "paper"), _pages(exported, tmp_path, "form")
    assert len(paper) == len(form)
    for a, b in zip(paper, form, strict=True):
        assert abs(a.width - b.width) <= 1 and abs(a.height - b.height) <= 1  # A4 at 100 %
        assert _difference(a, b) < 5.0
    assert _difference(paper[0], form[1]) > 10  # the comparison tells pages apart
    assert ImageStat.Stat(paper[0]).mean[0] < 250  # not a blank page: the form's text is on it
    last = demo.exports()[-1]
    assert (last.form, last.formats, last.draft) == ("redovisning", "utskrift", False)
    assert ("dialog", "Skriv ut ekonomisk redovisning", "QPrintDialog") in ui.messages


@needs_poppler
def test_rekvisition_is_chosen_and_printed(qtbot, tmp_path, demo, catalogue):
    out = tmp_path / "rekvisition.pdf"
    ctx = DocContext(demo, catalogue, Settings(), ScriptedInteraction(choices=[1], dialogs=[_to_pdf(out)]))
    assert print_form(ctx) == 1
    exported = _exported(demo, catalogue, "rekvisition", False, tmp_path / "rek.pdf")
    assert _difference(_pages(out, tmp_path, "paper")[0], _pages(exported, tmp_path, "form")[0]) < 5.0
    assert demo.exports()[-1].form == "rekvisition"


@needs_poppler
def test_missing_fields_print_a_draft_marked_like_the_export(qtbot, tmp_path, empty, catalogue):
    out = tmp_path / "utkast.pdf"
    ui = ScriptedInteraction(confirms=[True], dialogs=[_to_pdf(out)])
    ctx = DocContext(empty, catalogue, Settings(), ui)
    assert print_form(ctx, form="redovisning") is not None
    assert "kan inte skrivas ut slutligt" in ui.texts("confirm")[0]
    paper = _pages(out, tmp_path, "paper")[0]
    draft = _pages(_exported(empty, catalogue, "redovisning", True, tmp_path / "d.pdf"), tmp_path, "draft")[0]
    final = _pages(_exported(empty, catalogue, "redovisning", False, tmp_path / "f.pdf"), tmp_path, "final")[0]
    assert _difference(paper, draft) < 5.0
    assert _difference(paper, final) > 2 * _difference(paper, draft)  # the UTKAST marking is on the paper
    assert empty.exports()[-1].draft


def test_declining_the_draft_or_cancelling_the_dialog_prints_nothing(qtbot, tmp_path, empty, demo, catalogue):
    ui = ScriptedInteraction(confirms=[False])
    assert print_form(DocContext(empty, catalogue, Settings(), ui), form="redovisning") is None
    assert not any(k == "dialog" for k, _, _ in ui.messages)
    ui = ScriptedInteraction(choices=[0])  # the print dialog is closed with Avbryt
    assert print_form(DocContext(demo, catalogue, Settings(), ui)) is None
    assert ui.texts("dialog") == ["QPrintDialog"] and demo.exports() == []
    assert not any(tmp_path.glob("*.pdf"))


def test_preview_shows_the_pages(qtbot, tmp_path, demo, catalogue):
    seen: dict[str, object] = {}

    def look(dialog) -> bool:
        dialog.show()
        qtbot.waitExposed(dialog)
        seen["picture"] = dialog.grab().toImage()
        seen["pages"] = dialog.pages.count
        dialog.close()
        return False  # closed without printing

    ctx = DocContext(demo, catalogue, Settings(), ScriptedInteraction(choices=[0], dialogs=[look]))
    dialog = preview_form(ctx)
    assert dialog is not None and dialog.windowTitle() == "Förhandsgranska utskrift – ekonomisk redovisning"
    image = seen["picture"]
    assert seen["pages"] >= 2 and image.width() >= 700  # as wide as the 800-pixel test screen allows (screen_fit)
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 20  # the form's pages are drawn, not an empty grey area
    assert demo.exports() == []  # looking is not printing


def test_print_is_in_the_file_menu_with_ctrl_p_once_a_document_is_open(qtbot, tmp_path, catalogue):
    window = MainWindow(catalogue, Settings.load(), ScriptedInteraction())
    qtbot.addWidget(window)
    assert window.act_print.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    assert not window.act_print.isEnabled() and not window.act_preview.isEnabled()
    window.open_path(create_demo(tmp_path / "Skåne.bidrag", catalogue))
    assert window.act_print.isEnabled() and window.act_preview.isEnabled()
    titles = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "Skriv &ut…" in titles and "&Förhandsgranska utskrift…" in titles
    window.close()
