"""Kommuner: an RSS's onward payments per municipality. The table (planned, paid, reported used,
returned, outstanding) beside a bar chart; buttons to plan, register payments and reports, set
import rules, and export the table (xlsx) or one municipality's statement (PDF). Every edit is an
undoable command (ui/transfer_commands.py) over models/storage/transfers.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models.errors import UserError
from models.money import format_sek, parse_amount
from models.municipal_statement import transfer_table
from models.transfer_items import report_text, rule_text
from models.transfers import MunicipalReport, TransferTable, municipalities_sheet
from models.validation import parse_date
from models.words import count
from ui import theme
from ui.changes import ALLOCATION, COST_ROWS, COSTS, FIELDS, TRANSFERS, PageRefresh
from ui.doc_context import DocContext
from ui.municipalities_model import BarChart, MunicipalitiesModel
from ui.transfer_commands import (
    AddReportCommand,
    AddTransferCommand,
    DeleteReportCommand,
    DeleteRuleCommand,
    SetPlanCommand,
    SetReportDueCommand,
    SetRuleCommand,
)
from ui.transfer_dialogs import PlanDialog, ReportDialog, RuleDialog, TransferDialog

XLSX_FILTER = "Excel-arbetsbok (*.xlsx)"
PDF_FILTER = "PDF (*.pdf)"


class MunicipalitiesPage(QWidget):
    def __init__(self, ctx: DocContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.table_data: TransferTable | None = None
        outer = QVBoxLayout(self)
        buttons = QHBoxLayout()
        self.plan_button = QPushButton("&Planera…")
        self.plan_button.setToolTip("Fördela en summa efter befolkning, i lika delar, eller klistra in belopp.")
        self.transfer_button = QPushButton("Registrera &utbetalning…")
        self.report_button = QPushButton("Åte&rrapport…")
        self.rules_button = QPushButton("&Importregel…")
        self.rules_button.setToolTip("Rader med ett visst konto eller objekt blir utbetalningar till en kommun.")
        self.delete_button = QPushButton("Ta &bort…")
        self.delete_button.setToolTip("Ta bort en importregel eller en återrapport. Det går att ångra.")
        self.xlsx_button = QPushButton("Exportera tabellen (&Excel)…")
        self.pdf_button = QPushButton("Underlag till &kommunen (PDF)…")
        self.pdf_button.setToolTip("Ett sidas underlag för den markerade kommunen.")
        for button, slot in (
            (self.plan_button, self.plan),
            (self.transfer_button, self.register_transfer),
            (self.report_button, self.register_report),
            (self.rules_button, self.add_rule),
            (self.delete_button, self.delete_item),
            (self.xlsx_button, self.export_table),
            (self.pdf_button, self.export_statement),
        ):
            button.clicked.connect(lambda _c=False, s=slot: s())
            buttons.addWidget(button)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        due_row = QHBoxLayout()
        due_label = QLabel("Kommunernas återrapport &senast:")
        self.due = QLineEdit()
        self.due.setMaximumWidth(120)
        self.due.setPlaceholderText("ÅÅÅÅ-MM-DD")
        self.due.setAccessibleName("Kommunernas återrapport senast")
        self.due.editingFinished.connect(self._due_edited)
        due_label.setBuddy(self.due)
        due_row.addWidget(due_label)
        due_row.addWidget(self.due)
        self.rules_label = QLabel()
        due_row.addSpacing(24)
        due_row.addWidget(self.rules_label, 1)
        outer.addLayout(due_row)
        split = QSplitter()
        self.model = MunicipalitiesModel(self.set_planned)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Vidareförmedling per kommun")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        split.addWidget(self.view)
        self.chart = BarChart()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart)
        scroll.setAccessibleName(self.chart.accessibleName())
        split.addWidget(scroll)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([760, 440])
        outer.addWidget(split, 1)
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        outer.addWidget(self.totals)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        theme.paint_text(self.notes, "warning")
        outer.addWidget(self.notes)
        parts = {TRANSFERS, COSTS, COST_ROWS, FIELDS, ALLOCATION}
        self.refresher = PageRefresh(self, ctx.changed, parts, self.refresh)
        self.refresh()

    # -- reading --------------------------------------------------------------------------
    def refresh(self) -> None:
        doc = self.ctx.doc
        try:
            self.table_data = transfer_table(doc, self.ctx.catalogue)
        except UserError as err:
            self.notes.setText(str(err))
            return
        t = self.table_data
        self.model.editable = not self.ctx.readonly
        self.model.set_rows(t.rows)
        self.chart.set_rows(t.rows)
        self.totals.setText(
            f"Summa: planerat {format_sek(t.total('planned'))}, utbetalt {format_sek(t.total('paid'))}, "
            f"använt enligt återrapporter {format_sek(t.total('reported_used'))}, "
            f"återbetalt {format_sek(t.total('returned'))}, kvar att betala {format_sek(t.total('outstanding'))}."
        )
        self.notes.setText(" ".join(t.notes()))
        self.due.setText(doc.transfers.municipal_report_due())
        from models.municipal_statement import default_report_due

        self.due.setPlaceholderText(str(default_report_due(self.ctx.agreement)))
        rules = doc.transfers.transfer_rules()
        muni = doc.transfers.municipalities()
        shown = ", ".join(rule_text(k, v, c, muni) for k, v, c in rules)
        self.rules_label.setText(f"Importregler: {shown}" if rules else "")

    def selected_code(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()].code if rows else None

    # -- edits ----------------------------------------------------------------------------
    def set_planned(self, code: str, text: str) -> bool:
        try:
            amount = parse_amount(text, allow_negative=False)
        except UserError as err:
            self.ctx.refused("Planerat belopp", str(err))
            return False
        name = self.ctx.doc.transfers.municipalities().by_code[code].name
        return self.ctx.push(SetPlanCommand(self.ctx, {code: (amount, "")}, f"Planera {name} {format_sek(amount)}"))

    def plan(self) -> None:
        if self.ctx.refuse_if_readonly():
            return
        total = sum(self.ctx.doc.allocation().values(), Decimal(0))
        dialog = PlanDialog(self.ctx.doc.transfers.municipalities(), total, self)
        if dialog.exec():
            self.apply_plan(dialog.result_value)

    def apply_plan(self, plan: dict[str, tuple[Decimal, str]]) -> bool:
        total = sum((a for a, _n in plan.values()), Decimal(0))
        what = f"Fördela {format_sek(total)} på {count(len(plan), 'kommun', 'kommuner')}"
        return self.ctx.push(SetPlanCommand(self.ctx, plan, what))

    def register_transfer(self) -> None:
        if self.ctx.refuse_if_readonly():
            return
        dialog = TransferDialog(self.ctx.doc.transfers.municipalities(), list(self.ctx.doc.allocation()), self)
        code = self.selected_code()
        if code:
            dialog.municipality.setCurrentIndex(dialog.municipality.findData(code))
        if dialog.exec():
            m, amount, when, stream, reference = dialog.result_value
            self.ctx.push(AddTransferCommand(self.ctx, m, amount, when, stream, reference))

    def register_report(self) -> None:
        if self.ctx.refuse_if_readonly():
            return
        dialog = ReportDialog(self.ctx.doc.transfers.municipalities(), self)
        code = self.selected_code()
        if code:
            dialog.municipality.setCurrentIndex(dialog.municipality.findData(code))
        if dialog.exec():
            self.add_report(*dialog.result_value)

    def add_report(self, code: str, when: date, used: Decimal, returned: Decimal, note: str = "") -> bool:
        name = self.ctx.doc.transfers.municipalities().by_code[code].name
        return self.ctx.push(AddReportCommand(self.ctx, MunicipalReport(code, when, used, returned, note), name))

    def add_rule(self) -> None:
        if self.ctx.refuse_if_readonly():
            return
        dialog = RuleDialog(self.ctx.doc.transfers.municipalities(), self)
        if dialog.exec():
            kind, value, code = dialog.result_value
            self.ctx.push(SetRuleCommand(self.ctx, kind, value, code, f"Importregel {value}"))

    def delete_item(self) -> bool:
        """Ta bort…: choose an import rule or a report back, confirm, and remove it (one undoable step)."""
        if self.ctx.refuse_if_readonly():
            return False
        transfers = self.ctx.doc.transfers
        muni = transfers.municipalities()
        rules = transfers.transfer_rules()
        reports = transfers.municipal_reports()
        items = [f"Importregel: {rule_text(k, v, c, muni)}" for k, v, c in rules]
        items += [f"Återrapport: {report_text(r, muni)}" for r in reports]
        if not items:
            self.ctx.interaction.info("Ta bort", "Det finns inga importregler eller återrapporter att ta bort.")
            return False
        chosen = self.ctx.interaction.choose("Ta bort", "Vad vill du ta bort?", items)
        if chosen is None:
            return False
        what = items[chosen]
        question = f"Vill du ta bort {what[0].lower()}{what[1:]}? Du kan ångra med Ctrl+Z."
        if chosen >= len(rules):
            report = reports[chosen - len(rules)]
            if report.return_cost_id:
                question = question.replace("? Du", "? Återbetalningen som den förde in tas bort med den. Du")
        if not self.ctx.interaction.confirm("Ta bort", question, yes="Ta bort", no="Avbryt"):
            return False
        if chosen < len(rules):
            kind, value, code = rules[chosen]
            return self.ctx.push(DeleteRuleCommand(self.ctx, kind, value, rule_text(kind, value, code, muni)))
        name = muni.by_code[report.code].name if report.code in muni.by_code else report.code
        return self.ctx.push(DeleteReportCommand(self.ctx, report, name))

    def _due_edited(self) -> None:
        text = self.due.text().strip()
        if text == self.ctx.doc.transfers.municipal_report_due():
            return
        try:
            when = parse_date(text) if text else None
        except UserError as err:
            self.ctx.refused("Återrapport senast", str(err))
            self.due.setText(self.ctx.doc.transfers.municipal_report_due())
            return
        self.ctx.push(SetReportDueCommand(self.ctx, when))

    # -- exports --------------------------------------------------------------------------
    def export_table(self, path: Path | None = None) -> Path | None:
        from exporters.atomic import write_atomic
        from exporters.table_xlsx import render_table_xlsx

        if self.table_data is None:
            return None
        doc = self.ctx.doc
        if path is None:
            path = self.ctx.interaction.save_file(
                "Exportera tabellen", str(doc.path.with_name(f"{doc.path.stem} kommuner.xlsx")), XLSX_FILTER
            )
            if path is None:
                return None
        fields = doc.fields()
        sheet = municipalities_sheet(
            self.table_data,
            fields.get("recipient_name") or self.ctx.recipient.name,
            fields.get("agreement_name") or self.ctx.agreement.name,
        )
        try:
            return write_atomic(path, render_table_xlsx(sheet))
        except UserError as err:
            self.ctx.interaction.warn("Exportera tabellen", str(err))
            return None

    def export_statement(self, path: Path | None = None) -> Path | None:
        from exporters.atomic import write_atomic
        from exporters.statement_pdf import render_statement_pdf
        from models.municipal_statement import build_statement

        code = self.selected_code()
        if code is None:
            self.ctx.interaction.info("Underlag till kommunen", "Markera kommunen i tabellen först.")
            return None
        doc = self.ctx.doc
        name = doc.transfers.municipalities().by_code[code].name
        if path is None:
            suggestion = str(doc.path.with_name(f"Underlag {name} {self.ctx.agreement.year}.pdf"))
            path = self.ctx.interaction.save_file("Underlag till kommunen", suggestion, PDF_FILTER)
            if path is None:
                return None
        try:
            return write_atomic(path, render_statement_pdf(build_statement(doc, self.ctx.catalogue, code)))
        except UserError as err:
            self.ctx.interaction.warn("Underlag till kommunen", str(err))
            return None
