"""Undoable edits of costs. Each command calls the domain layer (models/storage/costs.py).

Push them with ``ctx.push(command)`` (ui/doc_context.py): the first ``apply`` runs before the
command lands on the stack, so a refused edit never does; undo/redo refresh every page.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from models.document import Cost
from models.money import format_sek
from models.words import count
from ui.changes import COST_ROWS, COSTS, Change, change
from ui.doc_context import DocCommand, DocContext


class AddCostCommand(DocCommand):
    def __init__(self, ctx: DocContext, cost: Cost) -> None:
        super().__init__(ctx, f"Ny kostnad {format_sek(cost.amount)}")
        self.cost = replace(cost, id=None)

    def apply(self) -> None:
        if self.cost.id is None:
            self.cost.id = self.ctx.doc.costs.add_cost(replace(self.cost))
        else:  # redo after undo: same id, so later commands still find it
            self.ctx.doc.costs.restore_costs([replace(self.cost)])

    def revert(self) -> None:
        self.ctx.doc.costs.delete_costs([self._added_id()])

    def change(self) -> Change:
        return change(COSTS, COST_ROWS, cost_ids=[self._added_id()])

    def _added_id(self) -> int:
        if self.cost.id is None:
            raise RuntimeError("kostnaden har inte lagts till än")  # undo before do: a programming error
        return self.cost.id


class EditCostCommand(DocCommand):
    """Change some fields of one cost; remembers the old values of exactly those fields."""

    def __init__(self, ctx: DocContext, cost_id: int, changes: dict[str, Any], text: str = "Ändra kostnad") -> None:
        super().__init__(ctx, text)
        self.cost_id = cost_id
        self.new = dict(changes)
        self.old: dict[str, Any] = {}

    def apply(self) -> None:
        before = self.ctx.doc.costs.update_cost(self.cost_id, **self.new)
        self.old = {k: getattr(before, k) for k in self.new}

    def revert(self) -> None:
        self.ctx.doc.costs.update_cost(self.cost_id, **self.old)

    def change(self) -> Change:
        return change(COSTS, cost_ids=[self.cost_id], cost_keys=self.new)


class DeleteCostsCommand(DocCommand):
    def __init__(self, ctx: DocContext, ids: list[int]) -> None:
        n = len(ids)
        super().__init__(ctx, "Ta bort kostnad" if n == 1 else f"Ta bort {count(n, 'kostnad', 'kostnader')}")
        self.ids = list(ids)
        self.removed: list[Cost] = []

    def apply(self) -> None:
        self.removed = self.ctx.doc.costs.delete_costs(self.ids)

    def revert(self) -> None:
        self.ctx.doc.costs.restore_costs([replace(c) for c in self.removed])

    def change(self) -> Change:
        return change(COSTS, COST_ROWS, cost_ids=self.ids)


class ImportCommand(DocCommand):
    """An import already committed (off the GUI thread): undo removes it whole, redo puts it back."""

    def __init__(self, ctx: DocContext, import_id: int, file: str, added: int) -> None:
        super().__init__(ctx, f"Import av {file} ({added} kostnader)")
        self.import_id = import_id
        self.saved: tuple[tuple[Any, ...], list[Cost], list[tuple[Any, ...]]] | None = None  # the import's SQL rows

    def apply(self) -> None:
        if self.saved is not None:
            batch, costs, originals = self.saved
            self.ctx.doc.costs.restore_import(batch, [replace(c) for c in costs], originals)

    def revert(self) -> None:
        self.saved = self.ctx.doc.costs.remove_import(self.import_id)
