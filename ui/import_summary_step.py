"""Step 4 of the import dialog: what will happen, before anything is written.

``SummaryStep`` shows a dry run of the import (``models.importing.import_ledger``): its sums, its
duplicates (the first 1 000 listed, each with a tick to import it anyway) and its rejects.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.document import CostRow
from models.importing import ImportPlan, ImportReport
from models.money import ZERO, from_ore
from models.words import NBSP, count, number
from ui.import_common import kr, plain_table, read_only_item

SHOWN_DUPLICATES = 1000


class SummaryStep(QWidget):
    """Step 4: what will happen, before anything is written."""

    choice_changed = Signal()  # the user picked duplicates to import anyway, or unpicked them

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan: ImportPlan | None = None
        self.report: ImportReport | None = None
        self._listed: list[CostRow] = []  # the duplicates shown, the first SHOWN_DUPLICATES
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.headline.setFont(font)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.by_category = plain_table(["Kostnadsslag", "Ström", "Belopp"])
        self.by_category.setAccessibleName("Summa per kostnadsslag")
        head = self.by_category.horizontalHeader()
        head.setStretchLastSection(False)
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.duplicates_label = QLabel()
        self.duplicates_label.setWordWrap(True)
        self.duplicates = plain_table(["Importera ändå", "Datum", "Belopp", "Konto", "Verifikation", "Text", "Källa"])
        self.duplicates.setAccessibleName("Dubbletter som hoppas över")
        self.duplicates.itemChanged.connect(self._choice_changed)
        self.all_duplicates = QCheckBox("Importera ändå alla dubbletter")
        self.all_duplicates.toggled.connect(self._all_toggled)
        self.rejects = plain_table(["Rad", "Kolumn", "Värde", "Orsak"])
        self.rejects.setAccessibleName("Avvisade rader")
        self.save_rejects_button = QPushButton("Spara avvisade rader…")
        self.profile_name = QLineEdit()
        self.profile_name.setPlaceholderText("till exempel Raindance, projekt GNV24")
        self.profile_name.setAccessibleName("Profilnamn")
        self.save_profile_button = QPushButton("Spara som profil")
        profile_row = QHBoxLayout()
        profile_row.addWidget(QLabel("Spara inställningarna som profil:"))
        profile_row.addWidget(self.profile_name, 1)
        profile_row.addWidget(self.save_profile_button)
        reject_row = QHBoxLayout()
        self.rejects_label = QLabel("Avvisade rader")
        reject_row.addWidget(self.rejects_label, 1)
        reject_row.addWidget(self.save_rejects_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.details)
        layout.addWidget(self.by_category, 2)
        layout.addWidget(self.duplicates_label)
        layout.addWidget(self.duplicates, 1)
        layout.addWidget(self.all_duplicates)
        layout.addLayout(reject_row)
        layout.addWidget(self.rejects, 1)
        layout.addLayout(profile_row)

    def show_report(self, report: ImportReport) -> None:
        plan = self.plan = report.plan
        self.report = report
        self._show_duplicates(plan)
        self._headline()
        self.details.setText(
            f"Dubbletter som redan finns i dokumentet och hoppas över: {number(plan.duplicates, NBSP)}. "
            f"Avvisade rader (kan inte läsas): {number(len(plan.rejects), NBSP)}. "
            f"Rader utanför filtren (konton, objekt, datum): {number(plan.filtered_out, NBSP)}."
        )
        sums = plan.by_pair
        self.by_category.setRowCount(len(sums))
        for i, ((cat, stream), amount) in enumerate(sorted(sums.items())):
            self.by_category.setItem(i, 0, read_only_item(cat))
            self.by_category.setItem(i, 1, read_only_item(stream))
            self.by_category.setItem(i, 2, read_only_item(kr(amount), right=True))
        shown = plan.rejects[:1000]
        self.rejects.setRowCount(len(shown))
        for i, r in enumerate(shown):
            for j, value in enumerate((r.row, r.column, r.value, r.reason)):
                self.rejects.setItem(i, j, read_only_item(value))
        self.rejects_label.setText(
            "Avvisade rader"
            + (f" (de första 1 000 av {number(len(plan.rejects), NBSP)})" if len(plan.rejects) > 1000 else "")
        )
        self.save_rejects_button.setEnabled(bool(plan.rejects))
        self.rejects.setVisible(bool(plan.rejects))

    # -- duplicates ------------------------------------------------------------------------------
    def _headline(self) -> None:
        plan, report = self.plan, self.report
        if plan is None or report is None:
            return
        n = report.imported + self.chosen_count()
        if n:
            if self.all_duplicates.isChecked():
                total = plan.total + plan.duplicate_total
            else:
                total = plan.total + sum((from_ore(self._listed[i].ore) for i in self.chosen_duplicates()), ZERO)
            self.headline.setText(f"{count(n, 'kostnad', 'kostnader', NBSP)} importeras, summa {kr(total)}.")
        else:
            self.headline.setText("Inga nya kostnader att importera.")

    def _show_duplicates(self, plan: ImportPlan) -> None:
        rows = plan.duplicate_rows
        shown = self._listed = list(rows[:SHOWN_DUPLICATES])
        table = self.duplicates
        table.blockSignals(True)
        table.setRowCount(len(shown))
        for i, r in enumerate(shown):
            check = QTableWidgetItem(str(i + 1))
            check.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            check.setCheckState(Qt.CheckState.Unchecked)
            table.setItem(i, 0, check)
            cells = (r.date, kr(from_ore(r.ore)), r.account, r.voucher, r.text, r.source)
            for j, value in enumerate(cells, start=1):
                table.setItem(i, j, read_only_item(value, right=j == 2))
        table.resizeColumnsToContents()
        table.blockSignals(False)
        more = f" Listan visar de första {number(SHOWN_DUPLICATES, NBSP)} av {number(len(rows), NBSP)}."
        self.duplicates_label.setText(
            f"Dubbletter: {count(len(rows), 'rad', 'rader', NBSP)} finns redan i redovisningen och "
            "hoppas över (samma datum, belopp, "
            "konto, text och verifikation som en rad som redan har importerats). Markera de rader som ändå "
            "ska importeras." + (more if len(rows) > SHOWN_DUPLICATES else "")
        )
        self.all_duplicates.blockSignals(True)
        self.all_duplicates.setChecked(False)
        self.all_duplicates.blockSignals(False)
        for w in (self.duplicates_label, self.duplicates, self.all_duplicates):
            w.setVisible(bool(rows))

    def chosen_duplicates(self) -> list[int]:
        """Indexes in ``plan.duplicate_rows`` of the duplicates to import anyway."""
        if self.plan is None:
            return []
        if self.all_duplicates.isChecked():
            return list(range(len(self.plan.duplicate_rows)))
        table = self.duplicates
        rows = min(table.rowCount(), len(self._listed))
        return [
            i
            for i in range(rows)
            if (item := table.item(i, 0)) is not None and item.checkState() == Qt.CheckState.Checked
        ]

    def chosen_count(self) -> int:
        """How many duplicates are to be imported anyway."""
        if self.plan is None:
            return 0
        if self.all_duplicates.isChecked():
            return len(self.plan.duplicate_rows)
        return len(self.chosen_duplicates())

    def choice(self) -> str | None:
        """The duplicates to import anyway as the import takes them ("all", "1,3,7": numbers in the listing)."""
        if self.plan is not None and self.all_duplicates.isChecked() and self.plan.duplicate_rows:
            return "all"
        return ",".join(str(i + 1) for i in self.chosen_duplicates()) or None

    def _choice_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == 0:
            self._headline()
            self.choice_changed.emit()

    def _all_toggled(self, _checked: bool) -> None:
        self.duplicates.setEnabled(not self.all_duplicates.isChecked())
        self._headline()
        self.choice_changed.emit()
