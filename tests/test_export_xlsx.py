"""The workbook: recalculated by LibreOffice to the öre, one A4 page, no formula injection, åäö intact."""

from __future__ import annotations

import io
import shutil
import subprocess
from decimal import Decimal

import openpyxl
import pytest
from test_export_samples import FIELDS, sample_report

from exporters.pdf import render_pdf
from exporters.xlsx import render_xlsx


def _load(data: bytes, **kw):
    return openpyxl.load_workbook(io.BytesIO(data), **kw)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("received", [None, Decimal("1000000.00")])  # unspent, then self-financed
def test_libreoffice_recalculates_every_sum_to_the_ore(tmp_path, received):
    report, costs = sample_report("gnv-2023", received=received)
    rek, _ = sample_report("gnv-2023", "rekvisition")
    src = tmp_path / "in" / "bilaga1.xlsx"
    src.parent.mkdir()
    src.write_bytes(render_xlsx(report, ledger=costs, others=[rek]))
    out = tmp_path / "out"
    env_home = tmp_path / "lohome"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{env_home}",
            "--headless",
            "--calc",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    wb = openpyxl.load_workbook(out / "bilaga1.xlsx", data_only=True)
    ws = wb["Ekonomisk redovisning"]
    got = [
        (ws[f"A{r}"].value.strip(), Decimal(str(ws[f"B{r}"].value)).quantize(Decimal("0.01")))
        for r in range(1, ws.max_row + 1)
        if isinstance(ws[f"B{r}"].value, (int, float))
    ]
    expected = [(r.label.strip(), r.amount) for r in report.rows() if r.amount is not None]
    assert got == expected
    labels = dict(got)
    assert labels["Summa kostnader"] == report.figures["costs_total"]
    if received is not None:
        assert labels["Kostnader utöver erhållet bidrag (egenfinansiering)"] == report.figures["self_financed"] > 0
        assert report.figures["unspent"] == 0
    ledger = wb["Kostnader"]
    total = next(row for row in ledger.iter_rows(values_only=True) if row[0] == "Summa")[1]
    assert Decimal(str(total)).quantize(Decimal("0.01")) == report.figures["costs_total"]


def test_sheets_print_on_a4_never_shrunk_with_headings_repeated_and_wide_enough_columns():
    report, costs = sample_report("gnv-2024")
    wb = _load(render_xlsx(report, ledger=costs))
    ws = wb["Ekonomisk redovisning"]
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert not ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.scale in (None, 100)  # none: 100 %
    assert ws.print_title_rows == "$1:$2"  # Bilaga 1 and the title on every printed page
    # 100 % even in a font a third wider than Calibri: A4 portrait holds about 98 characters of Calibri
    assert (ws.column_dimensions["A"].width + ws.column_dimensions["B"].width) * 4 / 3 <= 98
    ledger = wb["Kostnader"]
    assert not ledger.sheet_properties.pageSetUpPr.fitToPage and ledger.page_setup.scale in (None, 100)
    assert ledger.page_setup.orientation == "landscape" and ledger.print_title_rows == "$1:$1"
    # landscape A4 holds about 130 characters of Calibri, a third fewer of a wider font
    from exporters.xlsx_ledger import LEDGER_WIDTHS, PRINTED

    assert sum(LEDGER_WIDTHS[:PRINTED]) * 4 / 3 <= 130 and ledger.column_dimensions["A"].width >= 10
    assert ledger.print_area == f"'Kostnader'!$A$1:${chr(64 + PRINTED)}${ledger.max_row}"  # all rows, not Källa
    assert ws.print_area.startswith("'Ekonomisk redovisning'!$A$1:$B$")
    assert int(ws.print_area.rsplit("$", 1)[1]) >= ws.max_row  # the whole form, nothing more
    widest = max(len(f"{r.amount:,.2f} kr") for r in report.rows() if r.amount is not None)
    assert ws.column_dimensions["B"].width >= widest + 2  # no ###
    amount_cells = [c for c in ws["B"] if c.number_format == '#,##0.00 "kr"']
    assert len(amount_cells) == sum(1 for r in report.rows() if r.amount is not None)
    assert wb.sheetnames == ["Ekonomisk redovisning", "Kostnader"]


def test_user_text_that_looks_like_a_formula_stays_text(tmp_path):
    evil = {
        **FIELDS,
        "contact_person": '=HYPERLINK("http://evil","klicka")',
        "payment_reference": "+46 SUM",
        "postal_address": "-1+1",
        "email": "@SUM(A1)",
    }
    report, costs = sample_report("gnv-2024", fields=evil)
    rek, _ = sample_report("gnv-2024", "rekvisition", fields=evil)
    wb = _load(render_xlsx(report, ledger=costs, others=[rek]))
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    formulas = [c for c in cells if c.data_type == "f"]
    assert formulas  # the sums, and nothing else
    for c in formulas:
        assert c.value.startswith(("=SUM(", "=SUMIFS(B2:", "=MAX(", "=B")), c.value
    texts = {c.value for c in cells if c.data_type == "s"}
    for value in evil.values():
        if value[0] in "=+-@":
            assert value in texts
    assert '=HYPERLINK("http://x")' in texts  # a cost text in the ledger sheet


def test_swedish_letters_survive_and_xml_illegal_characters_are_removed():
    fields = {**FIELDS, "contact_person": "Åsa Öberg-Ärlig\x00\x07", "postal_address": "Storgatan 1\nÅÄÖ åäö é ü"}
    report, costs = sample_report("gnv-2024", fields=fields)
    costs[0].text = "Bok\x1ffört på Östra Göinge"
    wb = _load(render_xlsx(report, ledger=costs))
    values = {c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert "Åsa Öberg-Ärlig" in values
    assert "Storgatan 1\nÅÄÖ åäö é ü" in values
    assert "Bokfört på Östra Göinge" in values
    assert "Region Skåne" in values
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(report))).pages)
    assert "Åsa Öberg-Ärlig" in text and "ÅÄÖ åäö é ü" in text


def test_draft_workbook_says_utkast():
    report, _ = sample_report("gnv-2024")
    ws = _load(render_xlsx(report, draft=True))["Ekonomisk redovisning"]
    assert ws["A1"].value.startswith("UTKAST")
    assert "UTKAST" in ws.oddHeader.center.text
    final = _load(render_xlsx(report))["Ekonomisk redovisning"]
    assert not str(final["A1"].value).startswith("UTKAST")
