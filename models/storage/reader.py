"""A second, read-only connection to a document the window already opened (and so checked), for a
reader thread: the window's thread keeps its own connection for edits. ``stop()`` is asked by SQLite
every few thousand steps; when it answers True the running query ends with ``sqlite3.OperationalError``
("interrupted"), so a closed window never waits for a pass over a million costs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from models.storage.document_file import Document

STEPS = 20_000  # SQLite virtual-machine steps between two calls of ``stop``


def open_reader(path: Path, stop: Callable[[], bool]) -> Document:
    """The document at ``path`` read-only, without the open checks; close it in the thread that read it."""
    con = Document.connect(path, readonly=True)
    con.set_progress_handler(lambda: 1 if stop() else 0, STEPS)
    return Document(path, con, readonly=True)
