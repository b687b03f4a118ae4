"""Opening a large document with the check of its costs left to a background reader (issue 14), and
background readers stepping aside for the program's own edits. No Qt: the window's thread is this test."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from exporters.run import export_document
from models.errors import DocumentError
from models.prefill import remembered_contact
from models.prognos import build_prognos
from models.report import build_report
from models.storage.document_file import Document
from models.storage.reader import check_costs_of, read_document
from models.summary import compute_summary
from tests.helpers import catalogue, cost, crafted_copy, drop_schema_7, new_document


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("prov")
    doc = new_document(folder)
    doc.costs.add_costs([cost(str(100 + i), text=f"Rad {i}") for i in range(40)], file="bok.csv")
    doc.close()
    return doc.path


def _crafted(sample: Path, tmp_path: Path, *sql: str) -> Path:
    return crafted_copy(sample, tmp_path / "skapad.bidrag", *sql)


def _check(path: Path) -> bool:
    return read_document(path, check_costs_of, threading.Event())


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE costs SET amount_ore = 'tusen' WHERE id = 3",
        "UPDATE costs SET date = '2024-02-30' WHERE id = 3",
        "UPDATE costs SET text = X'ff00' WHERE id = 3",
    ],
)
@pytest.mark.parametrize("readonly", [False, True])
def test_costs_checked_later_refuse_every_change_and_report_until_the_check_which_refuses_them(
    sample, tmp_path, sql, readonly
):
    path = _crafted(sample, tmp_path, sql)
    before = path.read_bytes()
    with Document.open(path, readonly=readonly, check_costs="later") as doc:
        assert doc.costs_unchecked
        refusals = []
        for attempt in (
            lambda: doc.set_field("email", "a@b.se"),
            lambda: doc.costs.add_cost(cost("5")),
            lambda: build_report(doc, catalogue()),
            lambda: build_prognos(doc, catalogue()),
            lambda: export_document(doc, catalogue(), pdf=tmp_path / "ut.pdf", draft=True),
        ):
            with pytest.raises(DocumentError) as err:
                attempt()
            refusals.append(str(err.value))
        if not readonly:
            assert all("kontrolleras fortfarande" in r for r in refusals), refusals
        with pytest.raises(DocumentError, match="värden av fel slag i kostnader"):
            _check(path)
    assert path.read_bytes() == before and not (tmp_path / "ut.pdf").exists()


def test_a_wrong_value_outside_the_costs_is_refused_at_open_even_when_the_costs_wait(sample, tmp_path):
    path = _crafted(sample, tmp_path, "UPDATE fields SET value = X'c3' WHERE name = 'recipient_name'")
    with pytest.raises(DocumentError, match="tabellen fields"):
        Document.open(path, check_costs="later")


def test_a_sound_document_is_editable_and_reported_once_its_costs_have_passed(sample, tmp_path):
    path = _crafted(sample, tmp_path, "INSERT INTO fields VALUES ('contact_person', 'Anna Berg')")
    with Document.open(path, check_costs="later") as doc:
        assert remembered_contact(doc) is None  # nothing from a document not yet checked prefills the next
        totals_ok = _check(path)
        assert totals_ok is True
        doc.costs_checked(totals_ok)
        assert not doc.costs_unchecked
        doc.set_field("email", "a@b.se")
        assert build_report(doc, catalogue()).recipient_name
        assert (remembered_contact(doc) or {}).get("contact_person") == "Anna Berg"
        assert compute_summary(doc, catalogue()).costs_total == sum(range(100, 140))


def test_inflated_totals_found_later_are_recounted_or_refused_when_read_only(sample, tmp_path):
    path = _crafted(sample, tmp_path, "UPDATE cost_totals SET amount_ore = amount_ore + 100000000000")
    before = path.read_bytes()
    with Document.open(path, readonly=True, check_costs="later") as doc:
        assert _check(path) is False
        with pytest.raises(DocumentError, match="stämmer inte med kostnaderna"):
            doc.costs_checked(False)
        assert doc.costs_unchecked
    assert path.read_bytes() == before
    with Document.open(path, check_costs="later") as doc:
        doc.costs_checked(_check(path))
        assert compute_summary(doc, catalogue()).costs_total == sum(range(100, 140))
        assert doc.history(1)[0].action == "reparerat"


def test_small_and_older_documents_are_checked_at_once(sample, tmp_path):
    path = _crafted(sample, tmp_path, "UPDATE costs SET amount_ore = 'tusen' WHERE id = 3")
    with pytest.raises(DocumentError, match="värden av fel slag i kostnader"):
        Document.open(path, check_costs="auto")  # a small file: no reason to wait
    older = tmp_path / "äldre.bidrag"
    shutil.copy(sample, older)
    con = sqlite3.connect(older)
    drop_schema_7(con)
    con.execute("UPDATE costs SET amount_ore = 'tusen' WHERE id = 3")
    con.execute("PRAGMA user_version = 6")
    con.commit()
    con.close()
    with pytest.raises(DocumentError, match="värden av fel slag i kostnader"):
        Document.open(older, check_costs="later")  # checked before its upgrade


SLOW = (  # a pass that holds the file's shared lock for seconds: every cost against a long counter
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000) SELECT count(*) FROM costs, n"
)


def test_an_edit_does_not_wait_for_a_background_reader_which_reads_again_after_it(sample, tmp_path):
    path = _crafted(sample, tmp_path)
    doc = Document.open(path)
    calls: list[str] = []
    started = threading.Event()

    def slow_then_read(reader: Document) -> str:
        calls.append("read")
        if len(calls) == 1:
            started.set()
            reader.con.execute(SLOW).fetchone()  # interrupted by the edit below
        return reader.field("email")

    result: list[str] = []
    thread = threading.Thread(target=lambda: result.append(read_document(path, slow_then_read, threading.Event())))
    thread.start()
    assert started.wait(10)
    time.sleep(0.2)  # well inside the slow pass
    t = time.perf_counter()
    doc.set_field("email", "ny@region.se")
    edit = time.perf_counter() - t
    thread.join(30)
    doc.close()
    assert edit < 0.5, f"the edit waited {edit:.2f} s for the reader"
    assert calls == ["read", "read"] and result == ["ny@region.se"]  # read again, after the edit


def test_a_stopped_reading_ends_at_once_with_interrupted(sample, tmp_path):
    path = _crafted(sample, tmp_path)
    stop = threading.Event()
    threading.Timer(0.2, stop.set).start()
    t = time.perf_counter()
    with pytest.raises(sqlite3.OperationalError, match="interrupt"):
        read_document(path, lambda reader: reader.con.execute(SLOW).fetchone(), stop)
    assert time.perf_counter() - t < 2
