"""Peak memory of importing a 1 000 000-row ledger (xlsx, ods, CSV, SIE; xls at its 65 535 rows) into a new
document, and how quickly the readers refuse hostile files (50 MB of ``;``, of line breaks, one SIE line of
``{``, an xlsx sheet whose cells span the whole grid). Each runs in a process of its own, whose peak resident
memory (VmHWM, Linux) is the measurement. Budget: 1 GB per import (issue 13).

The window's import is measured by driving the import dialog itself, offscreen, in a child process: the file
read, the three steps to the summary (its dry run) and Importera, as a user would (CSV, SIE, xlsx). The
re-import is the same million-row CSV imported again into the document that holds it (every row a
duplicate), by the command line and by the window.
Run: ``.venv/bin/python bench/bench_memory.py [cli] [window] [reimport] [hostile]`` (all by default).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bench_import import LedgerRow

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for folder in (ROOT, HERE):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

N = 1_000_000
XLS_ROWS = 65_535  # an Excel 97 sheet holds 65 536 rows, the heading included
BUDGET_MB = 1024.0
_CHILD = """
import sys, time
sys.path.insert(0, {root!r})
from models.catalogue.check import load_catalogue
from models.errors import UserError
from models.importing import ImportOptions, run_import
from models.storage.document_file import Document
doc, ledger = sys.argv[1], sys.argv[2]
if sys.argv[3] == "new":
    Document.create(doc, "gnv-2024", "region-12", load_catalogue()).close()
t0 = time.perf_counter()
try:
    report = run_import(doc, ledger, ImportOptions(accounts="4000-7999"))
    said = f"{{report.imported}} importerade, {{report.duplicates}} dubbletter"
except UserError as err:
    said = str(err)
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(peak / 1024, time.perf_counter() - t0, said, sep="\\t")
"""


_WINDOW_CHILD = """
import os, sys, time
from pathlib import Path
os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, {root!r})
from PySide6.QtWidgets import QApplication
app = QApplication([])
from models.catalogue.check import load_catalogue
from models.storage.document_file import Document
from ui.doc_context import DocContext
from ui.import_dialog import ImportDialog
from ui.interaction import ScriptedInteraction
from ui.settings import Settings
doc_path, ledger = sys.argv[1], Path(sys.argv[2])
catalogue = load_catalogue()
if sys.argv[3] == "new":
    Document.create(doc_path, "gnv-2024", "region-12", catalogue).close()
doc = Document.open(doc_path)
ctx = DocContext(doc, catalogue, Settings(), ScriptedInteraction())
dialog = ImportDialog(ctx)
t0 = time.perf_counter()
assert dialog.load_file(ledger), ctx.interaction.texts("warn")
for _step in range(3):
    assert dialog.next_step(), ctx.interaction.texts("warn")
summary = dialog.summary
said = f"sammanfattning {{summary.imported}} nya, {{summary.duplicates}} dubbletter"
if summary.imported:
    assert dialog.do_import(), ctx.interaction.texts("warn")
    said += f"; {{dialog.batch.added}} importerade"
