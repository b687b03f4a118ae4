"""Hostile ledger files: each reader refuses with one sentence, in bounded time and memory, never aborting.

The files are made here. Each is read in a process of its own (``main.py import``), since what this
guards against is calamine aborting the whole process or the memory running out."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from models.errors import UserError
from models.importing import read_ledger
from models.storage.document_file import Document
from tests.helpers import catalogue
from tests.test_hostile_inputs import sheet_xlsx

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "import"
_PEAK = """
import sys
sys.path.insert(0, {root!r})
sys.argv = ["main.py", *sys.argv[1:]]
from main import main
code = main()
peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
print(f"PEAK {{peak // 1024}}", file=sys.stderr)
sys.exit(code)
"""


def import_in_process_of_its_own(tmp_path: Path, ledger: Path) -> tuple[int, str, int]:
    """(exit status, stderr, peak memory in MB) of ``main.py import`` of ``ledger`` into a fresh document."""
    doc = tmp_path / f"{ledger.stem}.bidrag"
    if not doc.exists():
        Document.create(doc, "gnv-2024", "region-12", catalogue()).close()
    before = doc.read_bytes()
    done = subprocess.run(
        [sys.executable, "-c", _PEAK.format(root=str(ROOT)), "import", str(doc), str(ledger)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    *said, peak = done.stderr.strip().splitlines() or ["PEAK -1"]
    if done.returncode == 2:
        assert doc.read_bytes() == before, "a refused file changed the document"
    return done.returncode, "\n".join(said), int(peak.split()[1]) if peak.startswith("PEAK") else -1


def _refused(tmp_path: Path, ledger: Path, *words: str) -> int:
    code, said, peak = import_in_process_of_its_own(tmp_path, ledger)
    assert code == 2, (code, said)
    assert len(said.splitlines()) == 1 and "Traceback" not in said and "panicked" not in said, said
    assert all(w in said for w in words), said
    return peak


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        ('<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', "kolumner"),
        ('<row r="1"><c r="A1"><v>1</v></c></row><row r="900000"><c r="ZZ900000"><v>1</v></c></row>', "för stort"),
        ('<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>1</v></c></row>', "kolumner"),
    ],
)
def test_a_small_xlsx_whose_cells_span_the_grid_is_refused_before_calamine_reads_it(tmp_path, rows, words):
    path = tmp_path / "stor.xlsx"
    sheet_xlsx(path, '<dimension ref="A1:XFD1048576"/>', rows)
    assert path.stat().st_size < 5000
    assert _refused(tmp_path, path, words) < 400


def test_a_large_declared_range_with_few_cells_is_read(tmp_path):
    path = tmp_path / "glest.xlsx"
    head = '<row r="1"><c r="A1" t="inlineStr"><is><t>Datum</t></is></c><c r="B1" t="inlineStr"><is><t>Belopp</t>'
    sheet_xlsx(path, '<dimension ref="A1:XFD1048576"/>', head + '</is></c></row><row r="2"><c r="A2"><v>45352</v>'
               '</c><c r="B2"><v>12.5</v></c></row>')  # fmt: skip
    raw = read_ledger(path)
    assert raw.headers == ["Datum", "Belopp"] and len(raw.cells) == 1


def test_an_xlsx_that_declares_xml_entities_is_refused(tmp_path):
    path = tmp_path / "skratt.xlsx"
    doctype = '<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    sheet_xlsx(path, "", '<row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row>', doctype=doctype)
    with pytest.raises(UserError, match="entiteter"):
        read_ledger(path)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            block = b"<c/>" * 250_000
            for _ in range(300):  # 300 MB of XML in well under 1 MB of file
                fh.write(block)
    assert path.stat().st_size < 2_000_000
    assert _refused(tmp_path, path, "orimligt mycket data") < 400


def test_a_damaged_xls_that_makes_calamine_panic_is_a_refusal(tmp_path):
    # one byte of a LibreOffice-written xls changed: python-calamine 0.9 panics in its BIFF reader
    assert _refused(tmp_path, DATA / "skadad-panik.xls", "går inte att läsa som kalkylark") < 400


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("semikolon.csv", b";" * 50_000_000, "celler"),
        ("radbrytningar.csv", b"Datum;Belopp\n" + b"\n" * 50_000_000, "rader"),
    ],
)
def test_50_mb_of_separators_or_line_breaks_is_refused_in_little_memory(tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    assert _refused(tmp_path, path, words) < 600


def test_an_sie_line_of_50_mb_of_braces_is_a_row_error_in_little_memory(tmp_path):
    path = tmp_path / "klammer.se"
    path.write_bytes(b"#SIETYP 4\n#VER A 1 20240101\n{\n#TRANS 7010 " + b"{" * 50_000_000 + b"\n}\n")
    code, said, peak = import_in_process_of_its_own(tmp_path, path)
    assert code == 0 and "Rad 4" in said and "längre än 100 000 tecken" in said, said
    assert peak < 600


def test_more_sie_transactions_than_the_row_limit_are_refused(tmp_path):
    path = tmp_path / "lang.se"
    path.write_bytes(b"#SIETYP 4\n#VER A 1 20240101\n{\n" + b"#TRANS 7010 {} 1.00\n" * 2_000_001 + b"}\n")
    with pytest.raises(UserError, match="2 000 001 rader"):
        read_ledger(path)


@pytest.mark.parametrize(
    "far",
    ['<row r="1048576"><c r="Z1048576"><v>1</v></c></row>', '<row r="999999"><c r="Z999999"><v>1</v></c></row>'],
)
def test_a_sparse_sheet_of_few_columns_whose_range_is_too_large_is_refused(tmp_path, far):
    """Two cells, A1 and one in column Z far down: calamine would hold every cell between them (1,1 GB)."""
    path = tmp_path / "glest.xlsx"
    sheet_xlsx(path, "", '<row r="1"><c r="A1"><v>1</v></c></row>' + far)
    assert path.stat().st_size < 2000
    assert _refused(tmp_path, path, "för stort", "kolumner") < 400


def test_a_long_sheet_of_few_columns_is_read(tmp_path):
    """A sheet as long as Excel allows is read when its columns are few enough (C: 3 × 1 048 576 cells)."""
    path = tmp_path / "lang.xlsx"
    head = '<row r="1"><c r="A1" t="inlineStr"><is><t>Datum</t></is></c><c r="B1" t="inlineStr"><is><t>Belopp</t>'
    sheet_xlsx(path, "", head + '</is></c></row><row r="1048576"><c r="C1048576"><v>1</v></c></row>')
    raw = read_ledger(path)
    assert raw.headers == ["Datum", "Belopp", "Kolumn 3"] and len(raw.cells) == 1_048_575
