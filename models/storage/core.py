"""What every store of a document shares: the open file's connection, its transactions and its history.

``Document`` (models/storage/document_file.py) is built from stores, ``doc.costs``, ``doc.transfers``,
``doc.agreement`` and ``doc.plan``, each holding this core. The stores sit below the document: they see it
only through this Protocol, so no store imports the document file.
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from decimal import Decimal
from typing import Protocol


class DocumentCore(Protocol):
    @property
    def con(self) -> sqlite3.Connection: ...

    @property
    def user(self) -> str: ...

    @property
    def recipient_id(self) -> str: ...

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """One transaction: everything inside is committed together or not at all (nested use joins)."""
        ...

    def log(self, action: str, what: str, old: str = "", new: str = "") -> None:
        """A history row, written inside the current transaction."""
        ...

    def allocation(self) -> dict[str, Decimal]: ...

    def categories(self) -> list[str]: ...

    def has_table(self, name: str) -> bool: ...


def inserted_id(cur: sqlite3.Cursor) -> int:
    """The id SQLite gave the row that an INSERT on ``cur`` just added."""
    rowid = cur.lastrowid
    assert rowid is not None, "SQLite sets lastrowid after every INSERT"
    return rowid
