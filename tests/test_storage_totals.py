"""cost_totals: the sums and counts per (stream, category) that triggers keep, always equal to the costs."""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from models.catalogue.check import load_catalogue
from models.document import Cost
from models.errors import Cancelled, ValidationError
from models.storage import costs as storage_costs
from models.storage import schema
from models.storage.costs import cost_row
from models.storage.document_file import Document
from models.storage.schema import COST_TOTALS_TRIGGERS, SCHEMA_VERSION
from models.summary import compute_summary
from tests.helpers import catalogue, cost, drop_schema_6, new_document

STREAMS = ("Nära vård", "Ambulans")
GROUPED = "SELECT stream, category, SUM(amount_ore), COUNT(*) FROM costs GROUP BY 1, 2 ORDER BY 1, 2"
TOTALS = "SELECT stream, category, amount_ore, count FROM cost_totals ORDER BY 1, 2"


def assert_totals_exact(doc: Document) -> None:
    con = doc.con
    grouped = con.execute(GROUPED).fetchall()
    assert con.execute(TOTALS).fetchall() == grouped
    assert doc.costs.sums_by("stream", "category") == {(s, c): Decimal(a).scaleb(-2) for s, c, a, _n in grouped}
    for column in ("stream", "category"):
        by_one = con.execute(f"SELECT {column}, SUM(amount_ore) FROM costs GROUP BY 1").fetchall()
        assert doc.costs.sums_by(column) == {(k,): Decimal(a).scaleb(-2) for k, a in by_one}
    assert doc.costs.cost_count() == sum(n for *_k, n in grouped)


def schema_of(doc: Document) -> list[tuple[Any, ...]]:
    return doc.con.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()


# -- any sequence of changes --------------------------------------------------------------------------------

amounts = st.integers(-5_000_000, 500_000_000).map(lambda ore: Decimal(ore).scaleb(-2))
small_batch = st.lists(st.tuples(st.sampled_from(STREAMS), st.integers(0, 5), amounts), max_size=12)


