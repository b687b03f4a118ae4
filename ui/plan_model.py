"""The plan grid: activities as rows, the report period's months as columns, a sum row and column.

Edits never touch the document directly: ``setData`` and ``paste`` hand their cells to ``edit``
(which pushes one ``SetPlanCommand``), and the model reloads when the context says the document
changed. ``copy_text``/``paste`` speak the tab-separated text Excel puts on the clipboard.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QFont

from models.errors import UserError
from models.forecast import month_label
from models.money import ZERO, format_sek, parse_amount
from models.storage.activities import Activity
from models.words import count
from ui.qt_types import Index

Cells = dict[tuple[int, str], Decimal | None]
FIXED = 2  # Aktivitet, Ström


def cell_text(value: Decimal) -> str:
    return format_sek(value, decimals=None, sep="\u00a0", unit=False)


class PlanModel(QAbstractTableModel):
    def __init__(self, edit: Callable[[Cells, str], bool]) -> None:
        super().__init__()
        self._edit = edit
        self.activities: list[Activity] = []
        self.months: list[str] = []
        self.plan: dict[tuple[int, str], Decimal] = {}

    def load(self, activities: list[Activity], months: list[str], plan: dict[tuple[int, str], Decimal]) -> None:
        self.beginResetModel()
        self.activities, self.months, self.plan = list(activities), list(months), dict(plan)
        self.endResetModel()

    # -- shape ----------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self.activities) + 1 if self.activities else 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else FIXED + len(self.months) + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return "Aktivitet"
        if section == 1:
            return "Ström"
        if section == FIXED + len(self.months):
            return "Summa"
        if FIXED <= section < FIXED + len(self.months):
            return month_label(self.months[section - FIXED])
        return None

    def is_sum_row(self, row: int) -> bool:
        return row == len(self.activities)

    def month_of(self, column: int) -> str | None:
        i = column - FIXED
        return self.months[i] if 0 <= i < len(self.months) else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self.is_sum_row(index.row()) and self.month_of(index.column()):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    # -- values ---------------------------------------------------------------------------
    def value(self, row: int, column: int) -> Decimal | None:
        """The amount a cell shows: a planned month, a row or column sum; None for an empty month."""
        month = self.month_of(column)
        rows = range(len(self.activities)) if self.is_sum_row(row) else [row]
        months = [month] if month else (self.months if column == FIXED + len(self.months) else [])
        if not months:
            return None
        found = [self.plan[k] for r in rows for m in months if (k := (self.activities[r].id, m)) in self.plan]
        if month and not self.is_sum_row(row):
            return found[0] if found else None
        return sum(found, ZERO)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col < FIXED:
                if self.is_sum_row(row):
                    return "Summa plan" if col == 0 else ""
                a = self.activities[row]
                return a.name if col == 0 else a.stream
            value = self.value(row, col)
            if value is None:
                return ""
            return cell_text(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= FIXED:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and (self.is_sum_row(row) or col == FIXED + len(self.months)):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and col < FIXED and not self.is_sum_row(row):
            a = self.activities[row]
            return f"{a.name}: {a.stream}" + (f", {a.category}" if a.category else "")
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        try:
            amount = self._parse(value)
        except UserError as err:
            return self._edit({}, str(err))
        act = self.activities[index.row()]
        month = self.month_of(index.column())
        assert month is not None
        return self._edit({(act.id, month): amount}, f"Ändra plan {act.name} {month_label(month)}")

    @staticmethod
    def _parse(value: Any) -> Decimal | None:
        text = str(value).strip()
        if text == "":
            return None
        amount = parse_amount(text)
        if amount < 0:
            raise UserError(f"{format_sek(amount)} är negativt; planera ett belopp som är noll eller större.")
        return amount

    # -- clipboard ------------------------------------------------------------------------
    def copy_text(self, indexes: list[QModelIndex]) -> str:
        """The selected block as tab-separated lines, amounts as Swedish Excel reads them (1234,50)."""
        if not indexes:
            return ""
        rows = sorted({i.row() for i in indexes})
        cols = sorted({i.column() for i in indexes})
        lines = []
        for r in rows:
            cells = []
            for c in cols:
                if c < FIXED:
                    cells.append(str(self.data(self.index(r, c))))
                else:
                    v = self.value(r, c)
                    cells.append("" if v is None else f"{v:.2f}".replace(".", ","))
            lines.append("\t".join(cells))
        return "\n".join(lines)

    def paste(self, text: str, top: int, left: int) -> bool:
        """Paste a tab-separated block with its top-left cell at (top, left): all cells or none."""
        lines = text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n").split("\n")
        changes: Cells = {}
        try:
            for dr, line in enumerate(lines):
                for dc, raw in enumerate(line.split("\t")):
                    r, month = top + dr, self.month_of(left + dc)
                    if r >= len(self.activities) or month is None:
                        continue  # outside the month cells: left out, as Excel does beyond the sheet
                    changes[(self.activities[r].id, month)] = self._parse(raw)
        except UserError as err:
            return self._edit({}, f"Inklistringen ändrade ingenting: {err}")
        if not changes:
            return False
        return self._edit(changes, f"Klistra in plan ({count(len(changes), 'månad', 'månader')})")
