"""Uppgifter: the Bilaga 1 fields grouped as on the form, checked as you type, each edit undoable."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, QMimeData, Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.document import Payment
from models.errors import UserError
from models.fields import FIELDS, GROUP_TITLES, REQUISITION_ONLY, FieldSpec
from models.money import format_sek, parse_amount
from models.period import default_day, outside_warning, read_period
from models.validation import field_limit, field_problem, normalize_field, paste_problem
from ui import changes, theme
from ui.commands import AddPaymentCommand, DeletePaymentCommand, SetAllocationCommand, SetFieldCommand
from ui.decisions_box import DecisionsBox
from ui.doc_context import DocContext
from ui.focus_order import reading_order
from ui.limited_text import LengthGuard
from ui.page_base import ScrollPage

PAY_PLACEHOLDER = "Belopp, t.ex. 1 250 000"
PLACEHOLDERS = {
    "orgnr": "NNNNNN-NNNN",
    "giro": "Bankgiro NNNN-NNNN eller plusgiro NNNNNN-N",
    "email": "namn@kommun.se",
    "phone": "08-123 45 67",
    "date": "ÅÅÅÅ-MM-DD",
    "amount": "0,00 kr",
}


def kr(value: Decimal | int) -> str:
    return format_sek(Decimal(value), decimals=True)


class PlainField(QPlainTextEdit):
    """A multi-line field that commits when it loses focus (like QLineEdit.editingFinished), and refuses
    a paste or drop that cannot fit before laying it out (``refused`` says why)."""

    editing_finished = Signal()
    refused = Signal(str)

    def insertFromMimeData(self, source: QMimeData) -> None:
        kept = len(self.toPlainText()) - len(self.textCursor().selectedText())
        problem = paste_problem(self.objectName(), kept, source.text())
        if problem:
            self.refused.emit(problem)
            return
        super().insertFromMimeData(source)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.editing_finished.emit()


class FieldRow(QWidget):
    """One field: the editor and, under it, the live check message."""

    def __init__(self, spec: FieldSpec, page: FormPage) -> None:
        super().__init__()
        self.spec = spec
        self.page = page
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.editor: QLineEdit | PlainField
        self.guard: LengthGuard | None = None
        if spec.kind == "multiline":
            self.editor = PlainField()
            self.editor.setTabChangesFocus(True)
            lines = self.editor.fontMetrics().lineSpacing()
            self.editor.setMinimumHeight(lines * 3)
            self.editor.setMaximumHeight(lines * 6)
            self.editor.textChanged.connect(self._check)
        else:
            self.editor = QLineEdit()
            self.editor.setPlaceholderText(PLACEHOLDERS.get(spec.kind, ""))
            self.editor.textEdited.connect(self._check)
            self.guard = LengthGuard(self.editor, field_limit(spec.name), spec.label, self._refused)
        if isinstance(self.editor, PlainField):
            self.editor.editing_finished.connect(self.commit)
            self.editor.refused.connect(self._refused)
        else:
            self.editor.editingFinished.connect(self.commit)
        label = spec.label + (" *" if spec.required else "")
        self.editor.setAccessibleName(spec.label)
        self.editor.setObjectName(spec.name)
        layout.addWidget(self.editor)
        self.problem = QLabel()
        theme.paint_text(self.problem, "error")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        self.problem.setAccessibleName(f"Fel i {spec.label}")
        layout.addWidget(self.problem)
        self.label_text = label
        self.shown = ""

    def text(self) -> str:
        return self.editor.toPlainText() if isinstance(self.editor, PlainField) else self.editor.text()

    def display(self, stored: str) -> str:
        """Amounts are stored as "128724464.00" and shown as Swedes write them."""
        if self.spec.kind == "amount" and stored:
            try:
                return kr(parse_amount(stored))
            except UserError:
                return stored
        return stored

    def set_text(self, value: str) -> None:
        value = self.display(value)
        self.shown = value  # what the file said: focus leaving an untouched field writes nothing back
        if self.text() == value:
            return
        if isinstance(self.editor, PlainField):
            self.editor.blockSignals(True)
            self.editor.setPlainText(value)
            self.editor.blockSignals(False)
        else:
            if self.guard is not None:
                self.guard.allow(value)
            self.editor.setText(value)
        self._check()

    def _check(self) -> None:
        problem = field_problem(self.spec.name, self.text())
        self.problem.setText(problem or "")
        self.problem.setVisible(bool(problem))

    def _refused(self, problem: str) -> None:
        self.problem.setText(problem)
        self.problem.setVisible(True)

    def commit(self) -> None:
        ctx = self.page.ctx
        if ctx.closed or ctx.readonly:
            return
        self._check()  # a refusal said while typing gives way to the field's own check
        if self.text() == self.shown:
            return  # not edited: another program's change since (shown by the reload) stays
        invalid = ctx.doc.invalid_fields().get(self.spec.name, "")
        if field_problem(self.spec.name, self.text()):
            # kept as typed and marked invalid: the message under the field says what is wrong
            if self.text() != invalid:
                ctx.push(SetFieldCommand(ctx, self.spec.name, self.text()))
            return
        stored = ctx.doc.field(self.spec.name)
        if normalize_field(self.spec.name, self.text()) == stored and not invalid:
            self.set_text(stored)  # show the normal form ("08-1234567" → "08-123 45 67")
            return
        ctx.push(SetFieldCommand(ctx, self.spec.name, self.text()))

    def set_readonly(self, readonly: bool) -> None:
        self.editor.setReadOnly(readonly)


class FormPage(ScrollPage):
    def __init__(self, ctx: DocContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        outer = self.outer
        self.readonly_note = QLabel("Redovisningen är öppnad skrivskyddad; uppgifterna kan läsas men inte ändras.")
        self.readonly_note.setStyleSheet("font-weight: bold;")
        outer.addWidget(self.readonly_note)
        intro = QLabel("Fält markerade med * behövs för en slutlig rekvisition eller redovisning.")
        intro.setWordWrap(True)
        outer.addWidget(intro)
        self.rows: dict[str, FieldRow] = {}
        self.edit_widgets: list[QWidget] = []
        groups: dict[str, QFormLayout] = {}
        self.group_boxes: dict[str, QGroupBox] = {}
        self._row_form: dict[str, QFormLayout] = {}
        for spec in FIELDS:
            if spec.group not in groups:
                box = QGroupBox(GROUP_TITLES.get(spec.group, spec.group))
                form = QFormLayout(box)
                form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
                form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
                groups[spec.group] = form
                self.group_boxes[spec.group] = box
                outer.addWidget(box)
                if spec.group == "bidrag":
                    outer.addWidget(self._allocation_box())
                    outer.addWidget(self._payments_box())
                    self.decisions_box = DecisionsBox(ctx)
                    outer.addWidget(self.decisions_box)
            form = groups[spec.group]
            if spec.name == "attestation":
                form.addRow(self._attestation_widget(spec))
                continue
            row = FieldRow(spec, self)
            self.rows[spec.name] = row
            label = QLabel(row.label_text)
            label.setBuddy(row.editor)
            form.addRow(label, row)
            self._row_form[spec.name] = form
        outer.addStretch(1)
        reading_order(self)  # the money boxes are built before the Bidrag fields above them: Tab reads top down
        parts = {changes.FIELDS, changes.ALLOCATION, changes.PAYMENTS, changes.AGREEMENT}
        self.refresher = changes.PageRefresh(self, ctx.changed, parts, self.refresh)
        ctx.readonly_changed.connect(lambda _r: self.refresh())
        self.refresh()

    def _show_requisition_fields(self, show: bool) -> None:
        """An agreement paid without a rekvisition has no use for the fields only the rekvisition prints
        (section 3, Uppgifter för utbetalning, holds nothing else)."""
        for name in REQUISITION_ONLY:
            self._row_form[name].setRowVisible(self.rows[name], show)
        self.group_boxes["utbetalning"].setVisible(show)

    # -- attestation -------------------------------------------------------------------------
    def _attestation_widget(self, spec: FieldSpec) -> QWidget:
        from models.report import load_wording

        try:
            words = load_wording(str(self.ctx.agreement.form))["redovisning"]["granskning"]
            texts = (words["alt1"], words["alt2"])
        except (UserError, KeyError, OSError):
            texts = ("Alt 1: den ekonomiska redovisningen är korrekt.", "Alt 2: den är inte korrekt.")
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(spec.label + " *"))
        self.attest_group = QButtonGroup(self)
        self.attest_buttons: dict[str, QRadioButton] = {}
        self.attest_labels: dict[str, tuple[QLabel, str]] = {}  # the label and its wording with "N.N."
        for key, text in zip(("alt1", "alt2"), texts, strict=True):
            short = "Alt 1" if key == "alt1" else "Alt 2"
            button = QRadioButton(short)  # radio buttons do not wrap: the long text goes beside it
            button.setAccessibleName(f"{short}: {text.split(':', 1)[-1].strip()}")
            label_wrap = QLabel(text.split(":", 1)[-1].strip())
            label_wrap.setWordWrap(True)
            label_wrap.setBuddy(button)
            self.attest_labels[key] = (label_wrap, text.split(":", 1)[-1].strip())
            line = QHBoxLayout()
            line.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            line.addWidget(label_wrap, 1)
            layout.addLayout(line)
            self.attest_group.addButton(button)
            self.attest_buttons[key] = button
            button.toggled.connect(lambda checked, k=key: self._attest(k) if checked else None)
            self.edit_widgets.append(button)
        return box

    def _attest(self, key: str) -> None:
        if self.ctx.doc.field("attestation") == key:
            return
        if not self.ctx.push(SetFieldCommand(self.ctx, "attestation", key)):
            self.refresh()

    # -- allocation ----------------------------------------------------------------------------
    def _allocation_box(self) -> QGroupBox:
        box = QGroupBox("Tilldelning per ström (summa bidrag enligt överenskommelsen)")
        self.allocation_form = QFormLayout(box)
        self.allocation_edits: dict[str, QLineEdit] = {}
        for stream in self.ctx.doc.allocation():
            edit = QLineEdit()
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.setAccessibleName(f"Tilldelning {stream}")
            edit.editingFinished.connect(lambda s=stream, e=edit: self._set_allocation(s, e))
            self.allocation_edits[stream] = edit
            self.allocation_form.addRow(stream, edit)
        self.allocation_total = QLabel()
        self.allocation_total.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.allocation_form.addRow("Summa", self.allocation_total)
        return box

    def _set_allocation(self, stream: str, edit: QLineEdit) -> None:
        if self.ctx.readonly:
            return
        try:
            value = parse_amount(edit.text(), allow_negative=False)
        except UserError as err:
            self.ctx.refused(f"Tilldelning {stream}", str(err))
            edit.setText(kr(self.ctx.doc.allocation()[stream]))
            return
        if value != self.ctx.doc.allocation()[stream]:
            self.ctx.push(SetAllocationCommand(self.ctx, stream, value))
        else:
            edit.setText(kr(value))

    # -- payments ------------------------------------------------------------------------------
    def _payments_box(self) -> QGroupBox:
        box = QGroupBox("Utbetalningar från Kammarkollegiet")
        layout = QVBoxLayout(box)
        self.payments = QTableWidget(0, 3)
        self.payments.setHorizontalHeaderLabels(["Datum", "Belopp", "Notering"])
        self.payments.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.payments.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.payments.verticalHeader().setVisible(False)
        self.payments.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.payments.setAccessibleName("Registrerade utbetalningar")
        self.payments.setMinimumHeight(self.payments.fontMetrics().lineSpacing() * 5)
        self.payments.setMaximumHeight(self.payments.fontMetrics().lineSpacing() * 10)
        layout.addWidget(self.payments)
        line = QHBoxLayout()
        self.pay_date = QDateEdit()
        self._pay_default: date | None = None  # the date last offered; kept while the user has not changed it
        self._offer_pay_date()
        self.pay_date.setDisplayFormat("yyyy-MM-dd")
        self.pay_date.setCalendarPopup(True)
        self.pay_date.setAccessibleName("Utbetalningens datum")
        self.pay_amount = QLineEdit()
        self.pay_amount.setPlaceholderText(PAY_PLACEHOLDER)
        room = self.pay_amount.fontMetrics().horizontalAdvance(PAY_PLACEHOLDER + "  ")  # the example is read whole
        self.pay_amount.setMinimumWidth(
            room + 2 * self.pay_amount.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth) + 8
        )
        self.pay_amount.setAccessibleName("Utbetalningens belopp")
        self.pay_note = QLineEdit()
        self.pay_note.setPlaceholderText("Notering")
        self.pay_note.setAccessibleName("Notering om utbetalningen")
        self.pay_add = QPushButton("Lägg &till utbetalning")
        self.pay_add.clicked.connect(self.add_payment)
        self.pay_amount.returnPressed.connect(self.add_payment)
        self.pay_remove = QPushButton("Ta &bort markerad")
        self.pay_remove.clicked.connect(self.remove_payment)
        for w in (self.pay_date, self.pay_amount, self.pay_note, self.pay_add, self.pay_remove):
            line.addWidget(w, 1 if w is self.pay_note else 0)
            self.edit_widgets.append(w)
        layout.addLayout(line)
        return box

    def _period(self) -> tuple[date, date]:
        return read_period(self.ctx.doc.fields(), self.ctx.agreement)

    def _offer_pay_date(self) -> None:
        """The payment date starts inside the grant's period (today while it runs), unless the user chose one."""
        qd = self.pay_date.date()
        shown = date(qd.year(), qd.month(), qd.day()) if qd.isValid() else None
        if self._pay_default is not None and shown != self._pay_default:
            return
        self._pay_default = default_day(date.today(), *self._period())
        self.pay_date.setDate(QDate(self._pay_default.year, self._pay_default.month, self._pay_default.day))

    def add_payment(self) -> None:
        try:
            amount = parse_amount(self.pay_amount.text(), allow_negative=False)
        except UserError as err:
            self.ctx.refused("Utbetalning", str(err))
            return
        qd = self.pay_date.date()
        payment = Payment(date(qd.year(), qd.month(), qd.day()), amount, self.pay_note.text().strip())
        warning = outside_warning(payment.date, *self._period())
        if warning and not self.ctx.interaction.confirm(
            "Utbetalning", f"{warning} Vill du registrera utbetalningen ändå?", yes="Registrera", no="Ändra datumet"
        ):
            self.pay_date.setFocus()
            return
        if self.ctx.push(AddPaymentCommand(self.ctx, payment)):
            self.pay_amount.clear()
            self.pay_note.clear()

    def remove_payment(self) -> None:
        row = self.payments.currentRow()
        item = self.payments.item(row, 0) if row >= 0 else None
        if item is None:
            self.ctx.interaction.info("Utbetalning", "Markera den utbetalning som ska tas bort.")
            return
        self.ctx.push(DeletePaymentCommand(self.ctx, int(item.data(Qt.ItemDataRole.UserRole))))

    # -- refresh -------------------------------------------------------------------------------
    def refresh(self) -> None:
        doc, readonly = self.ctx.doc, self.ctx.readonly
        values = doc.fields() | doc.invalid_fields()  # a value kept as typed shows as typed, marked invalid
        for name, row in self.rows.items():
            if not row.editor.hasFocus() or row.text() == "":
                row.set_text(values.get(name, ""))
            row.set_readonly(readonly)
        choice = values.get("attestation", "")
        self.attest_group.setExclusive(False)
        for key, button in self.attest_buttons.items():
            button.blockSignals(True)
            button.setChecked(key == choice)
            button.blockSignals(False)
        self.attest_group.setExclusive(True)
        from models.report import with_chief

        for label, text in self.attest_labels.values():  # the chief's name where the form says N.N.
            label.setText(with_chief(text, values.get("chief_name", "")))
        self.rows["deviations"].editor.setEnabled(choice == "alt2")
        self._offer_pay_date()
        self._show_requisition_fields(not self.ctx.agreement.no_requisition)
        allocation = doc.allocation()
        for stream, edit in self.allocation_edits.items():
            edit.setText(kr(allocation.get(stream, 0)))
            edit.setReadOnly(readonly)
        self.allocation_total.setText(kr(sum(allocation.values())))
        payments = doc.payments()
        self.payments.setRowCount(len(payments))
        for r, p in enumerate(payments):
            cells = (p.date.isoformat(), kr(p.amount), p.note)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setData(Qt.ItemDataRole.UserRole, p.id)
                self.payments.setItem(r, c, item)
        self.payments.resizeColumnsToContents()
        for w in self.edit_widgets:
            w.setEnabled(not readonly)
        self.readonly_note.setText(  # a large document's costs being checked (ui/costs_check.py), or read-only
            "Kostnaderna kontrolleras; uppgifterna kan ändras när kontrollen är klar."
            if doc.costs_unchecked
            else "Redovisningen är öppnad skrivskyddad; uppgifterna kan läsas men inte ändras."
        )
        self.readonly_note.setVisible(readonly)
