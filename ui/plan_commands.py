"""Undoable edits of the activity plan. Each command calls the domain layer (models/storage/activities.py).

Push them with ``ctx.push(command)``: the first ``apply`` runs before the command is on the stack,
so a refused edit never lands there; every change writes its history row in the domain.
"""

from __future__ import annotations

from decimal import Decimal

from models.plan_tools import PlanRow, import_plan
from models.storage.activities import ActivityRule, ActivitySnapshot
from models.words import count
from ui.changes import COSTS, PLAN, Change, change
from ui.doc_context import DocCommand, DocContext

PlanCells = dict[tuple[int, str], Decimal | None]


class SetPlanCommand(DocCommand):
    """Set planned amounts (None clears a month): one cell typed, a paste, a spread, all one step."""

    def __init__(self, ctx: DocContext, changes: PlanCells, text: str = "Ändra plan") -> None:
        super().__init__(ctx, text)
        self.new = dict(changes)
        self.old: PlanCells = {}

    def apply(self) -> None:
        self.old = self.ctx.doc.plan.set_plan(self.new)

    def revert(self) -> None:
        self.ctx.doc.plan.set_plan(self.old)

    def change(self) -> Change:
        return change(PLAN)


class AddActivityCommand(DocCommand):
    def __init__(self, ctx: DocContext, name: str, stream: str, category: str = "") -> None:
        super().__init__(ctx, f"Ny aktivitet {name.strip()}")
        self.args = (name, stream, category)
        self.activity_id: int | None = None

    def apply(self) -> None:  # redo after undo gives it back its id, so later commands still find it
        self.activity_id = self.ctx.doc.plan.add_activity(*self.args, activity_id=self.activity_id).id

    def revert(self) -> None:
        assert self.activity_id is not None
        self.ctx.doc.plan.remove_activity(self.activity_id)

    def change(self) -> Change:
        return change(PLAN)


class RemoveActivityCommand(DocCommand):
    def __init__(self, ctx: DocContext, activity_id: int, name: str) -> None:
        super().__init__(ctx, f"Ta bort aktivitet {name}")
        self.activity_id = activity_id
        self.snapshot: ActivitySnapshot | None = None

    def apply(self) -> None:
        self.snapshot = self.ctx.doc.plan.remove_activity(self.activity_id)

    def revert(self) -> None:
        assert self.snapshot is not None
        self.ctx.doc.plan.restore_activity(self.snapshot)

    def change(self) -> Change:
        return change(PLAN, COSTS, cost_keys=["activity_id"])


class RenameActivityCommand(DocCommand):
    def __init__(self, ctx: DocContext, activity_id: int, name: str) -> None:
        super().__init__(ctx, f"Byt namn på aktivitet till {name.strip()}")
        self.activity_id = activity_id
        self.new = name
        self.old = ""

    def apply(self) -> None:
        self.old = self.ctx.doc.plan.rename_activity(self.activity_id, self.new)

    def revert(self) -> None:
        self.ctx.doc.plan.rename_activity(self.activity_id, self.old)

    def change(self) -> Change:
        return change(PLAN)


class SetActivityRulesCommand(DocCommand):
    def __init__(self, ctx: DocContext, rules: list[ActivityRule]) -> None:
        super().__init__(ctx, "Ändra aktivitetsregler")
        self.new = list(rules)
        self.old: list[ActivityRule] = []

    def apply(self) -> None:
        self.old = self.ctx.doc.plan.set_activity_rules(self.new)

    def revert(self) -> None:
        self.ctx.doc.plan.set_activity_rules(self.old)

    def change(self) -> Change:
        return change(PLAN)


class ApplyRulesCommand(DocCommand):
    """Sort the costs without an activity by the rules; undo puts them back unassigned."""

    def __init__(self, ctx: DocContext) -> None:
        super().__init__(ctx, "Sortera kostnader efter reglerna")
        self.before: dict[int, int | None] = {}
        self.after: dict[int, int | None] = {}
        self.moved = 0

    def apply(self) -> None:
        if self.after:  # redo
            self.ctx.doc.plan.restore_cost_activities(self.after, what="sorterat igen")
            return
        doc = self.ctx.doc
        unassigned = {
            c.id: None for c in doc.costs.iter_costs(order="id") if c.activity_id is None and c.id is not None
        }
        self.moved = doc.plan.apply_activity_rules()
        now = {c.id: c.activity_id for c in doc.costs.costs_by_ids(list(unassigned)) if c.id is not None}
        self.after = {i: a for i, a in now.items() if a is not None}
        self.before = dict.fromkeys(self.after)

    def revert(self) -> None:
        if self.before:
            self.ctx.doc.plan.restore_cost_activities(self.before)

    def change(self) -> Change:
        return change(PLAN, COSTS, cost_keys=["activity_id"])


class SetCostActivityCommand(DocCommand):
    """Put selected costs in an activity (or in none); undo gives each its old activity back."""

    def __init__(self, ctx: DocContext, cost_ids: list[int], activity_id: int | None, name: str) -> None:
        n = len(cost_ids)
        super().__init__(ctx, f"Koppla {'kostnad' if n == 1 else count(n, 'kostnad', 'kostnader')} till {name}")
        self.cost_ids = list(cost_ids)
        self.activity_id = activity_id
        self.old: dict[int, int | None] = {}

    def apply(self) -> None:
        self.old = self.ctx.doc.plan.set_cost_activity(self.cost_ids, self.activity_id)

    def revert(self) -> None:
        self.ctx.doc.plan.restore_cost_activities(self.old)

    def change(self) -> Change:
        return change(PLAN, COSTS, cost_ids=self.cost_ids, cost_keys=["activity_id"])


class ImportPlanCommand(DocCommand):
    """A plan read from a file: new activities and the planned months, undone as one step."""

    def __init__(self, ctx: DocContext, rows: list[PlanRow], file: str) -> None:
        super().__init__(ctx, f"Importera plan från {file}")
        self.rows = rows
        self.added: list[str] = []
        self.old: PlanCells = {}

    def apply(self) -> None:
        self.added, self.old = import_plan(self.ctx.doc, self.rows)

    def revert(self) -> None:
        doc = self.ctx.doc
        with doc.transaction():
            doc.plan.set_plan(self.old)
            for name in self.added:
                doc.plan.remove_activity(doc.plan.find_activity(name).id)

    def change(self) -> Change:
        return change(PLAN)
