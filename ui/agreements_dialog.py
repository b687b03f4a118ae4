"""Arkiv → Överenskommelser…: the catalogue's agreements (built-in, own, team), a new one from a template,
editing one's own, export, import, delete and the team folder. Saving goes through
models/catalogue/user.py, the same functions as ``main.py agreement``.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.catalogue.agreement_data import agreement_data, new_agreement_data
from models.catalogue.catalogue import ORIGINS, Catalogue
from models.catalogue.user import (
    EXPORT_SUFFIX,
    delete_user_agreement,
    export_agreement,
    import_agreement,
    save_user_agreement,
)
from models.errors import UserError
from models.report import FORMS_DIR
from ui.agreement_editor import AgreementEditor
from ui.interaction import Interaction
from ui.screen_fit import fit_to_screen
from ui.settings import Settings
from ui.table_import_dialog import TableImportDialog

AGREEMENT_FILTER = f"Överenskommelse (*{EXPORT_SUFFIX} *.json)"


def available_forms() -> tuple[str, ...]:
    """The Bilaga 1 wording variants, oldest first (the newest is the default for a new agreement)."""
    return tuple(sorted(p.stem for p in FORMS_DIR.glob("*.json")))


def suggest_id(catalogue: Catalogue, template_id: str, year: int) -> str:
    stem = re.sub(r"-?\d{4}$", "", template_id) or "egen"
    candidate, n = f"{stem}-{year}", 2
    while candidate in catalogue.agreements:
        candidate, n = f"{stem}-{year}-{n}", n + 1
    return candidate


class AgreementsDialog(QDialog):
    def __init__(
        self,
        catalogue: Catalogue,
        settings: Settings,
        interaction: Interaction,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.settings = settings
        self.interaction = interaction
        self.current: str | None = None  # the id shown, or None for a new agreement not saved yet
        self.saved: str | None = None  # the last id saved (the wizard selects it)
        self.setWindowTitle("Överenskommelser")
        fit_to_screen(self, 1000, 640)

        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Id", "År", "Källa", "Namn"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAccessibleName("Överenskommelser")
        self.tree.currentItemChanged.connect(lambda item, _p: self._show(item))
        self.forms = available_forms()
        self.editor = AgreementEditor(self.forms)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)

        self.new_button = QPushButton("&Ny överenskommelse…")
        self.new_button.setToolTip("Utgår från den markerade överenskommelsen, annars från den nyaste")
        self.save_button = QPushButton("S&para")
        self.export_button = QPushButton("&Exportera…")
        self.import_button = QPushButton("&Importera…")
        self.delete_button = QPushButton("Ta &bort")
        self.team_button = QPushButton("&Teammapp…")
        self.new_button.clicked.connect(self.new_agreement)
        self.save_button.clicked.connect(self.save)
        self.export_button.clicked.connect(self.export)
        self.import_button.clicked.connect(self.import_file)
        self.delete_button.clicked.connect(self.delete)
        self.team_button.clicked.connect(self.choose_team_folder)
        self.table_button = QPushButton("&Läs in fördelningstabell…")
        self.table_button.setToolTip("Klistra in tabellen ur överenskommelsen (PDF eller Word) eller välj en fil")
        self.table_button.clicked.connect(self.read_table)
        self.editor.allocation_layout.insertWidget(0, self.table_button)
        self.table_dialog: TableImportDialog | None = None

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tree, 1)
        row = QHBoxLayout()
        for b in (self.new_button, self.import_button, self.team_button):
            row.addWidget(b)
        left_layout.addLayout(row)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.editor, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        for b in (self.delete_button, self.export_button, self.save_button):
            row.addWidget(b)
        right_layout.addLayout(row)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([430, 570])
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("S&täng")
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.fill()

    # -- the list -------------------------------------------------------------------------
    def fill(self, select: str | None = None) -> None:
        select = select or self.current
        self.tree.blockSignals(True)
        self.tree.clear()
        chosen = None
        for a in sorted(self.catalogue.agreements.values(), key=lambda a: (-a.year, a.id)):
            item = QTreeWidgetItem([a.id, str(a.year), ORIGINS[self.catalogue.origin(a.id)], a.name])
            item.setData(0, Qt.ItemDataRole.UserRole, a.id)
            self.tree.addTopLevelItem(item)
            if a.id == select:
                chosen = item
        for c in range(3):
            self.tree.resizeColumnToContents(c)
        self.tree.blockSignals(False)
        first = chosen or self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)
        self._show(self.tree.currentItem())
        problems = list(self.catalogue.problems)
        self.status.setText("\n".join(problems))

    def _show(self, item: QTreeWidgetItem | None) -> None:
        if item is None:
            return
        agreement_id = item.data(0, Qt.ItemDataRole.UserRole)
        agreement = self.catalogue.agreement(agreement_id)
        own = self.catalogue.origin(agreement_id) == "user"
        self.current = agreement_id
        self.editor.load(agreement_data(agreement), editable=own, new=False, warnings=agreement.warnings)
        self.save_button.setEnabled(own)
        self.delete_button.setEnabled(own)
        self.export_button.setEnabled(True)
        self.table_button.setEnabled(own)

    # -- actions --------------------------------------------------------------------------
    def new_agreement(self) -> None:
        """A new agreement from the marked one (the newest when none is marked), for this year."""
        item = self.tree.currentItem()
        template = self.catalogue.agreement(item.data(0, Qt.ItemDataRole.UserRole)) if item else self.catalogue.newest()
        year = date.today().year
        name = template.name.replace(str(template.year), str(year))
        data = new_agreement_data(template, suggest_id(self.catalogue, template.id, year), name, year)
        data["form"] = self.forms[-1] if self.forms else data["form"]  # the newest wording by default
        self.tree.clearSelection()
        self.current = None
        self.editor.load(data, editable=True, new=True)
        self.editor.setCurrentIndex(0)
        self.editor.name_edit.setFocus()
        self.save_button.setEnabled(True)
        self.delete_button.setEnabled(False)
        self.export_button.setEnabled(False)
        self.table_button.setEnabled(True)
        self.status.setText(f"Ny överenskommelse från {template.id}: ändra uppgifterna och tryck Spara.")

    def save_data(self, data: dict[str, Any]) -> str | None:
        """Save agreement data (the editor's, or a table added to it); None with a message when refused."""
        try:
            agreement = save_user_agreement(data, self.catalogue, replace=self.current is not None)
        except UserError as err:
            self.interaction.warn("Överenskommelsen sparades inte", str(err))
            return None
        self.saved = self.current = agreement.id
        self.fill(agreement.id)
        self.status.setText(f"Sparade {agreement.id} bland dina överenskommelser.")
        return agreement.id

    def read_table(self) -> None:
        """Läs in fördelningstabell…: the table is saved with the agreement only on Spara tabellen."""
        try:
            data = self.editor.data()
        except UserError as err:
            self.interaction.warn("Tabellen kan inte läsas in", str(err))
            return
        dialog = TableImportDialog(data, self.catalogue.recipients.values(), self.interaction, self)
        dialog.accepted.connect(lambda: dialog.saved is not None and self.save_data(dialog.saved))
        self.table_dialog = dialog
        dialog.open()

    def save(self) -> None:
        try:
            data = self.editor.data()
        except UserError as err:
            self.interaction.warn("Överenskommelsen sparades inte", str(err))
            return
        self.save_data(data)

    def export(self) -> None:
        if self.current is None:
            return
        target = self.interaction.save_file(
            "Exportera överenskommelse", f"{self.current}{EXPORT_SUFFIX}", AGREEMENT_FILTER
        )
        if target is None:
            return
        try:
            path = export_agreement(self.current, target, self.catalogue)
        except UserError as err:
            self.interaction.warn("Exporten misslyckades", str(err))
            return
        self.status.setText(f"Exporterade {self.current} till {path}.")

    def import_file(self) -> None:
        source = self.interaction.open_file("Importera överenskommelse", "", AGREEMENT_FILTER)
        if source is None:
            return
        try:
            agreement = import_agreement(source, self.catalogue)
        except UserError as err:
            self.interaction.warn("Importen misslyckades", str(err))
            return
        self.saved = agreement.id
        self.fill(agreement.id)
        self.status.setText(f"Importerade {agreement.id}: {agreement.name}.")

    def delete(self) -> None:
        if self.current is None or self.catalogue.origin(self.current) != "user":
            return
        if not self.interaction.confirm(
            "Ta bort överenskommelse",
            f"Ta bort {self.current} från dina överenskommelser? Redovisningar som redan är skapade "
            "behåller sin egen kopia.",
            yes="Ta bort",
        ):
            return
        try:
            delete_user_agreement(self.current, self.catalogue)
        except UserError as err:
            self.interaction.warn("Överenskommelsen togs inte bort", str(err))
            return
        removed, self.current = self.current, None
        self.fill()
        self.status.setText(f"Tog bort {removed}.")

    def choose_team_folder(self) -> None:
        from models.catalogue.user import add_team

        folder = self.interaction.choose_folder("Teammapp med delade överenskommelser", self.settings.team_folder)
        if folder is None:
            return
        self.settings.team_folder = str(Path(folder))
        self.settings.save()
        for agreement_id, origin in list(self.catalogue.origins.items()):
            if origin == "team":
                self.catalogue.remove(agreement_id)
        add_team(self.catalogue, Path(folder))
        self.fill()
