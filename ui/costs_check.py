"""The check of a large document's costs, run in the background after the window has shown it.

``Document.open(check_costs="auto")`` checks everything but the costs at once; for a file of more than
``schema_check.LATER_CHECK_BYTES`` the pass over every cost (seconds for a million) is left to a ``Job`` here, while the
window shows the document marked "kontrolleras" and refuses every edit, export and print
(``DocContext.readonly``, ``Document.refuse_unchecked``). When the check passes, editing opens; when it
refuses the file, the window closes the document and says why in one sentence, as if it had been refused at
open."""

from __future__ import annotations

from collections.abc import Callable

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


class CostsCheck:
    """Checks ``ctx``'s costs in the background; ``refuse(sentence)`` when the document must not be shown."""

    def __init__(self, ctx: DocContext, refuse: Callable[[str], None]) -> None:
        self.ctx = ctx
        self.refuse = refuse
        self.reading = Reading(ctx, self._done)
        self.reading.start(ctx.doc.path, _verdict)

    def _done(self, job: Job) -> None:
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

    def wait(self) -> None:
        """Block until the check is done and applied (tests, the benchmark)."""
        self.reading.wait()
