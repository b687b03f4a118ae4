"""The steps of the import dialog: file, columns (with live preview), filters and rules, summary.

Each step is a plain widget that reads and shows state; ``ui/import_dialog.py`` moves between them,
runs the slow parts off the GUI thread and commits. Nothing here touches the document.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.errors import UserError
from models.importing import (
    ROLE_LABELS,
    ROLES,
    Filters,
    ImportPlan,
    Mapping,
    RawLedger,
    Rule,
    parse_accounts,
    parse_object_filter,
    prepare_import,
)
from models.money import format_sek

NOT_MAPPED = "(ingen kolumn)"
AUTO_PROFILE = "(ingen profil: känn igen kolumnerna)"
PREVIEW_ROWS = 30
NO_DATE = QDate(1900, 1, 1)
PREVIEW_HEAD = ["Rad", "Datum", "Belopp", "Konto", "Text", "Leverantör", "Objekt", "Kostnadsslag", "Ström"]


def kr(value: Decimal) -> str:
    return format_sek(value, decimals=True)


def _item(text: object, *, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setStretchLastSection(True)
    return table


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
    return None if box.date() == NO_DATE else box.date().toPython()


def preview_ledger(raw: RawLedger, n: int = PREVIEW_ROWS) -> RawLedger:
    """The first ``n`` rows of a ledger, for a preview that answers at once."""
    if raw.sie is not None:
        return replace(raw, sie=replace(raw.sie, transactions=raw.sie.transactions[:n], rejects=[]))
    return replace(raw, cells=raw.cells[:n])


class FileStep(QWidget):
    """Step 1: which file, which sheet, which profile."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText("Ingen fil vald")
        self.path_edit.setAccessibleName("Vald fil")
        self.choose_button = QPushButton("&Välj fil…")
        self.sheet_box = QComboBox()
        self.sheet_box.setAccessibleName("Blad")
        self.profile_box = QComboBox()
        self.profile_box.setAccessibleName("Importprofil")
        self.import_profile_button = QPushButton("Hämta profil från fil…")
        self.export_profile_button = QPushButton("Dela profil som fil…")
        self.info = QLabel(
            "Exportera huvudboken för projektet ur ekonomisystemet (Excel, CSV eller SIE 4) och välj filen här. "
            "En profil minns kolumner, filter och kontoregler för ditt ekonomisystem."
        )
        self.info.setWordWrap(True)
        self.file_info = QLabel()
        self.file_info.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.choose_button)
        profiles = QHBoxLayout()
        profiles.addWidget(self.profile_box, 1)
        profiles.addWidget(self.import_profile_button)
        profiles.addWidget(self.export_profile_button)
        form = QFormLayout()
        form.addRow("Fil", row)
        form.addRow("&Blad", self.sheet_box)
        form.addRow("Profil", profiles)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addLayout(form)
        layout.addWidget(self.file_info)
        layout.addStretch(1)

    def set_profiles(self, names: list[str], current: str = "") -> None:
        self.profile_box.blockSignals(True)
        self.profile_box.clear()
        self.profile_box.addItem(AUTO_PROFILE, "")
        for name in names:
            self.profile_box.addItem(name, name)
        index = self.profile_box.findData(current)
        self.profile_box.setCurrentIndex(max(0, index))
        self.profile_box.blockSignals(False)

    def profile_name(self) -> str:
        return str(self.profile_box.currentData() or "")

    def show_ledger(self, raw: RawLedger) -> None:
        self.sheet_box.blockSignals(True)
        self.sheet_box.clear()
        self.sheet_box.addItems(raw.sheet_names)
        if raw.sheet:
            self.sheet_box.setCurrentText(raw.sheet)
        self.sheet_box.setEnabled(len(raw.sheet_names) > 1)
        self.sheet_box.blockSignals(False)
        kind = {"sie": "SIE 4-fil", "csv": "CSV-fil"}.get(raw.format, f"Kalkylark ({raw.format})")
        extra = f", teckenkodning {raw.encoding}" if raw.encoding else ""
        rows = f"{len(raw):,}".replace(",", "\u00a0")
        self.file_info.setText(f"{raw.file_name}: {kind}, {rows} rader{extra}.")


