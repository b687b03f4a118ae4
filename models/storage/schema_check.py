"""The exact shape of a document's schema, checked before anything is read from it.

The expected schema of every version is made by running ``models.storage.schema``'s own migrations on an
empty database in memory, so a migration added later is checked without a list kept by hand. A file
whose tables, columns (name, type, NOT NULL, default, key), indices or triggers differ from what this
or an earlier version of the program created, or whose ``user_version`` is out of range, is refused
unchanged: a crafted file with a trigger of its own (``RAISE(ABORT)``, or one that erases the history)
never runs it. Then the values: a value of a storage class its column never holds (a blob or a number in a
text column, text in an integer one: SQLite's ``typeof``), a cost whose date is not a real date, and cached
totals (``cost_totals``) that disagree with the costs, are found in one pass. (Asking every column of a
million costs its storage class takes that pass from about 3,4 to 6 s on the shared machine.)
"""

from __future__ import annotations

import re
import sqlite3
from functools import cache
from pathlib import Path

from models.errors import DocumentError
from models.storage.file_errors import quoted
from models.storage.schema import MIGRATIONS, SCHEMA_VERSION

Shape = frozenset[tuple[object, ...]]
THOROUGH_CHECK_BYTES = 64 * 1024 * 1024
LATER_CHECK_BYTES = 32 * 1024 * 1024  # about 130 000 costs: their check takes over half a second
_SPACE = re.compile(r"\s+")


def shape(con: sqlite3.Connection) -> Shape:
    """Every table with its columns, and every index and trigger with its SQL (white space folded)."""
    out: set[tuple[object, ...]] = set()
    objects = con.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    for kind, name, table, sql in objects:
        if kind == "table":
            columns = con.execute(f'PRAGMA table_info("{name}")').fetchall()
            out.add(("table", name, tuple(tuple(c[1:]) for c in columns), "WITHOUT ROWID" in (sql or "")))
        else:
            out.add((kind, name, table, _SPACE.sub(" ", sql or "").strip()))
    return frozenset(out)


@cache
def expected_shape(version: int) -> Shape:
    """The schema the program's migrations make for ``version``, built once in memory."""
    con = sqlite3.connect(":memory:")
    try:
        for v in range(1, version + 1):
            MIGRATIONS[v](con)
        return shape(con)
    finally:
        con.close()


def check_document(con: sqlite3.Connection, path: Path, version: int, costs: str) -> tuple[bool, bool]:
    """Every check of ``Document.open`` on a file of a known version: its pages, its schema, its values.
    Returns whether the costs' check is left for later (``costs``: its ``check_costs``) and else
    whether the stored totals agree with the costs."""
    # integrity_check also finds an index that disagrees with its table (a flipped byte that quick_check
    # misses, and that a later read would meet as "malformed"); for a large file it costs too long
    size = path.stat().st_size
    check = con.execute(f"PRAGMA {'integrity_check' if size <= THOROUGH_CHECK_BYTES else 'quick_check'}").fetchone()
    if check[0] != "ok":
        raise DocumentError(f"{quoted(path)} är skadad och kan inte öppnas; återställ en säkerhetskopia.")
    check_schema(con, version, quoted(path))  # exactly as this program made it, before anything runs
    check_tables(con, quoted(path))
    later = version == SCHEMA_VERSION and (costs == "later" or (costs == "auto" and size > LATER_CHECK_BYTES))
    return later, True if later else check_costs(con, quoted(path))


def check_schema(con: sqlite3.Connection, version: int, name: str) -> None:
    """Refuse a document whose schema is not exactly that of its version."""
    if not 1 <= version <= SCHEMA_VERSION:
        raise DocumentError(
            f"{name} har ett okänt versionsnummer ({version}) och öppnas inte; återställ en säkerhetskopia."
        )
    if shape(con) != expected_shape(version):
        raise DocumentError(
            f"{name} har tabeller eller utlösare som Bidragskollen inte har skapat och öppnas inte; "
            "återställ en säkerhetskopia."
        )


