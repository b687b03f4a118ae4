"""Moving costs to next year's document as a step of the old document's window: Ctrl+Z brings the costs
back and removes their copies from the new document when it can, or says why not
(``models.next_year.move_back``). There is no redo: the move is made by creating the new document, and
after the undo the step is gone from the stack."""

from __future__ import annotations

from pathlib import Path

from models.document import Cost
from models.next_year import move_back
from models.words import count
from ui.changes import COST_ROWS, COSTS, Change, change
from ui.doc_context import DocCommand, DocContext


class MoveCostsCommand(DocCommand):
    def __init__(self, ctx: DocContext, path: Path, moved: list[Cost]) -> None:
        super().__init__(ctx, f"Flytta {count(len(moved), 'kostnad', 'kostnader')} till {path.name}")
        self.path = path
        self.moved = moved
        self.said = ""

    def apply(self) -> None:
        """Nothing: ``start_next_year`` has moved the costs before the step is pushed."""

    def revert(self) -> None:
        self.said = move_back(self.ctx.doc, self.path, self.moved)

    def undo(self) -> None:
        if self.ctx.run(self.revert, "Ångra"):
            self.setObsolete(True)  # the stack drops the step: there is nothing to redo
            self.ctx.interaction.info("Ångra flytt av kostnader", self.said)
        self.ctx.refresh(self.change())

    def change(self) -> Change:
        return change(COSTS, COST_ROWS, cost_ids=[c.id for c in self.moved])
