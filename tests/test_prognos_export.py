"""The "Prognos" export: an xlsx sheet whose formulas carry the program's values and recalculate to the
same öre in LibreOffice, and a one-page PDF; from the command line and the window alike."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from cli import run_cli
from exporters.prognos_pdf import render_prognos_pdf
from exporters.prognos_xlsx import render_prognos_xlsx
from models.prognos import build_prognos
from tests.helpers import catalogue, cost, new_document

D = Decimal
AS_OF = date(2024, 6, 30)


def _document(tmp_path: Path):
    """The paper example: 100 000 kr a month January–June, a plan of 50 000 kr a month July–December."""
    doc = new_document(tmp_path)
    doc.set_allocation("Nära vård", "1200000")
    doc.set_allocation("Ambulans", "0")
    team = doc.plan.add_activity("Mobila närvårdsteam", "Nära vård")
    doc.plan.set_plan({(team.id, f"2024-{m:02d}"): D("50000") for m in range(1, 13)})
    for month in range(1, 7):
        c = doc.costs.add_cost(cost("60000", f"2024-{month:02d}-05"))
        doc.plan.set_cost_activity([c], team.id)
        doc.costs.add_cost(cost("40000.50", f"2024-{month:02d}-20", category="Övrigt"))  # in no activity
    doc.costs.add_cost(cost("999999", "2025-01-10"))  # outside the period: in no figure
    return doc


def _labelled(ws, column: str) -> dict[str, Decimal]:
    out = {}
    for r in range(1, ws.max_row + 1):
        label, value = ws[f"A{r}"].value, ws[f"{column}{r}"].value
        if isinstance(label, str) and isinstance(value, (int, float)):
            out[label] = D(str(value)).quantize(D("0.01"))
    return out


def test_the_sheet_has_live_formulas_with_the_programs_values(tmp_path: Path) -> None:
    doc = _document(tmp_path)
    prognos = build_prognos(doc, catalogue(), AS_OF)
    data = render_prognos_xlsx(prognos)
    formulas = openpyxl.load_workbook(io.BytesIO(data))["Prognos"]
    stored = openpyxl.load_workbook(io.BytesIO(data), data_only=True)["Prognos"]
    figures = _labelled(stored, "C")
    assert figures["Prognos: kostnader vid periodens slut"] == D("900003.00")  # 600 003 + 6 × 50 000
    assert figures["Prognos: att återbetala"] == D("299997.00")
    assert figures["Prognos: egenfinansiering"] == 0
    texts = {formulas[f"A{r}"].value: r for r in range(1, formulas.max_row + 1)}
    assert str(formulas[f"C{texts['Prognos: att återbetala']}"].value).startswith("=MAX(")
    rows = [r for r in range(1, stored.max_row + 1) if stored[f"A{r}"].value == "Mobila närvårdsteam"]
    plan_row, actual_row, variance = rows
    assert formulas[f"O{plan_row}"].value == f"=SUM(C{plan_row}:N{plan_row})"  # the plan's Summa column
    assert formulas[f"E{variance}"].value == f"=D{variance}-C{variance}"
    assert stored[f"O{plan_row}"].value == 600000 and stored[f"O{actual_row}"].value == 360000
    assert [stored[f"{c}{variance}"].value for c in "CDEF"] == [300000, 360000, 60000, 600000]
    assert "Utan aktivitet" in {stored[f"A{r}"].value for r in range(1, stored.max_row + 1)}


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_recalculates_the_forecast_to_the_ore(tmp_path: Path) -> None:
    doc = _document(tmp_path)
    src = tmp_path / "in" / "prognos.xlsx"
    src.parent.mkdir()
    src.write_bytes(render_prognos_xlsx(build_prognos(doc, catalogue(), AS_OF)))
    out = tmp_path / "out"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'lo'}",
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
    recalculated = _labelled(openpyxl.load_workbook(out / "prognos.xlsx", data_only=True)["Prognos"], "C")
    stored = _labelled(openpyxl.load_workbook(src, data_only=True)["Prognos"], "C")
    assert recalculated == stored and recalculated["Prognos: att återbetala"] == D("299997.00")


def test_the_pdf_is_one_page_with_the_forecast_and_the_variance(tmp_path: Path) -> None:
    doc = _document(tmp_path)
    pdf = PdfReader(io.BytesIO(render_prognos_pdf(build_prognos(doc, catalogue(), AS_OF))))
    assert len(pdf.pages) == 1
    text = " ".join(pdf.pages[0].extract_text().split()).replace("\u00a0", " ")
    assert "Prognos per 2024-06-30" in text
    assert "Med nuvarande takt återbetalas cirka 299 997 kr senast 31 mars 2025" in text
    assert "Mobila närvårdsteam" in text and "Utan aktivitet" in text and "Så räknas prognosen" in text


def test_the_command_line_writes_both_files_or_says_why_not(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = _document(tmp_path)
    path = str(doc.path)
    doc.close()
    xlsx, pdf = tmp_path / "p.xlsx", tmp_path / "p.pdf"
    code = run_cli(["plan", path, "--xlsx", str(xlsx), "--pdf", str(pdf), "--as-of", "2024-06-30"])
    out, err = capsys.readouterr()
    assert code == 0 and "Sparade prognosen" in out, err
    assert xlsx.read_bytes()[:2] == b"PK" and pdf.read_bytes()[:5] == b"%PDF-"
    code = run_cli(["plan", path, "--pdf", str(tmp_path / "saknas" / "p.pdf")])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and err.count("\n") == 1 and "Traceback" not in err
