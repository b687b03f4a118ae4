"""Slow reads of the open document (a pass over every cost) off the window's thread, the way Alla
redovisningar reads its folder (``ui/portfolio_view.py``): a ``QThread`` with a stop flag, kept in
``_RUNNING`` until it finishes so a page closed meanwhile never destroys a running thread, and its
``finished`` queued to the page, which keeps only the newest reading (``Reading.current``).

The thread reads through its own read-only connection (``models.storage.reader``) and closes it
itself: it never touches the window's connection, which the window may close while it runs. A stopped
reading ends within a few thousand SQLite steps; the interpreter's exit waits for the few left."""

from __future__ import annotations

import atexit
import logging
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread

from models.errors import UserError
from models.storage.document_file import Document
from models.storage.reader import open_reader

log = logging.getLogger("bidragskollen.ui.doc_reader")

_RUNNING: set[DocRead] = set()


class DocRead(QThread):
    """Runs ``fn(doc)`` on a read-only view of the file; when ``finished``, ``result`` is what it
    returned, or ``stopped`` is True (stopped or the file could not be read: then ``problem`` says why)."""

    def __init__(self, path: Path, fn: Callable[[Document], Any]) -> None:
        super().__init__()
        self.path = path
        self.fn = fn
        self.stop = threading.Event()
        self.result: Any = None
        self.stopped = False
        self.problem = ""

    def run(self) -> None:
        try:
            doc = open_reader(self.path, self.stop.is_set)
        except (sqlite3.Error, UserError) as err:
            self.stopped, self.problem = True, str(err)
            return
        try:
            self.result = self.fn(doc)
        except (sqlite3.Error, UserError) as err:  # "interrupted" when stopped; else a file gone or busy
            self.stopped, self.problem = True, "" if self.stop.is_set() else str(err)
        finally:
            doc.close()
        if self.stop.is_set():
            self.stopped = True


class Reading:
    """The newest background reading of one page: ``start`` stops the one before (its result is dropped)."""

    def __init__(self, owner: QObject, done: Callable[[DocRead], None]) -> None:
        self.owner = owner
        self.done = done
        self.current: DocRead | None = None
        owner.destroyed.connect(lambda *_a, me=self: me.stop())

    def start(self, path: Path, fn: Callable[[Document], Any]) -> DocRead:
        self.stop()
        reader = DocRead(path, fn)
        _RUNNING.add(reader)
        reader.finished.connect(lambda r=reader: _RUNNING.discard(r), Qt.ConnectionType.QueuedConnection)
        reader.finished.connect(self._finished_for(reader), Qt.ConnectionType.QueuedConnection)
        self.current = reader
        reader.start()
        return reader

    def _finished_for(self, reader: DocRead) -> Callable[[], None]:
        def finished() -> None:
            if reader is not self.current:
                return  # stopped and replaced by a newer reading, or the page is gone
            self.current = None
            if reader.problem:
                log.warning("Bakgrundsläsningen misslyckades: %s", reader.problem)
            self.done(reader)

        return finished

    def stop(self) -> None:
        """Stop the running reading without waiting for it; its result will be dropped."""
        if self.current is not None:
            self.current.stop.set()
            self.current = None

    def busy(self) -> bool:
        return self.current is not None


def wait_all() -> None:
    """Stop every reading and wait for the threads to end (at exit; tests)."""
    for reader in list(_RUNNING):
        reader.stop.set()
        reader.wait()


atexit.register(wait_all)
