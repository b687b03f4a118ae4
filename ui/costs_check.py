"""The check of a large document's costs, run in the background after the window has shown it.

``Document.open(check_costs="auto")`` checks everything but the costs at once; for a file of more than
``schema_check.LATER_CHECK_BYTES`` the pass over every cost (seconds for a million) is left to a ``Job`` here, while the
window shows the document marked "kontrolleras" and refuses every edit, export and print
(``DocContext.readonly``, ``Document.refuse_unchecked``). When the check passes, editing opens; when it
refuses the file, the window closes the document and says why in one sentence, as if it had been refused at
open."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QStatusBar

from models.errors import DocumentError, UserError
from models.storage.document_file import Document
from models.storage.file_errors import quoted
from models.storage.reader import check_costs_of
from ui.doc_context import DocContext
from ui.doc_reader import Job, Reading

CHECKING = (
    "Kostnaderna kontrolleras … Redovisningen kan läsas men ändras, exporteras och skrivs ut först när "
    "kontrollen är klar."
)


def _verdict(reader: Document) -> bool | str:
    """In the job's thread: whether the stored totals agree, or the sentence refusing the costs."""
    try:
        return check_costs_of(reader)
    except DocumentError as err:
        return str(err)


class Window(Protocol):
    """What the check needs of the main window (``ui.main_window.MainWindow``)."""

    ctx: DocContext | None

    def close_document(self) -> bool: ...

    def statusBar(self) -> QStatusBar: ...


def check_in_background(window: Window, ctx: DocContext) -> CostsCheck | None:
    """Start the check when ``ctx``'s document was opened with its costs left unchecked (a large file)."""
    return CostsCheck(window, ctx) if ctx.doc.costs_unchecked else None


class CostsCheck:
    """Checks ``ctx``'s costs in the background, saying so in ``window``'s status bar meanwhile."""

    def __init__(self, window: Window, ctx: DocContext) -> None:
        self.window = window
        self.ctx = ctx
        self.reading = Reading(ctx, self._done)
        self.reading.start(ctx.doc.path, _verdict)
        window.statusBar().showMessage(CHECKING)

    def clear(self) -> None:
        """Take the status bar's message away (the check is done, or the window closes the document)."""
        if self.window.statusBar().currentMessage() == CHECKING:
            self.window.statusBar().clearMessage()

    def refuse(self, sentence: str) -> None:
        """The shown document is unsound: closed, as if it had been refused at open."""
        self.clear()
        if self.window.ctx is self.ctx:  # no question: nothing could be changed while it was being checked
            self.window.close_document()
        self.ctx.interaction.warn("Kunde inte öppna", sentence)

    def _done(self, job: Job[bool | str]) -> None:
        ctx = self.ctx
        if ctx.closed or not ctx.doc.costs_unchecked:
            return
        if job.stopped:
            if job.problem:  # the file could not be read through: never shown as checked
                self.refuse(
                    f"{quoted(ctx.doc.path)} kunde inte läsas igenom och kontrolleras ({job.problem}); "
                    "stäng den i andra program och öppna den igen."
                )
            return
        if isinstance(job.result, str):
            self.refuse(job.result)
            return
        try:
            ctx.costs_checked(bool(job.result))
        except UserError as err:
            self.refuse(str(err))
            return
        self.clear()

    def wait(self) -> None:
        """Block until the check is done and applied (tests, the benchmark)."""
        self.reading.wait()
