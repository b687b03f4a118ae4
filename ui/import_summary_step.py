"""Step 4 of the import dialog: what will happen, before anything is written.

``plan_in_background`` prepares the full plan (filters, rules, duplicate check) for
``ui.worker.run_task``; ``SummaryStep`` shows it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from models.importing import Filters, ImportPlan, Mapping, RawLedger, Rule, prepare_import
from ui.import_common import _item, _table, kr


class SummaryStep(QWidget):
    """Step 4: what will happen, before anything is written."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.headline.setFont(font)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.by_category = _table(["Kostnadsslag", "Ström", "Belopp"])
        self.by_category.setAccessibleName("Summa per kostnadsslag")
        head = self.by_category.horizontalHeader()
        head.setStretchLastSection(False)
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.rejects = _table(["Rad", "Kolumn", "Värde", "Orsak"])
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
        layout.addLayout(reject_row)
        layout.addWidget(self.rejects, 1)
        layout.addLayout(profile_row)

    def show_plan(self, plan: ImportPlan) -> None:
        n = len(plan.candidates)
        count = f"{n:,}".replace(",", "\u00a0")
        if n:
            self.headline.setText(f"{count} {'kostnad' if n == 1 else 'kostnader'} importeras, summa {kr(plan.total)}.")
        else:
            self.headline.setText("Inga nya kostnader att importera.")
        self.details.setText(
            f"Dubbletter som redan finns i dokumentet och hoppas över: {plan.duplicates}. "
            f"Avvisade rader (kan inte läsas): {len(plan.rejects)}. "
            f"Rader utanför filtren (konton, objekt, datum): {plan.filtered_out}."
        )
        sums = plan.by_pair
        self.by_category.setRowCount(len(sums))
        for i, ((cat, stream), amount) in enumerate(sorted(sums.items())):
            self.by_category.setItem(i, 0, _item(cat))
            self.by_category.setItem(i, 1, _item(stream))
            self.by_category.setItem(i, 2, _item(kr(amount), right=True))
        shown = plan.rejects[:1000]
        self.rejects.setRowCount(len(shown))
        for i, r in enumerate(shown):
            for j, value in enumerate((r.row, r.column, r.value, r.reason)):
                self.rejects.setItem(i, j, _item(value))
        self.rejects_label.setText(
            "Avvisade rader" + (f" (de första 1 000 av {len(plan.rejects)})" if len(plan.rejects) > 1000 else "")
        )
        self.save_rejects_button.setEnabled(bool(plan.rejects))
        self.rejects.setVisible(bool(plan.rejects))


def plan_in_background(
    raw: RawLedger,
    mapping: Mapping,
    filters: Filters,
    rules: list[Rule],
    stream: str,
    category: str,
    existing: Any,
) -> Any:
    """A function for ``ui.worker.run_task`` that prepares the full plan."""

    def work(progress: Any, cancel: Any) -> ImportPlan:
        return prepare_import(
            raw,
            mapping,
            filters,
            rules,
            default_stream=stream,
            default_category=category,
            existing=existing,
            progress=progress,
            cancel=cancel,
        )

    return work
