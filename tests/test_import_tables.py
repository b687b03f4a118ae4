"""Spreadsheets: xlsx (made with openpyxl), ods (written by hand), xls (through LibreOffice if present)."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pytest

from models.errors import UserError
from models.importing import Filters, auto_mapping, prepare_import, read_ledger

HEAD = ["Datum", "Vernr", "Konto", "Kontonamn", "Debet", "Kredit", "Text", "Ansvar", "Projekt"]
DATA = [
    [date(2024, 1, 31), 101, 7010, "Löner", 30000.1, None, "Lön januari", "456", "GNV24"],
    [datetime(2024, 2, 29), 102, 6550, "Konsulter", 0.1 + 0.2, None, "Litet belopp", "456", "GNV24"],
    [date(2024, 3, 15), 103, 6550, "Konsulter", None, 1000.55, "Kreditnota", "456", "GNV24"],
    [date(2024, 3, 16), 104, 7010, "Löner", 5000, None, "Annat projekt", "456", "AMB24"],
    [date(2024, 3, 17), 105, 2440, "Leverantörsskulder", None, 999, "Skuld", "", "GNV24"],
    ["2024-03-18", "106", "7610", "Utbildning", "1 500,00", None, "Kurs", "456", "GNV24"],
]
GNV24_TOTAL = Decimal("30000.10") + Decimal("0.30") - Decimal("1000.55") + Decimal("1500.00")


def make_xlsx(path: Path) -> None:
    wb = openpyxl.Workbook()
    first = wb.active
    first.title = "Info"
    first.append(["Det här bladet är ingen huvudbok"])
    ws = wb.create_sheet("Export")
    ws.append(["Huvudbok, Region Exempel"])
    ws.append([])
    ws.append(HEAD)
    for row in DATA:
        ws.append(row)
    ws.append(["Summa", None, None, None, 35000.4, 1999.55])
    wb.save(path)


def make_ods(path: Path, rows: list[list[object]]) -> None:
    def cell(v: object) -> str:
        if v is None:
            return "<table:table-cell/>"
        if isinstance(v, date):
            return f'<table:table-cell office:value-type="date" office:date-value="{v.isoformat()}"/>'
        if isinstance(v, int | float):
            return f'<table:table-cell office:value-type="float" office:value="{v!r}"/>'
        return f'<table:table-cell office:value-type="string"><text:p>{escape(str(v))}</text:p></table:table-cell>'

    body = "".join("<table:table-row>" + "".join(cell(v) for v in r) + "</table:table-row>" for r in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Huvudbok">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        zf.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        zf.writestr("content.xml", content, zipfile.ZIP_DEFLATED)


def _gnv24(path: Path, sheet: str | None = None):
    raw = read_ledger(path, sheet=sheet)
    plan = prepare_import(raw, auto_mapping(raw.headers), Filters(objects=[("6", "GNV24")]), default_stream="S")
    return raw, plan


def test_xlsx_sheet_choice_heading_row_and_exact_totals(tmp_path: Path) -> None:
    path = tmp_path / "huvudbok.xlsx"
    make_xlsx(path)
    with pytest.raises(UserError, match="datum"):
        _gnv24(path)  # the first sheet has no ledger in it
    raw, plan = _gnv24(path, sheet="Export")
    assert raw.sheet_names == ["Info", "Export"]
    assert raw.headers == HEAD
    m = auto_mapping(raw.headers)
    assert (m.voucher, m.debit, m.credit, m.text, m.objects) == (
        "Vernr",
        "Debet",
        "Kredit",
        "Text",
        {"1": "Ansvar", "6": "Projekt"},
    )
    assert plan.total == GNV24_TOTAL
    assert [c.amount for c in plan.candidates][1] == Decimal("0.30")
    assert plan.candidates[0].source == "huvudbok.xlsx, blad Export, rad 4"
    assert plan.candidates[0].account == "7010" and plan.candidates[0].voucher == "101"
    assert plan.candidates[0].object == "1:456 6:GNV24"
    assert plan.filtered_out == 3  # AMB24, account 2440, the sum row
    assert not plan.rejects
    assert read_ledger(path, sheet="2").sheet == "Export"
    with pytest.raises(UserError, match="Bladet"):
        read_ledger(path, sheet="Saknas")


def test_rows_give_decimals_never_floats(tmp_path: Path) -> None:
    path = tmp_path / "huvudbok.xlsx"
    make_xlsx(path)
    raw = read_ledger(path, sheet="Export")
    for row in raw.preview(10):
        assert not any(type(c) is float for c in row)
    assert raw.preview(2)[1][4] == Decimal("0.30")


def test_ods_written_by_hand(tmp_path: Path) -> None:
    path = tmp_path / "huvudbok.ods"
    make_ods(path, [HEAD, *DATA])
    raw, plan = _gnv24(path)
    assert raw.format == "ods" and raw.sheet == "Huvudbok"
    assert plan.total == GNV24_TOTAL


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice makes the xls file")
def test_xls_converted_by_libreoffice(tmp_path: Path) -> None:
    src = tmp_path / "huvudbok.xlsx"
    make_xlsx(src)
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "xls",
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    raw, plan = _gnv24(tmp_path / "huvudbok.xls", sheet="Export")
    assert raw.format == "xls"
    assert plan.total == GNV24_TOTAL


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("huvudbok.xlsx", b"Datum;Konto;Belopp\n2024-01-01;7010;5\n", "textfil"),
        ("huvudbok.xls", b"<html><table><tr><td>1</td></tr></table></html>", "HTML"),
        ("huvudbok.xlsx", b"\x00\x01garbage" * 10, "inget kalkylark"),
        ("huvudbok.xlsx", b"PK\x03\x04" + b"\x00" * 100, "skadad"),
        ("huvudbok.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "kalkylark"),
    ],
)
def test_file_that_is_not_what_its_name_claims(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UserError, match=message) as err:
        read_ledger(path)
    assert name in str(err.value)


def test_zip_that_is_a_text_document(tmp_path: Path) -> None:
    path = tmp_path / "huvudbok.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(UserError, match="textdokument"):
        read_ledger(path)
