"""Import speed: 100 000-row xlsx, CSV and SIE files imported into a fresh document, in one run.

Each import is timed ATTEMPTS times (a fresh document each time) and the best time is the
measurement, as ``timeit`` does; the median and the worst are shown beside it, since this shared
virtual machine's speed varies from minute to minute. Beside them: the raw python-calamine read of
the same xlsx, and LibreOffice's ``--convert-to csv`` of it when soffice is on PATH.
Run: ``.venv/bin/python bench/bench_import.py``.
"""

from __future__ import annotations

import gc
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

N = 100_000
ATTEMPTS = 3  # each import is timed this many times, into a fresh document each time; the best counts
BUDGETS = {"xlsx": 2.0, "csv": 1.0, "sie": 2.0}
ACCOUNTS = [4010, 5010, 5420, 6210, 6540, 6550, 7010, 7510, 7610, 7690]
TEXTS = ["Lön", "Arbetsgivaravgifter", "Konsult Öst AB", "Hyra kv 1", "Kurs i MI", "Licenser", "Resor"]
PROJECTS = ["GNV24", "GNV24", "GNV24", "AMB24"]
_EXCEL_EPOCH = date(1899, 12, 30)


LedgerRow = tuple[date, str, int, int, str, str, str]  # date, voucher, account, öre, text, cost centre, project


def _rows(n: int = N, seed: int = 7) -> list[LedgerRow]:
    rnd = random.Random(seed)
    start = date(2024, 1, 1)
    out = []
    for i in range(n):
        ore = rnd.randint(-50_000, 5_000_000)
        out.append(
            (
                start + timedelta(days=i % 365),
                f"A {i + 1}",
                rnd.choice(ACCOUNTS),
                ore,
                rnd.choice(TEXTS),
                str(rnd.randint(100, 999)),
                rnd.choice(PROJECTS),
            )
        )
    return out


def ledger_rows(n: int) -> list[LedgerRow]:
    """``n`` ledger rows as the import benchmark writes them (also for bench_memory.py)."""
    return _rows(n)


def _kr(ore: int, sep: str = ",") -> str:
    sign = "-" if ore < 0 else ""
    return f"{sign}{abs(ore) // 100}{sep}{abs(ore) % 100:02d}"


def write_csv(path: Path, rows: list[LedgerRow]) -> None:
    lines = ["Datum;Verifikation;Konto;Belopp;Text;Kostnadsställe;Projekt"]
    lines += [f"{d.isoformat()};{v};{a};{_kr(o)};{t};{k};{p}" for d, v, a, o, t, k, p in rows]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="cp1252")


def write_sie(path: Path, rows: list[LedgerRow]) -> None:
    head = [
        "#FLAGGA 0",
        '#PROGRAM "Bench" 1.0',
        "#FORMAT PC8",
        "#GEN 20250110",
        "#SIETYP 4",
        '#FNAMN "Region Bench"',
        "#RAR 0 20240101 20241231",
        '#DIM 1 "Kostnadsställe"',
        '#DIM 6 "Projekt"',
    ]
    head += [f'#KONTO {a} "Konto {a}"' for a in ACCOUNTS] + ['#KONTO 2440 "Leverantörsskulder"']
    lines = head
    # Vouchers of two cost rows and one balancing row: N cost transactions in all.
    for i in range(0, len(rows), 2):
        pair = rows[i : i + 2]
        d = pair[0][0].strftime("%Y%m%d")
        lines.append(f'#VER A {i // 2 + 1} {d} "{pair[0][4]}"')
        lines.append("{")
        for _, _, a, o, t, k, p in pair:
            lines.append(f'#TRANS {a} {{1 "{k}" 6 "{p}"}} {_kr(o, ".")} {d} "{t}"')
        lines.append(f"#TRANS 2440 {{}} {_kr(-sum(r[3] for r in pair), '.')}")
        lines.append("}")
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp437"))