class MappingStep(QWidget):
    """Step 2: which column is what, with the first rows as they will be imported."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.boxes: dict[str, QComboBox] = {}
        grid = QGridLayout()
        for i, role in enumerate(ROLES):
            box = QComboBox()
            box.setAccessibleName(f"Kolumn för {ROLE_LABELS[role].lower()}")
            self.boxes[role] = box
            label = QLabel(ROLE_LABELS[role])
            label.setBuddy(box)
            grid.addWidget(label, i // 4 * 2, i % 4)
            grid.addWidget(box, i // 4 * 2 + 1, i % 4)
        self.object_box = QComboBox()
        self.object_box.setAccessibleName("Kolumn för objekt eller projekt")
        grid.addWidget(QLabel("Objekt/projekt"), 4, 0)
        grid.addWidget(self.object_box, 5, 0)
        self.negate_box = QCheckBox("Kostnader står som negativa belopp i filen")
        grid.addWidget(self.negate_box, 5, 1, 1, 3)
        self.sie_note = QLabel("SIE-filer har fasta fält (verifikation, konto, belopp, objekt); inget behöver väljas.")
        self.sie_note.setWordWrap(True)
        self.mapping_group = QGroupBox("Kolumner")
        self.mapping_group.setLayout(grid)
        self.preview = _table(PREVIEW_HEAD)
        self.preview.setAccessibleName("Förhandsgranskning av importen")
        self.preview_note = QLabel()
        self.preview_note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.sie_note)
        layout.addWidget(self.mapping_group)
        layout.addWidget(self.preview_note)
        layout.addWidget(self.preview, 1)

    def show_columns(self, raw: RawLedger, mapping: Mapping) -> None:
        sie = raw.kind == "sie"
        self.sie_note.setVisible(sie)
        self.mapping_group.setVisible(not sie)
        headers = [NOT_MAPPED, *raw.headers]
        for role, box in self.boxes.items():
            box.blockSignals(True)
            box.clear()
            box.addItems(headers)
            box.setCurrentText(getattr(mapping, role) or NOT_MAPPED)
            box.blockSignals(False)
        self.object_box.blockSignals(True)
        self.object_box.clear()
        self.object_box.addItems(headers)
        first = next(iter(mapping.objects.values()), None)
        self.object_box.setCurrentText(first or NOT_MAPPED)
        self.object_box.blockSignals(False)
        self.negate_box.setChecked(mapping.negate)

    def mapping(self, base: Mapping) -> Mapping:
        chosen = {r: (b.currentText() if b.currentText() != NOT_MAPPED else None) for r, b in self.boxes.items()}
        obj = self.object_box.currentText()
        objects = dict(base.objects)  # every recognised object column, e.g. Kostnadsställe and Projekt
        first = next(iter(objects.values()), None)
        if obj == NOT_MAPPED:
            objects = {}
        elif obj != first:
            objects = {obj: obj, **{d: h for d, h in objects.items() if h != obj}}
        return Mapping(**chosen, objects=objects, negate=self.negate_box.isChecked())

    def show_preview(self, raw: RawLedger, plan: ImportPlan | None, error: str = "") -> None:
        table = self.preview
        table.setRowCount(0)
        if error:
            self.preview_note.setText(error)
            self.preview_note.setStyleSheet("color: #b00020;")
            return
        assert plan is not None
        self.preview_note.setStyleSheet("")
        self.preview_note.setText(
            f"De första {min(len(raw), PREVIEW_ROWS)} raderna så som de läses in (före filter och dubblettkontroll). "
            "Rader i rött kan inte läsas."
        )
        rows: list[tuple[int, list[str], bool]] = []
        for c in plan.candidates:
            number = _row_number(c.source)
            rows.append(
                (
                    number,
                    [
                        str(number or ""),
                        c.date.isoformat(),
                        kr(c.amount),
                        c.account,
                        c.text,
                        c.supplier,
                        c.object,
                        c.category,
                        c.stream,
                    ],
                    False,
                )
            )
        for r in plan.rejects:
            rows.append(
                (r.row, [str(r.row), "", "", "", f"{r.column}: ”{r.value}” – {r.reason}", "", "", "", ""], True)
            )
        rows.sort(key=lambda x: x[0])
        red = QBrush(QColor("#b00020"))
        table.setRowCount(len(rows))
        for i, (_n, cells, bad) in enumerate(rows):
            for j, text in enumerate(cells):
                item = _item(text, right=j == 2)
                if bad:
                    item.setForeground(red)
                table.setItem(i, j, item)
        table.resizeColumnsToContents()


def _row_number(source: str) -> int:
    for word in ("rad ", "ver "):
        if word in source:
            tail = source.split(word, 1)[1].split(",")[0].split()[-1]
            digits = "".join(ch for ch in tail if ch.isdigit())
            if digits:
                return int(digits)
    return 0


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

        self.rules = _table(list(self.RULE_HEAD))
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
        self.rules.setCellWidget(row, 2, self._combo(self.categories, rule.category))
        self.rules.setCellWidget(row, 3, self._combo(self.streams, rule.stream))

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

    def rule_list(self) -> list[Rule]:
        out: list[Rule] = []
        for row in range(self.rules.rowCount()):
            accounts_item = self.rules.item(row, 0)
            ranges = parse_accounts(accounts_item.text() if accounts_item else "")
            if len(ranges) != 1:
                raise UserError(f"Regel {row + 1}: ange ett kontointervall, till exempel 7000-7699.")
            text_item = self.rules.item(row, 1)
            pattern = (text_item.text().strip() if text_item else "") or None
            category = self.rules.cellWidget(row, 2).currentData() or None  # type: ignore[attr-defined]
            stream = self.rules.cellWidget(row, 3).currentData() or None  # type: ignore[attr-defined]
            out.append(Rule(ranges[0], pattern, category, stream))
        return out


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


def preview_plan(raw: RawLedger, mapping: Mapping, rules: list[Rule], stream: str, category: str) -> ImportPlan:
    """Map the first rows without filters or duplicate check: what the columns will give."""
    return prepare_import(
        preview_ledger(raw),
        mapping,
        Filters(accounts=[]),
        rules,
        default_stream=stream,
        default_category=category,
    )


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
