"""Plan: the activities' plan per month, the variance to date and the forecast to the period's end."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.doc_agreement import report_period
from models.errors import UserError
from models.forecast import CostReads, PlanStatus, long_date, month_label, plan_status, read_costs
from models.money import format_sek, parse_amount
from models.storage.activities import ActivityRule
from models.words import count
from ui import theme
from ui.changes import AGREEMENT, ALLOCATION, COST_ROWS, COSTS, FIELDS, PLAN, Change, PageRefresh
from ui.doc_context import DocContext
from ui.doc_reader import DocRead, Reading
from ui.page_base import ScrollPage
from ui.plan_chart import ForecastChart
from ui.plan_commands import (
    AddActivityCommand,
    ApplyRulesCommand,
    ImportPlanCommand,
    RemoveActivityCommand,
    RenameActivityCommand,
    SetActivityRulesCommand,
    SetPlanCommand,
)
from ui.plan_dialogs import ActivityDialog, RulesDialog, SpreadDialog
from ui.plan_model import Cells, PlanModel

PLAN_FILTER = "Plan (*.xlsx *.xls *.ods *.csv *.txt);;Alla filer (*)"
VARIANCE_HEADERS = ("Aktivitet", "Ström", "Plan hittills", "Utfall hittills", "Avvikelse", "Plan hela perioden")


def kr(value: Decimal) -> str:
    return format_sek(value, decimals=None, sep="\u00a0")


def percent(share: Decimal) -> str:
    return f"{share * 100:.0f}\u00a0%"


class PlanPage(ScrollPage):
    def __init__(self, ctx: DocContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.status: PlanStatus | None = None
        outer = self.outer
        self.heading = QLabel()
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        outer.addWidget(self.heading)

        self.forecast_box = QGroupBox("Prognos till periodens slut")
        box = QVBoxLayout(self.forecast_box)
        self.forecast_text = QLabel()
        self.forecast_text.setWordWrap(True)
        self.forecast_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.method_text = QLabel()
        self.method_text.setWordWrap(True)
        theme.paint_text(self.method_text, "muted")
        box.addWidget(self.forecast_text)
        self.chart = ForecastChart()
        box.addWidget(self.chart)
        box.addWidget(self.method_text)
        outer.addWidget(self.forecast_box)

        plan_box = QGroupBox("Plan per månad")
        plan_layout = QVBoxLayout(plan_box)
        self.model = PlanModel(self._edit_cells)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.verticalHeader().setVisible(False)
        self.view.setMinimumHeight(220)
        self.view.setAccessibleName("Plan per aktivitet och månad")
        for text, keys, slot in (
            ("Kopiera", QKeySequence.StandardKey.Copy, self.copy),
            ("Klistra in", QKeySequence.StandardKey.Paste, self.paste),
            ("Töm", QKeySequence.StandardKey.Delete, self.clear_selected),
        ):
            action = QAction(text, self.view)
            action.setShortcut(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.view.addAction(action)
        plan_layout.addWidget(self.view)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, tip, slot in (
            ("add", "&Ny aktivitet…", "Lägg till en aktivitet i en ström", self.add_activity_dialog),
            ("rename", "&Byt namn…", "Byt namn på den markerade aktiviteten", self.rename_dialog),
            ("remove", "&Ta bort aktivitet", "Ta bort den markerade aktiviteten med dess plan", self.remove_selected),
            ("spread", "&Fördela…", "Fördela ett belopp jämnt eller efter förra årets profil", self.spread_dialog),
            ("import", "&Importera plan…", "Läs planen från en xlsx- eller csv-fil", self.import_dialog),
            ("rules", "&Regler…", "Regler som sorterar importerade kostnader till aktiviteter", self.rules_dialog),
            ("apply", "&Sortera kostnader", "Sortera kostnader utan aktivitet efter reglerna", self.apply_rules),
            ("export", "E&xportera prognos…", "Spara plan och prognos som Excel-blad och PDF", self.export_dialog),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(lambda _c=False, s=slot: s())
            buttons.addWidget(button)
            self.buttons[key] = button
        buttons.addStretch(1)
        plan_layout.addLayout(buttons)
        hint = QLabel(
            "Skriv belopp direkt i cellerna, eller kopiera och klistra in ett block från Excel (Ctrl+C, Ctrl+V)."
        )
        hint.setWordWrap(True)
        plan_layout.addWidget(hint)
        outer.addWidget(plan_box)

        variance_box = QGroupBox("Avvikelse mot plan, till och med senaste hela månaden")
        variance_layout = QVBoxLayout(variance_box)
        self.variance = QTableWidget(0, len(VARIANCE_HEADERS))
        self.variance.setHorizontalHeaderLabels(VARIANCE_HEADERS)
        self.variance.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.variance.verticalHeader().setVisible(False)
        self.variance.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.variance.setMinimumHeight(160)
        self.variance.setAccessibleName("Avvikelse mot plan per aktivitet")
        variance_layout.addWidget(self.variance)
        outer.addWidget(variance_box)

        parts = {PLAN, COSTS, COST_ROWS, FIELDS, ALLOCATION, AGREEMENT}
        self._reads: CostReads | None = None  # the passes over the costs, kept while only the plan changes
        self.reading = Reading(self, self._read)
        self.refresher = PageRefresh(self, ctx.changed, parts, self.refresh, self._changed)
        ctx.readonly_changed.connect(lambda _r: self._show())
        self.refresh()

    # -- reading --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Everything read again (shown after changes elsewhere, or a reload)."""
        self._reads = None
        self._show()

    def _changed(self, change: Change) -> None:
        if change.touches({COSTS, COST_ROWS}):
            self._reads = None
        self._show()

    def _read(self, reader: DocRead[CostReads]) -> None:
        if self.ctx.closed or reader.stopped:
            if not self.ctx.closed:
                self.heading.setText("Planen kunde inte räknas; den räknas igen vid nästa ändring.")
            return
        self._reads = reader.result
        self._show()

    def wait_for_figures(self) -> None:
        """Block until the background reading is shown (tests, screenshots)."""
        from PySide6.QtCore import QCoreApplication

        while self.reading.current is not None:
            self.reading.current.wait()
            QCoreApplication.processEvents()

    def _show(self) -> None:
        if self.ctx.closed:
            return
        ctx = self.ctx
        as_of = ctx.as_of or date.today()
        try:
            fresh = self._reads is not None and self._reads.period == report_period(ctx.doc, ctx.catalogue)
            if not (fresh and self._reads is not None and self._reads.as_of == as_of):
                catalogue = ctx.catalogue  # each a pass over every cost: off the window's thread
                self.reading.start(ctx.doc.path, lambda doc: read_costs(doc, catalogue, as_of))
                self.heading.setText("Räknar …")
                self.forecast_text.setText("Räknar …")
                return
            status = plan_status(ctx.doc, ctx.catalogue, as_of, self._reads)
        except UserError as err:
            self.heading.setText(f"Planen kan inte visas: {err}")
            return
        self.status = status
        self.model.load(self.ctx.doc.plan.activities(), status.months, self.ctx.doc.plan.plan())
        self.view.resizeColumnsToContents()
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.view.setColumnWidth(0, max(self.view.columnWidth(0), 220))
        done = status.complete
        self.heading.setText(
            f"Per {status.as_of}: {done} av {len(status.months)} månader är hela. "
            f"{percent(status.share_of_year)} av perioden har gått och {percent(status.share_used)} av "
            f"tilldelningen är använd ({kr(status.spent_to_date)} av {kr(status.allocation_total)})."
        )
        self.forecast_text.setText(self.forecast_sentence(status))
        self.method_text.setText(f"Så räknas prognosen: {status.method}")
        self.chart.update_data(status)
        self._fill_variance(status)
        writable = not self.ctx.readonly
        has = bool(status.activities)
        for key, button in self.buttons.items():
            button.setEnabled(key == "export" or (writable and (has or key in {"add", "import"})))

    @staticmethod
    def forecast_sentence(s: PlanStatus) -> str:
        text = f"Kostnaderna vid periodens slut beräknas till {kr(s.costs_at_end)}"
        held = "erhållet bidrag" if s.base == s.received and s.received > s.allocation_total else "tilldelningen"
        if s.unspent_at_end:
            when = f" senast {long_date(s.repayment)}" if s.repayment else ""
            text += f": {kr(s.unspent_at_end)} av {held} förbrukas inte och ska återbetalas{when}."
        elif s.self_financed_at_end:
            text += f": {kr(s.self_financed_at_end)} mer än {held}, som blir egenfinansiering."
        else:
            text += f", precis {held}."
        return text

    def _fill_variance(self, s: PlanStatus) -> None:
        rows: list[tuple[str, str, Decimal | None, Decimal, Decimal | None, Decimal | None]] = [
            (v.activity.name, v.activity.stream, v.planned_to_date, v.actual_to_date, v.variance, v.planned_total)
            for v in s.activities
        ]
        rows += [("Utan aktivitet", f.stream, None, f.unassigned_to_date, None, None) for f in s.streams]
        rows = [r for r in rows if r[0] != "Utan aktivitet" or r[3]]
        self.variance.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                text = value if isinstance(value, str) else ("" if value is None else kr(value))
                item = QTableWidgetItem(text)
                if c >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if c == 4 and isinstance(value, Decimal) and value < 0:
                    theme.paint_item(item, fore="error")
                    item.setToolTip("Efter plan: mindre har använts än planerat")
                self.variance.setItem(r, c, item)
        self.variance.resizeColumnsToContents()

    def variance_rows(self) -> list[list[str]]:
        """What the variance table shows (for tests and screen readers)."""
        return [
            [
                cell.text() if (cell := self.variance.item(r, c)) is not None else ""
                for c in range(self.variance.columnCount())
            ]
            for r in range(self.variance.rowCount())
        ]

    # -- edits ----------------------------------------------------------------------------
    def _edit_cells(self, changes: Cells, text: str) -> bool:
        if not changes:  # a cell that could not be read: the sentence says why
            self.ctx.refused("Plan", text)
            return False
        return self.ctx.push(SetPlanCommand(self.ctx, changes, text))

    def selected_activity(self) -> tuple[int, str] | None:
        index = self.view.currentIndex()
        if not index.isValid() or self.model.is_sum_row(index.row()):
            if len(self.model.activities) == 1:
                a = self.model.activities[0]
                return a.id, a.name
            return None
        a = self.model.activities[index.row()]
        return a.id, a.name

    def _need_activity(self) -> tuple[int, str] | None:
        chosen = self.selected_activity()
        if chosen is None:
            self.ctx.interaction.warn("Plan", "Markera en aktivitet i tabellen först.")
        return chosen

    def add_activity(self, name: str, stream: str, category: str = "") -> bool:
        return self.ctx.push(AddActivityCommand(self.ctx, name, stream, category))

    def add_activity_dialog(self) -> None:
        dialog = ActivityDialog(list(self.ctx.doc.allocation()), self.ctx.doc.categories(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.add_activity(*dialog.values())

    def rename_dialog(self) -> None:
        chosen = self._need_activity()
        if chosen is None:
            return
        name, ok = QInputDialog.getText(self, "Byt namn", "Nytt namn på aktiviteten:", text=chosen[1])
        if ok:
            self.ctx.push(RenameActivityCommand(self.ctx, chosen[0], name))

    def remove_selected(self) -> None:
        chosen = self._need_activity()
        if chosen is None or not self.ctx.interaction.confirm(
            "Ta bort aktivitet",
            f"Ta bort {chosen[1]} med dess plan och regler? Kostnaderna blir kvar, utan aktivitet. Det går att ångra.",
            yes="Ta bort",
        ):
            return
        self.ctx.push(RemoveActivityCommand(self.ctx, chosen[0], chosen[1]))

    def spread(self, activity_id: int, amount: str, first: str, last: str, profile: Path | None = None) -> bool:
        from models.plan_tools import month_range, profile_from, spread_even, spread_profile
        from models.storage.document_file import Document

        try:
            value = parse_amount(amount, allow_negative=False)
            months = month_range(first, last)
            act = next(a for a in self.ctx.doc.plan.activities() if a.id == activity_id)
            if profile is None:
                parts = spread_even(value, months)
            else:
                with Document.open(profile, readonly=True) as previous:
                    parts = spread_profile(value, months, profile_from(previous, act.stream, act.name))
        except UserError as err:
            self.ctx.interaction.warn("Fördela", str(err))
            return False
        how = "efter förra årets profil" if profile else "jämnt"
        text = f"Fördela {format_sek(value)} {how} på {act.name}, {month_label(months[0])} – {month_label(months[-1])}"
        return self.ctx.push(SetPlanCommand(self.ctx, {(activity_id, m): v for m, v in parts.items()}, text))

    def spread_dialog(self) -> None:
        chosen = self._need_activity()
        if chosen is None or self.status is None:
            return
        dialog = SpreadDialog(chosen[1], self.status.months, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        amount, first, last, by_profile = dialog.values()
        profile = None
        if by_profile:
            profile = self.ctx.interaction.open_file("Förra årets redovisning", str(self.ctx.doc.path.parent))
            if profile is None:
                return
        self.spread(chosen[0], amount, first, last, profile)

    def import_plan(self, path: Path) -> bool:
        from models.plan_tools import read_plan_file

        year = self.status.months[0][:4] if self.status else str(date.today().year)
        try:
            rows = read_plan_file(path, int(year))
        except UserError as err:
            self.ctx.interaction.warn("Importera plan", str(err))
            return False
        return self.ctx.push(ImportPlanCommand(self.ctx, rows, path.name))

    def import_dialog(self) -> None:
        path = self.ctx.interaction.open_file("Importera plan", str(self.ctx.doc.path.parent), PLAN_FILTER)
        if path is not None:
            self.import_plan(path)

    def set_rules(self, rules: list[ActivityRule]) -> bool:
        return self.ctx.push(SetActivityRulesCommand(self.ctx, rules))

    def rules_dialog(self) -> None:
        names = [a.name for a in self.ctx.doc.plan.activities()]
        dialog = RulesDialog(self.ctx.doc.plan.activity_rules(), names, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.set_rules(dialog.rules())

    def apply_rules(self) -> None:
        command = ApplyRulesCommand(self.ctx)
        if self.ctx.push(command):
            self.ctx.interaction.info("Sortera kostnader", f"{command.moved} kostnader sorterades till aktiviteter.")

    def export_prognos(self, xlsx: Path | None, pdf: Path | None) -> list[Path]:
        """The plan, the variance and the forecast as an xlsx sheet and a one-page PDF (as of the page's date)."""
        from exporters.prognos_run import export_prognos

        try:
            written = export_prognos(self.ctx.doc, self.ctx.catalogue, as_of=self.ctx.as_of, xlsx=xlsx, pdf=pdf)
        except UserError as err:
            self.ctx.interaction.warn("Exportera prognos", str(err))
            return []
        self.ctx.interaction.info("Exportera prognos", "Sparade " + " och ".join(p.name for p in written) + ".")
        return written

    def export_dialog(self) -> None:
        stem = f"Prognos {self.ctx.doc.path.stem} {self.ctx.as_of or date.today()}"
        pdf = self.ctx.interaction.save_file("Spara prognosen som PDF", f"{stem}.pdf", "PDF (*.pdf)")
        if pdf is None:
            return
        xlsx = pdf.with_suffix(".xlsx")
        self.export_prognos(xlsx, pdf)

    # -- clipboard ------------------------------------------------------------------------
    def copy(self) -> str:
        text = self.model.copy_text(self.view.selectionModel().selectedIndexes())
        if text:
            QGuiApplication.clipboard().setText(text)
        return text

    def paste(self, text: str | None = None) -> bool:
        if self.ctx.refuse_if_readonly():
            return False
        text = QGuiApplication.clipboard().text() if text is None else text
        index = self.view.currentIndex()
        if not index.isValid():
            index = self.model.index(0, 2)
        return self.model.paste(text, index.row(), index.column())

    def clear_selected(self) -> None:
        cells: Cells = {}
        for index in self.view.selectionModel().selectedIndexes():
            month = self.model.month_of(index.column())
            if month and not self.model.is_sum_row(index.row()):
                cells[(self.model.activities[index.row()].id, month)] = None
        if cells:
            self._edit_cells(cells, f"Töm plan ({count(len(cells), 'månad', 'månader')})")

    def select(self, row: int, column: int) -> QModelIndex:
        index = self.model.index(row, column)
        self.view.setCurrentIndex(index)
        return index
