"""Every workbook the program writes, on paper: LibreOffice prints each sheet on A4 one page wide, the heading
row repeated on every page of a list, the sheet's name and "Sida X av Y" in the footer, and no line of text
printed over another (a wrapped cell in a row that does not grow prints over the next row). The tables' sums
are stored with their values, so a viewer that does not recalculate shows them."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from helpers import catalogue, new_document
from pypdf import PdfReader
from test_export_samples import sample_report

from exporters.prognos_run import export_prognos
from exporters.table_xlsx import render_table_xlsx
from exporters.xlsx import render_xlsx
from models.demo.example import create_demo
from models.municipal_statement import transfer_table
from models.portfolio import folder_files, portfolio_sheet, read_portfolio
from models.storage.document_file import Document
from models.transfers import municipalities_sheet, split_total

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and poppler (pdftotext) are needed",
)
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def _rss_table(tmp: Path) -> bytes:
    """Västra Götaland's 49 municipalities: a table longer than a page."""
    doc = new_document(tmp, recipient="rss-14", name="vg")
    muni = doc.transfers.municipalities()
    parts = split_total("120 000 000,49", "equal", muni)
    doc.transfers.set_transfer_plan({p.municipality.code: (p.amount, p.note) for p in parts})
    doc.transfers.add_transfer(muni.find("Borås"), Decimal("250000.25"), date(2024, 3, 1), reference="=B1")
    sheet = municipalities_sheet(transfer_table(doc, catalogue()), "Västra Götalands län", "God och nära vård 2024")
    doc.close()
    return render_table_xlsx(sheet)


def _portfolio(tmp: Path) -> bytes:
    folder = tmp / "alla"
    folder.mkdir()
    for i in range(3):
        new_document(folder, recipient="region-12", name=f"region-{i}").close()
    new_document(folder, recipient="region-12", name="=SUM(A1)").close()  # a name that looks like a formula
    result = read_portfolio(folder_files(folder), catalogue(), today=date(2024, 6, 1))
    return render_table_xlsx(portfolio_sheet(result, str(folder)))


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each workbook and the PDF LibreOffice prints of it (one LibreOffice run for all)."""
    tmp = tmp_path_factory.mktemp("paper")
    books = tmp / "xlsx"
    books.mkdir()
    (books / "kommuner.xlsx").write_bytes(_rss_table(tmp))
    (books / "alla.xlsx").write_bytes(_portfolio(tmp))
    report, costs = sample_report("gnv-2024")
    (books / "bilaga1.xlsx").write_bytes(render_xlsx(report, ledger=costs[:120]))
    create_demo(tmp / "demo.bidrag", catalogue())
    with Document.open(tmp / "demo.bidrag", readonly=True) as demo:
        export_prognos(demo, catalogue(), as_of=date(2024, 9, 15), xlsx=books / "prognos.xlsx")
    names = sorted(books.glob("*.xlsx"))
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp / 'lo'}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp / "pdf"), *map(str, names)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return {p.stem: p for p in names} | {f"{p.stem}.pdf": tmp / "pdf" / f"{p.stem}.pdf" for p in names}


def _pages(pdf: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages]


def _overprinted(pdf: Path) -> list[str]:
    """Words printed over other words: the bounding boxes of two words on a page that overlap by more than a
    sliver (poppler's boxes of neighbouring lines touch, so a few tenths of a point do not count)."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    found = []
    for number, page in enumerate(html.split("<page ")[1:], start=1):
        words = sorted((float(a), float(b), float(c), float(d), w) for a, b, c, d, w in WORD.findall(page))
        for i, (x0, y0, x1, y1, w) in enumerate(words):
            for u0, v0, u1, v1, other in words[i + 1 :]:
                if u0 >= x1 - 1:
                    break  # sorted by the left edge: nothing further right reaches back
                if min(y1, v1) - max(y0, v0) > 2 and min(x1, u1) - max(x0, u0) > 1:
                    found.append(f"sida {number}: {w!r} över {other!r}")
    return found


@pytest.mark.parametrize("name", ["kommuner", "alla", "bilaga1", "prognos"])
def test_no_text_is_printed_over_other_text_and_no_amount_as_hashes(printed: dict[str, Path], name: str) -> None:
    assert _overprinted(printed[f"{name}.pdf"]) == []
    assert not [i for i, text in enumerate(_pages(printed[f"{name}.pdf"]), 1) if "##" in text]  # too narrow


def test_a_long_table_prints_one_page_wide_with_its_headings_on_every_page(printed: dict[str, Path]) -> None:
    pages = _pages(printed["kommuner.pdf"])
    assert len(pages) >= 2  # 49 municipalities
    for i, text in enumerate(pages, start=1):
        # the first and the last column on every page: nothing printed on a page of its own to the right
        assert "Kommunkod" in text and "Anteckning" in text, i
        assert f"Sida {i} av {len(pages)}" in text and "Vidareförmedling · Västra Götalands län" in text
    assert "Borås" in " ".join(pages)
    reader = PdfReader(printed["kommuner.pdf"])
    assert all(p.mediabox.width > p.mediabox.height for p in reader.pages)  # eight columns: landscape


def test_the_list_of_every_redovisning_prints_one_page_wide_without_the_paths(printed: dict[str, Path]) -> None:
    pages = _pages(printed["alla.pdf"])
    for i, text in enumerate(pages, start=1):
        assert "Fil" in text and "Redovisning slutlig" in text and f"Sida {i} av {len(pages)}" in text
    assert "Sökväg" not in " ".join(pages)  # the path column is in the sheet, not on paper
    ws = openpyxl.load_workbook(printed["alla"]).active
    assert ws["N4"].value == "Sökväg" and str(ws["N6"].value).endswith("region-0.bidrag")
    assert ws["A5"].value == "=SUM(A1).bidrag" and ws["A5"].data_type == "s"  # text, never a formula


def test_the_ledger_and_the_prognos_print_one_page_wide(printed: dict[str, Path]) -> None:
    ledger = [t for t in _pages(printed["bilaga1.pdf"]) if "Kontrollsumma" in t and "Leverantör" in t]
    assert len(ledger) >= 2
    assert all("Datum" in t and "Objekt" in t for t in ledger)  # the first and the last printed column
    prognos = _pages(printed["prognos.pdf"])
    for i, text in enumerate(prognos, start=1):
        assert "jan 2024" in text and "dec 2024" in text and "Summa" in text
        assert f"Sida {i} av {len(prognos)}" in text and "Prognos per 2024-09-15" in text


def test_the_tables_sums_show_without_recalculation(printed: dict[str, Path]) -> None:
    """XlsxWriter stores each formula's value: openpyxl reads it as a viewer that does not calculate would."""
    ws = openpyxl.load_workbook(printed["kommuner"], data_only=True).active
    total = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Summa")
    assert Decimal(str(ws.cell(total, 3).value)).quantize(Decimal("0.01")) == Decimal("120000000.49")
    assert Decimal(str(ws.cell(total, 4).value)).quantize(Decimal("0.01")) == Decimal("250000.25")
    formulas = openpyxl.load_workbook(printed["kommuner"]).active
    assert str(formulas.cell(total, 3).value).startswith("=SUM(C5:C")
    codes = [ws.cell(r, 1).value for r in range(5, total)]
    assert len(codes) == 49 and all(isinstance(c, str) and re.fullmatch(r"14\d\d", c) for c in codes)  # text
