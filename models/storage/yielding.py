"""Readers step aside for a writer of the same file in this program.

A reader's read transaction holds a shared lock for as long as its statement runs; a writer's commit needs
the file to itself, so SQLite makes it wait (up to the busy timeout) until every reader is done: with a
pass over a million costs in a background reader, an edit in the window waited about 2 s. WAL would let
them run side by side but does not work on network shares. Instead a write transaction of this program
marks its file here (``writing``); a background reader's progress handler (``models.storage.reader``)
sees the mark within a few thousand SQLite steps and ends its statement, and the reader waits
(``wait_for_writers``) and reads again from the start once the commit is done.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_writers: dict[Path, int] = {}
_lock = threading.Condition()


def key(path: Path) -> Path:
    """The file's one name (resolved once per connection: on a network share resolving asks the server)."""
    return Path(path).resolve()


@contextmanager
def writing(file: Path) -> Iterator[None]:
    """Mark ``file`` (a ``key``) as being written for the duration of the block."""
    with _lock:
        _writers[file] = _writers.get(file, 0) + 1
    try:
        yield
    finally:
        with _lock:
            _writers[file] -= 1
            if not _writers[file]:
                del _writers[file]
            _lock.notify_all()


def is_written(file: Path) -> bool:
    """Whether a write transaction of this program on ``file`` (a ``key``) is under way (no lock: a glance)."""
    return file in _writers


def wait_for_writers(file: Path, stop: threading.Event | None = None) -> None:
    """Block until no write transaction of this program on ``file`` (a ``key``) is under way."""
    with _lock:
        while file in _writers and not (stop is not None and stop.is_set()):
            _lock.wait(0.05)
