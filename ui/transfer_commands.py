"""Undoable edits of an RSS's onward payments. Each calls the domain (models/storage/transfers.py)
and keeps what undo needs; push them with ``ctx.push(command)``."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from models.document import Cost
from models.money import format_sek
from models.municipalities import Municipality
from models.transfers import MunicipalReport
from ui.changes import COST_ROWS, COSTS, FIELDS, TRANSFERS, Change, change
from ui.doc_context import DocCommand, DocContext


class SetPlanCommand(DocCommand):
    """Planned amounts of some municipalities (typed, pasted or split from a total)."""

    def __init__(self, ctx: DocContext, plan: dict[str, tuple[Decimal, str]], text: str) -> None:
        super().__init__(ctx, text)
        self.plan = dict(plan)
        self.old: dict[str, tuple[Decimal, str]] = {}

    def apply(self) -> None:
        self.old = self.ctx.doc.transfers.set_transfer_plan(self.plan)

    def revert(self) -> None:
        self.ctx.doc.transfers.set_transfer_plan(self.old)

    def change(self) -> Change:
        return change(TRANSFERS)


class AddTransferCommand(DocCommand):
    """A paid transfer (or a return, negative) as a cost; redo puts the same cost back with its id."""

    def __init__(
        self, ctx: DocContext, municipality: Municipality, amount: Decimal, when: date, stream: str, reference: str
    ) -> None:
        word = "Återbetalning från" if amount < 0 else "Utbetalning till"
        super().__init__(ctx, f"{word} {municipality.name} {format_sek(abs(amount))}")
        self.args = (municipality, amount, when)
        self.stream = stream
        self.reference = reference
        self.cost: Cost | None = None

    def apply(self) -> None:
        if self.cost is None:
            municipality, amount, when = self.args
            cost_id = self.ctx.doc.transfers.add_transfer(
                municipality, amount, when, stream=self.stream, reference=self.reference
            )
            self.cost = self.ctx.doc.costs.get_cost(cost_id)
        else:
            self.ctx.doc.costs.restore_costs([replace(self.cost)])

    def revert(self) -> None:
        assert self.cost is not None and self.cost.id is not None
        self.ctx.doc.costs.delete_costs([self.cost.id])

    def change(self) -> Change:
        return change(TRANSFERS, COSTS, COST_ROWS, cost_ids=[self.cost.id if self.cost else None])


class AddReportCommand(DocCommand):
    """What a municipality reported back; its return is a negative transfer undone with it."""

    def __init__(self, ctx: DocContext, report: MunicipalReport, name: str, stream: str = "") -> None:
        super().__init__(ctx, f"Återrapport från {name}")
        self.report = report
        self.stream = stream
        self.saved: tuple[MunicipalReport, list[Cost]] | None = None

    def apply(self) -> None:
        if self.saved is None:
            self.report = self.ctx.doc.transfers.add_municipal_report(self.report, stream=self.stream)
        else:
            report, costs = self.saved
            self.ctx.doc.transfers.restore_municipal_report(report, [replace(c) for c in costs])

    def revert(self) -> None:
        assert self.report.id is not None
        self.saved = self.ctx.doc.transfers.delete_municipal_report(self.report.id)

    def change(self) -> Change:
        return change(TRANSFERS, COSTS, COST_ROWS)


class SetRuleCommand(DocCommand):
    """An import rule: ledger rows with this account or object are transfers to a municipality."""

    def __init__(self, ctx: DocContext, kind: str, value: str, code: str | None, text: str) -> None:
        super().__init__(ctx, text)
        self.kind, self.value, self.code = kind, value, code
        self.old: str | None = None

    def apply(self) -> None:
        self.old = self.ctx.doc.transfers.set_transfer_rule(self.kind, self.value, self.code)

    def revert(self) -> None:
        self.ctx.doc.transfers.set_transfer_rule(self.kind, self.value, self.old)

    def change(self) -> Change:
        return change(TRANSFERS)


class SetReportDueCommand(DocCommand):
    def __init__(self, ctx: DocContext, when: date | None) -> None:
        super().__init__(ctx, "Ändra kommunernas återrapport senast")
        self.when = when
        self.old = ""

    def apply(self) -> None:
        self.old = self.ctx.doc.transfers.set_municipal_report_due(self.when)

    def revert(self) -> None:
        self.ctx.doc.transfers.set_municipal_report_due(date.fromisoformat(self.old) if self.old else None)

    def change(self) -> Change:
        return change(TRANSFERS, FIELDS)


class DeleteRuleCommand(DocCommand):
    """Remove an import rule; undo sets it again, pointing at the same municipality."""

    def __init__(self, ctx: DocContext, kind: str, value: str, text: str) -> None:
        super().__init__(ctx, f"Ta bort importregel {text}")
        self.kind, self.value = kind, value
        self.old = ""

    def apply(self) -> None:
        self.old = self.ctx.doc.transfers.delete_transfer_rule(self.kind, self.value)

    def revert(self) -> None:
        self.ctx.doc.transfers.set_transfer_rule(self.kind, self.value, self.old)

    def change(self) -> Change:
        return change(TRANSFERS)


class DeleteReportCommand(DocCommand):
    """Remove a municipality's report and the return it brought; undo puts both back with their ids."""

    def __init__(self, ctx: DocContext, report: MunicipalReport, name: str) -> None:
        super().__init__(ctx, f"Ta bort återrapport från {name}")
        self.report = report
        self.saved: tuple[MunicipalReport, list[Cost]] | None = None

    def apply(self) -> None:
        assert self.report.id is not None
        self.saved = self.ctx.doc.transfers.delete_municipal_report(self.report.id)

    def revert(self) -> None:
        assert self.saved is not None
        report, costs = self.saved
        self.ctx.doc.transfers.restore_municipal_report(report, [replace(c) for c in costs])

    def change(self) -> Change:
        return change(TRANSFERS, COSTS, COST_ROWS)
