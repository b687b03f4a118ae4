"""Slow reads off the window's thread, one pattern for all of them: the open document's passes over every cost
(Översikt, Plan, the check of a large document's costs at open), the folder of Alla redovisningar and the team
folder. A ``Job`` is a ``QThread`` running ``work(job)`` with a stop flag (``job.stop``) and a progress signal,
kept in ``_RUNNING`` until it finishes so a page closed meanwhile never destroys a running thread; its
``finished`` is queued to the owner through a ``Reading``, which keeps only the newest job
(``Reading.current``): starting another stops the one before and drops its result.

A document is read through its own read-only connection (``models.storage.reader.read_document``), closed in
the job's thread: it never touches the window's connection, which the window may close while it runs, and
it steps aside (and reads again after) while the window writes to the file. A stopped job ends within a few
thousand SQLite steps; the interpreter's exit waits for the few left."""

from __future__ import annotations

import atexit
import logging
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

from models.errors import Cancelled, UserError

if TYPE_CHECKING:  # the storage layer is imported with the first reading: the start page paints without it
    from models.storage.document_file import Document

log = logging.getLogger("bidragskollen.ui.doc_reader")

_RUNNING: set[Job[Any]] = set()


R = TypeVar("R")  # what a job's work returns


class Job(QThread, Generic[R]):
    """Runs ``work(job)``; when ``finished``, ``result`` is what it returned, or ``stopped`` is True (stopped,
    cancelled, or a file could not be read: then ``problem`` says why, one Swedish sentence)."""

    progressed = Signal(int, int)

    def __init__(self, work: Callable[[Job[R]], R]) -> None:
        super().__init__()
        self.work = work
        self.stop = threading.Event()
        self._result: tuple[R] | None = None  # in a tuple: a work may return None
        self.stopped = False
        self.problem = ""

    @property
    def result(self) -> R:
        """What the work returned; read it only when not ``stopped``."""
        if self._result is None:
            raise RuntimeError("the job returned nothing: it was stopped")
        return self._result[0]

    def run(self) -> None:
        try:
            self._result = (self.work(self),)
        except Cancelled:
            self.stopped = True
        except (sqlite3.Error, UserError) as err:  # "interrupted" when stopped; else a file gone or busy
            self.stopped, self.problem = True, "" if self.stop.is_set() else str(err)
        if self.stop.is_set():
            self.stopped = True


DocRead = Job  # a job reading the open document (the pages' name for it)


class Reading(Generic[R]):
    """The newest background job of one owner: ``start`` stops the one before (its result is dropped)."""

    def __init__(
        self,
        owner: QObject,
        done: Callable[[Job[R]], None],
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        self.owner = owner
        self.done = done
        self.progress = progress
        self.current: Job[R] | None = None
        owner.destroyed.connect(lambda *_a, me=self: me.stop())

    def start(self, path: Path, fn: Callable[[Document], R]) -> Job[R]:
        """Run ``fn(doc)`` on a read-only view of the document at ``path``."""
        from models.storage.reader import read_document

        return self.start_job(lambda job: read_document(path, fn, job.stop))

    def start_job(self, work: Callable[[Job[R]], R]) -> Job[R]:
        from PySide6.QtCore import Qt  # its first use costs 20–30 ms: after the start page's paint

        self.stop()
        job = Job(work)
        _RUNNING.add(job)
        job.finished.connect(lambda j=job: _RUNNING.discard(j), Qt.ConnectionType.QueuedConnection)
        job.finished.connect(self._finished_for(job), Qt.ConnectionType.QueuedConnection)
        if self.progress is not None:
            job.progressed.connect(self._progress_for(job), Qt.ConnectionType.QueuedConnection)
        self.current = job
        job.start()
        return job

    def _finished_for(self, job: Job[R]) -> Callable[[], None]:
        def finished() -> None:
            if job is not self.current:
                return  # stopped and replaced by a newer job, or the owner is gone
            self.current = None
            if job.problem:
                log.warning("Bakgrundsläsningen misslyckades: %s", job.problem)
            self.done(job)

        return finished

    def _progress_for(self, job: Job[R]) -> Callable[[int, int], None]:
        def progressed(n: int, total: int) -> None:
            if job is self.current and self.progress is not None:
                self.progress(n, total)

        return progressed

    def stop(self) -> None:
        """Stop the running job without waiting for it; its result will be dropped."""
        if self.current is not None:
            self.current.stop.set()
            self.current = None

    def busy(self) -> bool:
        return self.current is not None

    def wait(self) -> None:
        """Block until the running job is done and handed to ``done`` (tests, screenshots)."""
        while self.current is not None:
            self.current.wait()
            QCoreApplication.processEvents()


def wait_all() -> None:
    """Stop every job and wait for the threads to end (at exit; tests)."""
    for job in list(_RUNNING):
        job.stop.set()
        job.wait()


atexit.register(wait_all)
