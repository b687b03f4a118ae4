"""Small builders shared by the tests."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path

from models.catalogue.catalogue import Catalogue
from models.catalogue.check import load_catalogue
from models.document import Cost
from models.storage.document_file import Document

_CATALOGUE: Catalogue | None = None


def catalogue() -> Catalogue:
    global _CATALOGUE  # read-only data: loading once per test run is safe
    if _CATALOGUE is None:
        _CATALOGUE = load_catalogue()
    return _CATALOGUE


def new_document(
    tmp_path: Path, agreement: str = "gnv-2024", recipient: str = "region-12", name: str = "d"
) -> Document:
    return Document.create(tmp_path / f"{name}.bidrag", agreement, recipient, catalogue())


def cost(amount: str, day: str = "2024-03-01", stream: str = "Nära vård", category: str = "Personal", **kw) -> Cost:
    return Cost(date.fromisoformat(day), Decimal(amount), stream, category, **kw)


def drop_schema_7(con: sqlite3.Connection) -> None:
    """Take a document's tables back from schema 7: no import originals, no invalid field values."""
    for table in ("import_originals", "invalid_fields"):
        con.execute(f"DROP TABLE {table}")


def drop_schema_6(con: sqlite3.Connection) -> None:
    """Take a document's tables back from schema 6 (and 7): no activity plan, no activity column on costs."""
    drop_schema_7(con)
    for table in ("plan", "activity_rules", "activities"):
        con.execute(f"DROP TABLE {table}")
    con.execute("ALTER TABLE costs DROP COLUMN activity_id")


def crafted_copy(source: Path, target: Path, *sql: str) -> Path:
    """A copy of the document ``source`` at ``target``, changed behind the program's back by ``sql`` (a crafted
    or damaged file, as another tool could leave it)."""
    shutil.copy(source, target)
    con = sqlite3.connect(target)
    for statement in sql:
        con.execute(statement)
    con.commit()
    con.close()
    return target
