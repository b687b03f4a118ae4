"""Two writers at once: the same ledger imported twice concurrently is stored once."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from models.document import Cost
from models.importing import SummaryChanged, import_ledger, import_request, run_import
from models.storage.document_file import Document
from tests.helpers import catalogue

ROOT = Path(__file__).resolve().parent.parent
HEAD = "Datum;Verifikation;Konto;Belopp;Text"


def _ledger(tmp_path: Path, n: int = 300) -> Path:
    lines = [HEAD] + [f"2024-03-{1 + i % 28:02d};A {i};7010;{100 + i},50;Lön {i}" for i in range(n)]
    path = tmp_path / "huvudbok.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _new(tmp_path: Path) -> Path:
    path = tmp_path / "d.bidrag"
    Document.create(path, "gnv-2024", "region-12", catalogue()).close()
    return path


def test_a_summary_made_before_another_import_committed_imports_nothing(tmp_path):
    doc_path, ledger = _new(tmp_path), _ledger(tmp_path)
    with Document.open(doc_path) as first:
        request = import_request(first, ledger)
        summary = import_ledger(first, request, dry_run=True)  # the window's summary, while the document is empty
        assert summary.imported == 300
        report = run_import(doc_path, ledger)  # a colleague's import of the same file lands meanwhile
        assert report.imported == 300
        with pytest.raises(SummaryChanged, match="andra rader är nu dubbletter; ingenting importerades"):
            import_ledger(first, request, expect=summary)
        assert first.costs.cost_count() == 300 and len(first.costs.imports()) == 1
        again = import_ledger(first, request, dry_run=True)  # the summary shown anew
        assert (again.imported, again.duplicates) == (0, 300)
        # Without a summary to hold to (the command line), the duplicates are decided inside the transaction.
        assert import_ledger(first, request).imported == 0
        assert first.costs.cost_count() == 300


def test_a_summary_still_holds_after_a_change_that_touches_no_duplicate(tmp_path):
    doc_path, ledger = _new(tmp_path), _ledger(tmp_path)
    with Document.open(doc_path) as first:
        request = import_request(first, ledger)
        summary = import_ledger(first, request, dry_run=True)
        with Document.open(doc_path) as colleague:  # another window adds a cost by hand
            colleague.costs.add_cost(
                Cost(date(2024, 3, 1), Decimal("100.50"), "Nära vård", "Personal", "Lön 0", voucher="A 0")
            )
        report = import_ledger(first, request, expect=summary)
        assert (report.imported, report.total) == (summary.imported, summary.total)
        assert first.costs.cost_count() == 301


def test_two_processes_importing_one_file_at_once_store_it_once(tmp_path):
    ledger = _ledger(tmp_path, 2000)
    for round_ in range(3):
        doc_path = tmp_path / f"r{round_}.bidrag"
        Document.create(doc_path, "gnv-2024", "region-12", catalogue()).close()
        cmd = [sys.executable, str(ROOT / "main.py"), "import", str(doc_path), str(ledger)]
        procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        outs = [p.communicate(timeout=120) for p in procs]
        assert [p.returncode for p in procs] == [0, 0], outs
        with Document.open(doc_path, readonly=True) as doc:
            assert doc.costs.cost_count() == 2000
            assert doc.costs.cost_total() == sum(100 + i for i in range(2000)) + 1000
        said = "".join(o for o, _e in outs)
        assert "Importerade 2 000 kostnader" in said and "Dubbletter som hoppades över: 2 000" in said, outs


_HOLDER = """
import sys, time
sys.path.insert(0, sys.argv[1])
from models.storage.document_file import Document
with Document.open(sys.argv[2]) as doc, doc.transaction():  # as an import storing its rows holds the document
    doc.log("import", "stor.csv")
    print("held", flush=True)
    time.sleep(float(sys.argv[3]))
"""


def test_a_write_from_the_command_line_waits_for_another_import_and_says_so(tmp_path):
    doc_path = _new(tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(ROOT), str(doc_path), "11"], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "set", str(doc_path), "email=anna@kfsk.se"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    waited = time.monotonic() - started
    assert holder.wait(timeout=60) == 0
    assert done.returncode == 0, done.stderr
    assert "d.bidrag används just nu av en annan import eller ändring; väntar tills den är klar" in done.stderr
    assert waited > 10  # longer than the 10 s after which a write used to give up ("upptagen")
    with Document.open(doc_path, readonly=True) as doc:
        assert doc.field("email") == "anna@kfsk.se"
