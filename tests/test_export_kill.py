"""Exports killed at random moments (SIGKILL): no temporary file is left, and no PDF stands without the
xlsx exported with it (exporters/atomic.py: staged files without a name, the PDF moved into place last)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import cost, new_document

ROOT = Path(__file__).resolve().parent.parent
EXPORTER = """
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from exporters.run import export_document
from models.catalogue.check import load_catalogue
from models.storage.document_file import Document
catalogue = load_catalogue()
out = Path(sys.argv[2])
with Document.open(sys.argv[1], readonly=True) as doc:
    i = 0
    while True:
        folder = out / str(i)
        folder.mkdir()
        export_document(doc, catalogue, form="redovisning", draft=True, with_ledger=True,
                        pdf=folder / "redovisning.pdf", xlsx=folder / "redovisning.xlsx")
        print(i, flush=True)
        i += 1
"""


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_an_export_killed_at_any_moment_leaves_no_temporary_file_and_no_pdf_without_its_xlsx(tmp_path: Path) -> None:
    doc = new_document(tmp_path)
    doc.costs.add_costs([cost(str(100 + i), text=f"Rad {i}") for i in range(300)], file="bok.csv")
    doc.close()
    script = tmp_path / "exporter.py"
    script.write_text(EXPORTER.format(root=str(ROOT)))
    rng = random.Random(13)
    done = 0
    for round_ in range(12):
        out = tmp_path / f"ut{round_}"
        out.mkdir()
        proc = subprocess.Popen([sys.executable, str(script), str(doc.path), str(out)], stdout=subprocess.PIPE)
        time.sleep(rng.uniform(1.5, 5.0))
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.stdout is not None
        done += len(proc.stdout.read().split())
        proc.wait()
        proc.stdout.close()
        for folder in out.iterdir():
            names = sorted(p.name for p in folder.iterdir())
            assert names in ([], ["redovisning.xlsx"], ["redovisning.pdf", "redovisning.xlsx"]), names
    assert done >= 2  # exports did finish between the kills


def test_when_the_xlsx_cannot_be_put_in_place_no_pdf_appears_and_nothing_is_left(tmp_path: Path) -> None:
    from exporters.atomic import write_all_atomic
    from models.errors import UserError

    (tmp_path / "redovisning.xlsx").mkdir()  # something in the xlsx's place that a file cannot replace
    with pytest.raises(UserError, match=r"redovisning\.xlsx"):
        write_all_atomic([(tmp_path / "redovisning.pdf", b"%PDF-1.4"), (tmp_path / "redovisning.xlsx", b"PK")])
    assert [p.name for p in tmp_path.iterdir()] == ["redovisning.xlsx"]  # no PDF, no temporary file


def test_both_files_are_written_and_returned_as_given(tmp_path: Path) -> None:
    from exporters.atomic import write_all_atomic

    paths = write_all_atomic([(tmp_path / "r.pdf", b"%PDF-1.4"), (tmp_path / "r.xlsx", b"PK")])
    assert paths == [tmp_path / "r.pdf", tmp_path / "r.xlsx"]  # returned as given
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.pdf", "r.xlsx"]  # and no temporary file
    assert (tmp_path / "r.pdf").read_bytes() == b"%PDF-1.4" and (tmp_path / "r.xlsx").read_bytes() == b"PK"
