"""Add or edit one cost: a small form that checks what was typed before it closes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QStyle,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from models.document import Cost
from models.errors import UserError
from models.money import format_sek, parse_amount
from models.validation import parse_date
from ui import theme
from ui.qt_types import to_date

EDIT_KEYS = ("date", "amount", "stream", "category", "text", "voucher", "supplier", "account")


class DateLine(QLineEdit):
    """A date typed as ÅÅÅÅ-MM-DD and read as typed: an impossible date such as 2024-02-30 is refused with
    one sentence (``models.validation.parse_date``), never rolled over to another day as QDateEdit does.
    A calendar button beside it picks a day."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("ÅÅÅÅ-MM-DD")
        self.setMaxLength(10)
        action = self.addAction(
            self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView),
            QLineEdit.ActionPosition.TrailingPosition,
        )
        action.setToolTip("Välj datum i en kalender")
        action.triggered.connect(self._pick)

    def setDate(self, when: date | QDate) -> None:
        day = to_date(when) if isinstance(when, QDate) else when
        self.setText(day.isoformat())

    def read(self) -> date:
        """The date typed; raises ValidationError with one Swedish sentence."""
        return parse_date(self.text())

    def _pick(self) -> None:
        menu = QMenu(self)
        calendar = QCalendarWidget(menu)
        try:
            current = self.read()
            calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        except UserError:
            pass
        calendar.clicked.connect(lambda d: self._picked(d, menu))
        action = QWidgetAction(menu)
        action.setDefaultWidget(calendar)
        menu.addAction(action)
        menu.exec(self.mapToGlobal(self.rect().bottomLeft()))

    def _picked(self, day: QDate, menu: QMenu) -> None:
        self.setDate(day)
        menu.close()


class CostDialog(QDialog):
    """``CostDialog(streams, categories, cost=None)``; after ``exec()`` read ``cost()``."""

    def __init__(
        self,
        streams: list[str],
        categories: list[str],
        cost: Cost | None = None,
        *,
        default_date: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._original = cost
        self.setWindowTitle("Redigera kostnad" if cost else "Ny kostnad")
        self.setMinimumWidth(460)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.date_edit = DateLine()
        when = cost.date if cost else (default_date or date.today())
        self.date_edit.setDate(when)
        self.amount_edit = QLineEdit(format_sek(cost.amount, decimals=True, unit=False) if cost else "")
        self.amount_edit.setPlaceholderText("till exempel 12 500,00")
        self.amount_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.stream_box = self._combo(streams, cost.stream if cost else "")
        self.category_box = self._combo(categories, cost.category if cost else "")
        self.text_edit = QLineEdit(cost.text if cost else "")
        self.voucher_edit = QLineEdit(cost.voucher if cost else "")
        self.supplier_edit = QLineEdit(cost.supplier if cost else "")
        self.account_edit = QLineEdit(cost.account if cost else "")
        self.account_edit.setPlaceholderText("till exempel 7010")

        rows: list[tuple[str, QWidget, str]] = [
            ("&Datum", self.date_edit, "Datum"),
            ("&Belopp (kr)", self.amount_edit, "Belopp i kronor"),
            ("&Ström", self.stream_box, "Ström"),
            ("&Kostnadsslag", self.category_box, "Kostnadsslag"),
            ("&Text", self.text_edit, "Text"),
            ("&Verifikation", self.voucher_edit, "Verifikation"),
            ("&Leverantör", self.supplier_edit, "Leverantör"),
            ("K&onto", self.account_edit, "Konto"),
        ]
        for label, widget, name in rows:
            widget.setAccessibleName(name)
            form.addRow(label, widget)
        if cost and cost.source:
            source = QLabel(cost.source)
            source.setWordWrap(True)
            source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow("Källa", source)

        self.error_label = QLabel()
        theme.paint_text(self.error_label, "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Spara" if cost else "Lägg till")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Avbryt")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self._result: Cost | None = None
        (self.amount_edit if cost is None else self.text_edit).setFocus()

    @staticmethod
    def _combo(items: list[str], current: str) -> QComboBox:
        box = QComboBox()
        box.addItems(items)
        if current and current not in items:
            box.addItem(current)
        if current:
            box.setCurrentText(current)
        return box

    def read(self) -> Cost:
        """What the form holds as a Cost (id of the edited cost kept). Raises UserError."""
        amount = parse_amount(self.amount_edit.text())
        if amount == 0:
            raise UserError("Beloppet är 0 kr; ange kostnadens belopp.")
        stream = self.stream_box.currentText()
        category = self.category_box.currentText()
        if not stream:
            raise UserError("Välj vilken ström kostnaden hör till.")
        if not category:
            raise UserError("Välj ett kostnadsslag.")
        values: dict[str, Any] = {
            "date": self.date_edit.read(),
            "amount": amount,
            "stream": stream,
            "category": category,
            "text": " ".join(self.text_edit.text().split()),
            "voucher": self.voucher_edit.text().strip(),
            "supplier": " ".join(self.supplier_edit.text().split()),
            "account": self.account_edit.text().strip(),
        }
        if self._original is not None:
            return replace(self._original, **values)
        return Cost(**values)

    def changes(self) -> dict[str, Any]:
        """Fields that differ from the edited cost (all fields for a new one)."""
        cost = self.cost()
        if cost is None:
            return {}
        if self._original is None:
            return {k: getattr(cost, k) for k in EDIT_KEYS}
        return {k: getattr(cost, k) for k in EDIT_KEYS if getattr(cost, k) != getattr(self._original, k)}

    def cost(self) -> Cost | None:
        return self._result

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def accept(self) -> None:
        try:
            self._result = self.read()
        except UserError as err:
            self.show_error(str(err))
            self.amount_edit.setFocus()
            return
        super().accept()
