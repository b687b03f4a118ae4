"""Run a slow function off the GUI thread behind a cancellable progress dialog.

``run_task(parent, "Importerar…", fn)`` calls ``fn(progress, cancel)`` in a QThread, where
``progress(n)`` reports how far it got and ``cancel()`` answers whether the user pressed Avbryt.
The call returns fn's result once it is done, keeping the window painted meanwhile (a local
event loop). A ``UserError`` (or ``Cancelled``) raised by fn is raised again to the caller, so it
can show the one Swedish sentence; anything else is re-raised as it is, for the app's error dialog.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

log = logging.getLogger("bidragskollen.ui.worker")

T = TypeVar("T")
Progress = Callable[[int], None]
CancelCheck = Callable[[], bool]

SHOW_AFTER_MS = 500


class _Thread(QThread):
    progressed = Signal(int)

    def __init__(self, task: Task) -> None:
        super().__init__()
        self._task = task

    def run(self) -> None:
        task = self._task
        try:
            task.fn(self.progressed.emit, task.cancelled)
        except BaseException as err:  # handed back to the GUI thread, raised there
            task.error = err


class Task(QObject):
    """One run of a function off the GUI thread. ``cancel()`` may be called from any thread."""

    def __init__(self, fn: Callable[[Progress, CancelCheck], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.fn = fn
        self.error: BaseException | None = None
        self._cancel = threading.Event()
        self.progress_values: list[int] = []

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()


def run_task(
    parent: QWidget | None,
    label: str,
    fn: Callable[[Progress, CancelCheck], T],
    *,
    maximum: int = 0,
    title: str = "Bidragskollen",
    on_start: Callable[[Task], None] | None = None,
) -> T:
    """Run ``fn(progress, cancel)`` in a worker thread with a progress dialog; return its result.

    ``maximum`` 0 shows a busy bar; otherwise ``progress(n)`` moves the bar to n of maximum.
    ``on_start(task)`` lets the caller (or a test) hold the task, e.g. to cancel it.
    """
    results: list[T] = []  # what fn returned, handed over from the worker thread
    task = Task(lambda progress, cancel: results.append(fn(progress, cancel)))
    dialog = QProgressDialog(label, "Avbryt", 0, maximum, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setAccessibleName(label)
    dialog.setValue(0)
    dialog.canceled.connect(task.cancel)
    dialog.canceled.connect(lambda: dialog.setLabelText("Avbryter…"))

    thread = _Thread(task)
    loop = QEventLoop()

    def moved(n: int) -> None:
        task.progress_values.append(n)
        if maximum:
            dialog.setValue(min(n, maximum))

    thread.progressed.connect(moved, Qt.ConnectionType.QueuedConnection)
    thread.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
    if on_start is not None:
        on_start(task)
    thread.start()
    loop.exec()  # finished is queued to this thread, so it arrives even if the work was instant
    thread.wait()
    dialog.hide()
    dialog.deleteLater()
    thread.deleteLater()
    if task.error is not None:
        err = task.error
        task.error = None
        raise err
    return results[0]
