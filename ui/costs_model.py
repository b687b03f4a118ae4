"""The Kostnader table: a lazy QAbstractTableModel over the document's costs.

The model holds only the sorted, filtered id list (``doc.cost_ids``) and fetches rows in blocks
(``doc.costs_by_ids``) when the view asks for them, keeping a bounded number of blocks. With
100 000 costs it answers ``rowCount`` and ``data`` for the last row without loading the rest.
Edits never touch the document directly: ``setData`` hands a change to ``edit`` (which pushes an
``EditCostCommand``) and the model reloads when the context says the document changed.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from models.document import Cost, CostFilter
from models.errors import UserError
from models.money import format_sek, parse_amount
from models.period import is_outside

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    key: str  # Cost attribute and doc.cost_ids order name
    title: str
    width: int  # default width in pixels at 100 %
    editable: bool = True


COLUMNS: tuple[Column, ...] = (
    Column("date", "Datum", 90),
    Column("amount", "Belopp", 120),
    Column("stream", "Ström", 130),
    Column("category", "Kostnadsslag", 190),
    Column("text", "Text", 260),
    Column("voucher", "Verifikation", 95),
    Column("supplier", "Leverantör", 160),
    Column("account", "Konto", 70),
    Column("object", "Objekt", 90),
    Column("source", "Källa", 200, editable=False),
)
COLUMN_INDEX = {c.key: i for i, c in enumerate(COLUMNS)}

CostIdRole = int(Qt.ItemDataRole.UserRole) + 1
CostRole = int(Qt.ItemDataRole.UserRole) + 2
OutsidePeriodRole = int(Qt.ItemDataRole.UserRole) + 3

BLOCK = 256
MAX_BLOCKS = 64  # at most 16 384 costs in memory
OUTSIDE_TIP = "Datumet ligger utanför redovisningsperioden; kostnaden räknas inte med i redovisningen."


def amount_text(value: Decimal) -> str:
    """Amounts in the table: "1 234,50" with a no-break space, always öre, right-aligned by the model."""
    return format_sek(value, decimals=True, sep="\u00a0", unit=False)


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        raise UserError(f"”{text}” är inget datum; skriv det som 2025-03-31.") from None


def parse_cell(key: str, value: object) -> Any:
    """Turn what the user typed in a cell into the value ``update_cost`` takes. Raises UserError."""
    if key == "amount":
        return parse_amount(value if isinstance(value, (str, int, Decimal)) else str(value))
    if key == "date":
        if isinstance(value, date):
            return value
        if hasattr(value, "toPython"):
            return value.toPython()
        return parse_date(str(value))
    text = " ".join(str(value or "").split())
    if key in ("stream", "category") and not text:
        raise UserError("Välj ett värde; fältet får inte vara tomt.")
    return text


def cell_text(cost: Cost, key: str) -> str:
    value = getattr(cost, key)
    if key == "amount":
        return amount_text(value)
    if key == "date":
        return value.isoformat()
    return str(value or "")


class CostsModel(QAbstractTableModel):
    """Rows are costs in the current filter and order; columns are ``COLUMNS``."""

    def __init__(
        self,
        doc: Any,
        *,
        edit: Callable[[int, dict[str, Any]], bool] | None = None,
        on_error: Callable[[str], None] | None = None,
        readonly: bool = False,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._doc = doc
        self._edit = edit
        self._on_error = on_error
        self.last_error = ""
        self.readonly = readonly or edit is None or bool(getattr(doc, "readonly", False))
        self._filter = CostFilter()
        self._order = "date"
        self._descending = False
        self._ids: list[int] = []
        self._blocks: OrderedDict[int, dict[int, Cost]] = OrderedDict()
        self.fetches = 0  # number of block reads, for tests and the benchmark
        self._period: tuple[date | None, date | None] = (None, None)
        self._outside_brush = QBrush(QColor("#8a6d00"))
        self._outside_back = QBrush(QColor("#fff6d5"))
        self._italic = QFont()
        self._italic.setItalic(True)
        self._load()

    # -- state ----------------------------------------------------------------------------
    @property
    def doc(self) -> Any:
        return self._doc

    @property
    def cost_filter(self) -> CostFilter:
        return self._filter

    @property
    def sort_key(self) -> tuple[str, bool]:
        return self._order, self._descending

    def set_document(self, doc: Any, readonly: bool | None = None) -> None:
        self.beginResetModel()
        self._doc = doc
        if readonly is not None:
            self.readonly = readonly or self._edit is None
        self._load()
        self.endResetModel()

    def set_readonly(self, readonly: bool) -> None:
        self.readonly = readonly or self._edit is None
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1))

    def set_filter(self, cost_filter: CostFilter) -> None:
        if cost_filter == self._filter:
            return
        self.beginResetModel()
        self._filter = cost_filter
        self._load()
        self.endResetModel()

    def _load(self) -> None:
        self._ids = self._doc.cost_ids(self._filter, self._order, self._descending)
        self._blocks.clear()
        self._period = self._read_period()

    def _read_period(self) -> tuple[date | None, date | None]:
        out: list[date | None] = []
        for name in ("report_period_start", "report_period_end"):
            try:
                out.append(date.fromisoformat(self._doc.field(name)))
            except (ValueError, UserError):
                out.append(None)
        return out[0], out[1]

    def reload(self) -> None:
        """Re-read after a change, disturbing the view as little as possible.

        Same rows in the same order: repaint only. Same rows in another order (an edit moved a
        row): a layout change that keeps selection and open editors. Otherwise: a reset.
        """
        ids = self._doc.cost_ids(self._filter, self._order, self._descending)
        self._period = self._read_period()
        if ids == self._ids:
            self._blocks.clear()
            if ids:
                self.dataChanged.emit(self.index(0, 0), self.index(len(ids) - 1, len(COLUMNS) - 1))
            return
        if len(ids) == len(self._ids) and set(ids) == set(self._ids):
            self._relayout(ids)
            return
        self.beginResetModel()
        self._ids = ids
        self._blocks.clear()
        self.endResetModel()

    def _relayout(self, ids: list[int]) -> None:
        self.layoutAboutToBeChanged.emit()
        old_ids = self._ids
        persistent = self.persistentIndexList()
        self._ids = ids
        self._blocks.clear()
        where = {cid: row for row, cid in enumerate(ids)}
        for idx in persistent:
            row = where.get(old_ids[idx.row()], -1) if idx.row() < len(old_ids) else -1
            self.changePersistentIndex(idx, self.index(row, idx.column()) if row >= 0 else QModelIndex())
        self.layoutChanged.emit()

    def cost_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, cost_id: int) -> int:
        try:
            return self._ids.index(cost_id)
        except ValueError:
            return -1

    def cost(self, row: int) -> Cost | None:
        if not 0 <= row < len(self._ids):
            return None
        block_no = row // BLOCK
        block = self._blocks.get(block_no)
        if block is None:
            part = self._ids[block_no * BLOCK : (block_no + 1) * BLOCK]
            block = {c.id: c for c in self._doc.costs_by_ids(part)}  # type: ignore[misc]
            self.fetches += 1
            self._blocks[block_no] = block
            while len(self._blocks) > MAX_BLOCKS:
                self._blocks.popitem(last=False)
        else:
            self._blocks.move_to_end(block_no)
        return block.get(self._ids[row])

    def cached_rows(self) -> int:
        return sum(len(b) for b in self._blocks.values())

    def outside_period(self, cost: Cost) -> bool:
        start, end = self._period
        return is_outside(cost.date, start or date.min, end or date.max)

    # -- Qt model interface ---------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].title
        if role == Qt.ItemDataRole.TextAlignmentRole and COLUMNS[section].key == "amount":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids) or index.column() >= len(COLUMNS):
            return None
        key = COLUMNS[index.column()].key
        if role == CostIdRole:
            return self._ids[index.row()]
        cost = self.cost(index.row())
        if cost is None:  # deleted by another instance since the ids were read
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(cost, key)
        if role == Qt.ItemDataRole.EditRole:
            if key == "amount":
                return format_sek(cost.amount, decimals=True, sep="", unit=False)
            return cell_text(cost, key)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if key == "amount" else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == CostRole:
            return cost
        outside = self.outside_period(cost)
        if role == OutsidePeriodRole:
            return outside
        if outside:
            if role == Qt.ItemDataRole.ForegroundRole:
                return self._outside_brush
            if role == Qt.ItemDataRole.BackgroundRole:
                return self._outside_back
            if role == Qt.ItemDataRole.FontRole:
                return self._italic
            if role == Qt.ItemDataRole.ToolTipRole:
                return OUTSIDE_TIP
        if role == Qt.ItemDataRole.ToolTipRole and key in ("text", "source", "supplier"):
            return cell_text(cost, key) or None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self.readonly and COLUMNS[index.column()].editable:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """An inline edit: parsed here, applied by an undo command through ``edit``."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self._edit is None:
            return False
        if not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        cost = self.cost(index.row())
        if cost is None:
            return False
        key = COLUMNS[index.column()].key
        try:
            new = parse_cell(key, value)
            if getattr(cost, key) == new:
                return False
            return self._edit(cost.id, {key: new})  # type: ignore[arg-type]
        except UserError as err:  # a Qt virtual must not raise: tell the user, keep the old value
            self.last_error = str(err)
            if self._on_error is not None:
                self._on_error(str(err))
            return False

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        key = COLUMNS[column].key
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._order, self._descending):
            return
        self._order, self._descending = key, descending
        self._relayout(self._doc.cost_ids(self._filter, self._order, self._descending))
