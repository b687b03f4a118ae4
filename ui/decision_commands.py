"""Undoable edits of the payment decisions, the repayment and the document's agreement copy."""

from __future__ import annotations

from dataclasses import replace

from models.money import format_sek
from models.storage.agreement import Decision, Repayment
from ui.changes import DECISIONS, Change, change
from ui.doc_context import DocCommand, DocContext


class AddDecisionCommand(DocCommand):
    """Register a payment decision; redo after undo gives it back its id."""

    def __init__(self, ctx: DocContext, decision: Decision) -> None:
        super().__init__(ctx, f"Lägg till beslut {decision.dnr}")
        self.decision = decision

    def apply(self) -> None:
        self.decision = replace(self.decision, id=self.ctx.doc.agreement.add_decision(self.decision))

    def revert(self) -> None:
        assert self.decision.id is not None
        self.ctx.doc.agreement.delete_decision(self.decision.id)

    def change(self) -> Change:
        return change(DECISIONS)


class DeleteDecisionCommand(DocCommand):
    def __init__(self, ctx: DocContext, decision_id: int) -> None:
        super().__init__(ctx, "Ta bort beslut om utbetalning")
        self.decision_id = decision_id
        self.decision: Decision | None = None

    def apply(self) -> None:
        self.decision = self.ctx.doc.agreement.delete_decision(self.decision_id)

    def revert(self) -> None:
        assert self.decision is not None
        self.ctx.doc.agreement.add_decision(self.decision)

    def change(self) -> Change:
        return change(DECISIONS)


class SetRepaymentCommand(DocCommand):
    def __init__(self, ctx: DocContext, repayment: Repayment | None) -> None:
        what = f"Återbetalning {format_sek(repayment.amount)}" if repayment else "Ta bort återbetalning"
        super().__init__(ctx, what)
        self.old = ctx.doc.agreement.repayment()
        self.new = repayment

    def apply(self) -> None:
        self.ctx.doc.agreement.set_repayment(self.new)

    def revert(self) -> None:
        self.ctx.doc.agreement.set_repayment(self.old)

    def change(self) -> Change:
        return change(DECISIONS)


class TakeAgreementCommand(DocCommand):
    """Replace the document's agreement copy with the catalogue's version (a history row each way)."""

    def __init__(self, ctx: DocContext) -> None:
        super().__init__(ctx, "Använd katalogens version av överenskommelsen")
        self.old: str | None = None

    def apply(self) -> None:
        from models.doc_agreement import take_catalogue_version

        self.old = take_catalogue_version(self.ctx.doc, self.ctx.catalogue) or self.old

    def revert(self) -> None:
        from models.doc_agreement import restore_copy

        if self.old is not None:
            restore_copy(self.ctx.doc, self.old)