class TotalsMachine(RuleBasedStateMachine):
    """Every way the costs change, in any order; after each step cost_totals equals the GROUP BY of costs."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="bk-totals-"))
        self.doc = Document.create(self.folder / "t.bidrag", "gnv-2024", "region-12", catalogue())
        self.doc.con.execute("PRAGMA synchronous = OFF")  # the file's durability is not what is tested here
        self.undo: list[tuple[str, Any]] = []  # what delete_costs / remove_import returned, newest last
        self.renames = 0

    def teardown(self) -> None:
        self.doc.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _category(self, i: int) -> str:
        names = self.doc.categories()
        return names[i % len(names)]

    def _costs(self, batch: list[tuple[str, int, Decimal]]) -> list[Cost]:
        return [Cost(date(2024, 3, 1), a, s, self._category(c), text="x") for s, c, a in batch]

    def _ids(self) -> list[int]:
        return self.doc.costs.cost_ids(order="id")

    def _added(self) -> None:
        # new ids follow the largest one, so an undo older than an addition could collide with it
        self.undo.clear()

    @rule(stream=st.sampled_from(STREAMS), category=st.integers(0, 5), amount=amounts)
    def add_cost(self, stream: str, category: int, amount: Decimal) -> None:
        self.doc.costs.add_cost(Cost(date(2024, 3, 1), amount, stream, self._category(category)))
        self._added()

    @rule(batch=small_batch, as_list=st.booleans())
    def add_costs(self, batch: list[tuple[str, int, Decimal]], as_list: bool) -> None:
        costs = self._costs(batch)  # a list may take the rebuild path (_REBUILD_AT is lowered), an iterator not
        self.doc.costs.add_costs(costs if as_list else iter(costs), file="f.csv")
        self._added()

    @rule(batch=small_batch)
    def add_cost_rows(self, batch: list[tuple[str, int, Decimal]]) -> None:
        self.doc.costs.add_cost_rows((cost_row(c) for c in self._costs(batch)), file="f.sie")
        self._added()

    @rule(batch=small_batch, bad=st.booleans())
    def failed_import(self, batch: list[tuple[str, int, Decimal]], bad: bool) -> None:
        """Cancelled, or refused for an unknown stream: nothing changes."""
        costs = [*self._costs(batch), Cost(date(2024, 3, 1), Decimal("7.00"), STREAMS[0], self._category(0))]
        if bad:
            costs.append(Cost(date(2024, 3, 1), Decimal("1.00"), "Ingen sådan ström", self._category(0)))
            with pytest.raises(ValidationError):
                self.doc.costs.add_costs(costs, file="bad.csv")
        else:
            with pytest.raises(Cancelled):
                self.doc.costs.add_costs(costs, file="cancel.csv", cancel=lambda: True)

    @precondition(lambda self: self.doc.costs.cost_count() > 0)
    @rule(
        pick=st.integers(0, 10_000),
        amount=st.none() | amounts,
        stream=st.none() | st.sampled_from(STREAMS),
        category=st.none() | st.integers(0, 5),
        text=st.none() | st.sampled_from(["ändrad", "annan"]),
    )
    def update_cost(
        self, pick: int, amount: Decimal | None, stream: str | None, category: int | None, text: str | None
    ) -> None:
        ids = self._ids()
        changes: dict[str, Any] = {}
        if amount is not None:
            changes["amount"] = amount
        if stream is not None:
            changes["stream"] = stream
        if category is not None:
            changes["category"] = self._category(category)
        if text is not None:
            changes["text"] = text
        self.doc.costs.update_cost(ids[pick % len(ids)], **changes)

    @precondition(lambda self: self.doc.costs.cost_count() > 0)
    @rule(picks=st.lists(st.integers(0, 10_000), min_size=1, max_size=6))
    def delete_costs(self, picks: list[int]) -> None:
        ids = self._ids()
        removed = self.doc.costs.delete_costs({ids[p % len(ids)] for p in picks})
        self.undo.append(("costs", removed))

    @precondition(lambda self: bool(self.doc.costs.imports()))
    @rule(pick=st.integers(0, 100))
    def remove_import(self, pick: int) -> None:
        imports = self.doc.costs.imports()
        import_id = imports[pick % len(imports)][0]
        sql = "SELECT id FROM costs WHERE import_id = ? ORDER BY id"
        own = [r[0] for r in self.doc.con.execute(sql, (import_id,))]
        saved = self.doc.costs.remove_import(import_id)
        assert [c.id for c in saved[1]] == own  # found by the import's id range: exactly its costs
        assert not self.doc.con.execute(sql, (import_id,)).fetchall()
        self.undo.append(("import", saved))

    @precondition(lambda self: bool(self.undo))
    @rule()
    def undo_last(self) -> None:
        kind, saved = self.undo.pop()
        if kind == "costs":
            self.doc.costs.restore_costs(saved)
        else:
            self.doc.costs.restore_import(*saved)

    @rule(category=st.integers(0, 5))
    def rename_category(self, category: int) -> None:
        self.renames += 1
        self.doc.rename_category(self._category(category), f"Slag {self.renames}")
        # Costs put back by an older undo would carry the old name, which no longer exists (the window
        # offers no rename; an undo older than a rename is not offered).
        self.undo.clear()

    @invariant()
    def totals_equal_the_costs(self) -> None:
        assert_totals_exact(self.doc)
        names = {r[0] for r in self.doc.con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert names == set(COST_TOTALS_TRIGGERS)


def test_any_sequence_of_changes_keeps_the_totals_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(storage_costs, "_REBUILD_AT", 4)  # the drop-and-rebuild path of large imports, small
    run_state_machine_as_test(
        TotalsMachine,
        settings=settings(
            max_examples=60, stateful_step_count=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
        ),
    )


# -- large imports ------------------------------------------------------------------------------------------


def _rows(n: int, start: int = 0) -> list[tuple[Any, ...]]:
    categories = ("Personal", "Lokaler", "Övrigt")
    return [
        cost_row(
            cost(f"{(i * 7919) % 100_000 - 5_000}.{i % 100:02d}", stream=STREAMS[i % 2], category=categories[i % 3])
        )
        for i in range(start, start + n)
    ]


def test_a_large_import_adds_its_totals_and_puts_the_trigger_back(tmp_path: Path) -> None:
    doc = new_document(tmp_path)
    doc.costs.add_cost(cost("12.34", category="Övrigt"))
    before = schema_of(doc)
    doc.costs.add_cost_rows(_rows(25_000), file="stor.csv")  # more than one chunk, indexes rebuilt
    doc.costs.add_cost_rows(iter(_rows(7_000, 25_000)), file="till.csv")  # an iterator: indexes kept
    assert schema_of(doc) == before
    assert_totals_exact(doc)
    doc.costs.add_cost(cost("1.00", stream="Ambulans"))  # the insert trigger works again after the import
    doc.costs.delete_costs(doc.costs.cost_ids(order="id")[:10])
    assert_totals_exact(doc)
    assert doc.costs.cost_count() == 1 + 25_000 + 7_000 + 1 - 10


@pytest.mark.parametrize("rebuild", [True, False])
def test_a_cancelled_import_leaves_totals_and_triggers_as_they_were(tmp_path: Path, rebuild: bool) -> None:
    doc = new_document(tmp_path)
    doc.costs.add_costs([cost("100.00"), cost("2.50", stream="Ambulans", category="Lokaler")], file="först.csv")
    totals = doc.con.execute(TOTALS).fetchall()
    before = schema_of(doc)
    calls: list[int] = []

    def cancel_on_the_second_chunk() -> bool:
        calls.append(1)
        return len(calls) == 2

    rows = _rows(22_000)
    with pytest.raises(Cancelled):
        doc.costs.add_cost_rows(rows if rebuild else iter(rows), file="avbruten.csv", cancel=cancel_on_the_second_chunk)
    assert len(calls) == 2  # rows were in the table when it was cancelled
    assert doc.con.execute(TOTALS).fetchall() == totals
    assert schema_of(doc) == before  # the insert trigger is there again, and every index
    assert_totals_exact(doc)
    doc.costs.add_cost(cost("1.00"))
    assert doc.con.execute(
        "SELECT amount_ore, count FROM cost_totals WHERE stream = 'Nära vård' AND category = 'Personal'"
    ).fetchone() == (10_100, 2)


# -- files of schema version 2 ------------------------------------------------------------------------------


@contextmanager
def _schema_2(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Documents created inside are made by the migrations up to version 2 only: real version 2 files."""
    with monkeypatch.context() as m:
        m.setattr(schema, "SCHEMA_VERSION", 2)
        yield