doc.close()
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(peak / 1024, time.perf_counter() - t0, said, sep="\\t")
"""


def measure(doc: Path, ledger: Path, *, window: bool = False, new: bool = True) -> tuple[float, float, str]:
    """(peak MB, seconds, what it said) of one import in a process of its own: the command line's, or the
    window's (``window``); into a new document, or into ``doc`` as it is."""
    child = _WINDOW_CHILD if window else _CHILD
    out = subprocess.run(
        [sys.executable, "-c", child.format(root=str(ROOT)), str(doc), str(ledger), "new" if new else "again"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    mb, seconds, said = out.strip().split("\t", 2)
    return float(mb), float(seconds), said


def write_ods(path: Path, rows: list[LedgerRow]) -> None:
    """A plain OpenDocument spreadsheet written directly (LibreOffice would take minutes for a million rows)."""
    from xml.sax.saxutils import escape

    def s(text: str) -> str:
        return f'<table:table-cell office:value-type="string"><text:p>{escape(text)}</text:p></table:table-cell>'

    def n(value: object) -> str:
        cell = f'<table:table-cell office:value-type="float" office:value="{value}">'
        return f"{cell}<text:p>{value}</text:p></table:table-cell>"

    head = "".join(s(h) for h in ("Datum", "Verifikation", "Konto", "Belopp", "Text", "Kostnadsställe", "Projekt"))
    parts = [f"<table:table-row>{head}</table:table-row>"]
    for d, v, a, o, t, k, p in rows:
        day = d.isoformat()
        parts.append(
            f'<table:table-row><table:table-cell office:value-type="date" office:date-value="{day}"><text:p>{day}'
            f"</text:p></table:table-cell>{s(v)}{n(a)}{n(f'{o / 100:.2f}')}{s(t)}{s(k)}{s(p)}</table:table-row>"
        )
    office = "urn:oasis:names:tc:opendocument:xmlns"
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="{office}:office:1.0" '
        f'xmlns:table="{office}:table:1.0" xmlns:text="{office}:text:1.0" office:version="1.2"><office:body>'
        '<office:spreadsheet><table:table table:name="Huvudbok">'
        + "".join(parts)
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        f'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="{office}:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/'
        'vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" '
        'manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        zf.writestr("META-INF/manifest.xml", manifest)
        zf.writestr("content.xml", content)


def write_xls(path: Path, rows: list[LedgerRow]) -> bool:
    """An Excel 97 workbook (at most 65 536 rows) converted from xlsx by LibreOffice; False without it."""
    from bench_import import write_xlsx

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return False
    source = path.with_name(path.stem + "-kalla.xlsx")
    write_xlsx(source, rows)
    subprocess.run(
        [soffice, "--headless", "--convert-to", "xls", "--outdir", str(path.parent), str(source)],
        capture_output=True,
        check=False,
        timeout=600,
    )
    converted = source.with_suffix(".xls")
    if not converted.exists():
        return False
    converted.rename(path)
    return True


def _hostile(tmp: Path) -> dict[str, Path]:
    files = {
        "50 MB semikolon": tmp / "semikolon.csv",
        "50 MB radbrytningar": tmp / "radbrytningar.csv",
        "SIE-rad med 50 MB {": tmp / "klammer.se",
        "xlsx med en cell i XFD1048576": tmp / "hela.xlsx",
    }
    files["50 MB semikolon"].write_bytes(b";" * 50_000_000)
    files["50 MB radbrytningar"].write_bytes(b"Datum;Belopp\n" + b"\n" * 50_000_000)
    files["SIE-rad med 50 MB {"].write_bytes(
        b"#SIETYP 4\n#VER A 1 20240101\n{\n#TRANS 7010 " + b"{" * 50_000_000 + b"\n}\n"
    )
    ns = "http://schemas.openxmlformats.org"
    parts = {
        "[Content_Types].xml": f'<Types xmlns="{ns}/package/2006/content-types"><Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" '
        f'Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{ns}/spreadsheetml/2006/main" xmlns:r="{ns}/officeDocument/2006/'
        'relationships"><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{ns}/package/2006/relationships"><Relationship '
        f'Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>",
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{ns}/spreadsheetml/2006/main"><sheetData><row r="1"><c '
        'r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>',
    }
    with zipfile.ZipFile(files["xlsx med en cell i XFD1048576"], "w") as zf:
        for part, text in parts.items():
            zf.writestr(part, text)
    return files


def _row(name: str, mb: float, compare: str) -> dict[str, Any]:
    return {
        "name": name,
        "value_s": round(mb),
        "unit": "MB",
        "budget_s": BUDGET_MB,
        "compare": compare,
        "ok": mb <= BUDGET_MB,
    }


def run(only: set[str] | None = None) -> list[dict[str, Any]]:
    """Every measurement, or those of the groups in ``only`` (cli, window, reimport, hostile)."""
    from bench_import import ledger_rows, write_csv, write_sie, write_xlsx

    def wanted(group: str) -> bool:
        return only is None or group in only

    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        rows = ledger_rows(N)
        ledgers = {k: tmp / f"stor.{k}" for k in ("xlsx", "ods", "csv", "se", "xls")}
        write_xlsx(ledgers["xlsx"], rows)
        write_csv(ledgers["csv"], rows)
        write_sie(ledgers["se"], rows)
        if wanted("cli"):
            write_ods(ledgers["ods"], rows)
            if not write_xls(ledgers["xls"], rows[:XLS_ROWS]):
                del ledgers["xls"]
        del rows
        for kind, path in ledgers.items():
            if not path.exists() or not (wanted("cli") or (kind == "csv" and wanted("reimport"))):
                continue
            mb, seconds, said = measure(tmp / f"{kind}.bidrag", path)
            size = path.stat().st_size / 1e6
            count = "65 535" if kind == "xls" else "1 000 000"
            name = f"Toppminne: import av {count} rader, {kind} ({size:.0f} MB), till ett nytt dokument"
            results.append(_row(name, mb, f"{seconds:.1f} s; {said}".replace(".", ",")))
        if wanted("window"):
            for kind in ("csv", "se", "xlsx"):
                path = ledgers[kind]
                mb, seconds, said = measure(tmp / f"f-{kind}.bidrag", path, window=True)
                name = f"Toppminne: fönstrets import av 1 000 000 rader, {kind}, till ett nytt dokument"
                results.append(_row(name, mb, f"{seconds:.1f} s; {said}".replace(".", ",")))
        if wanted("reimport"):
            held = tmp / "csv.bidrag"  # holds the million rows of stor.csv (imported above)
            shutil.copy(held, tmp / "f-igen.bidrag")
            mb, seconds, said = measure(held, ledgers["csv"], new=False)
            name = "Toppminne: samma 1 000 000 rader (csv) importerade igen, alla dubbletter"
            results.append(_row(name, mb, f"{seconds:.1f} s; {said}".replace(".", ",")))
            mb, seconds, said = measure(tmp / "f-igen.bidrag", ledgers["csv"], window=True, new=False)
            name = "Toppminne: samma 1 000 000 rader (csv) importerade igen i fönstret, alla dubbletter"
            results.append(_row(name, mb, f"{seconds:.1f} s; {said}".replace(".", ",")))
        if not wanted("hostile"):
            return results
        for what, path in _hostile(tmp).items():
            started = time.perf_counter()
            mb, _seconds, said = measure(tmp / f"h{len(results)}.bidrag", path)
            compare = f"{time.perf_counter() - started:.1f} s med start; {said[:80]}".replace(".", ",", 1)
            results.append(_row(f"Toppminne: fientlig fil, {what}", mb, compare))
    return results


if __name__ == "__main__":
    for row in run(set(sys.argv[1:]) or None):
        print(f"{row['name']}: {row['value_s']} MB ({row['compare']})", flush=True)
