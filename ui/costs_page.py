"""Kostnader: the document's costs in a lazy table with filters, totals, edits and copy."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models import words
from models.doc_agreement import report_period
from models.document import NO_ACTIVITY, Cost, CostFilter
from models.money import format_sek
from models.words import NBSP
from ui.changes import AGREEMENT, ALLOCATION, COST_ROWS, COSTS, FIELDS, PLAN, Change, PageRefresh
from ui.cost_commands import AddCostCommand, DeleteCostsCommand, EditCostCommand
from ui.cost_dialog import CostDialog
from ui.costs_cells import NO_DATE, ChoiceDelegate, costs_to_tsv, date_box
from ui.costs_model import COLUMN_INDEX, COLUMNS, CostsModel
from ui.doc_context import DocContext
from ui.qt_types import to_date

ALL_STREAMS = "Alla strömmar"
ALL_CATEGORIES = "Alla kostnadsslag"
ALL_ACTIVITIES, NO_ACTIVITY_TEXT = "Alla aktiviteter", "Utan aktivitet"
FILTER_DELAY_MS = 250
PERIOD_FIELDS = frozenset({"report_period_start", "report_period_end"})  # costs outside it are marked


class CostsPage(QWidget):
    """The Kostnader page. Every change goes through ``ctx.push`` (undoable)."""

    def __init__(self, ctx: DocContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = CostsModel(
            ctx.doc,
            edit=self._edit_cells,
            on_error=self._cell_error,
            readonly=ctx.readonly,
            period=lambda: report_period(ctx.doc, ctx.catalogue),
        )
        self._filter_timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Sök i text, leverantör, verifikation, konto, objekt, källa")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Sök bland kostnaderna")
        self.search.textChanged.connect(lambda _t: self._filter_timer.start())
        self.stream_box = QComboBox()
        self.stream_box.setAccessibleName("Filtrera på ström")
        self.category_box = QComboBox()
        self.category_box.setAccessibleName("Filtrera på kostnadsslag")
        self.activity_box = QComboBox()
        self.activity_box.setAccessibleName("Filtrera på aktivitet")
        self.from_box = date_box("Från datum")
        self.to_box = date_box("Till datum")
        self.clear_button = QPushButton("Visa alla")
        self.clear_button.setToolTip("Ta bort alla filter")
        self.clear_button.clicked.connect(self.clear_filter)
        for box in (self.stream_box, self.category_box, self.activity_box):
            box.currentIndexChanged.connect(lambda _i: self.apply_filter())
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(12)  # a long name is cut in the box, not the search field beside it
        for day_box in (self.from_box, self.to_box):
            day_box.dateChanged.connect(lambda _d: self.apply_filter())

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.stream_box, 2)
        filters.addWidget(self.category_box, 2)
        filters.addWidget(self.activity_box, 2)
        filters.addWidget(QLabel("Från"))
        filters.addWidget(self.from_box)
        filters.addWidget(QLabel("till"))
        filters.addWidget(self.to_box)
        filters.addWidget(self.clear_button)

        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Kostnader")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # a cell is edited on double-click or F2; a typed letter no longer wipes the cell it lands in
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.view.horizontalHeader()
        header.setSortIndicator(COLUMN_INDEX["date"], Qt.SortOrder.AscendingOrder)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        for i, col in enumerate(COLUMNS):
            self.view.setColumnWidth(i, col.width)
        rows = self.view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        rows.hide()
        self.view.setSortingEnabled(True)
        choices = ChoiceDelegate(lambda: list(self.ctx.doc.allocation()), self.view)
        self.view.setItemDelegateForColumn(COLUMN_INDEX["stream"], choices)
        cats = ChoiceDelegate(lambda: self.ctx.doc.categories(), self.view)
        self.view.setItemDelegateForColumn(COLUMN_INDEX["category"], cats)
        self.view.doubleClicked.connect(self._double_clicked)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

        self.totals = QLabel()
        self.totals.setAccessibleName("Summa för det som visas")
        self.totals.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.add_button = QPushButton("&Ny kostnad…")
        self.edit_button = QPushButton("&Redigera…")
        self.delete_button = QPushButton("&Ta bort")
        self.import_button = QPushButton("&Importera…")
        self.copy_button = QPushButton("&Kopiera")
        self.activity_button = QPushButton("A&ktivitet…")
        self.activity_button.setToolTip("Koppla de markerade kostnaderna till en aktivitet i planen")
        self.activity_button.clicked.connect(self.assign_activity)
        self.add_button.clicked.connect(self.add_cost)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.import_button.clicked.connect(lambda: self.import_ledger())
        self.copy_button.clicked.connect(self.copy_selected)
        self.add_button.setToolTip("Lägg till en kostnad (Insert)")
        self.delete_button.setToolTip("Ta bort de markerade kostnaderna (Delete)")
        self.copy_button.setToolTip("Kopiera markerade rader som tabbavgränsad text till Excel (Ctrl+C)")
        self.import_button.setToolTip("Läs in kostnader från ekonomisystemets huvudbok (Excel, CSV eller SIE)")
        buttons = QHBoxLayout()
        buttons.addWidget(self.totals, 1)
        for button in (
            self.add_button,
            self.edit_button,
            self.delete_button,
            self.activity_button,
            self.import_button,
            self.copy_button,
        ):
            buttons.addWidget(button)

        self._add_action("Kopiera", QKeySequence.StandardKey.Copy, self.copy_selected)
        self._add_action("Ta bort", QKeySequence.StandardKey.Delete, self.delete_selected)
        self._add_action("Ny kostnad", QKeySequence(Qt.Key.Key_Insert), self.add_cost)
        enter = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier | Qt.Key.Key_Enter)
        self._add_action("Redigera", [QKeySequence(k) for k in enter], self.edit_selected)  # keypad Enter too

        self.empty_hint = QLabel()  # what to do when there is nothing to show
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setAccessibleName("Inga kostnader")
        self.empty_hint.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.setTabOrder(self.search, self.stream_box)

        self._fill_choices()
        self._update_totals()
        self._update_buttons()
        parts = {COSTS, COST_ROWS, FIELDS, ALLOCATION, AGREEMENT, PLAN}
        self.refresher = PageRefresh(self, ctx.changed, parts, self.refresh, self._changed, fields=PERIOD_FIELDS)
        ctx.readonly_changed.connect(lambda _ro: self.refresh())

    def _add_action(
        self, text: str, keys: QKeySequence | QKeySequence.StandardKey | list[QKeySequence], slot: Callable[[], object]
    ) -> None:
        action = QAction(text, self.view)
        action.setShortcuts(keys if isinstance(keys, list) else [QKeySequence(keys)])
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        self.view.addAction(action)

    # -- filter ---------------------------------------------------------------------------
    def _fill_choices(self) -> None:
        for box, first, items in (
            (self.stream_box, ALL_STREAMS, list(self.ctx.doc.allocation())),
            (self.category_box, ALL_CATEGORIES, self.ctx.doc.categories()),
        ):
            current = box.currentText()
            wanted = [first, *items]
            if [box.itemText(i) for i in range(box.count())] == wanted:
                continue
            box.blockSignals(True)
            box.clear()
            box.addItems(wanted)
            box.setCurrentIndex(max(0, box.findText(current)))
            box.blockSignals(False)
        acts = [(ALL_ACTIVITIES, None), (NO_ACTIVITY_TEXT, NO_ACTIVITY)]
        acts += [(a.name, a.id) for a in self.ctx.doc.plan.activities()]
        box = self.activity_box
        if [(box.itemText(i), box.itemData(i)) for i in range(box.count())] != acts:
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            for name, activity_id in acts:
                box.addItem(name, activity_id)
            box.setCurrentIndex(max(0, box.findData(current)) if current is not None else 0)
            box.blockSignals(False)
            if box.currentData() != current:  # the activity filtered on is gone
                self.apply_filter()

    def current_filter(self) -> CostFilter:
        def day(box: QDateEdit) -> date | None:
            return None if box.date() == NO_DATE else to_date(box.date())

        return CostFilter(
            text=self.search.text().strip(),
            stream=self.stream_box.currentText() if self.stream_box.currentIndex() > 0 else "",
            category=self.category_box.currentText() if self.category_box.currentIndex() > 0 else "",
            date_from=day(self.from_box),
            date_to=day(self.to_box),
            activity_id=self.activity_box.currentData(),
        )

    def apply_filter(self) -> None:
        self._filter_timer.stop()
        self.model.set_filter(self.current_filter())
        self._update_totals()
        self._update_buttons()

    def clear_filter(self) -> None:
        boxes = (self.search, self.stream_box, self.category_box, self.activity_box, self.from_box, self.to_box)
        for widget in boxes:
            widget.blockSignals(True)
        self.search.clear()
        for combo in (self.stream_box, self.category_box, self.activity_box):
            combo.setCurrentIndex(0)
        self.from_box.setDate(NO_DATE)
        self.to_box.setDate(NO_DATE)
        for widget in boxes:
            widget.blockSignals(False)
        self.apply_filter()

    # -- refresh --------------------------------------------------------------------------
    def refresh(self) -> None:
        """The document changed (edit, undo, redo, import, reopen): re-read what is shown."""
        if self.model.doc is not self.ctx.doc:
            self.model.set_document(self.ctx.doc, readonly=self.ctx.readonly)
        else:
            self.model.set_readonly(self.ctx.readonly)
        self._fill_choices()
        selected = self.selected_ids()
        self.model.reload()
        if selected and not self.view.selectionModel().hasSelection():
            self.select_ids(selected)
        self._update_totals()
        self._update_buttons()

    def _changed(self, change: Change) -> None:
        """One edit, undo or redo while the page is in front: only what it touched is read again."""
        if change.touches({ALLOCATION, AGREEMENT, PLAN}):
            self._fill_choices()
        if PLAN in change.parts:
            self.model.activities_changed()
        if FIELDS in change.parts and (not change.fields or change.fields & PERIOD_FIELDS):
            self.model.period_changed()
        if change.touches({COSTS, COST_ROWS}):
            self.model.costs_changed(change.cost_ids, change.cost_keys, COST_ROWS in change.parts)
            self._update_totals()
            self._update_buttons()

    def _update_totals(self) -> None:
        f = self.model.cost_filter
        count = self.ctx.doc.costs.cost_count(f)
        total = self.ctx.doc.costs.cost_total(f)
        text = f"{words.count(count, 'kostnad', 'kostnader', NBSP)}, summa {format_sek(total, decimals=True)}"
        everything = self.ctx.doc.costs.cost_count() if f != CostFilter() else count
        if f != CostFilter():
            text += f" (av totalt {words.number(everything, NBSP)})"
        self.totals.setText(text)
        self.empty_hint.setVisible(count == 0)
        if everything == 0:
            self.empty_hint.setText(
                "Här finns inga kostnader ännu. Läs in huvudboken från ekonomisystemet med Importera… (eller dra "
                "filen hit), eller lägg till en kostnad i taget med knappen Ny kostnad."
            )
        elif count == 0:
            self.empty_hint.setText(
                "Inga kostnader stämmer med sökningen och filtren. Tryck Visa alla för att se alla."
            )

    def _update_buttons(self) -> None:
        writable = not self.ctx.readonly
        selected = self.view.selectionModel().hasSelection()
        self.add_button.setEnabled(writable)
        self.import_button.setEnabled(writable)
        self.edit_button.setEnabled(writable and selected)
        self.delete_button.setEnabled(writable and selected)
        self.activity_button.setEnabled(writable and selected)
        self.copy_button.setEnabled(selected)

    # -- selection ------------------------------------------------------------------------
    def selected_rows(self) -> list[int]:
        return sorted(i.row() for i in self.view.selectionModel().selectedRows())

    def selected_ids(self) -> list[int]:
        return [self.model.cost_id(r) for r in self.selected_rows() if r < self.model.rowCount()]

    def select_ids(self, ids: list[int]) -> None:
        from PySide6.QtCore import QItemSelection, QItemSelectionModel

        selection = QItemSelection()
        for cid in ids:
            row = self.model.row_of(cid)
            if row >= 0:
                selection.select(self.model.index(row, 0), self.model.index(row, len(COLUMNS) - 1))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.view.selectionModel().select(selection, flags)
        if not selection.isEmpty():
            self.view.scrollTo(selection.indexes()[0])

    # -- edits ----------------------------------------------------------------------------
    def _edit_cells(self, cost_id: int, changes: dict[str, Any]) -> bool:
        (key,) = changes
        title = next(c.title for c in COLUMNS if c.key == key)
        return self.ctx.push(EditCostCommand(self.ctx, cost_id, changes, f"Ändra {title.lower()}"))

    def _cell_error(self, text: str) -> None:
        self.ctx.refused("Kunde inte ändra kostnaden", text)

    def _dialog(self, cost: Cost | None) -> CostDialog:
        default = None
        if cost is None:
            first, _last = report_period(self.ctx.doc, self.ctx.catalogue)
            today = date.today()
            default = today if first.year == today.year else first
        return CostDialog(
            list(self.ctx.doc.allocation()), self.ctx.doc.categories(), cost, default_date=default, parent=self
        )

    def exec_dialog(self, dialog: CostDialog) -> bool:
        """Show a cost dialog; tests replace this to fill it in without blocking."""
        return bool(dialog.exec())

    def add_cost(self) -> None:
        if self.ctx.refuse_if_readonly():
            return
        dialog = self._dialog(None)
        if not self.exec_dialog(dialog):
            return
        cost = dialog.cost()
        if cost is None:
            return
        command = AddCostCommand(self.ctx, cost)
        if self.ctx.push(command) and command.cost.id is not None:
            self.select_ids([command.cost.id])

    def edit_selected(self) -> None:
        ids = self.selected_ids()
        if not ids or self.ctx.refuse_if_readonly():
            return
        cost = self.model.cost(self.model.row_of(ids[0]))
        if cost is None:
            return
        dialog = self._dialog(replace(cost))
        if not self.exec_dialog(dialog):
            return
        changes = dialog.changes()
        if changes:
            self.ctx.push(EditCostCommand(self.ctx, ids[0], changes))

    def _double_clicked(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.column() == COLUMN_INDEX["activity_id"] and not self.ctx.readonly:
            self.assign_activity()  # the activity is chosen from the plan's list
        elif not self.model.flags(index) & Qt.ItemFlag.ItemIsEditable and not self.ctx.readonly:
            self.edit_selected()  # the Källa column cannot be edited inline: open the dialog

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids or self.ctx.refuse_if_readonly():
            return
        if len(ids) == 1:
            cost = self.model.cost(self.model.row_of(ids[0]))
            what = f"kostnaden {cost.date} på {format_sek(cost.amount, decimals=True)}" if cost else "kostnaden"
        else:
            total = sum((c.amount for c in self.ctx.doc.costs.costs_by_ids(ids)), Decimal("0.00"))
            what = f"{words.number(len(ids), NBSP)} kostnader på sammanlagt {format_sek(total, decimals=True)}"
        question = f"Vill du ta bort {what}? Du kan ångra med Ctrl+Z."
        if not self.ctx.interaction.confirm("Ta bort kostnader", question, yes="Ta bort", no="Avbryt"):
            return
        self.ctx.push(DeleteCostsCommand(self.ctx, ids))

    def assign_activity(self) -> None:
        """Put the selected costs in an activity of their stream (or in none), one undoable step."""
        from ui.plan_commands import SetCostActivityCommand

        ids = self.selected_ids()
        if not ids or self.ctx.refuse_if_readonly():
            return
        streams = {c.stream for c in self.ctx.doc.costs.costs_by_ids(ids)}
        acts = [a for a in self.ctx.doc.plan.activities() if a.stream in streams]
        if len(streams) > 1 or not acts:
            why = "kostnader i flera strömmar" if len(streams) > 1 else "ingen aktivitet i den strömmen ännu"
            text = f"Kostnaderna kan inte kopplas: {why}. Lägg till aktiviteter på sidan Plan."
            self.ctx.interaction.warn("Aktivitet", text)
            return
        names = [a.name for a in acts] + ["Ingen aktivitet"]
        what = words.count(len(ids), "kostnad", "kostnader", NBSP)
        choice = self.ctx.interaction.choose("Aktivitet", f"Koppla {what} till aktiviteten:", names)
        if choice is None:
            return
        act = acts[choice] if choice < len(acts) else None
        self.ctx.push(SetCostActivityCommand(self.ctx, ids, act.id if act else None, names[choice]))

    def import_ledger(self, path: Path | None = None) -> None:
        """Importera… (or a ledger file dropped on the window: ``path``, read at once)."""
        if self.ctx.refuse_if_readonly():
            return
        from ui.import_dialog import ImportDialog

        self.import_dialog = ImportDialog(self.ctx, self)
        self.import_dialog.open()  # window-modal, like exec(), without a nested event loop
        if path is not None:
            self.import_dialog.load_file(path)

    # -- clipboard ------------------------------------------------------------------------
    def selected_costs(self) -> list[Cost]:
        rows = self.selected_rows()
        if rows and len(rows) == self.model.rowCount():
            order, descending = self.model.sort_key
            return list(self.ctx.doc.costs.iter_costs(self.model.cost_filter, order, descending))
        costs = [self.model.cost(r) for r in rows]
        return [c for c in costs if c is not None]

    def copy_selected(self) -> str:
        """Copy the selected rows as tab-separated text that pastes into Excel; returns the text."""
        text = costs_to_tsv(self.selected_costs(), self.model.activity_name)
        if text:
            QGuiApplication.clipboard().setText(text)
        return text
