"""The Plan page's small dialogs: a new activity, spreading an amount, and the activity rules.

Each only collects values; the page turns them into undoable commands.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.forecast import month_label
from models.storage.activities import ACTIVITY_NAME_MAX, RULE_KINDS, ActivityRule
from ui import theme
from ui.limited_text import LengthGuard

NO_CATEGORY = "(inget särskilt)"


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText("Avbryt")
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class ActivityDialog(QDialog):
    def __init__(self, streams: list[str], categories: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Ny aktivitet")
        form = QFormLayout(self)
        self.name = QLineEdit()
        self.name.setPlaceholderText("till exempel Mobila närvårdsteam")
        self.problem = QLabel()  # why typed or pasted text was not taken
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        theme.paint_text(self.problem, "error")
        LengthGuard(self.name, ACTIVITY_NAME_MAX, "Aktivitetens namn", self._refused)
        self.name.textEdited.connect(lambda _t: self.problem.setVisible(False))
        self.stream = QComboBox()
        self.stream.addItems(streams)
        self.category = QComboBox()
        self.category.addItems([NO_CATEGORY, *categories])
        form.addRow("&Namn:", self.name)
        form.addRow("", self.problem)
        form.addRow("&Ström:", self.stream)
        form.addRow("&Kostnadsslag:", self.category)
        form.addRow(_buttons(self))

    def _refused(self, problem: str) -> None:
        self.problem.setText(problem)
        self.problem.setVisible(True)

    def values(self) -> tuple[str, str, str]:
        category = self.category.currentText()
        return self.name.text(), self.stream.currentText(), "" if category == NO_CATEGORY else category


class SpreadDialog(QDialog):
    """An amount over a span of months: evenly, or by last year's costs per month (a .bidrag file)."""

    def __init__(self, activity: str, months: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Fördela belopp – {activity}")
        form = QFormLayout(self)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("till exempel 1 200 000")
        self.first = QComboBox()
        self.last = QComboBox()
        for box in (self.first, self.last):
            for m in months:
                box.addItem(month_label(m), m)
        self.last.setCurrentIndex(len(months) - 1)
        self.even = QRadioButton("&Jämnt över månaderna")
        self.profile = QRadioButton("Efter &förra årets kostnader per månad (välj fjolårets redovisning)")
        self.even.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.even)
        group.addButton(self.profile)
        span = QHBoxLayout()
        span.addWidget(self.first)
        span.addWidget(QLabel("till"))
        span.addWidget(self.last)
        form.addRow("&Belopp:", self.amount)
        form.addRow("Månader:", span)
        form.addRow(self.even)
        form.addRow(self.profile)
        form.addRow(_buttons(self))

    def values(self) -> tuple[str, str, str, bool]:
        return self.amount.text(), self.first.currentData(), self.last.currentData(), self.profile.isChecked()


class RulesDialog(QDialog):
    """The activity rules as a table: type, pattern, activity; the first matching rule wins."""

    def __init__(self, rules: list[ActivityRule], activities: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Aktivitetsregler")
        self.resize(640, 360)
        self.activities = activities
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Reglerna sorterar importerade kostnader till aktiviteter, uppifrån och ned: den första regeln som "
            "stämmer gäller, och bara kostnader i aktivitetens ström. Objekt: en kod (MNT eller 6:MNT). "
            "Konto: 7010 eller 7000-7099. Text: ord i kostnadens text, * för vad som helst."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName("Aktivitetsregler")
        self.table.setHorizontalHeaderLabels(["Typ", "Mönster", "Aktivitet"])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        for rule in rules:
            self.add_row(rule)
        row = QHBoxLayout()
        add = QPushButton("&Lägg till regel")
        remove = QPushButton("&Ta bort regel")
        add.clicked.connect(lambda: self.add_row(None))
        remove.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(_buttons(self))

    def add_row(self, rule: ActivityRule | None) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        kind = QComboBox()
        for key, label in RULE_KINDS.items():
            kind.addItem(label, key)
        act = QComboBox()
        act.addItems(self.activities)
        if rule is not None:
            kind.setCurrentIndex(list(RULE_KINDS).index(rule.kind))
            act.setCurrentText(rule.activity)
        self.table.setCellWidget(r, 0, kind)
        self.table.setItem(r, 1, QTableWidgetItem(rule.pattern if rule else ""))
        self.table.setCellWidget(r, 2, act)

    def rules(self) -> list[ActivityRule]:
        out = []
        for r in range(self.table.rowCount()):
            kind = self.table.cellWidget(r, 0)
            act = self.table.cellWidget(r, 2)
            item = self.table.item(r, 1)
            pattern = item.text() if item else ""
            assert isinstance(kind, QComboBox) and isinstance(act, QComboBox)
            out.append(ActivityRule(kind.currentData(), pattern, act.currentText()))
        return out