# Each check finds rows whose values the program could not have written: wrong storage class, or a date
# that is no calendar date (with a modifier SQLite's date() turns 2024-02-30 into 2024-03-01).
_DATE_OK = "typeof({c}) = 'text' AND date({c}, '+0 days') IS {c}"
_VALUE_CHECKS = {
    "payments": f"typeof(amount_ore) <> 'integer' OR NOT ({_DATE_OK.format(c='date')})",
    "allocation": "typeof(amount_ore) <> 'integer' OR typeof(stream) <> 'text'",
    "history": "typeof(time) <> 'text' OR datetime(time, '+0 days') IS NOT time",
    "exports": "typeof(time) <> 'text' OR datetime(time, '+0 days') IS NOT time",
    "imports": "typeof(total_ore) <> 'integer' OR typeof(added) <> 'integer'",
    "decisions": f"typeof(amount_ore) <> 'integer' OR NOT ({_DATE_OK.format(c='date')})",
    "repayment": f"typeof(amount_ore) <> 'integer' OR NOT ({_DATE_OK.format(c='date')})",
    "municipal_reports": f"typeof(used_ore) <> 'integer' OR typeof(returned_ore) <> 'integer' "
    f"OR NOT ({_DATE_OK.format(c='date')})",
    "transfer_plan": "typeof(amount_ore) <> 'integer'",
    "plan": "typeof(amount_ore) <> 'integer'",
}
# The costs, perhaps a million, in one pass about half again as long as their plain sum: the shape of the
# date by GLOB, and the calendar asked (a function call) only for days from the 29th on.
_ISO = "[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]"


def _storage_classes(con: sqlite3.Connection, table: str) -> list[str]:
    """A condition per column of ``table`` true when its value is of a storage class the column's declared type
    never holds as the program writes it: a blob or a number in a text column, text in an integer one."""
    out = []
    for _cid, column, declared, notnull, _default, pk in con.execute(f'PRAGMA table_info("{table}")'):
        kind = str(declared).upper()
        allowed = ["'text'"] if "TEXT" in kind else ["'integer'"] if "INT" in kind and not pk else []
        if "REAL" in kind:
            allowed = ["'real'", "'integer'"]
        if allowed:
            classes = ", ".join(allowed if notnull else [*allowed, "'null'"])
            out.append(f'typeof("{column}") NOT IN ({classes})')
    return out


def check_values(con: sqlite3.Connection, name: str) -> bool:
    """Refuse values of the wrong type; returns whether ``cost_totals`` agrees with the costs (one pass)."""
    check_tables(con, name)
    return check_costs(con, name)


def check_tables(con: sqlite3.Connection, name: str) -> None:
    """Refuse values of the wrong type in every table but the costs (small tables: milliseconds)."""
    for table in _tables(con):
        if table == "costs":
            continue
        where = " OR ".join(filter(None, [_VALUE_CHECKS.get(table), *_storage_classes(con, table)]))
        if where and con.execute(f'SELECT 1 FROM "{table}" WHERE {where} LIMIT 1').fetchone():
            raise DocumentError(_bad_values(name, table))


def check_costs(con: sqlite3.Connection, name: str) -> bool:
    """Refuse costs of the wrong type or with a date that is no date; returns whether ``cost_totals`` agrees
    with them. One pass over every cost: seconds for a million, so the window runs it in the background."""
    classes = " OR ".join(c for c in _storage_classes(con, "costs") if "amount_ore" not in c)
    rows = con.execute(
        "SELECT stream, category, SUM(amount_ore), COUNT(*), SUM(typeof(amount_ore) <> 'integer' OR NOT "
        f"(date GLOB '{_ISO}' AND (substr(date, 9) < '29' OR date(date, '+0 days') IS date)) OR {classes or '0'}) "
        "FROM costs GROUP BY stream, category"
    ).fetchall()
    if any(bad for *_rest, bad in rows):
        raise DocumentError(_bad_values(name, "costs"))
    if "cost_totals" not in _tables(con):
        return True
    cached = con.execute("SELECT stream, category, amount_ore, count FROM cost_totals WHERE count <> 0").fetchall()
    return sorted(cached, key=repr) == sorted(((s, c, a, n) for s, c, a, n, _bad in rows), key=repr)


def _tables(con: sqlite3.Connection) -> list[str]:
    sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    return [r[0] for r in con.execute(sql)]


def _bad_values(name: str, table: str) -> str:
    what = {"costs": "kostnader", "payments": "utbetalningar", "history": "historiken"}.get(table, f"tabellen {table}")
    return (
        f"{name} innehåller värden av fel slag i {what} (text där det ska stå ett belopp, binära data där det ska "
        "stå text, eller ett datum som inte finns) och öppnas inte; återställ en säkerhetskopia."
    )


def repair_totals(con: sqlite3.Connection) -> None:
    """Rebuild ``cost_totals`` from the costs (inside the caller's transaction)."""
    con.execute("DELETE FROM cost_totals")
    con.execute(
        "INSERT INTO cost_totals (stream, category, amount_ore, count) "
        "SELECT stream, category, SUM(amount_ore), COUNT(*) FROM costs GROUP BY stream, category"
    )
