"""A second, read-only connection to a document the window already opened, for a reader thread: the
window's thread keeps its own connection for edits. ``stop()`` is asked by SQLite every few thousand
steps; when it answers True the running query ends with ``sqlite3.OperationalError`` ("interrupted"), so
a closed window never waits for a pass over a million costs.

``read_document`` is how a background reader reads: when this program starts writing the same file
(``models.storage.yielding``) the reader's statement ends at once, releasing its shared lock so the edit
commits without waiting, and the reading starts again once the commit is done (the user sees the figures
a moment later, computed on the file as it is after the edit). ``check_costs_of`` is the check of every
cost that ``Document.open(check_costs="later")`` leaves for such a reader."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from models.storage.document_file import Document
from models.storage.file_errors import quoted
from models.storage.schema_check import check_costs
from models.storage.yielding import is_written, key, wait_for_writers

STEPS = 20_000  # SQLite virtual-machine steps between two calls of ``stop``
T = TypeVar("T")


def open_reader(path: Path, stop: Callable[[], bool]) -> Document:
    """The document at ``path`` read-only, without the open checks; close it in the thread that read it."""
    con = Document.connect(path, readonly=True)
    con.set_progress_handler(lambda: 1 if stop() else 0, STEPS)
    return Document(path, con, readonly=True)


def read_document(path: Path, fn: Callable[[Document], T], stop: threading.Event) -> T:
    """``fn(doc)`` on a read-only connection of its own, stepping aside for this program's writes to the file
    and starting again after them. ``sqlite3.OperationalError`` ("interrupted") when ``stop`` is set."""
    file = key(path)
    while True:
        wait_for_writers(file, stop)
        doc = open_reader(path, lambda: stop.is_set() or is_written(file))
        try:
            return fn(doc)
        except sqlite3.OperationalError as err:
            if stop.is_set() or "interrupt" not in str(err):
                raise
        finally:
            doc.close()


def check_costs_of(doc: Document) -> bool:
    """The check ``Document.open(check_costs="later")`` left: a DocumentError (one sentence) for costs the
    program could not have written; else whether the stored totals agree (``Document.costs_checked``)."""
    return check_costs(doc.con, quoted(doc.path))
