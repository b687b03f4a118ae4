"""The document file's schema and its migrations.

A document is a SQLite file. ``PRAGMA application_id`` marks it as ours and
``PRAGMA user_version`` is its schema version. MIGRATIONS[n] takes a file from
version n-1 to n; version 1 is the first schema. A file from a newer version
is refused, never modified. A file of an older version is migrated when opened
for editing; opened read-only it is read as it is, if it is at least READABLE_FROM.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

APPLICATION_ID = 0x42494452  # "BIDR"
SCHEMA_VERSION = 7
# The oldest version this program reads without migrating it: a read-only or write-protected file cannot be
# upgraded. A v2 file lacks cost_totals, which every reader falls back from (storage_costs.py), and the imports'
# id ranges, which only undoing an import (a write) uses.
READABLE_FROM = 2
# A file of version 2 or 3 read without the upgrade lacks the onward-payment tables of version 4: its readers
# (models/storage/transfers.py) see an empty plan, no reports and no rules.

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


# Sum and count of the costs per (stream, category), kept exact by triggers on every change to costs: the
# summary reads a handful of rows instead of a million, and a bulk import no longer builds a covering index.
_ADD_TOTAL = """
    INSERT INTO cost_totals (stream, category, amount_ore, count) VALUES (new.stream, new.category, new.amount_ore, 1)
    ON CONFLICT (stream, category) DO UPDATE SET amount_ore = amount_ore + excluded.amount_ore, count = count + 1;"""
_SUBTRACT_TOTAL = """
    UPDATE cost_totals SET amount_ore = amount_ore - old.amount_ore, count = count - 1
    WHERE stream = old.stream AND category = old.category;
    DELETE FROM cost_totals WHERE stream = old.stream AND category = old.category AND count = 0;"""
COST_TOTALS_INSERT_TRIGGER = "costs_totals_insert"
COST_TOTALS_TRIGGERS = (COST_TOTALS_INSERT_TRIGGER, "costs_totals_delete", "costs_totals_update")
# A bulk import adds its batch's totals with this, its insert trigger dropped meanwhile (storage_costs.py).
ADD_COST_TOTALS = (
    "INSERT INTO cost_totals (stream, category, amount_ore, count) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (stream, category) DO UPDATE SET amount_ore = amount_ore + excluded.amount_ore, "
    "count = count + excluded.count"
)
_V3 = (
    """CREATE TABLE cost_totals (
    stream TEXT NOT NULL,
    category TEXT NOT NULL,
    amount_ore INTEGER NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (stream, category)
) WITHOUT ROWID""",
    f"CREATE TRIGGER {COST_TOTALS_INSERT_TRIGGER} AFTER INSERT ON costs BEGIN{_ADD_TOTAL}\nEND",
    f"CREATE TRIGGER costs_totals_delete AFTER DELETE ON costs BEGIN{_SUBTRACT_TOTAL}\nEND",
    # WHEN: an edit of the text or the date (update_cost sets every column) leaves the totals alone
    "CREATE TRIGGER costs_totals_update AFTER UPDATE OF stream, category, amount_ore ON costs\n"
    "WHEN old.stream IS NOT new.stream OR old.category IS NOT new.category OR old.amount_ore IS NOT new.amount_ore\n"
    f"BEGIN{_SUBTRACT_TOTAL}{_ADD_TOTAL}\nEND",
    "DROP INDEX IF EXISTS costs_stream_category",
    "INSERT INTO cost_totals (stream, category, amount_ore, count) "
    "SELECT stream, category, SUM(amount_ore), COUNT(*) FROM costs GROUP BY stream, category",
    # An import's costs have consecutive ids (each row gets the largest id + 1, in one transaction), so the
    # import keeps its first and last id and its costs are found by that range: the index on import_id,
    # a large share of SQLite's time in an import (docs/performance.md), goes.
    "ALTER TABLE imports ADD COLUMN first_id INTEGER",
    "ALTER TABLE imports ADD COLUMN last_id INTEGER",
    "UPDATE imports SET first_id = (SELECT MIN(id) FROM costs WHERE import_id = imports.id), "
    "last_id = (SELECT MAX(id) FROM costs WHERE import_id = imports.id)",
    "DROP INDEX IF EXISTS costs_import",
)


def _to_v3(con: sqlite3.Connection) -> None:
    # cost_totals replaces the covering index costs_stream_category, whose build was a large share of SQLite's
    # time in an import (docs/performance.md); it is filled once here and kept by the triggers from then on.
    # The imports' id ranges replace the index costs_import.
    for statement in _V3:
        con.execute(statement)


# Onward payments of an RSS (models/storage/transfers.py): what each municipality is promised, what it
# reported back, and which ledger accounts or objects are transfers. A paid transfer is a cost (category
# "Vidareförmedlat till kommuner", the municipality as its supplier), so it needs no table of its own.
_V4 = (
    "CREATE TABLE transfer_plan (code TEXT PRIMARY KEY, amount_ore INTEGER NOT NULL, note TEXT NOT NULL DEFAULT '')",
    """CREATE TABLE municipal_reports (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    date TEXT NOT NULL,
    used_ore INTEGER NOT NULL,
    returned_ore INTEGER NOT NULL,
    return_cost_id INTEGER,
    note TEXT NOT NULL DEFAULT ''
)""",
    """CREATE TABLE transfer_rules (
    kind TEXT NOT NULL CHECK (kind IN ('account', 'object')),
    value TEXT NOT NULL,
    code TEXT NOT NULL,
    PRIMARY KEY (kind, value)
)""",
)


def _to_v4(con: sqlite3.Connection) -> None:
    for statement in _V4:
        con.execute(statement)


# Version 5: the government's payment decisions (several a year, each cited on the forms) and the repayment
# made (at most one row). The document's copy of its agreement lives in meta (key agreement_data) and needs
# no table: an older document gets it from the catalogue when it is first opened for editing.
_V5 = (
    "CREATE TABLE decisions (id INTEGER PRIMARY KEY, dnr TEXT NOT NULL, date TEXT NOT NULL, "
    "amount_ore INTEGER NOT NULL)",
    "CREATE TABLE repayment (id INTEGER PRIMARY KEY CHECK (id = 1), date TEXT NOT NULL, "
    "amount_ore INTEGER NOT NULL, reference TEXT NOT NULL DEFAULT '')",
)


def _to_v5(con: sqlite3.Connection) -> None:
    for statement in _V5:
        con.execute(statement)


# Schema 6: the activity plan (models/storage/activities.py). An activity belongs to a stream; its plan is an amount per
# calendar month; activity rules (kept in the document, they belong to the year) sort imported costs into
# activities; a cost's activity is costs.activity_id (NULL: not assigned).
_V6 = (
    """CREATE TABLE activities (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    stream TEXT NOT NULL,
    category TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL
)""",
    """CREATE TABLE plan (
    activity_id INTEGER NOT NULL REFERENCES activities(id),
    month TEXT NOT NULL,
    amount_ore INTEGER NOT NULL,
    PRIMARY KEY (activity_id, month)
) WITHOUT ROWID""",
    """CREATE TABLE activity_rules (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    pattern TEXT NOT NULL,
    activity_id INTEGER NOT NULL REFERENCES activities(id),
    position INTEGER NOT NULL
)""",
    "ALTER TABLE costs ADD COLUMN activity_id INTEGER",
)


def _to_v6(con: sqlite3.Connection) -> None:
    for statement in _V6:
        con.execute(statement)


# Schema 7: what an imported row said in its ledger, kept from the moment the user first edits or deletes the
# cost: a re-import counts a ledger row as already imported by this identity (date, amount, account, text,
# voucher), so an edited row is still recognised and a deleted one does not come back (models/duplicates.py,
# models/storage/costs.py). And a field value typed in the window that fails its check, kept as typed until it
# is corrected (models/storage/document_file.py).
_V7 = (
    # cost_id: the cost while it exists; deleted_id: the id it had when deleted (undo puts it back under it).
    # Cost ids are reused (no AUTOINCREMENT), so a deleted cost no longer holds its id here.
    """CREATE TABLE import_originals (
    id INTEGER PRIMARY KEY,
    cost_id INTEGER UNIQUE,
    deleted_id INTEGER,
    import_id INTEGER NOT NULL,
    date TEXT NOT NULL,
    amount_ore INTEGER NOT NULL,
    account TEXT NOT NULL,
    text TEXT NOT NULL,
    voucher TEXT NOT NULL
)""",
    "CREATE TABLE invalid_fields (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
)


def _to_v7(con: sqlite3.Connection) -> None:
    for statement in _V7:
        con.execute(statement)


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _to_v1,
    2: _to_v2,
    3: _to_v3,
    4: _to_v4,
    5: _to_v5,
    6: _to_v6,
    7: _to_v7,
}


def migrate(con: sqlite3.Connection, from_version: int) -> None:
    """Run every migration after ``from_version`` inside the caller's transaction."""
    for version in range(from_version + 1, SCHEMA_VERSION + 1):
        MIGRATIONS[version](con)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
