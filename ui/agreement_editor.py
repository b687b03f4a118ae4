"""The agreement editor: the tabs Uppgifter, Strömmar and Fördelning of Arkiv → Överenskommelser….

A thin layer over models/catalogue/agreement_data.py: the widgets show one agreement's file data, and ``data()``
builds the edited data through the same functions the command line uses (``set_value``, ``set_streams``).
The Fördelning tab lists the agreement's allocation tables and their warnings; reading a pasted table
goes into ``allocation_layout`` (the tab's layout), above the list.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models.catalogue.agreement_data import check_id, parse_stream, set_streams, set_value
from models.catalogue.catalogue import KIND_LABELS, KINDS
from models.errors import ValidationError

PAYERS = ("regeringen/Regeringskansliet", "Kammarkollegiet")
DATE_LABELS = {
    "period.start": "Period, från",
    "period.end": "Period, till",
    "deadlines.requisition": "Rekvisition senast",
    "deadlines.repayment": "Återbetalning senast",
    "deadlines.report": "Ekonomisk redovisning senast",
}


def _qdate(text: str) -> QDate:
    d = date.fromisoformat(text)
    return QDate(d.year, d.month, d.day)


def _iso(edit: QDateEdit) -> str:
    return edit.date().toString("yyyy-MM-dd")


class AgreementEditor(QTabWidget):
    """Shows and edits one agreement's data; read-only for built-in and team agreements."""

    edited = Signal()

    def __init__(self, forms: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.forms = forms
        self._data: dict[str, Any] = {}
        self._loading = False
        self.addTab(self._build_details(), "&Uppgifter")
        self.addTab(self._build_streams(), "&Strömmar")
        self.allocation_tab = QWidget()
        self.allocation_layout = QVBoxLayout(self.allocation_tab)
        self.tables_info = QLabel()
        self.tables_info.setWordWrap(True)
        self.tables_info.setTextFormat(Qt.TextFormat.PlainText)
        self.tables_info.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.allocation_layout.addWidget(self.tables_info, 1)
        self.addTab(self.allocation_tab, "&Fördelning")

    # -- building -------------------------------------------------------------------------
    def _build_details(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.id_edit = QLineEdit()
        self.id_edit.setPlaceholderText("t.ex. gnv-2026")
        self.name_edit = QLineEdit()
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2100)
        self.year_spin.valueChanged.connect(self._year_changed)
        self.skr_edit = QLineEdit()
        self.skr_edit.setPlaceholderText("t.ex. SKR2025/01234")
        self.dnr_edit = QLineEdit()
        self.dnr_edit.setPlaceholderText("t.ex. S2025/04711")
        self.payer_box = QComboBox()
        self.payer_box.setEditable(True)
        self.payer_box.addItems(PAYERS)
        self.form_box = QComboBox()
        self.form_box.addItems(self.forms)
        self.annex_edit = QLineEdit()
        self.annex_edit.setPlaceholderText("Bilaga 1")
        self.no_requisition_box = QCheckBox("Ingen rekvisition (betalas ut efter regeringsbeslut)")
        self.dates: dict[str, QDateEdit] = {}
        rows: list[tuple[str, QWidget]] = [
            ("&Id", self.id_edit),
            ("&Namn", self.name_edit),
            ("&År", self.year_spin),
            ("SKR:s ärende&nummer", self.skr_edit),
            ("Regeringskansliets &diarienummer", self.dnr_edit),
            ("&Utbetalare", self.payer_box),
        ]
        for key, label in DATE_LABELS.items():
            edit = QDateEdit()
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            self.dates[key] = edit
            rows.append((label, edit))
        rows += [
            ("&Blankettens lydelse", self.form_box),
            ("Blankettens &bilaga", self.annex_edit),
            ("", self.no_requisition_box),
        ]
        for label, widget in rows:
            form.addRow(label, widget)
            widget.setAccessibleName(label.replace("&", "") or "Ingen rekvisition")
        return page

    def _build_streams(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("Strömmarna i överenskommelsens ordning, och vilka mottagare som får medel ur dem."))
        self.streams_table = QTableWidget(0, 1 + len(KINDS))
        self.streams_table.setHorizontalHeaderLabels(["Ström", *(KIND_LABELS[k].capitalize() for k in KINDS)])
        self.streams_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.streams_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.streams_table.setAccessibleName("Strömmar")
        layout.addWidget(self.streams_table, 1)
        buttons = QHBoxLayout()
        self.add_stream_button = QPushButton("&Lägg till ström")
        self.remove_stream_button = QPushButton("&Ta bort ström")
        self.add_stream_button.clicked.connect(lambda: self._add_stream_row("", ("region", "rss")))
        self.remove_stream_button.clicked.connect(self._remove_stream_row)
        buttons.addWidget(self.add_stream_button)
        buttons.addWidget(self.remove_stream_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return page

    def _add_stream_row(self, name: str, kinds: tuple[str, ...] | list[str]) -> None:
        t = self.streams_table
        r = t.rowCount()
        t.insertRow(r)
        name_item = QTableWidgetItem(name)
        t.setItem(r, 0, name_item)
        for c, kind in enumerate(KINDS, 1):
            item = QTableWidgetItem()
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            item.setCheckState(Qt.CheckState.Checked if kind in kinds else Qt.CheckState.Unchecked)
            t.setItem(r, c, item)
        if not name and not self._loading:
            t.setCurrentCell(r, 0)
            t.editItem(name_item)

    def _remove_stream_row(self) -> None:
        row = self.streams_table.currentRow()
        if row >= 0:
            self.streams_table.removeRow(row)

    # -- showing --------------------------------------------------------------------------
    def load(self, data: dict[str, Any], *, editable: bool, new: bool, warnings: tuple[str, ...] = ()) -> None:
        """Show ``data``; ``new``: the id may still be typed."""
        self._loading = True
        self._data = data
        self.id_edit.setText(data["id"])
        self.id_edit.setReadOnly(not new)
        self.name_edit.setText(data["name"])
        self.year_spin.setValue(int(data["year"]))
        self.skr_edit.setText(data.get("skr_arende") or "")
        self.dnr_edit.setText(data.get("dnr") or "")
        self.payer_box.setCurrentText(data["payer"])
        if self.form_box.findText(data["form"]) < 0:
            self.form_box.addItem(data["form"])
        self.form_box.setCurrentText(data["form"])
        self.annex_edit.setText(data.get("annex") or "")
        self.no_requisition_box.setChecked(bool(data.get("no_requisition")))
        self._show_dates(data)
        self.streams_table.setRowCount(0)
        for s in data["streams"]:
            self._add_stream_row(s["name"], s["kinds"])
        self._show_tables(data, warnings)
        for line in (self.id_edit, self.name_edit, self.skr_edit, self.dnr_edit, self.annex_edit):
            line.setCursorPosition(0)  # a long name shows its beginning
        for line in (self.name_edit, self.skr_edit, self.dnr_edit, self.annex_edit):
            line.setReadOnly(not editable)
        controls: tuple[QWidget, ...] = (self.year_spin, self.payer_box, self.form_box, self.no_requisition_box)
        for control in (*controls, *self.dates.values(), self.add_stream_button, self.remove_stream_button):
            control.setEnabled(editable)
        triggers = QAbstractItemView.EditTrigger
        self.streams_table.setEditTriggers(triggers.AllEditTriggers if editable else triggers.NoEditTriggers)
        self.streams_table.setEnabled(editable)
        self._loading = False

    def _show_dates(self, data: dict[str, Any]) -> None:
        for key, edit in self.dates.items():
            group, _, name = key.partition(".")
            edit.setDate(_qdate(data[group][name]))

    def _show_tables(self, data: dict[str, Any], warnings: tuple[str, ...]) -> None:
        lines = []
        for t in data.get("tables", []):
            lines.append(f"{t['caption']} ({KIND_LABELS[t['kind']]}): {len(t['rows'])} mottagare.")
        if not lines:
            lines.append(
                "Överenskommelsen har ingen fördelningstabell ännu: varje redovisning får då sin tilldelning "
                "inskriven för hand när den skapas."
            )
        lines += [f"Varning: {w}" for w in warnings]
        self.tables_info.setText("\n".join(lines))

    def _year_changed(self, year: int) -> None:
        if self._loading or not self._data:
            return
        data = self._dates_into(self._data)
        self._data = set_value(data, "year", str(year))  # period and deadlines move while they follow the year
        self._loading = True
        self._show_dates(self._data)
        self._loading = False
        self.edited.emit()

    def _dates_into(self, data: dict[str, Any]) -> dict[str, Any]:
        for key, edit in self.dates.items():
            data = set_value(data, key, _iso(edit))
        return data

    # -- reading --------------------------------------------------------------------------
    def data(self) -> dict[str, Any]:
        """The edited agreement data; a ValidationError names the first thing to correct."""
        data = dict(self._data)
        data["id"] = check_id(self.id_edit.text())
        data = self._dates_into(data)
        data["year"] = self.year_spin.value()
        for key, text in (
            ("name", self.name_edit.text()),
            ("skr_arende", self.skr_edit.text()),
            ("dnr", self.dnr_edit.text()),
            ("payer", self.payer_box.currentText()),
            ("form", self.form_box.currentText()),
            ("annex", self.annex_edit.text()),
            ("no_requisition", "ja" if self.no_requisition_box.isChecked() else "nej"),
        ):
            data = set_value(data, key, text, forms=self.forms)
        streams = []
        for r in range(self.streams_table.rowCount()):
            name_item = self.streams_table.item(r, 0)
            name = name_item.text().strip() if name_item else ""
            kinds = [
                k
                for c, k in enumerate(KINDS, 1)
                if (item := self.streams_table.item(r, c)) and item.checkState() == Qt.CheckState.Checked
            ]
            if not name:
                raise ValidationError(f"Strömmen på rad {r + 1} saknar namn.")
            if not kinds:
                raise ValidationError(f"Strömmen ”{name}” behöver minst en mottagartyp: region eller RSS.")
            streams.append(parse_stream(f"{name}:{','.join(kinds)}"))
        return set_streams(data, streams)
