"""Hostile and careless input that used to end in a traceback, a wrong figure or a lost file (issue 13)."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from cli import run_cli
from exporters.run import export_document
from models.errors import UserError
from models.importing import Reject, parse_sie, run_import
from models.storage.document_file import Document
from tests.helpers import catalogue, cost, new_document


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run_cli(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 1 MB file system of its own (tmpfs), where the test can fill the disk; skipped where it cannot mount."""
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        pytest.skip("kan inte montera ett litet filsystem här (kräver root)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill_disk(folder: Path) -> None:
    with (folder / "fyllnad").open("wb", buffering=0) as fh:  # unbuffered: closing has nothing left to write
        try:
            while True:
                fh.write(b"\0" * 65536)
        except OSError:
            pass


# -- CSV that Excel would read as formulas ----------------------------------------------------------
def test_the_rejects_csv_keeps_every_formula_looking_cell_as_text(tmp_path):
    ledger = tmp_path / "bok.csv"
    hostile = ["-1+1", "-2+3+cmd|' /C calc'!A0", "=1+1", "@SUM(A1)"]
    lines = ["Datum;Konto;Belopp;Text"] + [f"2024-03-01;7010;{h};rad" for h in hostile]
    ledger.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = new_document(tmp_path)
    doc.close()
    report = run_import(doc.path, ledger, dry_run=True)
    out = tmp_path / "avvisade.csv"
    report.plan.write_rejects_csv(out)
    cells = [row[2] for row in csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter=";")][1:]
    assert cells and all(c.startswith("'") for c in cells), cells
    assert "'-2+3+cmd|' /C calc'!A0" in cells and "'-1+1" in cells
    report.plan.rejects[:] = [Reject(1, "\tBelopp", "+1", "\rskäl")]  # what no ledger reader passes on
    row = list(csv.reader(io.StringIO(report.plan.rejects_csv()), delimiter=";"))[1]
    assert row[1:] == ["'\tBelopp", "'+1", "'\rskäl"]


# -- SIE amounts written with a space --------------------------------------------------------------
SIE = """#FLAGGA 0
#SIETYP 4
#RAR 0 20240101 20241231
#VER A 1 20240301 "Lön"
{
#TRANS 7010 {} 1 234.50
#TRANS 7010 {} 1 234,5 20240301 "mars"
#TRANS 7010 {} 100.00 20240301 "rätt"
}
"""


def test_an_sie_amount_split_by_a_space_is_a_row_error_naming_the_line():
    sie = parse_sie(SIE.encode("cp437"))
    assert [t.ore for t in sie.transactions] == [10000]
    assert [(r.line, r.value) for r in sie.rejects] == [(6, "1 234.50"), (7, "1 234,5")]
    assert all("inte ett enda tal" in r.reason for r in sie.rejects)


# -- the command line -------------------------------------------------------------------------------
def test_a_negative_amount_after_a_space_is_a_value_not_an_option(tmp_path, capsys):
    doc = new_document(tmp_path)
    doc.close()
    code, _out, err = run(
        capsys, "add-cost", str(doc.path), "--date", "2024-03-01", "--amount", "-1234,50", "--category", "Personal"
    )
    assert code == 0, err
    code, _out, err = run(
        capsys, "add-cost", str(doc.path), "--date", "2024-03-01", "--amount", "-1 000", "--category", "Personal"
    )
    assert code == 0, err
    with Document.open(doc.path, readonly=True) as d:
        assert d.costs.cost_total() == Decimal("-2234.50")


def test_an_argument_that_is_not_utf8_gets_a_sentence_and_changes_nothing(tmp_path, capsys):
    doc = new_document(tmp_path)
    doc.close()
    before = doc.path.read_bytes()
    text = os.fsdecode(b"Konsult \xff\xfe")
    code, _out, err = run(
        capsys, "add-cost", str(doc.path), "--date", "2024-03-01", "--amount", "1", "--category", "Personal",
        "--text", text,
    )  # fmt: skip
    assert code == 2 and "inte är giltig text (UTF-8)" in err and "oväntat" not in err
    assert doc.path.read_bytes() == before


def test_a_ledger_whose_name_is_not_utf8_is_imported_under_a_readable_name(tmp_path, capsys):
    doc = new_document(tmp_path)
    doc.close()
    ledger = Path(os.fsdecode(bytes(tmp_path) + b"/bok\xff.csv"))
    ledger.write_text("Datum;Konto;Belopp;Text\n2024-03-01;7010;12,00;x\n", encoding="utf-8")
    code, _out, err = run(capsys, "import", str(doc.path), str(ledger))
    assert code == 0, err
    with Document.open(doc.path, readonly=True) as d:
        assert d.history(1)[0].what == "bok\ufffd.csv"
        assert d.costs.iter_costs().__next__().source.startswith("bok\ufffd.csv")


@pytest.mark.parametrize(
    "profile",
    [
        '{"mapping": {"date": "Datum", "amount": "Belopp"}, "filters": {"accounts": [[Infinity, 5]]}}',
        '{"mapping": {"date": "Datum", "amount": "Belopp"}, "filters": {"accounts": [[1e400, 5]]}}',
        '{"mapping": {"date": "Datum", "amount": "Belopp"}, "rules": [{"accounts": [NaN, 5]}]}',
        '{"mapping": {"date": "Datum", "amount": "Belopp"}, "rules": [{"accounts": [1e400, 5]}]}',
    ],
)
def test_a_mapping_file_with_infinite_numbers_is_refused_with_a_sentence(tmp_path, capsys, profile):
    doc = new_document(tmp_path)
    doc.close()
    ledger = tmp_path / "bok.csv"
    ledger.write_text("Datum;Konto;Belopp;Text\n2024-03-01;7010;12,00;x\n", encoding="utf-8")
    mapping = tmp_path / "m.json"
    mapping.write_text(profile, encoding="utf-8")
    code, _out, err = run(capsys, "import", str(doc.path), str(ledger), "--mapping", str(mapping))
    assert code == 2 and "profil" in err and "oväntat" not in err


