"""What imported rows said in their ledger: the duplicate check's view of a document (``models.duplicates``).

Part of ``doc.costs`` (``CostStore`` inherits it); it uses the document's connection. The
table ``import_originals`` (schema 7) keeps an imported cost's ledger identity from the moment the user
first edits or deletes it, so the count of what was imported never shrinks by a user's edit.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable
from typing import Any

from models.document import Cost
from models.duplicates import Existing
from models.money import to_ore
from models.storage.core import DocumentCore
from models.storage.identities import StoredIdentities


class ImportOriginals:
    doc: DocumentCore
    _con: sqlite3.Connection

    def cost_count(self, f: Any = None) -> int:  # pragma: no cover - CostStore's
        raise NotImplementedError

    def cost_identities(self) -> Existing:
        """What the duplicate check of an import needs (``models.duplicates``): the costs' source
        keys, and the imported rows per identity as their ledger said (edited and deleted ones included)."""
        con = self._con
        self._identities_mark: tuple[int, int] | None = self._write_mark()
        keys = {k for (k,) in con.execute("SELECT source_key FROM costs WHERE source_key <> ''")}
        identity = "date, amount_ore, account, text, voucher"
        if not self.doc.has_table("import_originals"):  # a file before schema 7 read without the upgrade
            counts = Counter(con.execute(f"SELECT {identity} FROM costs WHERE import_id IS NOT NULL"))
            return Existing(keys, dict(counts), ("v4", self.cost_count(), len(keys)))
        counts = Counter(
            con.execute(
                f"SELECT {identity} FROM costs WHERE import_id IS NOT NULL "
                "AND id NOT IN (SELECT cost_id FROM import_originals WHERE cost_id IS NOT NULL)"
            )
        )
        counts.update(
            con.execute(f"SELECT {identity} FROM import_originals WHERE import_id IN (SELECT id FROM imports)")
        )
        state = con.execute(
            "SELECT (SELECT COUNT(*) FROM imports), (SELECT COALESCE(MAX(id), 0) FROM imports), "
            "(SELECT COUNT(*) FROM import_originals), (SELECT COALESCE(MAX(id), 0) FROM costs), "
            "(SELECT COUNT(*) FROM costs)"
        ).fetchone()
        return Existing(keys, dict(counts), tuple(state))

    def held_identities(self) -> StoredIdentities:
        """``cost_identities`` for an import a part at a time: kept in temporary tables of the document's
        connection instead of in memory (``models.storage.identities``); close it when done."""
        state = self._con.execute(
            "SELECT (SELECT COUNT(*) FROM imports), (SELECT COALESCE(MAX(id), 0) FROM imports), "
            "(SELECT COALESCE(MAX(id), 0) FROM costs), (SELECT COUNT(*) FROM costs)"
        ).fetchone()
        return StoredIdentities(self._con, self.doc.has_table("import_originals"), tuple(state))

    def keep_originals(self, costs: Iterable[Cost], deleted: bool) -> None:
        """Remember what imported costs said in their ledger, before their first edit or their deletion."""
        rows = [
            (c.id, c.import_id, c.date.isoformat(), to_ore(c.amount), c.account, c.text, c.voucher)
            for c in costs
            if c.import_id is not None
        ]
        if not rows or not self.doc.has_table("import_originals"):
            return
        self._con.executemany(
            "INSERT OR IGNORE INTO import_originals (cost_id, import_id, date, amount_ore, account, text, voucher) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        if deleted:
            self._con.executemany(
                "UPDATE import_originals SET deleted_id = cost_id, cost_id = NULL WHERE cost_id = ?",
                [(r[0],) for r in rows],
            )

    def restored_originals(self, costs: Iterable[Cost]) -> None:
        """Deleted imported costs are back (undo): their originals belong to them again, and are forgotten
        when the cost still says what its ledger row said."""
        if not self.doc.has_table("import_originals"):
            return
        ids = [(c.id, c.id) for c in costs if c.import_id is not None]
        self._con.executemany(
            "UPDATE import_originals SET cost_id = deleted_id, deleted_id = NULL WHERE id = "
            "(SELECT MAX(id) FROM import_originals WHERE deleted_id = ? AND cost_id IS NULL) AND deleted_id = ?",
            ids,
        )
        self._con.executemany(
            "DELETE FROM import_originals WHERE cost_id = ? AND (date, amount_ore, account, text, voucher) = "
            "(SELECT date, amount_ore, account, text, voucher FROM costs WHERE id = ?)",
            ids,
        )

    def take_originals(self, import_id: int) -> list[tuple[Any, ...]]:
        """Remove an import's originals (undoing the import: its ids may be taken by the next one) and return
        them for ``put_originals``."""
        if not self.doc.has_table("import_originals"):
            return []
        columns = "cost_id, deleted_id, import_id, date, amount_ore, account, text, voucher"
        rows = self._con.execute(f"SELECT {columns} FROM import_originals WHERE import_id = ?", (import_id,))
        taken = rows.fetchall()
        self._con.execute("DELETE FROM import_originals WHERE import_id = ?", (import_id,))
        return taken

    def put_originals(self, rows: Iterable[tuple[Any, ...]]) -> None:
        rows = list(rows)
        if rows and self.doc.has_table("import_originals"):
            self._con.executemany(
                "INSERT INTO import_originals (cost_id, deleted_id, import_id, date, amount_ore, account, text, "
                "voucher) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )

    def _write_mark(self) -> tuple[int, int]:
        """Changes by another connection (SQLite's data_version) and by this one (total_changes)."""
        return int(self._con.execute("PRAGMA data_version").fetchone()[0]), self._con.total_changes

    def identities_current(self) -> bool:
        """Whether nothing has been written to the file since ``cost_identities`` was last read."""
        return getattr(self, "_identities_mark", None) == self._write_mark()
