"""Historik: every change of the document, newest first (när, vem, vad, gammalt → nytt)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from models.document import HistoryEntry
from ui.doc_context import DocContext

Index = QModelIndex | QPersistentModelIndex
HISTORY_LIMIT = 5000


class HistoryModel(QAbstractTableModel):
    HEADERS = ("När", "Vem", "Vad", "Gammalt → nytt")

    def __init__(self, entries: list[HistoryEntry] | None = None) -> None:
        super().__init__()
        self.entries: list[HistoryEntry] = list(entries or [])

    def set_entries(self, entries: list[HistoryEntry]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    @staticmethod
    def change_text(e: HistoryEntry) -> str:
        if e.old and e.new:
            return f"{e.old} → {e.new}"
        if e.new:
            return f"→ {e.new}"
        if e.old:
            return f"{e.old} →"
        return ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not (0 <= index.row() < len(self.entries)):
            return None
        e = self.entries[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == 0:
                return e.time.strftime("%Y-%m-%d %H:%M:%S")
            if col == 1:
                return e.user
            if col == 2:
                return f"{e.action.capitalize()}: {e.what}" if e.action else e.what
            if col == 3:
                text = self.change_text(e)
                if role == Qt.ItemDataRole.DisplayRole:
                    return text.replace("\n", " ")
                return text
        return None


class HistoryPage(QWidget):
    def __init__(self, ctx: DocContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        layout.addWidget(self.caption)
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
        ctx.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        entries = self.ctx.doc.history(HISTORY_LIMIT)
        self.model.set_entries(entries)
        shown = f"de senaste {HISTORY_LIMIT}" if len(entries) >= HISTORY_LIMIT else "alla"
        self.caption.setText(
            f"Här visas {shown} ändringar i redovisningen, den senaste först. "
            "Historiken sparas i filen och kan inte ändras."
        )
        self.table.resizeColumnToContents(2)
        if self.table.columnWidth(2) > 420:
            self.table.setColumnWidth(2, 420)
