"""Uppgifter: the government's payment decisions and the repayment made (undoable edits)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.errors import UserError
from models.money import format_sek, parse_amount
from models.storage.agreement import Decision, Repayment
from ui.changes import DECISIONS, PageRefresh
from ui.decision_commands import AddDecisionCommand, DeleteDecisionCommand, SetRepaymentCommand
from ui.doc_context import DocContext


def _date_edit(name: str) -> QDateEdit:
    edit = QDateEdit(QDate.currentDate())
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    edit.setAccessibleName(name)
    return edit


def _day(edit: QDateEdit) -> date:
    qd = edit.date()
    return date(qd.year(), qd.month(), qd.day())


def _line(placeholder: str, name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setAccessibleName(name)
    return edit


class DecisionsBox(QGroupBox):
    def __init__(self, ctx: DocContext, parent: QWidget | None = None) -> None:
        super().__init__("Beslut om utbetalning och återbetalning", parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Regeringens beslut om utbetalning; blanketten anger varje besluts diarienummer."))
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Diarienummer", "Beslutsdatum", "Belopp"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName("Beslut om utbetalning")
        self.table.setMinimumHeight(self.table.fontMetrics().lineSpacing() * 4)
        self.table.setMaximumHeight(self.table.fontMetrics().lineSpacing() * 8)
        layout.addWidget(self.table)
        line = QHBoxLayout()
        self.dnr = _line("Diarienummer, t.ex. S2026/01234", "Beslutets diarienummer")
        self.decided = _date_edit("Beslutets datum")
        self.amount = _line("Belopp", "Beslutat belopp")
        self.add_button = QPushButton("Lägg till &beslut")
        self.remove_button = QPushButton("Ta bort markerat beslut")
        self.add_button.clicked.connect(self.add_decision)
        self.amount.returnPressed.connect(self.add_decision)
        self.remove_button.clicked.connect(self.remove_decision)
        for w in (self.dnr, self.decided, self.amount, self.add_button, self.remove_button):
            line.addWidget(w, 1 if w is self.dnr else 0)
        layout.addLayout(line)

        layout.addWidget(QLabel("Återbetalning till Kammarkollegiet av medel som inte har förbrukats:"))
        line = QHBoxLayout()
        self.repaid = _date_edit("Återbetalningens datum")
        self.repaid_amount = _line("Återbetalt belopp", "Återbetalt belopp")
        self.reference = _line("Referens", "Återbetalningens referens")
        self.repay_button = QPushButton("Spara åter&betalning")
        self.unrepay_button = QPushButton("Ingen återbetalning gjord")
        self.repay_button.clicked.connect(self.set_repayment)
        self.unrepay_button.clicked.connect(self.clear_repayment)
        for w in (self.repaid, self.repaid_amount, self.reference, self.repay_button, self.unrepay_button):
            line.addWidget(w, 1 if w is self.reference else 0)
        layout.addLayout(line)
        self.repayment_status = QLabel()
        self.repayment_status.setWordWrap(True)
        layout.addWidget(self.repayment_status)
        self.edit_widgets: list[QWidget] = [
            self.dnr, self.decided, self.amount, self.add_button, self.remove_button,
            self.repaid, self.repaid_amount, self.reference, self.repay_button, self.unrepay_button,
        ]  # fmt: skip
        self.refresher = PageRefresh(self, ctx.changed, {DECISIONS}, self.refresh)
        self.refresh()

    def refresh(self) -> None:
        doc = self.ctx.doc
        decisions = doc.agreement.decisions()
        self.table.setRowCount(len(decisions))
        for r, d in enumerate(decisions):
            cells = (d.dnr, str(d.date), format_sek(d.amount))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, d.id)
                if c == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        repayment = doc.agreement.repayment()
        if repayment is None:
            self.repayment_status.setText("Ingen återbetalning är registrerad.")
        else:
            self.repayment_status.setText(f"Registrerad återbetalning: {repayment.describe()}.")
            self.repaid.setDate(QDate(repayment.date.year, repayment.date.month, repayment.date.day))
            self.repaid_amount.setText(format_sek(repayment.amount, unit=False))
            self.reference.setText(repayment.reference)
        for w in self.edit_widgets:
            w.setEnabled(not self.ctx.readonly)

    def add_decision(self) -> None:
        try:
            amount = parse_amount(self.amount.text(), allow_negative=False)
        except UserError as err:
            self.ctx.interaction.warn("Beslut om utbetalning", str(err))
            return
        if self.ctx.push(AddDecisionCommand(self.ctx, Decision(self.dnr.text(), _day(self.decided), amount))):
            self.dnr.clear()
            self.amount.clear()

    def remove_decision(self) -> None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        if item is None:
            self.ctx.interaction.info("Beslut om utbetalning", "Markera det beslut som ska tas bort.")
            return
        self.ctx.push(DeleteDecisionCommand(self.ctx, int(item.data(Qt.ItemDataRole.UserRole))))

    def set_repayment(self) -> None:
        try:
            amount = parse_amount(self.repaid_amount.text(), allow_negative=False)
        except UserError as err:
            self.ctx.interaction.warn("Återbetalning", str(err))
            return
        self.ctx.push(SetRepaymentCommand(self.ctx, Repayment(_day(self.repaid), amount, self.reference.text())))

    def clear_repayment(self) -> None:
        if self.ctx.doc.agreement.repayment() is not None:
            self.ctx.push(SetRepaymentCommand(self.ctx, None))
