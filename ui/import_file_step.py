"""Step 1 of the import dialog: which file, which sheet, which profile."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from models.importing import RawLedger
from models.words import NBSP, count
from ui import drops

AUTO_PROFILE = "(ingen profil: känn igen kolumnerna)"


class FileStep(QWidget):
    """Step 1: which file, which sheet, which profile. A ledger file dropped here is chosen (``dropped``)."""

    dropped = Signal(Path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
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
        self.delete_profile_button = QPushButton("Ta bort profil…")
        self.delete_profile_button.setToolTip("Ta bort den valda profilen från den här datorn. Det går att ångra.")
        self.profile_box.currentIndexChanged.connect(
            lambda _i: self.delete_profile_button.setEnabled(bool(self.profile_name()))
        )
        self.info = QLabel(
            "Exportera huvudboken för projektet ur ekonomisystemet (Excel, CSV eller SIE 4) och välj filen här. "
            "Du kan också dra filen hit. En profil minns kolumner, filter och kontoregler för ditt ekonomisystem."
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
        profiles.addWidget(self.delete_profile_button)
        form = QFormLayout()
        form.addRow("Fil", row)
        form.addRow("&Blad", self.sheet_box)
        form.addRow("Profil", profiles)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addLayout(form)
        layout.addWidget(self.file_info)
        layout.addStretch(1)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if drops.accepts(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = drops.dropped_paths(event.mimeData())
        if not paths:
            return
        event.acceptProposedAction()
        if len(paths) > 1:
            self.file_info.setText(drops.ONE_AT_A_TIME)
        elif not drops.is_ledger(paths[0]):
            self.file_info.setText(drops.not_a_ledger(paths[0]))
        else:
            self.dropped.emit(paths[0])

    def set_profiles(self, names: list[str], current: str = "") -> None:
        self.profile_box.blockSignals(True)
        self.profile_box.clear()
        self.profile_box.addItem(AUTO_PROFILE, "")
        for name in names:
            self.profile_box.addItem(name, name)
        index = self.profile_box.findData(current)
        self.profile_box.setCurrentIndex(max(0, index))
        self.profile_box.blockSignals(False)
        self.delete_profile_button.setEnabled(bool(self.profile_name()))

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
        rows = count(len(raw), "rad", "rader", NBSP)
        self.file_info.setText(f"{raw.file_name}: {kind}, {rows}{extra}.")