# -- a full disk and a read-only folder -----------------------------------------------------------
def test_a_full_disk_refuses_the_change_with_a_sentence_and_keeps_the_document(small_disk, capsys):
    path = small_disk / "d.bidrag"
    Document.create(path, "gnv-2024", "region-12", catalogue()).close()
    fill_disk(small_disk)
    long_text = "x" * 9000  # needs new pages and a journal, which the full disk refuses
    code, _out, err = run(capsys, "set", str(path), f"deviations={long_text}")
    assert code == 2 and "Disken är full" in err, err
    with Document.open(path, readonly=True) as doc:
        assert doc.field("deviations") == ""


def test_an_export_to_a_full_disk_says_so_and_leaves_no_file(small_disk, tmp_path):
    doc = new_document(tmp_path)
    fill_disk(small_disk)
    with pytest.raises(UserError, match="Disken är full"):
        export_document(doc, catalogue(), pdf=small_disk / "b.pdf", xlsx=small_disk / "b.xlsx", draft=True)
    assert sorted(p.name for p in small_disk.iterdir()) == ["fyllnad"]
    doc.close()


def test_a_document_in_a_read_only_folder_refuses_a_change_with_a_sentence(small_disk, capsys):
    path = small_disk / "d.bidrag"
    Document.create(path, "gnv-2024", "region-12", catalogue()).close()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    code, _out, err = run(capsys, "set", str(path), "email=a@b.se")
    assert code == 2 and "skrivskydd" in err and "oväntat" not in err, err


# -- exports ---------------------------------------------------------------------------------------
def test_an_export_onto_a_symbolic_link_replaces_the_file_it_points_to(tmp_path):
    doc = new_document(tmp_path)
    real = tmp_path / "arkiv" / "bilaga1.pdf"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "senaste.pdf"
    link.symlink_to(real)
    export_document(doc, catalogue(), pdf=link, draft=True)
    assert link.is_symlink() and link.resolve() == real
    assert real.read_bytes().startswith(b"%PDF")
    doc.close()


def test_an_export_writes_both_files_or_neither_and_clears_a_killed_exports_leftovers(tmp_path):
    doc = new_document(tmp_path)
    leftover = tmp_path / ".b.pdf.abc123.tmp"
    leftover.write_bytes(b"half a pdf from an export that was killed")
    old = time.time() - 3600
    os.utime(leftover, (old, old))
    with pytest.raises(UserError):  # the xlsx cannot be written: no PDF appears alone
        export_document(doc, catalogue(), pdf=tmp_path / "b.pdf", xlsx=tmp_path / "saknas" / "b.xlsx", draft=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.bidrag"]
    doc.close()


def test_xlsx_rows_stay_within_excels_height_and_a_cut_text_is_told(tmp_path):
    from openpyxl import load_workbook

    doc = new_document(tmp_path)
    doc.set_field("deviations", "\n".join(["En rad om avvikelser."] * 400))
    doc.costs.add_cost(cost("100", text="lång " * 8000))  # 40 000 characters
    result = export_document(doc, catalogue(), xlsx=tmp_path / "b.xlsx", draft=True, with_ledger=True)
    wb = load_workbook(tmp_path / "b.xlsx")
    heights = [d.height for ws in wb.worksheets for d in ws.row_dimensions.values() if d.height]
    assert heights and max(heights) <= 409
    texts = [c.value for c in wb["Kostnader"]["E"] if isinstance(c.value, str) and c.value.startswith("lång")]
    assert len(texts) == 1 and len(texts[0]) == 32767 and texts[0].endswith("…")
    assert "1 text är längre än de 32 767 tecken" in result.note
    doc.close()


# -- sums that would leave 64-bit integers --------------------------------------------------------
def test_amounts_and_sums_past_the_limits_are_refused_and_the_totals_stay_exact(tmp_path):
    doc = new_document(tmp_path)
    with pytest.raises(UserError, match="orimligt stort"):
        doc.costs.add_cost(cost("10000000000000"))
    big = Decimal("9999999999999.99")
    doc.costs.add_costs([cost(str(big))] * 100, file="stor.csv")
    with pytest.raises(UserError, match="orimligt stor"):
        doc.costs.add_cost(cost(str(big)))
    with pytest.raises(UserError, match="orimligt stor"):
        doc.costs.add_costs([cost(str(big))] * 5, file="mer.csv")
    assert doc.costs.cost_count() == 100
    assert doc.costs.cost_total() == big * 100
    assert doc.costs.sums_by("stream") == {("Nära vård",): big * 100}
    doc.close()


def sheet_xlsx(path: Path, dimension: str, rows: str, *, doctype: str = "") -> None:
    files = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
        '+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
        'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet '
        'name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0"?>{doctype}<worksheet xmlns="http://schemas.openxmlformats'
        f'.org/spreadsheetml/2006/main">{dimension}<sheetData>{rows}</sheetData></worksheet>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in files.items():
            zf.writestr(name, text)
