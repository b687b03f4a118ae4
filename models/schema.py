"""The document file's schema and its migrations.

A document is a SQLite file. ``PRAGMA application_id`` marks it as ours and
``PRAGMA user_version`` is its schema version. MIGRATIONS[n] takes a file from
version n-1 to n; version 1 is the first schema. A file from a newer version
is refused, never modified.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

APPLICATION_ID = 0x42494452  # "BIDR"
SCHEMA_VERSION = 2

_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE fields (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE allocation (
    stream TEXT PRIMARY KEY,
    amount_ore INTEGER NOT NULL,
    position INTEGER NOT NULL
);
CREATE TABLE categories (name TEXT PRIMARY KEY, position INTEGER NOT NULL);
CREATE TABLE payments (
    id INTEGER PRIMARY KEY,
    date TEXT NOT NULL,
    amount_ore INTEGER NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    time TEXT NOT NULL,
    user TEXT NOT NULL,
    file TEXT NOT NULL,
    added INTEGER NOT NULL,
    total_ore INTEGER NOT NULL
);
CREATE TABLE costs (
    id INTEGER PRIMARY KEY,
    date TEXT NOT NULL,
    amount_ore INTEGER NOT NULL,
    stream TEXT NOT NULL,
    category TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    voucher TEXT NOT NULL DEFAULT '',
    supplier TEXT NOT NULL DEFAULT '',
    account TEXT NOT NULL DEFAULT '',
    object TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    source_key TEXT NOT NULL DEFAULT '',
    import_id INTEGER REFERENCES imports(id)
);
CREATE INDEX costs_date ON costs(date);
CREATE INDEX costs_source_key ON costs(source_key) WHERE source_key <> '';
CREATE INDEX costs_import ON costs(import_id) WHERE import_id IS NOT NULL;
-- covering index: the summary's sums per stream and category read it instead of the table
CREATE INDEX costs_stream_category ON costs(stream, category, amount_ore);
CREATE TABLE exports (
    id INTEGER PRIMARY KEY,
    time TEXT NOT NULL,
    user TEXT NOT NULL,
    form TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    formats TEXT NOT NULL,
    draft INTEGER NOT NULL
);
CREATE TABLE history (
    id INTEGER PRIMARY KEY,
    time TEXT NOT NULL,
    user TEXT NOT NULL,
    action TEXT NOT NULL,
    what TEXT NOT NULL,
    old TEXT NOT NULL DEFAULT '',
    new TEXT NOT NULL DEFAULT ''
);
"""


def _to_v1(con: sqlite3.Connection) -> None:
    for statement in _V1.split(";"):
        if statement.strip():
            con.execute(statement)


def _to_v2(con: sqlite3.Connection) -> None:
    # Nothing looked costs up by source key (duplicates are found from one scan of the table), and
    # keeping the index cost every large import time.
    con.execute("DROP INDEX IF EXISTS costs_source_key")


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _to_v1, 2: _to_v2}


def migrate(con: sqlite3.Connection, from_version: int) -> None:
    """Run every migration after ``from_version`` inside the caller's transaction."""
    for version in range(from_version + 1, SCHEMA_VERSION + 1):
        MIGRATIONS[version](con)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
