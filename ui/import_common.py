"""What the steps of the import dialog share: amounts in kronor and read-only tables.

The steps themselves live in ``ui/import_file_step.py``, ``ui/import_mapping_step.py``,
``ui/import_filters_step.py`` and ``ui/import_summary_step.py``; ``ui/import_dialog.py`` moves
between them. Nothing here touches the document.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from itertools import repeat

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem

from models.money import format_sek

# References to None given back for the ones PySide6 drops (``put``).
_KEPT: list[None] = []


def _give_back(before: int) -> None:
    now = sys.getrefcount(None)
    if now < before:
        _KEPT.extend(repeat(None, before - now))


def put(table: QTableWidget, row: int, column: int, item: QTableWidgetItem) -> None:
    """``table.setItem``, keeping None alive. PySide6 6.12 on Python 3.11 drops a reference to None in every
    ``QTableWidget.setItem`` and ``QTableWidgetItem.setFlags`` call; a few thousand of them (a summary listing
    1 000 duplicates) free None itself and the process aborts ("deallocating None"). Whatever the call
    drops is held here instead (nothing, should PySide mend it)."""
    before = sys.getrefcount(None)
    table.setItem(row, column, item)
    _give_back(before)


def set_flags(item: QTableWidgetItem, flags: Qt.ItemFlag) -> None:
    """``item.setFlags``, keeping None alive (see ``put``)."""
    before = sys.getrefcount(None)
    item.setFlags(flags)
    _give_back(before)


def kr(value: Decimal) -> str:
    return format_sek(value, decimals=True)


def read_only_item(text: object, *, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    set_flags(item, Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
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
