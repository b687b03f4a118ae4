"""Damaged and crafted .bidrag files: refused with one sentence and left unchanged, or opened and read
without an exception; cached totals that disagree with the costs are never printed (issue 13)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli import run_cli
from models.errors import DocumentError, UserError
from models.storage.document_file import Document
from models.storage.schema import SCHEMA_VERSION
from models.summary import compute_summary
from tests.helpers import catalogue, cost, crafted_copy, new_document

ROOT = Path(__file__).resolve().parent.parent


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run_cli(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A document with costs, a payment, fields and history: the material for the crafted files."""
    folder = tmp_path_factory.mktemp("prov")
    doc = new_document(folder)
    doc.costs.add_costs([cost(str(100 + i), text=f"Rad {i}", voucher=f"A {i}") for i in range(40)], file="bok.csv")
    doc.set_field("email", "ekonomi@region.se")
    doc.close()
    return doc.path


def _crafted(sample: Path, tmp_path: Path, *sql: str) -> Path:
    return crafted_copy(sample, tmp_path / "skapad.bidrag", *sql)


@pytest.mark.parametrize(
    ("sql", "words"),
    [
        (("DROP TABLE exports",), "tabeller eller utlösare"),
        (("ALTER TABLE costs ADD COLUMN extra TEXT",), "tabeller eller utlösare"),
        (("CREATE TRIGGER stopp BEFORE INSERT ON history BEGIN SELECT RAISE(ABORT, 'nej'); END",), "utlösare"),
        (("CREATE TRIGGER sudda AFTER INSERT ON history BEGIN DELETE FROM history; END",), "utlösare"),
        (("CREATE INDEX eget ON costs(text)",), "tabeller eller utlösare"),
        (("UPDATE costs SET amount_ore = 'tusen' WHERE id = 3",), "värden av fel slag i kostnader"),
        (("UPDATE costs SET amount_ore = 12.5 WHERE id = 3",), "värden av fel slag"),
        (("UPDATE costs SET date = '2024-02-30' WHERE id = 3",), "ett datum som inte finns"),
        (("UPDATE costs SET text = X'ff00' WHERE id = 3",), "binära data där det ska stå text"),
        (("UPDATE costs SET source = X'' WHERE id = 40",), "värden av fel slag i kostnader"),
        (("UPDATE fields SET value = X'c3' WHERE name = 'email'",), "värden av fel slag i tabellen fields"),
        (("UPDATE history SET what = X'00'",), "historiken"),
        (("UPDATE imports SET added = 'många'",), "tabellen imports"),
        (("INSERT INTO payments (date, amount_ore) VALUES ('2024-13-01', 5)",), "utbetalningar"),
        (("UPDATE history SET time = 'igår'",), "historiken"),
        (("PRAGMA user_version = -1",), "okänt versionsnummer"),
        (("PRAGMA user_version = 0",), "okänt versionsnummer"),
        ((f"PRAGMA user_version = {SCHEMA_VERSION + 1}",), "nyare version"),
    ],
)
def test_a_crafted_document_is_refused_with_a_sentence_and_left_unchanged(sample, tmp_path, capsys, sql, words):
    path = _crafted(sample, tmp_path, *sql)
    before = path.read_bytes()
    for readonly in (True, False):
        with pytest.raises(DocumentError, match=words):
            Document.open(path, readonly=readonly)
    for command in (["summary", str(path)], ["history", str(path)], ["set", str(path), "email=a@b.se"]):
        code, _out, err = run(capsys, *command)
        assert code == 2 and words.split()[0] in err and "oväntat" not in err, err
    assert path.read_bytes() == before


def test_inflated_cached_totals_are_never_printed_and_are_recounted_with_a_history_row(sample, tmp_path, capsys):
    path = _crafted(sample, tmp_path, "UPDATE cost_totals SET amount_ore = amount_ore + 100000000000")
    before = path.read_bytes()
    code, out, err = run(capsys, "summary", str(path))
    assert code == 2 and "stämmer inte med kostnaderna" in err and out == ""
    assert path.read_bytes() == before
    with Document.open(path) as doc:  # opened for editing: counted again, and noted
        assert doc.costs.cost_total() == sum(range(100, 140))
        assert compute_summary(doc, catalogue()).costs_total == sum(range(100, 140))
        assert doc.history(1)[0].action == "reparerat"
    code, out, _err = run(capsys, "summary", str(path))
    assert code == 0 and "Summa kostnader: 4 780 kr (40 rader)" in out


def test_a_byte_changed_in_text_that_is_not_utf8_reads_as_a_replacement_character(sample, tmp_path):
    path = tmp_path / "tecken.bidrag"
    data = bytearray(sample.read_bytes())
    at = data.index(b"Rad 17")
    data[at + 1] = 0xFF  # "R\xffd 17": no longer UTF-8
    path.write_bytes(bytes(data))
    with Document.open(path, readonly=True) as doc:
        assert "R\ufffdd 17" in {c.text for c in doc.costs.iter_costs()}


FLIPS = st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)), min_size=1, max_size=4)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flips=FLIPS)
def test_a_byte_flipped_document_is_refused_or_reads_without_an_exception(sample, tmp_path, flips):
    data = bytearray(sample.read_bytes())
    for at, value in flips:
        data[at % len(data)] = value
    path = tmp_path / "vänd.bidrag"
    path.write_bytes(bytes(data))
    try:
        doc = Document.open(path, readonly=True)
    except DocumentError:
        assert path.read_bytes() == bytes(data)
        return
    with doc:  # opened: every read gives its answer or the program's own error (a sentence), nothing else
        for read in (
            lambda: compute_summary(doc, catalogue()),
            doc.history,
            doc.fields,
            doc.payments,
            doc.costs.iter_costs,
        ):
            try:
                list(read()) if read == doc.costs.iter_costs else read()
            except UserError:
                pass


def _kill_mid_commit(path: Path) -> None:
    """A process that writes with a tiny cache (so the file itself is changed before the commit) and dies."""
    code = f"""
import os, sqlite3
con = sqlite3.connect({str(path)!r}, isolation_level=None)
con.execute("PRAGMA cache_size = 1")
con.execute("BEGIN IMMEDIATE")
con.execute("UPDATE costs SET text = text || ' ändrad' || hex(randomblob(200))")
os._exit(9)
"""
    subprocess.run([sys.executable, "-c", code], check=False)


def test_a_read_only_open_after_a_kill_mid_commit_says_how_to_repair_it(sample, tmp_path, capsys):
    path = tmp_path / "avbruten.bidrag"
    shutil.copy(sample, path)
    _kill_mid_commit(path)
    assert Path(f"{path}-journal").stat().st_size > 0
    for command in ("summary", "history"):
        code, _out, err = run(capsys, command, str(path))
        assert code == 2 and "öppna den för redigering en gång" in err, err
    code, _out, err = run(capsys, "set", str(path), "email=ny@region.se")  # a writer rolls the journal back
    assert code == 0, err
    code, out, _err = run(capsys, "summary", str(path))
    assert code == 0 and "(40 rader)" in out
    with Document.open(path, readonly=True) as doc:
        assert all(" ändrad" not in c.text for c in doc.costs.iter_costs())
