"""Dialogs of the Kommuner page: plan (split a total by a key, or paste amounts), a paid transfer, a
municipality's report back, and the import rules. Each checks its input through the domain and
returns plain values; the page pushes the undoable command."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Generic, TypeVar

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.errors import UserError
from models.money import format_sek, parse_amount
from models.municipalities import Municipalities, Municipality
from models.transfers import SplitPart, describe_split, parse_key_table, split_total
from models.validation import parse_date
from ui import theme
from ui.screen_fit import fit_to_screen

Value = TypeVar("Value")  # what a dialog's form reads into

MODES = (
    ("population", "Fördela en summa efter befolkning"),
    ("equal", "Fördela en summa i lika delar"),
    ("amounts", "Klistra in belopp per kommun"),
)


def municipality_combo(municipalities: Municipalities) -> QComboBox:
    combo = QComboBox()
    for m in municipalities:
        combo.addItem(f"{m.name} ({m.code})", m.code)
    combo.setAccessibleName("Kommun")
    return combo


class _Form(QDialog, Generic[Value]):
    """A dialog with a form, an error line and OK/Avbryt; ``check()`` reads the form into ``result_value`` (a
    ``Value``) or raises a UserError; ``accept`` only when valid."""

    result_value: Value

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.error = QLabel()
        self.error.setWordWrap(True)
        theme.paint_text(self.error, "error")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Avbryt")
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)

    def finish(self) -> None:
        self.layout_.addWidget(self.error)
        self.layout_.addWidget(self.buttons)

    def check(self) -> Value:  # pragma: no cover - each dialog has its own
        raise NotImplementedError

    def try_accept(self) -> bool:
        try:
            self.result_value = self.check()
        except UserError as err:
            self.error.setText(str(err))
            return False
        self.accept()
        return True


class PlanDialog(_Form[dict[str, tuple[Decimal, str]]]):
    """Split a total over every municipality by a key, with a preview that shows each part's rounding."""

    def __init__(self, municipalities: Municipalities, total: Decimal, parent: QWidget | None = None) -> None:
        super().__init__("Planera vidareförmedling", parent)
        fit_to_screen(self, 640, 620)
        self.municipalities = municipalities
        self.parts: list[SplitPart] = []
        self.mode = QComboBox()
        for key, label in MODES:
            self.mode.addItem(label, key)
        self.form.addRow("&Sätt:", self.mode)
        self.total = QLineEdit(format_sek(total, unit=False) if total else "")
        self.total.setPlaceholderText("t.ex. 4 000 000")
        self.form.addRow("S&umma att fördela:", self.total)
        self.paste = QPlainTextEdit()
        self.paste.setPlaceholderText("En rad per kommun: namn eller kommunkod, tabb eller semikolon, tal.")
        self.paste.setAccessibleName("Nyckel per kommun")
        self.form.addRow("&Nyckel:", self.paste)
        row = QHBoxLayout()
        self.preview_button = QPushButton("&Förhandsgranska")
        self.preview_button.clicked.connect(self.preview)
        row.addWidget(self.preview_button)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.table = QTableWidget(0, 4)
        self.table.setAccessibleName("Fördelning per kommun")
        self.table.setHorizontalHeaderLabels(["Kommun", "Nyckel", "Belopp", "Avrundning"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.layout_.addWidget(self.table, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.layout_.addWidget(self.summary)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self._mode_changed()
        self.finish()

    def _mode_changed(self) -> None:
        key = self.mode.currentData()
        self.paste.setEnabled(key != "equal")
        self.total.setPlaceholderText("tom: beloppen som de står" if key == "amounts" else "t.ex. 4 000 000")

    def check(self) -> dict[str, tuple[Decimal, str]]:
        key = self.mode.currentData()
        figures = parse_key_table(self.paste.toPlainText(), self.municipalities) if key != "equal" else None
        if key == "amounts" and not self.total.text().strip():
            assert figures is not None
            self.parts = [SplitPart(self.municipalities.by_code[c], v, v, 0) for c, v in figures.items()]
        else:
            self.parts = split_total(self.total.text(), key, self.municipalities, figures)
        return {p.municipality.code: (p.amount, p.note) for p in self.parts}

    def preview(self) -> None:
        try:
            self.check()
        except UserError as err:
            self.error.setText(str(err))
            self.table.setRowCount(0)
            self.summary.clear()
            return
        self.error.clear()
        self.table.setRowCount(len(self.parts))
        for r, p in enumerate(self.parts):
            cells = (p.municipality.name, format_sek(p.weight, unit=False), format_sek(p.amount), p.note)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if p.rounding_ore and c == 3:
                    theme.paint_item(item, back="attention")
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.summary.setText(describe_split(self.parts, self.mode.currentData()))


class TransferDialog(_Form[tuple[Municipality, Decimal, date, str, str]]):
    """A paid transfer: municipality, date (no default), amount, reference, stream."""

    def __init__(self, municipalities: Municipalities, streams: list[str], parent: QWidget | None = None) -> None:
        super().__init__("Utbetalning till kommun", parent)
        self.municipalities = municipalities
        self.municipality = municipality_combo(municipalities)
        self.form.addRow("&Kommun:", self.municipality)
        self.date = QLineEdit()
        self.date.setPlaceholderText("ÅÅÅÅ-MM-DD")
        self.form.addRow("&Datum:", self.date)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("t.ex. 150 000; negativt för en återbetalning")
        self.form.addRow("&Belopp:", self.amount)
        self.reference = QLineEdit()
        self.form.addRow("&Referens:", self.reference)
        self.stream = QComboBox()
        self.stream.addItems(streams)
        self.form.addRow("&Ström:", self.stream)
        self.finish()

    def check(self) -> tuple[Municipality, Decimal, date, str, str]:
        m = self.municipalities.by_code[self.municipality.currentData()]
        if not self.date.text().strip():
            raise UserError("En utbetalning behöver ett datum; skriv det som ÅÅÅÅ-MM-DD.")
        when = parse_date(self.date.text())
        amount = parse_amount(self.amount.text())
        if amount == 0:
            raise UserError("Beloppet kan inte vara noll.")
        return m, amount, when, self.stream.currentText(), self.reference.text().strip()


class ReportDialog(_Form[tuple[str, date, Decimal, Decimal, str]]):
    """What a municipality reported back: date, the money it used, and what it returned unspent."""

    def __init__(self, municipalities: Municipalities, parent: QWidget | None = None) -> None:
        super().__init__("Återrapport från kommun", parent)
        self.municipalities = municipalities
        self.municipality = municipality_combo(municipalities)
        self.form.addRow("&Kommun:", self.municipality)
        self.date = QLineEdit()
        self.date.setPlaceholderText("ÅÅÅÅ-MM-DD")
        self.form.addRow("&Datum:", self.date)
        self.used = QLineEdit()
        self.form.addRow("&Använt enligt kommunen:", self.used)
        self.returned = QLineEdit("0")
        self.form.addRow("&Återbetalt till RSS:", self.returned)
        self.note = QLineEdit()
        self.form.addRow("A&nteckning:", self.note)
        hint = QLabel("Det återbetalda beloppet blir en negativ utbetalning till kommunen samma datum.")
        hint.setWordWrap(True)
        self.form.addRow(hint)
        self.finish()

    def check(self) -> tuple[str, date, Decimal, Decimal, str]:
        if not self.date.text().strip():
            raise UserError("Återrapporten behöver ett datum; skriv det som ÅÅÅÅ-MM-DD.")
        return (
            self.municipality.currentData(),
            parse_date(self.date.text()),
            parse_amount(self.used.text(), allow_negative=False),
            parse_amount(self.returned.text() or "0", allow_negative=False),
            self.note.text().strip(),
        )


class RuleDialog(_Form[tuple[str, str, str]]):
    """One import rule: rows of this account or object are transfers to that municipality."""

    def __init__(self, municipalities: Municipalities, parent: QWidget | None = None) -> None:
        super().__init__("Importregel för vidareförmedling", parent)
        self.kind = QComboBox()
        self.kind.addItem("Konto", "account")
        self.kind.addItem("Objekt", "object")
        self.form.addRow("&Gäller:", self.kind)
        self.value = QLineEdit()
        self.value.setPlaceholderText("t.ex. 4590 eller K0780")
        self.form.addRow("&Värde:", self.value)
        self.municipality = municipality_combo(municipalities)
        self.form.addRow("&Kommun:", self.municipality)
        self.finish()

    def check(self) -> tuple[str, str, str]:
        if not self.value.text().strip():
            raise UserError("Ange kontot eller objektet som regeln gäller.")
        return self.kind.currentData(), self.value.text().strip(), self.municipality.currentData()
