"""How a write waits for another writer of the same file.

An import holds the document's write lock while it stores its rows (a million rows take half a minute or
more, ``models.importing.stream``). A second writer meanwhile, in another process, waits the connection's
busy timeout (10 s) and is then told the file is busy: right for the window, whose user should not sit
before a frozen window. The command line waits longer (``wait_longer``, set by ``cli.parser.run``): after a
second it says on stderr that it is waiting for another import or change, then waits up to its patience.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from models.errors import DocumentError
from models.storage.file_errors import quoted

_patience: list[tuple[float, Callable[[Path], None]]] = []  # (seconds, notice): the command line's


def wait_longer(seconds: float, notice: Callable[[Path], None]) -> None:
    """From now on a write whose file is busy calls ``notice(path)`` after a second and waits up to ``seconds``."""
    _patience[:] = [(seconds, notice)]


def wait_as_usual() -> None:
    """Back to the busy timeout alone (the command has ended: a test or a window in the same process must not
    inherit the command line's patience)."""
    _patience.clear()


def begin_write(con: sqlite3.Connection, path: Path) -> None:
    """``BEGIN IMMEDIATE``: the write lock, waited for as set (the busy timeout, or ``wait_longer``)."""
    if not _patience:
        _begin(con, path)
        return
    seconds, notice = _patience[0]
    usual = int(con.execute("PRAGMA busy_timeout").fetchone()[0])
    try:
        con.execute("PRAGMA busy_timeout = 1000")
        try:
            con.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError:
            pass
        notice(path)
        con.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")
        _begin(con, path)
    finally:
        con.execute(f"PRAGMA busy_timeout = {usual}")


def _begin(con: sqlite3.Connection, path: Path) -> None:
    try:
        con.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as err:
        raise DocumentError(f"{quoted(path)} är upptagen just nu ({err}); försök igen.") from None
