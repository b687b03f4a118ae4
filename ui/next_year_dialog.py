"""Arkiv → Ny redovisning från denna…: next year's document from the open one (models/next_year.py).

The dialog chooses the agreement (next year's first), the recipient (this one), the file, and which of
the costs dated after the period move along (all ticked; a list to confirm). A move of costs is recorded
in both histories and is one step of the open document's undo stack (``ui/next_year_commands.py``); the
steps before it are cleared, since they may name costs that are no longer in it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from models.catalogue.catalogue import KIND_LABELS
from models.errors import UserError
from models.money import format_sek
from models.system.paths import EXTENSION

if TYPE_CHECKING:
    from ui.doc_context import DocContext


class Window(Protocol):
    """What the dialog needs of the main window (``ui.main_window.MainWindow``, a QWidget): the open document,
    and a way to open the new one."""

    @property
    def ctx(self) -> DocContext | None: ...

    def open_path(self, path: Path | str, *, remember: bool = True) -> bool: ...


CARRIED = (
    "Följer med: kontaktuppgifterna, ekonomichefen och företrädaren, kostnadsslagen, aktiviteterna och "
    "deras regler (och en RSS:s importregler för vidareförmedling). Följer inte med: kostnader, utbetalningar, "
    "beslut, återbetalning, diarienummer, underskrifter och planens belopp per månad."
)


def suggested_name(old: Path, old_year: int, new_year: int, recipient: str) -> str:
    """The old file's name with its year replaced ("Skåne 2024.bidrag" → "Skåne 2025.bidrag"), or one made
    of the recipient and the year."""
    stem = old.stem
    if str(old_year) in stem:
        return re.sub(str(old_year), str(new_year), stem) + EXTENSION
    clean = "".join("_" if c in '<>:"/\\|?*' else c for c in recipient).strip(" .") or "Redovisning"
    return f"{clean} {new_year}{EXTENSION}"


class NextYearDialog(QDialog):
    def __init__(self, ctx: DocContext, parent: QWidget | None = None) -> None:
        from models.next_year import costs_after_period, next_agreements, period_end
        from models.words import count

        super().__init__(parent)
        self.ctx = ctx
        self.created: Path | None = None
        doc, cat = ctx.doc, ctx.catalogue
        self.setWindowTitle("Ny redovisning från denna")
        own = cat.agreements.get(doc.agreement_id)
        self.old_year = own.year if own else 0
        outer = QVBoxLayout(self)
        scroll = QScrollArea()  # a small laptop scrolls the dialog rather than cutting it
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the controls; the area follows the focus
        body = QWidget()
        layout = QVBoxLayout(body)
        intro = QLabel(f"Skapa nästa års redovisning utifrån ”{doc.path.name}”. " + CARRIED)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.agreement = QComboBox()
        self.agreement.setAccessibleName("Överenskommelse för den nya redovisningen")
        for a in next_agreements(cat, doc):
            self.agreement.addItem(f"{a.name} ({a.year})", a.id)
        self.recipient = QComboBox()
        self.recipient.setAccessibleName("Bidragsmottagare")
        for combo in (self.agreement, self.recipient):  # long agreement names: the dialog keeps its width
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(30)
        self.file = QLineEdit()
        self.file.setAccessibleName("Den nya filen")
        browse = QPushButton("&Välj…")
        browse.setAccessibleName("Välj fil för den nya redovisningen")
        browse.clicked.connect(self.choose_file)
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(browse)
        form.addRow("Över&enskommelse", self.agreement)
        form.addRow("&Mottagare", self.recipient)
        form.addRow("&Fil", row)
        file_label = form.labelForField(row)
        if isinstance(file_label, QLabel):
            file_label.setBuddy(self.file)  # Alt+F reaches the file name
        layout.addLayout(form)
        self.missing: QLabel | None = None  # says when next year's agreement is not in the catalogue yet
        if self.old_year and not any(a.year == self.old_year + 1 for a in next_agreements(cat, doc)):
            missing = QLabel(
                f"Överenskommelsen för {self.old_year + 1} finns inte i listan ännu. Lägg till den först under "
                "Arkiv → Överenskommelser…, och välj sedan Ny redovisning från denna igen."
            )
            missing.setWordWrap(True)
            layout.addWidget(missing)
            self.missing = missing
        self.after = costs_after_period(doc)
        end = period_end(doc)
        self.costs_label = QLabel()
        self.costs_label.setWordWrap(True)
        layout.addWidget(self.costs_label)
        self.costs = QListWidget()
        self.costs.setAccessibleName("Kostnader att flytta till den nya redovisningen")
        for c in self.after:
            text = f"{c.date}   {format_sek(c.amount)}   {c.stream}/{c.category}   {c.text}".rstrip()
            item = QListWidgetItem(text)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            self.costs.addItem(item)
        if self.after and ctx.readonly:  # the costs cannot leave a file opened read-only
            for i in range(self.costs.count()):
                self.costs.item(i).setCheckState(Qt.CheckState.Unchecked)
            self.costs.setEnabled(False)
            self.costs_label.setText(
                "Redovisningen är öppnad skrivskyddad, så kostnaderna daterade efter redovisningsperioden "
                f"({count(len(self.after), 'kostnad', 'kostnader')}) kan inte flyttas härifrån; öppna den för "
                "redigering om de ska flyttas."
            )
        elif self.after:
            n = len(self.after)
            self.costs_label.setText(
                f"{n} {'kostnad är daterad' if n == 1 else 'kostnader är daterade'} efter redovisningsperioden "
                f"(som slutar {end}). De förbockade flyttas till den nya redovisningen och tas bort ur den här; "
                "flytten står i båda redovisningarnas historik. Ctrl+Z i den här redovisningen tar tillbaka "
                "kostnaderna och tar bort dem ur den nya, om ingen har den öppen och de inte har ändrats där."
            )
        else:
            self.costs_label.setText("Inga kostnader är daterade efter redovisningsperioden, så inga flyttas.")
            self.costs.hide()
        layout.addWidget(self.costs, 1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("&Skapa")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Avbryt")
        buttons.accepted.connect(self.create_document)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self.agreement.currentIndexChanged.connect(lambda _i: self.agreement_changed())
        self.agreement_changed()
        self.resize(720, 520)

    # -- choices --------------------------------------------------------------------------
    def agreement_changed(self) -> None:
        cat, doc = self.ctx.catalogue, self.ctx.doc
        agreement = cat.agreements.get(self.agreement.currentData() or "")
        keep = self.recipient.currentData() or doc.recipient_id
        self.recipient.clear()
        if agreement is None:
            return
        for r in cat.recipients.values():
            if agreement.streams_for(r.kind):
                self.recipient.addItem(f"{r.name} ({KIND_LABELS[r.kind]})", r.id)
        self.recipient.setCurrentIndex(max(0, self.recipient.findData(keep)))
        recipient = cat.recipients.get(keep)
        name = suggested_name(doc.path, self.old_year, agreement.year, recipient.name if recipient else "")
        self.file.setText(str(doc.path.with_name(name)))

    def choose_file(self) -> None:
        path = self.ctx.interaction.save_file("Spara den nya redovisningen som", self.file.text())
        if path is not None:
            self.file.setText(str(path if path.suffix else path.with_suffix(EXTENSION)))

    def moving(self) -> list[int]:
        items = (self.costs.item(i) for i in range(self.costs.count()))
        return [int(it.data(Qt.ItemDataRole.UserRole)) for it in items if it.checkState() == Qt.CheckState.Checked]

    # -- creating -------------------------------------------------------------------------
    def create_document(self) -> None:  # not create(): that is QWidget.create()
        from models.next_year import start_next_year

        text = self.file.text().strip()
        if not text:
            self.ctx.interaction.warn("Ny redovisning från denna", "Ange var den nya redovisningen ska sparas.")
            return
        path = Path(text) if text.endswith(EXTENSION) else Path(text + EXTENSION)
        move = self.moving()
        try:
            result = start_next_year(
                self.ctx.doc,
                path,
                self.agreement.currentData(),
                self.ctx.catalogue,
                recipient_id=self.recipient.currentData(),
                move=move,
            )
        except UserError as err:
            self.ctx.interaction.warn("Ny redovisning från denna", str(err))
            return
        if result.moved:
            from ui.next_year_commands import MoveCostsCommand

            self.ctx.undo_stack.clear()  # its steps may name costs that moved
            self.ctx.push(MoveCostsCommand(self.ctx, result.path, result.moving))
            self.ctx.refresh()
        self.created = result.path
        self.summary = result.summary()
        if result.moved:  # the window holds one document: opening the new one ends this one's undo steps
            self.summary += " Öppnar du den nu kan flytten av kostnaderna inte längre ångras med Ctrl+Z."
        self.accept()


def _widget(window: Window) -> QWidget | None:
    return window if isinstance(window, QWidget) else None


def start(window: Window) -> None:
    """Arkiv → Ny redovisning från denna…: the dialog, then (if asked) the new document in the window."""
    ctx = window.ctx
    if ctx is None:
        return
    dialog = NextYearDialog(ctx, _widget(window))
    if not ctx.interaction.run_dialog(dialog) or dialog.created is None:
        return
    if ctx.interaction.confirm(
        "Ny redovisning från denna", f"{dialog.summary} Vill du öppna den nu?", yes="Öppna", no="Inte nu"
    ):
        window.open_path(dialog.created)
