"""Översikt: a notice when the catalogue holds another version of the document's agreement, with a button
that takes it (an undoable edit and a history row)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from models.doc_agreement import differences
from models.errors import UserError
from ui import theme
from ui.changes import AGREEMENT, PageRefresh
from ui.decision_commands import TakeAgreementCommand
from ui.doc_context import DocContext


class AgreementNotice(QFrame):
    def __init__(self, ctx: DocContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.follow_palette()
        layout = QHBoxLayout(self)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.button = QPushButton("Använd katalogens &version")
        self.button.clicked.connect(self.take)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.refresher = PageRefresh(self, ctx.changed, {AGREEMENT}, self.refresh)
        self.refresh()

    def follow_palette(self) -> None:
        self.setStyleSheet(
            f"AgreementNotice {{ background: {theme.background('notice').name()}; }} "
            f"AgreementNotice QLabel {{ color: {theme.on_background('notice').name()}; }}"
        )

    def refresh(self) -> None:
        from models.doc_agreement import catalogue_version

        try:
            newer = catalogue_version(self.ctx.doc, self.ctx.catalogue)
            own = self.ctx.agreement
        except UserError:
            newer = None
        if newer is None:
            self.hide()
            return
        changed = ", ".join(differences(own, newer)) or "detaljer"
        self.label.setText(
            f"Katalogen har en annan version av {newer.id} än den redovisningen följer (skiljer sig: {changed}). "
            "Redovisningen ändras inte förrän du väljer att använda katalogens version."
        )
        self.button.setEnabled(not self.ctx.readonly)
        self.show()

    def take(self) -> None:
        self.ctx.push(TakeAgreementCommand(self.ctx))