def write_xlsx(path: Path, rows: list[LedgerRow]) -> None:
    """A plain xlsx written directly (openpyxl would take longer than the import being measured)."""

    def s(text: str) -> str:
        return f'<c t="inlineStr"><is><t>{escape(text)}</t></is></c>'

    head = "".join(s(h) for h in ("Datum", "Verifikation", "Konto", "Belopp", "Text", "Kostnadsställe", "Projekt"))
    parts = [f"<row>{head}</row>"]
    for d, v, a, o, t, k, p in rows:
        parts.append(
            f'<row><c s="1"><v>{(d - _EXCEL_EPOCH).days}</v></c>{s(v)}<c><v>{a}</v></c>'
            f"<c><v>{_kr(o, '.')}</v></c>{s(t)}{s(k)}{s(p)}</row>"
        )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + "".join(parts)
        + "</sheetData></worksheet>"
    )
    ns = "http://schemas.openxmlformats.org"
    files = {
        "[Content_Types].xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{ns}/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}/spreadsheetml/2006/main" '
            f'xmlns:r="{ns}/officeDocument/2006/relationships"><sheets>'
            '<sheet name="Export" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{ns}/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            "</Relationships>"
        ),
        "xl/styles.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{ns}/spreadsheetml/2006/main">'
            '<fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/>'
            '<xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>'
        ),
        "xl/worksheets/sheet1.xml": sheet,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, text in files.items():
            zf.writestr(name, text)


def _sv(seconds: float) -> str:
    return f"{seconds:.2f}".replace(".", ",")


def _timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def _import_into_fresh(tmp: Path, ledger: Path, tag: str) -> float:
    from models.catalogue.check import load_catalogue
    from models.importing import ImportOptions, run_import
    from models.storage.document_file import Document

    doc = tmp / f"{tag}.bidrag"
    Document.create(doc, "gnv-2024", "region-12", load_catalogue()).close()
    report = None

    def go() -> None:
        nonlocal report
        report = run_import(doc, ledger, ImportOptions(accounts="4000-7999"))

    seconds = _timed(go)
    assert report is not None and report.imported > 0.9 * N, report
    return seconds


def run() -> list[dict[str, Any]]:
    rows = _rows()
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        xlsx, csv, sie = tmp / "huvudbok.xlsx", tmp / "huvudbok.csv", tmp / "huvudbok.se"
        write_xlsx(xlsx, rows)
        write_csv(csv, rows)
        write_sie(sie, rows)

        from python_calamine import CalamineWorkbook

        def calamine_read() -> None:
            wb = CalamineWorkbook.from_path(str(xlsx))
            wb.get_sheet_by_name("Export").to_python()
            wb.close()

        raw_calamine = min(_timed(calamine_read) for _ in range(ATTEMPTS))
        del rows
        gc.collect()
        for kind, path in (("xlsx", xlsx), ("csv", csv), ("sie", sie)):
            times = sorted(_import_into_fresh(tmp, path, f"{kind}{i}") for i in range(ATTEMPTS))
            seconds = times[0]
            compare = f"bäst av {ATTEMPTS}; median {_sv(times[len(times) // 2])} s, sämst {_sv(times[-1])} s"
            if kind == "xlsx":
                compare += f"; python-calamine läser filen på {_sv(raw_calamine)} s"
            results.append(
                {
                    "name": f"Import av 100 000 rader, {kind}, till ett nytt dokument",
                    "value_s": round(seconds, 3),
                    "budget_s": BUDGETS[kind],
                    "compare": compare,
                    "ok": seconds <= BUDGETS[kind],
                }
            )
        results.append(
            {
                "name": f"python-calamine läser samma xlsx (bäst av {ATTEMPTS})",
                "value_s": round(raw_calamine, 3),
                "budget_s": None,
                "compare": "",
                "ok": True,
            }
        )
        soffice = shutil.which("soffice")
        if soffice:
            out = tmp / "lo"

            def convert() -> None:
                subprocess.run(
                    [
                        soffice,
                        "--headless",
                        f"-env:UserInstallation=file://{tmp}/profile",
                        "--convert-to",
                        "csv",
                        "--outdir",
                        str(out),
                        str(xlsx),
                    ],
                    check=True,
                    capture_output=True,
                    timeout=600,
                )

            seconds = _timed(convert)
            results.append(
                {
                    "name": "LibreOffice --convert-to csv av samma xlsx",
                    "value_s": round(seconds, 3),
                    "budget_s": None,
                    "compare": "ärendet anger cirka 3,9 s",
                    "ok": True,
                }
            )
    return results


def main() -> int:
    results = run()
    print(f"{'name':36} {'measured':>9} {'budget':>7}  {'comparison':58} ok")
    for r in results:
        budget = f"{r['budget_s']:.1f} s" if r["budget_s"] else "-"
        print(f"{r['name']:36} {r['value_s']:>7.2f} s {budget:>7}  {r['compare']:58} {'ja' if r['ok'] else 'NEJ'}")
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
