"""Killing the program in the middle of writing never loses or half-writes a committed change."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from models.storage.document_file import Document
from tests.helpers import new_document

ROOT = Path(__file__).resolve().parent.parent

WRITER = """
import sys
from datetime import date
from decimal import Decimal
sys.path.insert(0, {root!r})
from models.document import Cost
from models.storage.document_file import Document
doc = Document.open(sys.argv[1])
i = int(doc.field("contact_person").split()[-1] or 0) if doc.field("contact_person") else 0
while True:
    i += 1
    with doc.transaction():  # a cost change and a field change, one transaction
        if i % 7 == 0:  # a bulk write now and then: all of it or none of it
            rows = [Cost(date(2024, 1, 1), Decimal(i), "Nära vård", "Personal", text=f"bulk{{i}}") for _ in range(50)]
            doc.costs.add_costs(rows, file=f"bulk{{i}}")
        else:
            doc.costs.add_cost(Cost(date(2024, 1, 1), Decimal(i), "Nära vård", "Personal", text=f"row{{i}}"))
        doc.set_field("contact_person", f"Person {{i}}")
    print(i, flush=True)
"""


@pytest.mark.slow
def test_sigkill_during_writes_keeps_exactly_the_committed_changes(tmp_path: Path) -> None:
    new_document(tmp_path).close()
    path = tmp_path / "d.bidrag"
    script = tmp_path / "writer.py"
    script.write_text(WRITER.format(root=str(ROOT)))
    rng = random.Random(2024)
    for _round in range(25):
        proc = subprocess.Popen([sys.executable, str(script), str(path)], stdout=subprocess.PIPE, text=True)
        reported = 0
        deadline = time.monotonic() + rng.uniform(0.3, 1.0)
        assert proc.stdout is not None
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            reported = int(line)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        for line in proc.stdout:  # steps printed (so committed) before the kill, still in the pipe
            reported = int(line)
        proc.stdout.close()
        with Document.open(path) as doc:
            texts = Counter(c.text for c in doc.costs.iter_costs())
            steps = set(texts)
            last = max(int(t[3:] if t.startswith("row") else t[4:]) for t in steps) if steps else 0
            # every step the writer reported is there; at most the one in flight beyond it
            assert reported <= last <= reported + 1
            for i in range(1, last + 1):
                if i % 7 == 0:
                    assert texts[f"bulk{i}"] == 50  # never a half import
                else:
                    assert f"row{i}" in steps
            # the field change made in the same transaction as the last cost change is there too
            if last:
                assert doc.field("contact_person") == f"Person {last}"
            assert doc.costs.cost_total() == sum(
                (Decimal(i) * (50 if i % 7 == 0 else 1) for i in range(1, last + 1)), Decimal("0.00")
            )
