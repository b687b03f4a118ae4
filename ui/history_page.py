"""Historik: every change of the document in plain Swedish, newest first, with a search box and a filter by kind."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models.history_text import KINDS, HistoryLine, history_lines
from models.words import number
from ui.changes import PARTS, PageRefresh
from ui.doc_context import DocContext
from ui.qt_types import Index

HISTORY_LIMIT = 5000


class HistoryModel(QAbstractTableModel):
    HEADERS = ("När", "Vem", "Vad", "Ändring")

    def __init__(self, lines: list[HistoryLine] | None = None) -> None:
        super().__init__()
        self.lines: list[HistoryLine] = list(lines or [])

    def set_lines(self, lines: list[HistoryLine]) -> None:
        self.beginResetModel()
        self.lines = list(lines)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not (0 <= index.row() < len(self.lines)):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        line = self.lines[index.row()]
        return (line.when, line.user, line.text, line.change)[index.column()]


class HistoryPage(QWidget):
    def __init__(self, ctx: DocContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.all: list[HistoryLine] = []
        layout = QVBoxLayout(self)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        layout.addWidget(self.caption)
        row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Sök i historiken, t.ex. kontaktperson eller ett belopp")
        self.search.setAccessibleName("Sök i historiken")
        self.search.setClearButtonEnabled(True)
        self.kind = QComboBox()
        self.kind.setAccessibleName("Visa sorts ändringar")
        self.kind.addItem("Alla ändringar", "")
        for key, label in KINDS.items():
            self.kind.addItem(label, key)
        kind_label = QLabel("&Visa")
        kind_label.setBuddy(self.kind)
        row.addWidget(self.search, 1)
        row.addWidget(kind_label)
        row.addWidget(self.kind)
        layout.addLayout(row)
        self.model = HistoryModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Ändringshistorik")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.search.textChanged.connect(self.apply_filter)
        self.kind.currentIndexChanged.connect(self.apply_filter)
        self.refresher = PageRefresh(self, ctx.changed, PARTS, self.refresh)  # every change writes history
        self.refresh()

    def refresh(self) -> None:
        self.all = history_lines(self.ctx.doc.history(HISTORY_LIMIT), self.ctx.catalogue)
        self.apply_filter()

    def apply_filter(self) -> None:
        search, kind = self.search.text(), self.kind.currentData() or ""
        lines = [line for line in self.all if line.matches(search, kind)]
        self.model.set_lines(lines)
        total = len(self.all)
        newest = f"de senaste {number(total)}" if total >= HISTORY_LIMIT else ""
        if search.strip() or kind:
            first = f"{number(len(lines))} av {newest or number(total)} ändringar stämmer med urvalet. "
        else:
            first = f"Här visas {newest or 'alla'} ändringar i redovisningen, den senaste först. "
        self.caption.setText(first + "Historiken sparas i filen och kan inte ändras.")
        self.table.resizeColumnToContents(2)
        if self.table.columnWidth(2) > 420:
            self.table.setColumnWidth(2, 420)
