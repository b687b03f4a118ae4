"""What the steps of the import dialog share: amounts in kronor and read-only tables.

The steps themselves live in ``ui/import_file_step.py``, ``ui/import_mapping_step.py``,
``ui/import_filters_step.py`` and ``ui/import_summary_step.py``; ``ui/import_dialog.py`` moves
between them. Nothing here touches the document.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem

from models.money import format_sek


def kr(value: Decimal) -> str:
    return format_sek(value, decimals=True)


def read_only_item(text: object, *, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def plain_table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setStretchLastSection(True)
    return table
