"""The Kommuner table as xlsx (sums computed by LibreOffice), "Underlag till kommunen" as a one-page PDF,
and the list of every redovisning as xlsx."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from exporters.statement_pdf import render_statement_pdf
from exporters.table_xlsx import render_table_xlsx
from models.municipal_statement import build_statement, default_report_due, transfer_table
from models.portfolio import folder_files, portfolio_sheet, read_portfolio
from models.transfers import MunicipalReport, municipalities_sheet, split_total
from tests.helpers import catalogue, new_document


def _kronoberg(tmp_path: Path):
    doc = new_document(tmp_path, recipient="rss-07", name="kronoberg")
    muni = doc.transfers.municipalities()
    parts = split_total("1 000 000,05", "equal", muni)
    doc.transfers.set_transfer_plan({p.municipality.code: (p.amount, p.note) for p in parts})
    vaxjo = muni.find("Växjö")
    doc.transfers.add_transfer(vaxjo, Decimal("500000"), date(2024, 3, 1), reference="V1001")
    doc.transfers.add_transfer(vaxjo, Decimal("25000.50"), date(2024, 9, 1), reference="=V1044")  # looks like a formula
    doc.transfers.add_transfer(muni.find("Ljungby"), Decimal("99"), date(2025, 1, 10))  # after the period: not counted
    doc.transfers.add_municipal_report(
        MunicipalReport(vaxjo.code, date(2024, 12, 31), Decimal("400000"), Decimal("1000.25"))
    )
    return doc, vaxjo


def _recalculated(tmp_path: Path, data: bytes) -> openpyxl.Workbook:
    src = tmp_path / "in" / "t.xlsx"
    src.parent.mkdir(exist_ok=True)
    src.write_bytes(data)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--calc", "--convert-to",
         "xlsx", "--outdir", str(tmp_path / "out"), str(src)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return openpyxl.load_workbook(tmp_path / "out" / "t.xlsx", data_only=True)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_the_municipality_table_sums_to_the_ore_in_libreoffice(tmp_path: Path) -> None:
    doc, _ = _kronoberg(tmp_path)
    table = transfer_table(doc, catalogue())
    ws = _recalculated(tmp_path, render_table_xlsx(municipalities_sheet(table, "Kronobergs län", "GNV 2024"))).active
    rows = {ws.cell(r, 2).value: r for r in range(1, ws.max_row + 1)}
    total = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Summa")
    money = lambda r, c: Decimal(str(ws.cell(r, c).value)).quantize(Decimal("0.01"))  # noqa: E731
    assert money(total, 3) == Decimal("1000000.05")  # planned adds up exactly
    assert money(total, 4) == Decimal("525000.50")  # paid, without Ljungby's transfer of 2025
    assert money(total, 6) == Decimal("1000.25")
    assert money(rows["Växjö"], 7) == Decimal("125000.00") - Decimal("525000.50")  # still to pay: paid more
    assert ws.cell(rows["Växjö"], 1).value == "0780"  # the code stays text with its leading zero
    notes = [ws.cell(r, 1).value for r in range(total + 1, ws.max_row + 1) if ws.cell(r, 1).value]
    assert notes == ["1 utbetalning till en kommun är daterad utanför redovisningsperioden och räknas inte."]


def test_statement_is_one_page_with_what_the_municipality_received(tmp_path: Path) -> None:
    doc, vaxjo = _kronoberg(tmp_path)
    statement = build_statement(doc, catalogue(), vaxjo.code, today=date(2025, 1, 15))
    assert (statement.paid, statement.returned, statement.net) == (
        Decimal("525000.50"),
        Decimal("1000.25"),
        Decimal("524000.25"),
    )
    assert statement.report_due == default_report_due(catalogue().agreement("gnv-2024")) == date(2025, 2, 28)
    doc.transfers.set_municipal_report_due(date(2025, 2, 14))
    statement = build_statement(doc, catalogue(), vaxjo.code, today=date(2025, 1, 15))
    reader = PdfReader(__import__("io").BytesIO(render_statement_pdf(statement)))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    for expected in (
        "Underlag till kommunen",
        "Växjö (kommunkod 0780)",
        "=V1044",
        "525 000,50 kr",
        "524 000,25 kr",
        "400 000 kr",
        "senast 2025-02-14",
    ):
        assert expected.replace(" ", "") in text.replace(" ", "").replace("\u00a0", ""), expected
    other = build_statement(doc, catalogue(), doc.transfers.municipalities().find("Ljungby").code)
    assert other.lines == [] and other.paid == 0


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_the_list_of_every_redovisning_as_xlsx(tmp_path: Path) -> None:
    doc, _ = _kronoberg(tmp_path)
    doc.set_allocation("Nära vård", "2 000 000")
    doc.close()
    (tmp_path / "skadad.bidrag").write_bytes(b"inte alls en databas")
    result = read_portfolio(folder_files(tmp_path), catalogue(), today=date(2024, 6, 1))
    sheet = portfolio_sheet(result, str(tmp_path))
    ws = _recalculated(tmp_path, render_table_xlsx(sheet)).active
    assert ws.cell(5, 1).value == "kronoberg.bidrag"
    remaining = Decimal("2000000") - Decimal("525000.50") + Decimal("1000.25")  # the return lowers the costs
    assert Decimal(str(ws.cell(5, 7).value)).quantize(Decimal("0.01")) == remaining
    assert ws.cell(5, 9).value is not None  # the next deadline, a date
    assert any("skadad.bidrag" in str(ws.cell(r, 1).value) for r in range(6, ws.max_row + 1))
