"""Step 3 of the import dialog: which rows to take, and which account goes to which category and stream."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.errors import UserError
from models.importing import Filters, Rule, parse_accounts, parse_object_filter
from ui.focus_order import reading_order
from ui.import_common import plain_table
from ui.qt_types import to_date

NO_DATE = QDate(1900, 1, 1)


def _date_box(name: str, value: date | None) -> QDateEdit:
    box = QDateEdit()
    box.setDisplayFormat("yyyy-MM-dd")
    box.setCalendarPopup(True)
    box.setMinimumDate(NO_DATE)
    box.setSpecialValueText(" ")
    box.setDate(QDate(value.year, value.month, value.day) if value else NO_DATE)
    box.setAccessibleName(name)
    return box


def _day(box: QDateEdit) -> date | None:
    return None if box.date() == NO_DATE else to_date(box.date())


class FiltersStep(QWidget):
    """Step 3: which rows to take, and which account goes to which category and stream."""

    RULE_HEAD = ("Konton", "Text innehåller", "Kostnadsslag", "Ström")

    def __init__(self, streams: list[str], categories: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.streams = streams
        self.categories = categories
        self.accounts_edit = QLineEdit("4000-7999")
        self.accounts_edit.setAccessibleName("Konton att ta med")
        self.accounts_edit.setPlaceholderText("till exempel 4000-7999 (tomt: alla konton)")
        self.object_edit = QLineEdit()
        self.object_edit.setAccessibleName("Objekt eller projekt att ta med")
        self.object_edit.setPlaceholderText("till exempel 6:GNV24 eller Projekt=GNV24 (tomt: alla)")
        self.from_box = _date_box("Från datum", None)
        self.to_box = _date_box("Till datum", None)
        self.stream_box = QComboBox()
        self.stream_box.addItems(streams)
        self.stream_box.setAccessibleName("Ström när ingen regel passar")
        self.category_box = QComboBox()
        self.category_box.addItems(categories)
        self.category_box.setAccessibleName("Kostnadsslag när ingen regel passar")
        dates = QHBoxLayout()
        dates.addWidget(self.from_box)
        dates.addWidget(QLabel("till"))
        dates.addWidget(self.to_box)
        dates.addStretch(1)
        form = QFormLayout()
        form.addRow("&Konton", self.accounts_edit)
        form.addRow("&Objekt/projekt", self.object_edit)
        form.addRow("Datum från", dates)
        form.addRow("&Ström (standard)", self.stream_box)
        form.addRow("Kostnads&slag (standard)", self.category_box)
        filters_box = QGroupBox("Vilka rader ska med")
        filters_box.setLayout(form)

        self.rules = plain_table(list(self.RULE_HEAD))
        self.rules.setAccessibleName("Kontoregler")
        self.rules.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.add_rule_button = QPushButton("Ny regel")
        self.remove_rule_button = QPushButton("Ta bort regel")
        self.add_rule_button.clicked.connect(lambda: self.add_rule(Rule((7000, 7699))))
        self.remove_rule_button.clicked.connect(self._remove_rule)
        rule_buttons = QHBoxLayout()
        rule_buttons.addWidget(QLabel("Första regel som passar gäller; övriga rader får standardvärdena ovan."))
        rule_buttons.addStretch(1)
        rule_buttons.addWidget(self.add_rule_button)
        rule_buttons.addWidget(self.remove_rule_button)
        rules_box = QGroupBox("Kontoregler")
        rules_layout = QVBoxLayout(rules_box)
        rules_layout.addWidget(self.rules)
        rules_layout.addLayout(rule_buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(filters_box)
        layout.addWidget(rules_box, 1)

    def _combo(self, items: list[str], current: str | None) -> QComboBox:
        box = QComboBox()
        box.addItem("(standard)", "")
        for item in items:
            box.addItem(item, item)
        box.setCurrentIndex(max(0, box.findData(current or "")))
        return box

    def add_rule(self, rule: Rule) -> None:
        row = self.rules.rowCount()
        self.rules.insertRow(row)
        lo, hi = rule.accounts
        self.rules.setItem(row, 0, QTableWidgetItem(f"{lo}-{hi}" if lo != hi else str(lo)))
        self.rules.setItem(row, 1, QTableWidgetItem(rule.text_pattern or ""))
        for column, names, value, what in (
            (2, self.categories, rule.category, "Kategori"),
            (3, self.streams, rule.stream, "Ström"),
        ):
            combo = self._combo(names, value)
            combo.setAccessibleName(f"{what} för kontoregel {row + 1}")
            self.rules.setCellWidget(row, column, combo)
        reading_order(self)  # the new row's choices are reached from the table, before the buttons below it

    def _remove_rule(self) -> None:
        for row in sorted({i.row() for i in self.rules.selectedIndexes()}, reverse=True):
            self.rules.removeRow(row)

    def show_settings(self, filters: Filters, rules: list[Rule], default_stream: str, default_category: str) -> None:
        self.accounts_edit.setText(", ".join(f"{lo}-{hi}" if lo != hi else str(lo) for lo, hi in filters.accounts))
        self.object_edit.setText("; ".join(f"{d}:{c}" for d, c in filters.objects))
        for box, value in ((self.from_box, filters.date_from), (self.to_box, filters.date_to)):
            box.setDate(QDate(value.year, value.month, value.day) if value else NO_DATE)
        self.stream_box.setCurrentText(default_stream)
        self.category_box.setCurrentText(default_category)
        self.rules.setRowCount(0)
        for rule in rules:
            self.add_rule(rule)

    def filters(self) -> Filters:
        """The filters as typed. Raises UserError naming what is wrong."""
        objects = [parse_object_filter(p) for p in self.object_edit.text().split(";") if p.strip()]
        start, end = _day(self.from_box), _day(self.to_box)
        if start and end and start > end:
            raise UserError("Från-datumet ligger efter till-datumet; byt plats på dem.")
        return Filters(parse_accounts(self.accounts_edit.text()), objects, start, end)

    def _choice(self, row: int, column: int) -> str | None:
        """The category or stream chosen in a rule's drop-down (None: the default)."""
        box = self.rules.cellWidget(row, column)
        return (box.currentData() or None) if isinstance(box, QComboBox) else None

    def rule_list(self) -> list[Rule]:
        out: list[Rule] = []
        for row in range(self.rules.rowCount()):
            accounts_item = self.rules.item(row, 0)
            ranges = parse_accounts(accounts_item.text() if accounts_item else "")
            if len(ranges) != 1:
                raise UserError(f"Regel {row + 1}: ange ett kontointervall, till exempel 7000-7699.")
            text_item = self.rules.item(row, 1)
            pattern = (text_item.text().strip() if text_item else "") or None
            out.append(Rule(ranges[0], pattern, self._choice(row, 2), self._choice(row, 3)))
        return out
