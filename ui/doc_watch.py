"""Watching the open file: changes made by another program, and our lock's heartbeat.

Every second the window asks SQLite whether another connection has committed to the file since it
last looked (``PRAGMA data_version``, one cheap read); if so every page shows the file as it is now,
so a field the user has not touched is never written back over a colleague's or the command line's
change. Every ``HEARTBEAT`` the lock file is touched (``models.storage.locking``): a lock that stops beating
is stale for others.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

import shiboken6
from PySide6.QtCore import QObject, QTimer, SignalInstance

from models.storage import locking

if TYPE_CHECKING:
    from models.storage.document_file import Document

log = logging.getLogger("bidragskollen.ui")
POLL_MS = 1000


class Watched(Protocol):
    """What the watch needs of the open document's context (``ui.doc_context.DocContext``)."""

    destroyed: SignalInstance

    @property
    def doc(self) -> Document: ...
    @property
    def closed(self) -> bool: ...
    @property
    def readonly(self) -> bool: ...
    def refresh(self) -> None: ...


class DocumentWatch(QObject):
    def __init__(self, ctx: Watched, parent: QObject) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.version = self._version()
        self.last_beat = datetime.now()
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.check)
        ctx.destroyed.connect(self.timer.stop)
        self.timer.start()

    def _version(self) -> int | None:
        try:
            return self.ctx.doc.data_version()
        except Exception:  # a closed or vanished file: the next open will say what is wrong
            return None

    def check(self) -> bool:
        """Reload when another program changed the file; returns whether it did."""
        if not shiboken6.isValid(self.ctx) or self.ctx.closed:  # closed, or its window already gone
            self.timer.stop()
            return False
        if not self.ctx.readonly and datetime.now() - self.last_beat >= locking.HEARTBEAT:
            locking.heartbeat(self.ctx.doc.path)
            self.last_beat = datetime.now()
        version = self._version()
        if version is None or version == self.version:
            return False
        self.version = version
        log.info("%s ändrades av ett annat program; visar filen som den är nu", self.ctx.doc.path)
        self.ctx.refresh()
        return True
