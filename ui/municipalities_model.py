"""The Kommuner table as a Qt model over ``models.transfers.TransferTable``; the planned amount is
editable (the page turns an edit into an undoable command), and a bar chart of planned and paid."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from models.money import format_sek
from models.transfers import MunicipalityRow
from ui import theme
from ui.qt_types import Index

COLUMNS = (
    ("code", "Kod"),
    ("name", "Kommun"),
    ("planned", "Planerat"),
    ("paid", "Utbetalt"),
    ("reported_used", "Använt enligt återrapport"),
    ("returned", "Återbetalt"),
    ("outstanding", "Kvar att betala"),
    ("note", "Anteckning"),
)
PLANNED = 2


class MunicipalitiesModel(QAbstractTableModel):
    def __init__(self, on_plan: Callable[[str, str], bool]) -> None:
        super().__init__()
        self.rows: list[MunicipalityRow] = []
        self.on_plan = on_plan  # (municipality code, typed text) → accepted
        self.editable = True

    def set_rows(self, rows: list[MunicipalityRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        key = COLUMNS[index.column()][0]
        value = getattr(row, key)
        if role == Qt.ItemDataRole.DisplayRole:
            return format_sek(value) if isinstance(value, Decimal) else value
        if role == Qt.ItemDataRole.EditRole:
            return format_sek(value, unit=False) if isinstance(value, Decimal) else value
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, Decimal):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and key == "note" and row.note:
            return theme.background("attention")
        if role == Qt.ItemDataRole.ForegroundRole and key == "outstanding" and value < 0:
            return theme.text_colour("error")
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == PLANNED and self.editable:
            return "Dubbelklicka för att skriva ett planerat belopp."
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == PLANNED and self.editable:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != PLANNED:
            return False
        return self.on_plan(self.rows[index.row()].code, str(value))


class BarChart(QWidget):
    """Planned (light) and paid (dark) per municipality, one bar pair a row; no map."""

    ROW = 22
    LABEL = 130
    VALUE = 120

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[MunicipalityRow] = []
        self.setAccessibleName("Stapeldiagram: planerat och utbetalt per kommun")
        self.setMinimumWidth(380)

    def set_rows(self, rows: list[MunicipalityRow]) -> None:
        self.rows = rows
        self.setMinimumHeight(self.ROW * (len(rows) + 2))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, self.ROW * (len(self.rows) + 2))

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        top = max((max(r.planned, r.paid) for r in self.rows), default=Decimal(0)) or Decimal(1)
        width = max(self.width() - self.LABEL - self.VALUE - 8, 20)
        planned_c, paid_c = theme.series("planned", pal), theme.series("paid", pal)
        y = 4
        p.setPen(pal.text().color())
        p.fillRect(QRectF(self.LABEL, y + 4, 12, 10), planned_c)
        p.drawText(self.LABEL + 16, y + 14, "planerat")
        p.fillRect(QRectF(self.LABEL + 90, y + 4, 12, 10), paid_c)
        p.drawText(self.LABEL + 106, y + 14, "utbetalt")
        y += self.ROW
        for r in self.rows:
            p.setPen(pal.text().color())
            p.drawText(
                QRectF(0, y, self.LABEL - 6, self.ROW),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                r.name,
            )
            planned_w = float(r.planned / top) * width
            paid_w = float(r.paid / top) * width  # float only for pixels, never for money
            p.fillRect(QRectF(self.LABEL, y + 3, planned_w, self.ROW - 6), planned_c)
            p.fillRect(QRectF(self.LABEL, y + 7, paid_w, self.ROW - 14), paid_c)
            p.drawText(
                QRectF(self.LABEL + width + 6, y, self.VALUE, self.ROW),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                format_sek(r.paid, decimals=False),
            )
            y += self.ROW
        p.end()
