"""Läs in fördelningstabell: paste (or pick a file with) an agreement's allocation table, see it, confirm.

A thin Qt layer over models/catalogue/agreement_table.py and models/catalogue/table_checks.py, the functions the
command line's ``agreement table`` calls. The grid shows the table as read; a row the reader cannot
decide (several splits add up, none does, an unknown name) is highlighted and chosen below the
grid; the catalogue's warnings are listed. Nothing is saved until Spara tabellen: the dialog then
holds the agreement data with the table (``result``) for the Överenskommelser dialog to save.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.catalogue.agreement_table import PastedTable, read_pasted_table, read_table_file
from models.catalogue.catalogue import KINDS, Recipient
from models.catalogue.table_checks import (
    cell_text,
    parse_totals,
    reading_text,
    streams_from_data,
    table_warnings,
    with_table,
)
from models.errors import UserError
from models.words import count
from ui import theme
from ui.focus_order import reading_order
from ui.interaction import Interaction
from ui.screen_fit import fit_to_screen

TABLE_FILTER = "Tabell (*.txt *.csv *.xlsx *.ods);;Alla filer (*)"
KIND_NAMES = {"region": "Regionerna", "rss": "RSS (länen)"}


class TableImportDialog(QDialog):
    """Read one allocation table into an agreement's data; ``result`` is set on Spara tabellen."""

    def __init__(
        self,
        data: dict[str, Any],
        recipients: Iterable[Recipient],
        interaction: Interaction,
        parent: QWidget | None = None,
        kind: str = "region",
    ) -> None:
        super().__init__(parent)
        self.data = data
        self.recipients = tuple(recipients)
        self.interaction = interaction
        self.streams = streams_from_data(data)
        self.table: PastedTable | None = None
        self.source_file: Path | None = None  # a picked file, read instead of the paste area
        self.saved: dict[str, Any] | None = None  # not .result: that is QDialog.result(), the exit code
        self.setWindowTitle(f"Läs in fördelningstabell – {data.get('name') or data.get('id')}")
        fit_to_screen(self, 1100, 720)
        self._timer = QTimer(self, singleShot=True, interval=400)
        self._timer.timeout.connect(self.read_now)

        self.kind_box = QComboBox()
        for k in KINDS:
            self.kind_box.addItem(KIND_NAMES[k], k)
        self.kind_box.setCurrentIndex(KINDS.index(kind))
        self.kind_box.setAccessibleName("Tabellens mottagare")
        self.kind_box.currentIndexChanged.connect(self._kind_changed)
        self.file_button = QPushButton("Välj &fil…")
        self.file_button.setToolTip("En .txt-, .csv-, .xlsx- eller .ods-fil med tabellen")
        self.file_button.clicked.connect(self.pick_file)
        self.paste = QPlainTextEdit()
        self.paste.setAccessibleName("Inklistrad tabell")
        self.paste.setPlaceholderText(
            "Markera tabellen i överenskommelsen (PDF eller Word), rubrikerna med, kopiera och klistra in här."
        )
        self.paste.textChanged.connect(self._timer.start)
        self.totals_box = QGroupBox("Summor enligt överenskommelsens text (lämna tomt för att använda Totalt-raden)")
        self.totals_form = QFormLayout(self.totals_box)
        self.total_edits: dict[str, QLineEdit] = {}

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.grid = QTableWidget(0, 0)
        self.grid.setAccessibleName("Tabellen som den lästes")
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.currentCellChanged.connect(lambda row, _c, _r, _pc: self._show_row(row))

        self.decide_box = QGroupBox("Rad att avgöra")
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        self.recipient_box = QComboBox()
        self.recipient_box.setAccessibleName("Mottagare för raden")
        self.reading_box = QComboBox()
        self.reading_box.setAccessibleName("Hur raden ska läsas")
        self.apply_button = QPushButton("&Använd")
        self.apply_button.clicked.connect(self.apply_choice)
        decide = QFormLayout(self.decide_box)
        decide.addRow(self.question)
        decide.addRow("Mottagare:", self.recipient_box)
        decide.addRow("Värden:", self.reading_box)
        decide.addRow("", self.apply_button)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.PlainText)

        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("&Spara tabellen", QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = self.buttons.addButton("Avbryt", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.confirm)
        cancel.clicked.connect(self.reject)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel("Tabellen gäller:"))
        row.addWidget(self.kind_box)
        row.addStretch(1)
        row.addWidget(self.file_button)
        top_layout.addLayout(row)
        top_layout.addWidget(self.paste, 1)
        top_layout.addWidget(self.totals_box)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.message)
        bottom_layout.addWidget(self.grid, 1)
        bottom_layout.addWidget(self.decide_box)
        bottom_layout.addWidget(self.warnings)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setSizes([260, 460])
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.buttons)
        self._kind_changed()

    # -- input ------------------------------------------------------------------------------
    @property
    def kind(self) -> str:
        return str(self.kind_box.currentData())

    def _kind_changed(self) -> None:
        while self.totals_form.rowCount():
            self.totals_form.removeRow(0)
        self.total_edits = {}
        for name in [s.name for s in self.streams if self.kind in s.kinds] + ["Totalt"]:
            edit = QLineEdit()
            edit.setPlaceholderText("som tabellens Totalt-rad")
            edit.setAccessibleName(f"Summa {name}")
            edit.textChanged.connect(lambda _text: self._show_warnings())  # the rows and decisions stay
            self.totals_form.addRow(f"{name}:", edit)
            self.total_edits[name] = edit
        reading_order(self)  # the new sums come where they stand, not after the dialog's buttons
        self.read_now()

    def pick_file(self) -> None:
        path = self.interaction.open_file("Välj en fil med tabellen", filter=TABLE_FILTER)
        if path is not None:
            self.read_file(path)

    def read_file(self, path: Path) -> None:
        """Read the table from a file; the paste area says which, and the kind can still be changed."""
        self.source_file = path
        self.paste.blockSignals(True)
        self.paste.setPlainText(self._file_marker())
        self.paste.blockSignals(False)
        self.read_now()

    def _file_marker(self) -> str:
        return f"(tabellen läses ur filen {self.source_file.name})" if self.source_file else ""

    def typed_totals(self) -> dict[str, Decimal]:
        items = [f"{name}={edit.text()}" for name, edit in self.total_edits.items() if edit.text().strip()]
        return parse_totals(items, self.streams, self.kind)

    def read_now(self) -> None:
        """Read the pasted text (or the picked file) again, as the kind chosen now says."""
        self._timer.stop()
        text = self.paste.toPlainText()
        if self.source_file is not None and text == self._file_marker():
            try:
                table = read_table_file(self.source_file, self.kind, self.streams, self.recipients)
            except UserError as err:
                self._failed(str(err))
                return
            self._show(table)
            return
        self.source_file = None
        if not text.strip():
            self._failed("")
            return
        try:
            table = read_pasted_table(text, self.kind, self.streams, self.recipients)
        except UserError as err:
            self._failed(str(err))
            return
        self._show(table)

    # -- showing ----------------------------------------------------------------------------
    def _failed(self, message: str) -> None:
        self.table = None
        self.message.setText(message)
        theme.paint_text(self.message, "error" if message else None)
        self.grid.setRowCount(0)
        self.grid.setColumnCount(0)
        self.decide_box.setVisible(False)
        self.question.setText("")
        self.warnings.setText("")
        self.save_button.setEnabled(False)

    def _show(self, table: PastedTable, select: int | None = None) -> None:
        self.table = table
        questions = dict(table.questions())  # the first question of each open row
        open_rows = [i for i, _ in table.questions()]
        self.grid.clear()
        self.grid.setColumnCount(len(table.columns))
        self.grid.setRowCount(len(table.rows))
        self.grid.setHorizontalHeaderLabels([c.heading or c.key for c in table.columns])
        self.grid.setVerticalHeaderLabels([f"Rad {r.line}" for r in table.rows])
        bold = QFont()
        bold.setBold(True)
        for i, row in enumerate(table.rows):
            name = row.recipient.name if row.recipient else row.name
            values = row.values if row.values is not None else (None,) * (len(table.columns) - 1)
            for c, cell in enumerate((name, *values)):
                item = QTableWidgetItem(cell_text(cell) if c else str(cell))
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if c == 0 and row.recipient is not None and row.recipient.name != row.name:
                    item.setToolTip(f"Tryckt som ”{row.name}”")
                if i in questions:
                    theme.paint_item(item, back="attention")  # a row to decide
                    item.setToolTip(questions[i])
                if row.total_row:
                    item.setFont(bold)
                self.grid.setItem(i, c, item)
        self.grid.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.grid.resizeColumnsToContents()
        rows = len(table.recipient_rows)
        if open_rows:
            n = len(set(open_rows))
            self.message.setText(
                f"{table.caption}: {count(rows, 'rad', 'rader')} lästa. "
                f"{count(n, 'rad', 'rader')} att avgöra (markerade): "
                "välj raden och ange hur den ska läsas."
            )
            theme.paint_text(self.message, "warning")
        else:
            self.message.setText(
                f"{table.caption}: {count(rows, 'rad', 'rader')} lästa. Kontrollera tabellen och tryck Spara tabellen."
            )
            theme.paint_text(self.message, None)
        self._show_warnings()
        self.save_button.setEnabled(not open_rows)
        target = select if select is not None else (open_rows[0] if open_rows else None)
        if target is not None:
            self.grid.setCurrentCell(target, 0)
            QTimer.singleShot(0, lambda: self._scroll_to(target))
        self._show_row(target if target is not None else -1)

    def _show_warnings(self) -> None:
        if self.table is None or not self.table.ready:
            self.warnings.setText("")
            return
        try:
            found = table_warnings(
                self.table,
                str(self.data.get("id")),
                self.streams,
                self.typed_totals(),
                len(self.recipients) // len(KINDS),
            )
        except UserError as err:
            found = [str(err)]
        self.warnings.setText("\n".join(f"Varning: {w}" for w in found))
        theme.paint_text(self.warnings, "warning" if found else None)

    def _scroll_to(self, row: int) -> None:
        item = self.grid.item(row, 0)
        if item is not None:
            self.grid.scrollToItem(item)

    def _show_row(self, index: int) -> None:
        table = self.table
        open_questions = [q for i, q in table.questions() if i == index] if table else []
        self.decide_box.setVisible(table is not None and not table.ready)
        self.decide_box.setEnabled(bool(open_questions))
        self.question.setText(" ".join(open_questions) if open_questions else "Ingen rad att avgöra är vald.")
        self.recipient_box.clear()
        self.reading_box.clear()
        if not open_questions or table is None:
            return
        row = table.rows[index]
        self.recipient_box.setEnabled(not row.total_row and row.recipient is None)
        for r in (r for r in self.recipients if r.kind == self.kind):
            self.recipient_box.addItem(r.name, r.id)
        chosen = row.recipient or row.suggestion
        if chosen is not None:
            self.recipient_box.setCurrentIndex(self.recipient_box.findData(chosen.id))
        self.reading_box.setEnabled(row.values is None)
        for reading in row.choices if row.values is None else (row.values,):
            self.reading_box.addItem(reading_text(reading), reading)

    # -- deciding and confirming -------------------------------------------------------------
    def apply_choice(self) -> None:
        table = self.table
        index = self.grid.currentRow()
        if table is None or index < 0:
            return
        row = table.rows[index]
        try:
            if not row.total_row and row.recipient is None:
                recipient = next(r for r in self.recipients if r.id == self.recipient_box.currentData())
                table = table.assign(index, recipient)
            if row.values is None:
                table = table.choose(index, tuple(self.reading_box.currentData()))
        except UserError as err:
            self.interaction.warn("Raden ändrades inte", str(err))
            return
        self._show(table)

    def confirm(self) -> None:
        if self.table is None or not self.table.ready:
            return
        try:
            self.saved = with_table(self.data, self.table, self.typed_totals())
        except UserError as err:
            self.interaction.warn("Tabellen sparades inte", str(err))
            return
        self.accept()
