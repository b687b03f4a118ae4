"""Cost rows of a document: adding, editing, deleting, importing in bulk, and querying.

``doc.costs`` of a ``models.storage.document_file.Document``; it uses the document's connection,
transaction and history log.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sized
from datetime import date
from decimal import Decimal
from itertools import chain, islice
from typing import Any

from models.document import NO_ACTIVITY, Cost, CostFilter, CostRow, ImportBatch
from models.duplicates import row_identity
from models.errors import Cancelled, ValidationError
from models.money import format_sek, from_ore, quantize, to_ore
from models.period import OUTSIDE_SQL
from models.storage.activities import PlanStore
from models.storage.clock import now_text
from models.storage.core import DocumentCore, inserted_id
from models.storage.originals import ImportOriginals
from models.storage.sourcekeys import cost_identity, key_stem
from models.system.gcpause import gc_paused
from models.words import count

_ROW_COLUMNS = "date, amount_ore, stream, category, text, voucher, supplier, account, object, source, source_key"
_COLUMNS = f"id, {_ROW_COLUMNS}, import_id, activity_id"
_IMPORT_COLUMNS = "id, time, user, file, added, total_ore, first_id, last_id"
# The costs of one import: its consecutive ids, read from the rowid without an index (schema 3).
_OF_IMPORT = (
    "import_id = ? AND id BETWEEN IFNULL((SELECT first_id FROM imports WHERE id = ?), 0) "
    "AND IFNULL((SELECT last_id FROM imports WHERE id = ?), 9223372036854775807)"
)
SORTABLE = {
    "date": "date",
    "amount": "amount_ore",
    "stream": "stream",
    "category": "category",
    "text": "text",
    "voucher": "voucher",
    "supplier": "supplier",
    "account": "account",
    "object": "object",
    "source": "source",
    "id": "id",
    # by the activity's name, costs without one first (the Kostnader view's Aktivitet column)
    "activity_id": "COALESCE((SELECT name FROM activities WHERE activities.id = costs.activity_id), '')",
}
EDITABLE = ("date", "amount", "stream", "category", "text", "voucher", "supplier", "account", "object")
# Rows per INSERT statement in a bulk import: many rows per statement beat one (docs/performance.md). Each
# row has 11 parameters; SQLite before 3.32 allows 999 parameters per statement, later ones 32 766.
_PER_STATEMENT = 900 if sqlite3.sqlite_version_info >= (3, 32) else 90
_CHUNK = 5 * _PER_STATEMENT  # rows between progress reports and cancel checks
_REBUILD_AT = 20_000
# Sane limits that keep every sum an exact 64-bit integer in SQLite (past 2**63 it turns to floating point):
# one amount below 10 000 000 000 000 kr (as the readers and the amount parser have it), and the costs of
# one stream and category, and of the whole document, within 1 000 000 000 000 000 kr either way.
MAX_AMOUNT = Decimal("1e13")
MAX_TOTAL_ORE = 10**17
_TOO_LARGE = "Summan av kostnaderna skulle bli orimligt stor (över 1 000 000 000 000 000 kr); ändringen sparades inte."


def _fold(value: object) -> str:
    return str(value or "").casefold()


def _row_to_cost(row: tuple[Any, ...]) -> Cost:
    i, d, a, s, c, t, v, sup, acc, obj, src, key, imp, act = row
    return Cost(date.fromisoformat(d), from_ore(a), s, c, t, v, sup, acc, obj, src, key, imp, i, act)


def _row(c: Cost, ore: int) -> CostRow:
    return CostRow(
        c.date.isoformat(),
        ore,
        c.stream,
        c.category,
        c.text,
        c.voucher,
        c.supplier,
        c.account,
        c.object,
        c.source,
        c.source_key,
    )


def _cost_params(c: Cost) -> tuple[Any, ...]:
    return (c.id, *_row(c, to_ore(c.amount)), c.import_id, c.activity_id)


def _check_amount(amount: object) -> None:
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise ValidationError("Beloppet måste vara ett tal i kronor och öre.")
    if abs(amount) >= MAX_AMOUNT:
        raise ValidationError(f"Beloppet {amount} är orimligt stort; ett belopp ska vara under 10 000 miljarder kr.")


def check_totals(con: sqlite3.Connection) -> None:
    """Refuse (inside the writing transaction) a change that takes a sum of costs past ``MAX_TOTAL_ORE``."""
    if not con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cost_totals'").fetchone():
        return
    bad = con.execute(
        "SELECT 1 FROM cost_totals WHERE typeof(amount_ore) <> 'integer' OR amount_ore NOT BETWEEN ? AND ? LIMIT 1",
        (-MAX_TOTAL_ORE, MAX_TOTAL_ORE),
    ).fetchone()
    if bad or abs(con.execute("SELECT TOTAL(amount_ore) FROM cost_totals").fetchone()[0]) > MAX_TOTAL_ORE:
        raise ValidationError(_TOO_LARGE)


def cost_row(c: Cost) -> CostRow:
    """A cost as ``add_cost_rows`` takes it: amount in öre, date as ISO text, no id."""
    _check_amount(c.amount)
    if not isinstance(c.date, date):
        raise ValidationError("Kostnaden saknar datum.")
    return _row(c, to_ore(quantize(c.amount)))


def _chunks(rows: Iterable[CostRow], size: int) -> Iterator[list[CostRow]]:
    if isinstance(rows, list):
        for i in range(0, len(rows), size):
            yield rows[i : i + size]
        return
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


def _describe(c: Cost) -> str:
    return f"{c.date} {format_sek(c.amount)} {c.stream}/{c.category} {c.text}".strip()


class CostStore(ImportOriginals):
    """``doc.costs``: the cost rows, imports in bulk and their undo, and every query over the costs."""

    def __init__(self, doc: DocumentCore, plan: PlanStore) -> None:
        self.doc = doc
        self._con = doc.con
        self.plan = plan  # an import sorts its rows into activities by the plan's rules
        self._register_functions()

    def _register_functions(self) -> None:
        self._con.create_function("bk_fold", 1, _fold, deterministic=True)
        # A read-only file of schema 2 or 3 (not migrated) has no activity column: its costs read as unassigned.
        has_activity = any(r[1] == "activity_id" for r in self._con.execute("PRAGMA table_info(costs)"))
        self._select = _COLUMNS if has_activity else _COLUMNS.replace("activity_id", "NULL")
        self._has_activity = has_activity

    # -- checks ---------------------------------------------------------------------------
    def _check_cost(self, c: Cost) -> Cost:
        streams = list(self.doc.allocation())
        if c.stream not in streams:
            raise ValidationError(f"Strömmen ”{c.stream}” finns inte i dokumentet; välj en av: {', '.join(streams)}.")
        cats = self.doc.categories()
        if c.category not in cats:
            raise ValidationError(f"Kostnadsslaget ”{c.category}” finns inte; välj ett av: {', '.join(cats)}.")
        _check_amount(c.amount)
        if not isinstance(c.date, date):
            raise ValidationError("Kostnaden saknar datum.")
        c.amount = quantize(c.amount)
        return c

    # -- single edits ---------------------------------------------------------------------
    def add_cost(self, cost: Cost) -> int:
        cost = self._check_cost(cost)
        with self.doc.transaction() as con:
            cur = con.execute(f"INSERT INTO costs ({_COLUMNS}) VALUES ({','.join('?' * 14)})", _cost_params(cost))
            check_totals(con)
            self.doc.log("lagt till", "Kostnad", "", _describe(cost))
            return inserted_id(cur)

    def _ledger_key(self, old: Cost) -> str:
        """The source key of an imported table row as it was (``models.storage.sourcekeys``): numbered by how many
        identical rows of its import come before it, whether still as they were or edited since."""
        identity = cost_identity(old)
        stem = key_stem(identity)
        earlier = self._con.execute(
            f"SELECT COUNT(*) FROM costs WHERE {_OF_IMPORT} AND id < ? AND ("
            "(source_key = '' AND date = ? AND voucher = ? AND account = ? AND amount_ore = ? AND text = ? "
            "AND object = ? AND supplier = ?) OR substr(source_key, 1, ?) = ?)",
            (*(old.import_id,) * 3, old.id, *identity, len(stem), stem),
        ).fetchone()[0]
        return f"{stem}{earlier + 1}"

    def get_cost(self, cost_id: int) -> Cost:
        row = self._con.execute(f"SELECT {self._select} FROM costs WHERE id = ?", (cost_id,)).fetchone()
        if row is None:
            raise ValidationError("Kostnaden finns inte längre i dokumentet.")
        return _row_to_cost(row)

    def update_cost(self, cost_id: int, **changes: Any) -> Cost:
        """Change some fields of a cost; returns the cost as it was before (for undo)."""
        old = self.get_cost(cost_id)
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise ValidationError(f"Fältet ”{sorted(unknown)[0]}” kan inte ändras på en kostnad.")
        new = Cost(**{**old.__dict__, **changes})
        new = self._check_cost(new)
        if old.import_id is not None and not old.source_key and cost_identity(new) != cost_identity(old):
            # An imported row keeps what it said in the ledger, so the next export of it is a duplicate.
            new.source_key = self._ledger_key(old)
        with self.doc.transaction() as con:
            if old.import_id is not None and row_identity(_cost_params(new)[1:]) != row_identity(_cost_params(old)[1:]):
                self.keep_originals([old], deleted=False)
            params = _cost_params(new)
            con.execute(
                "UPDATE costs SET date=?, amount_ore=?, stream=?, category=?, text=?, voucher=?, supplier=?, "
                "account=?, object=?, source_key=? WHERE id = ?",
                (*params[1:10], new.source_key, cost_id),
            )
            check_totals(con)
            self.doc.log("ändrat", "Kostnad", _describe(old), _describe(new))
        return old

    def delete_costs(self, ids: Iterable[int]) -> list[Cost]:
        """Delete costs; returns them as they were, so ``restore_costs`` can undo it."""
        ids = list(ids)
        removed = self.costs_by_ids(ids)
        if not removed:
            return []
        with self.doc.transaction() as con:
            self.keep_originals(removed, deleted=True)  # a re-import does not bring them back
            con.executemany("DELETE FROM costs WHERE id = ?", [(c.id,) for c in removed])
            total = sum((c.amount for c in removed), Decimal("0.00"))
            what = (
                _describe(removed[0])
                if len(removed) == 1
                else f"{count(len(removed), 'kostnad', 'kostnader')}, {format_sek(total)}"
            )
            self.doc.log("tagit bort", "Kostnad", what, "")
        return removed

    def restore_costs(self, costs: list[Cost]) -> None:
        """Put deleted costs back with their old ids (undo of a delete)."""
        if not costs:
            return
        with self.doc.transaction() as con:
            con.executemany(
                f"INSERT INTO costs ({_COLUMNS}) VALUES ({','.join('?' * 14)})",
                [_cost_params(c) for c in costs],
            )
            check_totals(con)
            self.restored_originals(costs)
            total = sum((c.amount for c in costs), Decimal("0.00"))
            self.doc.log(
                "återställt", "Kostnad", "", f"{count(len(costs), 'kostnad', 'kostnader')}, {format_sek(total)}"
            )

    # -- bulk import ----------------------------------------------------------------------
    def add_costs(
        self,
        costs: Iterable[Cost],
        *,
        file: str,
        progress: Callable[[int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> ImportBatch:
        """Add many costs as one import, in ONE transaction: all or nothing (cancel raises Cancelled)."""
        rows: Iterable[CostRow] = map(cost_row, costs)
        if isinstance(costs, Sized):
            rows = list(rows)
        return self.add_cost_rows(rows, file=file, progress=progress, cancel=cancel)

    @gc_paused()
    def add_cost_rows(
        self,
        rows: Iterable[CostRow],
        *,
        file: str,
        progress: Callable[[int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> ImportBatch:
        """``add_costs`` for rows already in storage order (``CostRow``, as an import makes them).
        Streams and categories are checked a chunk at a time."""
        from models.storage.schema import ADD_COST_TOTALS, COST_TOTALS_INSERT_TRIGGER

        streams = set(self.doc.allocation())
        cats = set(self.doc.categories())
        # A large import into a smaller document: dropping the secondary indexes and building them again
        # after the inserts (inside the same transaction, so a crash or cancel restores them) is quicker
        # than keeping them up to date row by row (docs/performance.md).
        rebuild = isinstance(rows, Sized) and len(rows) >= max(_REBUILD_AT, self.cost_count() // 2)
        with self.doc.transaction() as con:
            indexes: list[tuple[str, str]] = []
            if rebuild:
                indexes = con.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'costs' "
                    "AND sql IS NOT NULL"
                ).fetchall()
                for name, _sql in indexes:
                    con.execute(f'DROP INDEX "{name}"')
            # The insert trigger would update cost_totals once per row, most of SQLite's work: the batch's
            # totals are added once at the end instead, and the trigger is put back from its stored SQL. All of
            # it in this transaction, so a cancel or a crash leaves the trigger and the totals as they were.
            trigger = con.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (COST_TOTALS_INSERT_TRIGGER,)
            ).fetchone()
            if trigger is not None:
                con.execute(f'DROP TRIGGER "{COST_TOTALS_INSERT_TRIGGER}"')
            totals: dict[tuple[str, str], list[int]] = {}  # [öre, count] per (stream, category) of this batch
            cur = con.execute(
                "INSERT INTO imports (time, user, file, added, total_ore) VALUES (?, ?, ?, 0, 0)",
                (now_text(), self.doc.user, file),
            )
            import_id = inserted_id(cur)
            # Without AUTOINCREMENT every new row gets the largest id + 1: the import's ids follow this one.
            first_id = int(con.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM costs").fetchone()[0])
            added = 0
            one = f"({','.join('?' * 11)}, {import_id})"
            sql = f"INSERT INTO costs ({_ROW_COLUMNS}, import_id) VALUES {one}"
            many = f"INSERT INTO costs ({_ROW_COLUMNS}, import_id) VALUES {','.join([one] * _PER_STATEMENT)}"
            for chunk in _chunks(rows, _CHUNK):
                for r in chunk:  # one pass, the quickest in Python: a dict of a few keys
                    key = r.stream, r.category
                    t = totals.get(key)
                    if t is None:
                        totals[key] = [r.ore, 1]
                    else:
                        t[0] += r.ore
                        t[1] += 1
                bad_stream = {s for s, _c in totals} - streams
                if bad_stream:
                    raise ValidationError(f"Strömmen ”{min(bad_stream)}” finns inte i dokumentet.")
                bad_cat = {c for _s, c in totals} - cats
                if bad_cat:  # a category added while the rows are read (the onward payments' in a streamed import)?
                    cats = set(self.doc.categories())
                    bad_cat -= cats
                if bad_cat:
                    raise ValidationError(f"Kostnadsslaget ”{min(bad_cat)}” finns inte i dokumentet.")
                whole = len(chunk) - len(chunk) % _PER_STATEMENT
                for i in range(0, whole, _PER_STATEMENT):
                    con.execute(many, tuple(chain.from_iterable(chunk[i : i + _PER_STATEMENT])))
                con.executemany(sql, chunk[whole:])
                added += len(chunk)
                if cancel is not None and cancel():
                    raise Cancelled("Importen avbröts; dokumentet är oförändrat.")
                if progress is not None:
                    progress(added)
            total = sum(ore for ore, _n in totals.values())
            if any(abs(ore) > MAX_TOTAL_ORE for ore, _n in totals.values()) or abs(total) > MAX_TOTAL_ORE:
                raise ValidationError(_TOO_LARGE)
            if trigger is not None:
                con.executemany(ADD_COST_TOTALS, [(*key, ore, n) for key, (ore, n) in totals.items()])
                con.execute(trigger[0])
                check_totals(con)
            for _name, sql in indexes:
                con.execute(sql)
            con.execute(
                "UPDATE imports SET added = ?, total_ore = ?, first_id = ?, last_id = ? WHERE id = ?",
                (added, total, first_id, first_id + added - 1, import_id),
            )
            if added:  # sorted into activities by the document's rules, as it is sorted into categories
                self.plan.apply_activity_rules(first_id, first_id + added - 1)
            self.doc.log("importerat", file, "", f"{added} kostnader, {format_sek(from_ore(total))}")
        if progress is not None:
            progress(added)
        return ImportBatch(import_id, file, added, from_ore(total), list(range(first_id, first_id + added)))

    def remove_import(self, import_id: int) -> tuple[tuple[Any, ...], list[Cost], list[tuple[Any, ...]]]:
        """Undo an import in one step; returns what ``restore_import`` needs to redo it: the import, its
        costs, and what its edited or deleted rows said in the ledger (``import_originals``)."""
        batch = self._con.execute(f"SELECT {_IMPORT_COLUMNS} FROM imports WHERE id = ?", (import_id,)).fetchone()
        if batch is None:
            raise ValidationError("Importen finns inte längre i dokumentet.")
        costs = list(self.iter_costs(CostFilter(import_id=import_id), order="id"))
        with self.doc.transaction() as con:
            con.execute(f"DELETE FROM costs WHERE {_OF_IMPORT}", (import_id,) * 3)
            con.execute("DELETE FROM imports WHERE id = ?", (import_id,))
            originals = self.take_originals(import_id)
            self.doc.log("ångrat import", batch[3], count(len(costs), "kostnad", "kostnader"), "")
        return batch, costs, originals

    def restore_import(
        self, batch: tuple[Any, ...], costs: list[Cost], originals: Iterable[tuple[Any, ...]] = ()
    ) -> None:
        with self.doc.transaction() as con:
            con.execute(f"INSERT INTO imports ({_IMPORT_COLUMNS}) VALUES ({','.join('?' * len(batch))})", batch)
            con.executemany(
                f"INSERT INTO costs ({_COLUMNS}) VALUES ({','.join('?' * 14)})",
                [_cost_params(c) for c in costs],
            )
            self.put_originals(originals)
            check_totals(con)
            self.doc.log("återställt import", batch[3], "", count(len(costs), "kostnad", "kostnader"))

    def imports(self) -> list[tuple[Any, ...]]:
        return self._con.execute("SELECT id, time, user, file, added, total_ore FROM imports ORDER BY id").fetchall()

    # -- queries --------------------------------------------------------------------------
    @staticmethod
    def _where(f: CostFilter | None) -> tuple[str, list[Any]]:
        if f is None:
            return "", []
        clauses: list[str] = []
        params: list[Any] = []
        if f.text:
            needle = f"%{f.text.casefold()}%"
            clauses.append(
                "(bk_fold(text) LIKE ? OR bk_fold(supplier) LIKE ? OR bk_fold(voucher) LIKE ? "
                "OR account LIKE ? OR bk_fold(object) LIKE ? OR bk_fold(source) LIKE ?)"
            )
            params += [needle] * 6
        if f.stream:
            clauses.append("stream = ?")
            params.append(f.stream)
        if f.category:
            clauses.append("category = ?")
            params.append(f.category)
        if f.date_from:
            clauses.append("date >= ?")
            params.append(f.date_from.isoformat())
        if f.date_to:
            clauses.append("date <= ?")
            params.append(f.date_to.isoformat())
        if f.import_id is not None:
            clauses.append(_OF_IMPORT)
            params.extend([f.import_id] * 3)
        if f.activity_id == NO_ACTIVITY:
            clauses.append("activity_id IS NULL")
        elif f.activity_id is not None:
            clauses.append("activity_id = ?")
            params.append(f.activity_id)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def cost_count(self, f: CostFilter | None = None) -> int:
        where, params = self._where(f)
        totals = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cost_totals'"
        if not where and self._con.execute(totals).fetchone():
            # every cost: a few rows of totals instead of a scan (a read-only file of schema 2 has none)
            return int(self._con.execute("SELECT COALESCE(SUM(count), 0) FROM cost_totals").fetchone()[0])
        return int(self._con.execute(f"SELECT COUNT(*) FROM costs{where}", params).fetchone()[0])

    def cost_total(self, f: CostFilter | None = None) -> Decimal:
        where, params = self._where(f)
        totals = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cost_totals'"
        if not where and self._con.execute(totals).fetchone():  # every cost: the stored totals, as cost_count
            return from_ore(self._con.execute("SELECT COALESCE(SUM(amount_ore), 0) FROM cost_totals").fetchone()[0])
        return from_ore(
            self._con.execute(f"SELECT COALESCE(SUM(amount_ore), 0) FROM costs{where}", params).fetchone()[0]
        )

    def _order(self, order: str, descending: bool) -> str:
        column = SORTABLE.get(order) if order != "activity_id" or self._has_activity else "''"
        if column is None:
            raise ValidationError(f"Kan inte sortera på ”{order}”.")
        direction = "DESC" if descending else "ASC"
        return f" ORDER BY {column} {direction}, id {direction}"

    def cost_ids(self, f: CostFilter | None = None, order: str = "date", descending: bool = False) -> list[int]:
        """Ids of the costs a filter shows, sorted: the Kostnader view fetches rows by id as they scroll in."""
        where, params = self._where(f)
        sql = f"SELECT id FROM costs{where}{self._order(order, descending)}"
        return [r[0] for r in self._con.execute(sql, params)]

    def costs_by_ids(self, ids: list[int]) -> list[Cost]:
        """The costs with these ids, in the order given (missing ids are left out)."""
        found: dict[int, Cost] = {}
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            sql = f"SELECT {self._select} FROM costs WHERE id IN ({','.join('?' * len(part))})"
            for row in self._con.execute(sql, part):
                found[row[0]] = _row_to_cost(row)
        return [found[i] for i in ids if i in found]

    def iter_costs(self, f: CostFilter | None = None, order: str = "date", descending: bool = False) -> Iterator[Cost]:
        where, params = self._where(f)
        cur = self._con.execute(f"SELECT {self._select} FROM costs{where}{self._order(order, descending)}", params)
        while rows := cur.fetchmany(2000):
            yield from (_row_to_cost(r) for r in rows)

    def sums_by(self, *columns: str) -> dict[tuple[str, ...], Decimal]:
        """Sums of costs grouped by stream and/or category, computed by SQLite over integer öre.

        Read from cost_totals, which the triggers keep exact: a handful of rows however many costs there
        are. A file of schema 2 opened read-only (not migrated) has no cost_totals: summed from the costs.
        """
        allowed = {"stream", "category"}
        if not columns or not set(columns) <= allowed:
            raise ValueError(columns)
        cols = ", ".join(columns)
        if self._con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cost_totals'").fetchone():
            sql = f"SELECT {cols}, SUM(amount_ore) FROM cost_totals WHERE count > 0 GROUP BY {cols}"
        else:
            sql = f"SELECT {cols}, SUM(amount_ore) FROM costs GROUP BY {cols}"
        return {tuple(r[:-1]): from_ore(r[-1]) for r in self._con.execute(sql)}

    def monthly_costs(self) -> dict[str, Decimal]:
        """Costs per month ("2024-03"), for the spending chart."""
        rows = self._con.execute("SELECT substr(date, 1, 7), SUM(amount_ore) FROM costs GROUP BY 1 ORDER BY 1")
        return {m: from_ore(a) for m, a in rows}

    def sums_outside(self, start: date, end: date) -> dict[tuple[str, str], tuple[Decimal, int]]:
        """Sum and count per (stream, category) of the costs outside the period ``start``–``end``
        (``models.period``), read through the date index: a few rows however many costs are inside."""
        sql = f"SELECT stream, category, SUM(amount_ore), COUNT(*) FROM costs WHERE {OUTSIDE_SQL} GROUP BY 1, 2"
        rows = self._con.execute(sql, (start.isoformat(), end.isoformat()))
        return {(s, c): (from_ore(a), int(n)) for s, c, a, n in rows}
