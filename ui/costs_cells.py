"""The Kostnader page's cells and widgets: a row copied as Excel reads it, the inline choice editor of
Ström and Kostnadsslag, and the filter's date boxes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QAbstractItemModel, QDate, Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from models.document import Cost
from models.money import format_sek
from ui.costs_model import COLUMNS
from ui.qt_types import Index

NO_DATE = QDate(1900, 1, 1)  # the minimum of the date boxes: shown blank, filters nothing


def tsv_cell(cost: Cost, key: str, activity: Callable[[Cost], str]) -> str:
    """One cell as Excel (Swedish) reads it: amount "1234,50", ISO date, no tabs or line breaks."""
    if key == "activity_id":
        return " ".join(activity(cost).split())
    value = getattr(cost, key)
    if key == "amount":
        return format_sek(value, decimals=True, sep="", unit=False)
    if key == "date":
        day: date = value
        return day.isoformat()
    return " ".join(str(value or "").split())


def costs_to_tsv(costs: list[Cost], activity: Callable[[Cost], str]) -> str:
    """``activity`` names a cost's activity (the model's names)."""
    return "".join("\t".join(tsv_cell(c, col.key, activity) for col in COLUMNS) + "\r\n" for c in costs)


class ChoiceDelegate(QStyledItemDelegate):
    """Inline editor for Ström and Kostnadsslag: a list of the document's values."""

    def __init__(self, choices: Callable[[], list[str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices = choices

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        box = QComboBox(parent)
        box.addItems(self._choices())
        return box

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


def date_box(name: str) -> QDateEdit:
    box = QDateEdit()
    box.setDisplayFormat("yyyy-MM-dd")
    box.setCalendarPopup(True)
    box.setMinimumDate(NO_DATE)
    box.setSpecialValueText(" ")
    box.setDate(NO_DATE)
    box.setAccessibleName(name)
    box.setMinimumWidth(110)
    return box
