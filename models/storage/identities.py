"""The duplicate check of a streamed import, asked a part of the file at a time (``models.duplicates.Held``).

A document's imported rows per identity and its source keys were read into Python sets and dicts: for a
million imported costs some 400 MB, which a re-import of the same million-row ledger could not afford on top
of the file's own rows. Here they are copied once into temporary tables of the document's connection (SQLite
keeps those in a file of its own, not in memory), keyed so that a part's 100 000 rows are looked up by index.
The tables also carry the state across the parts: how many rows of each identity are still to be met before
the file's rows of it are new (``left``), and how many rows of each spreadsheet key's content the file has
shown so far (``met``), so old documents' spreadsheet keys are numbered across the whole file as before.

Made inside the import's transaction (``doc.costs.held_identities()``), so what it reads is the document as
it is when the rows are stored; dropped by ``close``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from hashlib import blake2b
from itertools import compress
from types import TracebackType
from typing import Any

from models.duplicates import Identity, already_imported
from models.storage.sourcekeys import TABLE_PREFIX, TableIdentity, contents

_STEM = len(TABLE_PREFIX) + 24 + 1  # "t:" + 12 bytes in hex + ":"
_BLAKE12 = partial(blake2b, digest_size=12)
_IDENTITY = "date, amount_ore, account, text, voucher"
_TABLES = ("held_rows", "held_keys", "held_stems", "part_rows", "part_keys", "part_stems")


@contextmanager
def _together(con: sqlite3.Connection) -> Iterator[None]:
    """The statements inside in one transaction: a dry run's, outside the import's, would otherwise commit the
    temporary tables once per row."""
    if con.in_transaction:
        yield
        return
    con.execute("BEGIN")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


class StoredIdentities:
    """``Held`` answered from temporary tables of the document's connection."""

    def __init__(self, con: sqlite3.Connection, originals: bool, state: tuple[Any, ...]) -> None:
        self._con, self._state = con, state
        with _together(con):  # a dry run's copies read one state of the document
            self._copy(originals)
        self._rows = self._any("held_rows")
        self._keys = self._any("held_keys")
        self._stems = self._any("held_stems")

    def _copy(self, originals: bool) -> None:
        con = self._con
        self.close()
        rows = "date TEXT, amount_ore INTEGER, account TEXT, text TEXT, voucher TEXT"
        for name, columns in (
            ("held_rows", f"({rows}, left INTEGER NOT NULL)"),
            ("part_rows", f"(i INTEGER PRIMARY KEY, {rows})"),
            ("held_keys", "(key TEXT PRIMARY KEY) WITHOUT ROWID"),
            ("part_keys", "(key TEXT PRIMARY KEY) WITHOUT ROWID"),
            ("held_stems", "(stem TEXT PRIMARY KEY, met INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID"),
            ("part_stems", "(stem TEXT PRIMARY KEY) WITHOUT ROWID"),
        ):
            con.execute(f"CREATE TEMP TABLE {name} {columns}")
        imported = f"SELECT {_IDENTITY} FROM costs WHERE import_id IS NOT NULL"
        if originals:  # an edited or deleted imported cost counts by what its ledger said (schema 7)
            imported = (
                f"{imported} AND id NOT IN (SELECT cost_id FROM import_originals WHERE cost_id IS NOT NULL) "
                f"UNION ALL SELECT {_IDENTITY} FROM import_originals WHERE import_id IN (SELECT id FROM imports)"
            )
        # Sorted by identity (GROUP BY), and each part's rows looked up in that order: with SQLite's small cache
        # for temporary tables, lookups in random order cost a read of the temporary file each.
        con.execute(f"INSERT INTO temp.held_rows SELECT {_IDENTITY}, COUNT(*) FROM ({imported}) GROUP BY {_IDENTITY}")
        con.execute(f"CREATE UNIQUE INDEX temp.held_rows_identity ON held_rows ({_IDENTITY})")
        con.execute("INSERT OR IGNORE INTO temp.held_keys SELECT source_key FROM costs WHERE source_key <> ''")
        con.execute(
            "INSERT INTO temp.held_stems (stem) SELECT DISTINCT substr(key, 1, ?) FROM temp.held_keys "
            "WHERE key >= ? AND key < ?",
            (_STEM, TABLE_PREFIX, TABLE_PREFIX[:-1] + chr(ord(TABLE_PREFIX[-1]) + 1)),
        )

    def _any(self, table: str) -> bool:
        return bool(self._con.execute(f"SELECT EXISTS (SELECT 1 FROM temp.{table})").fetchone()[0])

    @property
    def state(self) -> tuple[Any, ...]:
        return self._state

    def nothing_held(self) -> bool:
        return not (self._rows or self._keys)

    def duplicates_of(self, identities: Sequence[Identity]) -> list[bool]:
        if not self._rows:
            return [False] * len(identities)
        con = self._con
        distinct = sorted(set(identities))
        with _together(con):
            con.execute("DELETE FROM temp.part_rows")
            numbered = ((i, *r) for i, r in enumerate(distinct))
            con.executemany("INSERT INTO temp.part_rows VALUES (?, ?, ?, ?, ?, ?)", numbered)
            found = con.execute(
                "SELECT part_rows.i, held_rows.rowid, held_rows.left FROM temp.part_rows JOIN temp.held_rows "
                f"USING ({_IDENTITY}) WHERE held_rows.left > 0 ORDER BY part_rows.i"
            ).fetchall()
            left = {distinct[i]: n for i, _rowid, n in found}
            met: dict[Identity, int] = {}
            dup = already_imported(identities, left, met)
            con.executemany(
                "UPDATE temp.held_rows SET left = max(left - ?, 0) WHERE rowid = ?",
                [(met.get(distinct[i], 0), rowid) for i, rowid, _n in found],
            )
        return dup

    def held_keys(self, keys: Sequence[str]) -> list[bool] | None:
        if not self._keys:
            return None
        con = self._con
        with _together(con):
            con.execute("DELETE FROM temp.part_keys")
            con.executemany("INSERT OR IGNORE INTO temp.part_keys VALUES (?)", ((k,) for k in sorted(set(keys)) if k))
            found = {k for (k,) in con.execute("SELECT key FROM temp.part_keys JOIN temp.held_keys USING (key)")}
        return list(map(found.__contains__, keys)) if found else None

    def table_keys_of(self, identities: Sequence[TableIdentity]) -> list[str] | None:
        if not self._stems:
            return None
        digests = map(blake2b.hexdigest, map(_BLAKE12, map(str.encode, map(contents, identities))))
        stems = list(map(f"{TABLE_PREFIX}{{}}:".format, digests))
        con = self._con
        with _together(con):
            con.execute("DELETE FROM temp.part_stems")
            con.executemany("INSERT OR IGNORE INTO temp.part_stems VALUES (?)", ((s,) for s in sorted(set(stems))))
            before = dict(con.execute("SELECT stem, met FROM temp.part_stems JOIN temp.held_stems USING (stem)"))
        if not before:
            return None
        # Each row's occurrence of its content in the whole file: the rows of earlier parts (met) and this one's.
        seen = dict(before)
        keys = [""] * len(stems)
        for i in compress(range(len(stems)), map(before.__contains__, stems)):
            stem = stems[i]
            seen[stem] = k = seen[stem] + 1
            keys[i] = f"{stem}{k}"
        with _together(con):
            con.executemany("UPDATE temp.held_stems SET met = ? WHERE stem = ?", [(seen[s], s) for s in sorted(before)])
        return keys

    def close(self) -> None:
        for name in _TABLES:
            self._con.execute(f"DROP TABLE IF EXISTS temp.{name}")

    def __enter__(self) -> StoredIdentities:
        return self

    def __exit__(self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
