"""The Kostnader table: a lazy QAbstractTableModel over the document's costs.

The model holds only the sorted, filtered id list (``doc.costs.cost_ids``) and fetches rows in blocks
(``doc.costs.costs_by_ids``) when the view asks for them, keeping a bounded number of blocks. With
100 000 costs it answers ``rowCount`` and ``data`` for the last row without loading the rest.
Edits never touch the document directly: ``setData`` hands a change to ``edit`` (which pushes an
``EditCostCommand``). When the context says some costs changed, ``costs_changed`` updates just
those rows (re-read in place, moved to their new place in the order, inserted or removed) when
that is exact; otherwise, and after an import or a reload, the model re-reads the id list.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QFont

from models.document import Cost, CostFilter
from models.errors import UserError
from models.money import format_sek, parse_amount
from models.period import is_outside
from ui import theme
from ui.qt_types import Index

if TYPE_CHECKING:
    from models.storage.document_file import Document


@dataclass(frozen=True)
class Column:
    key: str  # Cost attribute and doc.costs.cost_ids order name
    title: str
    width: int  # default width in pixels at 100 %
    editable: bool = True


COLUMNS: tuple[Column, ...] = (
    Column("date", "Datum", 90),
    Column("amount", "Belopp", 120),
    Column("stream", "Ström", 130),
    Column("category", "Kostnadsslag", 190),
    Column("text", "Text", 260),
    Column("activity_id", "Aktivitet", 170, editable=False),  # shown by name; set with Aktivitet… or a double-click
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

# Roles and flags as plain ints: the view asks data() about ten roles per cell on every paint, and
# comparing with the enum members (or or-ing them) costs more than the rest of the call.
DISPLAY = int(Qt.ItemDataRole.DisplayRole)
EDIT = int(Qt.ItemDataRole.EditRole)
ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
FONT = int(Qt.ItemDataRole.FontRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
ANSWERED = frozenset({DISPLAY, EDIT, ALIGN, FOREGROUND, BACKGROUND, FONT, TOOLTIP, CostRole, OutsidePeriodRole})
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
READ_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
EDIT_FLAGS = READ_FLAGS | Qt.ItemFlag.ItemIsEditable

BLOCK = 256
MAX_BLOCKS = 64  # at most 16 384 costs in memory
FEW = 50  # costs added or removed one row at a time; more: the id list is read again
SEARCHED = frozenset({"text", "supplier", "voucher", "account", "object", "source"})  # CostFilter.text
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
        day: date = value
        return day.isoformat()
    return str(value or "")


class CostsModel(QAbstractTableModel):
    """Rows are costs in the current filter and order; columns are ``COLUMNS``."""

    def __init__(
        self,
        doc: Document,
        *,
        edit: Callable[[int, dict[str, Any]], bool] | None = None,
        on_error: Callable[[str], None] | None = None,
        readonly: bool = False,
        period: Callable[[], tuple[date, date]] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._doc = doc
        self._period_of = period  # the report period (doc_agreement.report_period); None: nothing is outside
        self._edit = edit
        self._on_error = on_error
        self.last_error = ""
        self.readonly = readonly or edit is None or doc.readonly
        self._filter = CostFilter()
        self._order = "date"
        self._descending = False
        self._ids: list[int] = []
        self._blocks: OrderedDict[int, dict[int, Cost]] = OrderedDict()
        self.fetches = 0  # number of block reads, for tests and the benchmark
        self._period: tuple[date | None, date | None] = (None, None)
        self._italic = QFont()
        self._italic.setItalic(True)
        self._activities: dict[int, str] = {}  # activity id → name, read with the id list
        self._load()

    # -- state ----------------------------------------------------------------------------
    @property
    def doc(self) -> Document:
        return self._doc

    @property
    def cost_filter(self) -> CostFilter:
        return self._filter

    @property
    def sort_key(self) -> tuple[str, bool]:
        return self._order, self._descending

    def set_document(self, doc: Document, readonly: bool | None = None) -> None:
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
        self._ids = self._doc.costs.cost_ids(self._filter, self._order, self._descending)
        self._blocks.clear()
        self._period = self._read_period()
        self._read_activities()

    def _read_activities(self) -> None:
        self._activities = {a.id: a.name for a in self._doc.plan.activities() if a.id is not None}

    def activity_name(self, cost: Cost) -> str:
        return self._activities.get(cost.activity_id, "") if cost.activity_id is not None else ""

    def activities_changed(self) -> None:
        """Activities added, renamed or removed: their names are read again (and the order, when sorted by them)."""
        self._read_activities()
        if self._order == "activity_id":
            self.reload()
        elif self._ids:
            column = COLUMN_INDEX["activity_id"]
            self.dataChanged.emit(self.index(0, column), self.index(len(self._ids) - 1, column))

    def _read_period(self) -> tuple[date | None, date | None]:
        return self._period_of() if self._period_of is not None else (None, None)

    def reload(self) -> None:
        """Re-read after a change, disturbing the view as little as possible.

        Same rows in the same order: repaint only. Same rows in another order (an edit moved a
        row): a layout change that keeps selection and open editors. Otherwise: a reset.
        """
        ids = self._doc.costs.cost_ids(self._filter, self._order, self._descending)
        self._period = self._read_period()
        self._read_activities()
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

    # -- one change, incrementally -------------------------------------------------------
    def costs_changed(self, ids: frozenset[int], keys: frozenset[str], rows: bool) -> None:
        """These costs changed (``keys``: which attributes, empty: any; ``rows``: some were added or
        removed). Only their rows are touched, unless the filter or the count makes that inexact."""
        if not ids or (rows and len(ids) > FEW):
            self.reload()
            return
        shown = self._filter != CostFilter()
        if shown and (rows or not keys or keys & self._filter_keys()):
            self.reload()  # whether a cost is still in the filter is the database's to say
            return
        try:
            if rows:
                self._add_or_remove(ids)
            elif not keys or self._order in keys:
                for cid in ids:
                    self._move(cid)
            else:
                self._reread(ids)
        except TypeError:  # a value that does not compare as SQLite orders it (an old file): read it all
            self.reload()

    def _filter_keys(self) -> set[str]:
        f = self._filter
        keys: set[str] = set()
        if f.text:
            keys |= SEARCHED
        for key, on in (("stream", f.stream), ("category", f.category), ("date", f.date_from or f.date_to)):
            if on:
                keys.add(key)
        if f.import_id is not None:
            keys |= {"source", "import_id"}
        if f.activity_id is not None:
            keys.add("activity_id")
        return keys

    def _cached_row(self, cost_id: int) -> int:
        """The row of a cost, found through the cached blocks first (a shown row is always cached)."""
        for block_no, block in self._blocks.items():
            if cost_id in block:
                start = block_no * BLOCK
                return start + self._ids[start : start + BLOCK].index(cost_id)
        return self.row_of(cost_id)

    def _reread(self, ids: frozenset[int]) -> None:
        """Costs changed in place: the cached ones are read again and their rows repainted."""
        hits = [cid for block in self._blocks.values() for cid in ids if cid in block]
        for cost in self._doc.costs.costs_by_ids(hits):
            if cost.id is None:  # every cost read back from the document has its id
                continue
            row = self._cached_row(cost.id)
            self._blocks[row // BLOCK][cost.id] = cost
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def _sort_value(self, cost: Cost) -> tuple[Any, int]:
        value = getattr(cost, self._order)
        if self._order == "date":
            value = value.isoformat()
        elif self._order == "activity_id":
            value = self.activity_name(cost)  # as SQLite orders it: by name, "" for none
        if cost.id is None:  # every cost the table shows is stored
            raise ValueError("en kostnad utan id i tabellen")
        return value, cost.id

    def _place(self, cost: Cost) -> int:
        """Where ``cost`` goes in the current order (the list without it): a binary search that reads
        one cost per step, ordered as SQLite orders the column (text by code point, then id)."""
        target = self._sort_value(cost)
        lo, hi = 0, len(self._ids)
        while lo < hi:
            mid = (lo + hi) // 2
            (probe,) = self._doc.costs.costs_by_ids([self._ids[mid]])
            value = self._sort_value(probe)
            before = value > target if self._descending else value < target
            if before:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def _move(self, cost_id: int) -> None:
        """A cost's sort value changed: its row moves to its new place (selection follows it)."""
        row = self._cached_row(cost_id)
        found = self._doc.costs.costs_by_ids([cost_id])
        if row < 0 or not found:
            return
        del self._ids[row]
        try:
            new = self._place(found[0])
        finally:
            self._ids.insert(row, cost_id)
        if new != row:
            self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), new if new < row else new + 1)
            del self._ids[row]
            self._ids.insert(new, cost_id)
            self._blocks.clear()
            self.endMoveRows()
        else:
            self._reread(frozenset({cost_id}))

    def _add_or_remove(self, ids: frozenset[int]) -> None:
        """Costs added (or put back by an undo) get their row in the order; removed ones lose theirs."""
        present = {c.id: c for c in self._doc.costs.costs_by_ids(sorted(ids))}
        for cid in sorted(ids):
            row = self.row_of(cid)
            if cid not in present and row >= 0:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._ids[row]
                self._blocks.clear()
                self.endRemoveRows()
            elif cid in present and row < 0:
                new = self._place(present[cid])
                self.beginInsertRows(QModelIndex(), new, new)
                self._ids.insert(new, cid)
                self._blocks.clear()
                self.endInsertRows()
            elif cid in present:
                self._move(cid)

    def period_changed(self) -> None:
        """The report period changed: costs outside it are marked again."""
        self._period = self._read_period()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1))

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
            block = {c.id: c for c in self._doc.costs.costs_by_ids(part) if c.id is not None}
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

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == DISPLAY:
            return COLUMNS[section].title
        if role == ALIGN and COLUMNS[section].key == "amount":
            return RIGHT
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if role not in ANSWERED and role != CostIdRole:
            return None
        row, column = index.row(), index.column()
        if not 0 <= row < len(self._ids) or not 0 <= column < len(COLUMNS) or not index.isValid():
            return None
        key = COLUMNS[column].key
        if role == CostIdRole:
            return self._ids[row]
        if role == ALIGN:
            return RIGHT if key == "amount" else LEFT
        cost = self.cost(row)
        if cost is None:  # deleted by another instance since the ids were read
            return None
        if role == DISPLAY:
            return self.activity_name(cost) if key == "activity_id" else cell_text(cost, key)
        if role == EDIT:
            if key == "amount":
                return format_sek(cost.amount, decimals=True, sep="", unit=False)
            return self.activity_name(cost) if key == "activity_id" else cell_text(cost, key)
        if role == CostRole:
            return cost
        outside = self.outside_period(cost)
        if role == OutsidePeriodRole:
            return outside
        if outside:
            if role == FOREGROUND:
                return theme.on_background("outside")
            if role == BACKGROUND:
                return theme.background("outside")
            if role == FONT:
                return self._italic
            if role == TOOLTIP:
                return OUTSIDE_TIP
        if role == TOOLTIP and key in ("text", "source", "supplier"):
            return cell_text(cost, key) or None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if not self.readonly and COLUMNS[index.column()].editable:
            return EDIT_FLAGS
        return READ_FLAGS

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """An inline edit: parsed here, applied by an undo command through ``edit``."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self._edit is None:
            return False
        if not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        cost = self.cost(index.row())
        if cost is None or cost.id is None:
            return False
        key = COLUMNS[index.column()].key
        try:
            new = parse_cell(key, value)
            if getattr(cost, key) == new:
                return False
            return self._edit(cost.id, {key: new})
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
        self._relayout(self._doc.costs.cost_ids(self._filter, self._order, self._descending))
