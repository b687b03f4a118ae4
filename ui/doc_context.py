"""The open document as the pages see it: one QObject with a ``changed`` signal.

Every page takes a ``DocContext`` and reads from ``ctx.doc``. ``changed`` carries what changed (a
``ui.changes.Change``); pages connect through ``ui.changes.PageRefresh`` and re-read only that, and
only when they are in front.
Edits go through ``ctx.push(command)``: the command's domain call runs once before it is put on
the one QUndoStack, so a refused edit (read-only, invalid value) never lands on the stack.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from models.errors import UserError
from ui.changes import EVERYTHING, Change

if TYPE_CHECKING:
    from models.catalogue.catalogue import Agreement, Catalogue, Recipient
    from models.storage.document_file import Document
    from models.summary import Summary
    from ui.interaction import Interaction
    from ui.settings import Settings

log = logging.getLogger("bidragskollen.ui")

READONLY_TITLE = "Skrivskyddad"
READONLY_TEXT = (
    "Redovisningen är öppnad skrivskyddad, så ändringen sparades inte. "
    "Välj Arkiv → Öppna för redigering när den inte längre är öppen någon annanstans."
)

CHECKING_TITLE = "Kontrolleras"
CHECKING_TEXT = (
    "Redovisningen kontrolleras fortfarande (varje kostnad läses igenom när en stor redovisning öppnas), "
    "så ändringen sparades inte. Vänta tills kontrollen är klar och gör ändringen igen."
)


class DocCommand(QUndoCommand):
    """Base for undoable edits. Subclasses implement ``apply()`` and ``revert()`` on the domain.

    ``ctx.push(cmd)`` calls ``apply()`` once (so errors reach the user before the command is on the
    stack); later redo/undo from the stack call ``apply()`` / ``revert()`` and report failures as a
    Swedish message instead of a traceback.
    """

    def __init__(self, ctx: DocContext, text: str) -> None:
        super().__init__(text)
        self.ctx = ctx
        self._skip_first_redo = False
        self.version: int | None = None  # the file's data_version when applied: others wrote after it if it moved

    def apply(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def revert(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def change(self) -> Change:
        """What ``apply`` and ``revert`` change; the same for the edit, its undo and its redo."""
        return EVERYTHING

    def redo(self) -> None:
        if self._skip_first_redo:
            self._skip_first_redo = False
        else:
            self.ctx.run(self.apply, "Gör om")
        self.ctx.refresh(self.change())

    def undo(self) -> None:
        self.ctx.run(self.revert, "Ångra")
        self.ctx.refresh(self.change())


class DocContext(QObject):
    """Holds the open Document, the catalogue, the undo stack, settings and the dialog interface."""

    changed = Signal(object)  # a ui.changes.Change
    readonly_changed = Signal(bool)

    def __init__(
        self,
        doc: Document,
        catalogue: Catalogue,
        settings: Settings,
        interaction: Interaction,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.doc = doc
        self.catalogue = catalogue
        self.settings = settings
        self.interaction = interaction
        self.undo_stack = QUndoStack(self)
        self._summary: Summary | None = None
        self.closed = False  # set when the window closes the document; late timers then do nothing
        self.refusals: list[tuple[str, str]] | None = None  # gathered while closing instead of shown (``refused``)
        self.as_of: date | None = None  # "today" for the plan's forecast; None: the real today (screenshots fix it)
        if not doc.costs_unchecked:  # else once the check has passed (``costs_checked``): it may write
            self.adopt_agreement_copy()
        from ui.doc_watch import DocumentWatch

        self.watch = DocumentWatch(self, self)  # others' changes to the file, and our lock's heartbeat

    # -- state ----------------------------------------------------------------------------
    @property
    def readonly(self) -> bool:
        """No edits: opened read-only, or a large document whose costs are still being checked."""
        return bool(self.doc.readonly or self.doc.costs_unchecked)

    @property
    def agreement(self) -> Agreement:
        from models.doc_agreement import agreement_of

        return agreement_of(self.doc, self.catalogue)

    @property
    def recipient(self) -> Recipient:
        return self.catalogue.recipient(self.doc.recipient_id)

    def summary(self) -> Summary:
        """compute_summary (SQL aggregates), cached until the next ``changed``."""
        if self._summary is None:
            from models.summary import compute_summary

            self._summary = compute_summary(self.doc, self.catalogue)
        return self._summary

    def refresh(self, change: Change = EVERYTHING) -> None:
        """Tell the pages what changed (after an edit, undo, redo or import; by default everything)."""
        self._summary = None
        if not self.closed:
            self.changed.emit(change)

    def adopt_agreement_copy(self) -> None:
        """A document older than the agreement copies gets its copy from the catalogue when opened for editing."""
        from models.doc_agreement import store_copy_if_missing

        self.run(lambda: store_copy_if_missing(self.doc, self.catalogue), "Överenskommelsen")
        from models.next_year import finish_pending_move  # a move of costs to next year that a crash interrupted

        try:
            if said := finish_pending_move(self.doc):
                self.interaction.info("Flytt av kostnader", said)
        except UserError as err:
            self.interaction.warn("Flytt av kostnader", str(err))

    def replace_document(self, doc: Document) -> None:
        """Swap in a reopened Document (e.g. read-only → editable); the undo history is dropped."""
        was = self.readonly
        self.doc = doc
        self.adopt_agreement_copy()
        self.undo_stack.clear()
        if was != self.readonly:
            self.readonly_changed.emit(self.readonly)
        self.refresh()

    # -- edits ----------------------------------------------------------------------------
    def costs_checked(self, totals_ok: bool) -> None:
        """The background check of a large document's costs passed: edits are allowed from now on (a
        DocumentError when its stored totals disagree and it is read-only: the window closes it)."""
        self.doc.costs_checked(totals_ok)
        self.adopt_agreement_copy()
        self.readonly_changed.emit(self.readonly)
        self.refresh()

    def refuse_if_readonly(self) -> bool:
        """True (and a message) when the document cannot be edited."""
        if self.doc.costs_unchecked:
            self.interaction.warn(CHECKING_TITLE, CHECKING_TEXT)
            return True
        if self.readonly:
            self.interaction.warn(READONLY_TITLE, READONLY_TEXT)
            return True
        return False

    def push(self, command: DocCommand) -> bool:
        """Apply ``command`` and put it on the undo stack. False (with a message) when refused."""
        if self.refuse_if_readonly():
            return False
        if not self.run(command.apply, command.text()):
            self.refresh(command.change())  # the page shows the value as it still is
            return False
        command._skip_first_redo = True
        command.version = self.data_version()
        self.undo_stack.push(command)
        return True

    def data_version(self) -> int | None:
        """SQLite's count of commits by other connections (other programs) to the open file."""
        try:
            return self.doc.data_version()
        except Exception:  # a closed or vanished file: nothing to compare
            return None

    def step(self, undo: bool) -> bool:
        """Undo (or redo) the stack's next step, unless another program has written to the file since that
        step was made: then the step would write its old values over theirs, so nothing is changed, the
        window shows the file as it is now, and the steps are forgotten, with a sentence. True when stepped."""
        stack = self.undo_stack
        if not (stack.canUndo() if undo else stack.canRedo()):
            return False
        command = stack.command(stack.index() - 1 if undo else stack.index())
        made = getattr(command, "version", None)
        now = self.data_version()
        if made is not None and now is not None and made != now:
            what, step = ("Ångra" if undo else "Gör om"), command.text()
            stack.clear()
            self.refresh()
            self.interaction.warn(
                what,
                f"{what} gick inte: redovisningen har ändrats av ett annat program efter ”{step}”, och "
                f"att {what.lower()} skulle skriva över den ändringen. Fönstret visar nu filen som den är; "
                "ändra på nytt det som ska ändras.",
            )
            return False
        if undo:
            stack.undo()
        else:
            stack.redo()
        return True

    def run(self, action: Callable[[], object], what: str = "Ändringen") -> bool:
        """Call ``action()``; a UserError becomes a Swedish message box. True when it succeeded."""
        try:
            action()
        except UserError as err:
            self.refused(what or "Ändringen", str(err))
            return False
        return True

    def refused(self, title: str, text: str) -> None:
        """Say that an edit was not saved, and why. While the window closes the document the sentences are
        gathered (``refusals``) for its closing question instead of one box each."""
        if self.refusals is not None:
            self.refusals.append((title, text))
        else:
            self.interaction.warn(title, text)
