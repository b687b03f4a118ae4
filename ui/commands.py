"""Undoable edits of fields, allocation and payments. Each keeps its old and new value.

Push them with ``ctx.push(cmd)``; the domain layer commits each change to the file at once.
(Cost edits live with the Kostnader page.)
"""

from __future__ import annotations

from decimal import Decimal

from models.document import Payment
from models.fields import FIELD_BY_NAME
from models.money import format_sek
from ui.changes import ALLOCATION, FIELDS, PAYMENTS, Change, change
from ui.doc_context import DocCommand, DocContext


class SetFieldCommand(DocCommand):
    """Change one Bilaga 1 field. ``new`` is normalized by the domain on the first apply."""

    def __init__(self, ctx: DocContext, name: str, new: str) -> None:
        super().__init__(ctx, f"Ändra {FIELD_BY_NAME[name].label}")
        self.name = name
        self.old = ctx.doc.field(name)
        self.old_invalid = ctx.doc.invalid_fields().get(name, "")
        self.new = new

    def apply(self) -> None:
        # an invalid value is kept as typed and marked (Document.enter_field), never thrown away
        value, invalid = self.ctx.doc.enter_field(self.name, self.new)
        self.new = invalid or value

    def revert(self) -> None:
        self.ctx.doc.restore_field(self.name, self.old, self.old_invalid)

    def change(self) -> Change:
        return change(FIELDS, fields=[self.name])


class SetAllocationCommand(DocCommand):
    def __init__(self, ctx: DocContext, stream: str, new: Decimal | str) -> None:
        super().__init__(ctx, f"Ändra tilldelning {stream}")
        self.stream = stream
        self.old = ctx.doc.allocation().get(stream, Decimal("0.00"))
        self.new: Decimal | str = new

    def apply(self) -> None:
        self.new = self.ctx.doc.set_allocation(self.stream, self.new)

    def revert(self) -> None:
        self.ctx.doc.set_allocation(self.stream, self.old)

    def change(self) -> Change:
        return change(ALLOCATION)


class AddPaymentCommand(DocCommand):
    """Register a payment; redo after undo gives it back its id."""

    def __init__(self, ctx: DocContext, payment: Payment) -> None:
        super().__init__(ctx, f"Lägg till utbetalning {format_sek(payment.amount)}")
        self.payment = payment

    def apply(self) -> None:
        self.payment.id = self.ctx.doc.add_payment(self.payment)

    def revert(self) -> None:
        assert self.payment.id is not None
        self.ctx.doc.delete_payment(self.payment.id)

    def change(self) -> Change:
        return change(PAYMENTS)


class DeletePaymentCommand(DocCommand):
    def __init__(self, ctx: DocContext, payment_id: int) -> None:
        super().__init__(ctx, "Ta bort utbetalning")
        self.payment_id = payment_id
        self.payment: Payment | None = None

    def apply(self) -> None:
        self.payment = self.ctx.doc.delete_payment(self.payment_id)

    def revert(self) -> None:
        assert self.payment is not None
        self.ctx.doc.add_payment(self.payment)

    def change(self) -> Change:
        return change(PAYMENTS)