def _v2_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A document with costs, taken back to what a version 2 file is: no totals, the covering index, no
    import id ranges, the import index."""
    doc = new_document(tmp_path)
    doc.costs.add_cost(cost("100.10"))
    doc.costs.add_cost(cost("-0.10", category="Övrigt"))
    doc.costs.add_costs([cost("5.25", stream="Ambulans", category="Lokaler")] * 30, file="v2.csv")
    doc.costs.add_cost_rows(_rows(50), file="v2.sie")
    con = doc.con
    for trigger in COST_TOTALS_TRIGGERS:
        con.execute(f"DROP TRIGGER {trigger}")
    con.execute("DROP TABLE cost_totals")
    con.execute("CREATE INDEX costs_stream_category ON costs(stream, category, amount_ore)")
    con.execute("ALTER TABLE imports DROP COLUMN first_id")
    con.execute("ALTER TABLE imports DROP COLUMN last_id")
    con.execute("CREATE INDEX costs_import ON costs(import_id) WHERE import_id IS NOT NULL")
    for table in ("transfer_plan", "municipal_reports", "transfer_rules"):  # schema 4
        con.execute(f"DROP TABLE {table}")
    con.execute("DROP TABLE decisions")
    con.execute("DROP TABLE repayment")
    drop_schema_6(con)
    con.execute("PRAGMA user_version = 2")
    doc.close()
    (tmp_path / "ny").mkdir()
    with _schema_2(monkeypatch):  # the same tables as the migrations up to version 2 make
        fresh = new_document(tmp_path / "ny")
        expected = fresh._con.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
        fresh.close()
    con = sqlite3.connect(tmp_path / "d.bidrag")
    assert con.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall() == expected
    con.close()
    return tmp_path / "d.bidrag"


def test_a_version_2_file_is_migrated_and_its_totals_filled_from_its_costs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _v2_file(tmp_path, monkeypatch)
    doc = Document.open(path)
    assert doc.con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    names = {r[0] for r in doc.con.execute("SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger')")}
    assert not {"costs_stream_category", "costs_import"} & names
    assert set(COST_TOTALS_TRIGGERS) <= names
    assert_totals_exact(doc)
    ranges = doc.con.execute("SELECT file, first_id, last_id, added FROM imports ORDER BY id").fetchall()
    assert ranges == [("v2.csv", 3, 32, 30), ("v2.sie", 33, 82, 50)]
    batch, removed, originals = doc.costs.remove_import(1)  # found by its id range
    assert len(removed) == 30 and doc.costs.cost_count() == 52
    doc.costs.restore_import(batch, removed, originals)
    assert doc.costs.cost_count() == 82
    assert doc.costs.cost_count() == 82
    assert doc.costs.sums_by("category")[("Övrigt",)] == Decimal("-0.10") + sum(
        (Decimal(r[1]).scaleb(-2) for r in _rows(50) if r[3] == "Övrigt"), Decimal("0.00")
    )
    doc.costs.add_cost(cost("1.00", stream="Ambulans"))
    assert_totals_exact(doc)


def test_a_write_protected_version_2_file_opens_read_only_unmigrated_and_sums_its_costs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _v2_file(tmp_path, monkeypatch)
    content = path.read_bytes()
    migrated = tmp_path / "migrerad.bidrag"
    migrated.write_bytes(content)
    with Document.open(migrated) as doc:  # the same document migrated to version 3: what the summary must say
        expected = compute_summary(doc, catalogue(), today=date(2024, 11, 1))
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == path else real_access(p, mode))
    doc = Document.open(path)
    assert doc.readonly
    assert doc.con.execute("PRAGMA user_version").fetchone()[0] == 2
    got = compute_summary(doc, load_catalogue(), today=date(2024, 11, 1))
    assert got == expected
    assert got.cost_count == 82
    con = sqlite3.connect(path)
    grouped = con.execute(GROUPED).fetchall()
    con.close()
    assert doc.costs.sums_by("stream", "category") == {(s, c): Decimal(a).scaleb(-2) for s, c, a, _n in grouped}
    doc.close()
    assert path.read_bytes() == content
