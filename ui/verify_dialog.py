"""Arkiv → Kontrollera signerad PDF…: who signed, whether each signature is intact, and whether the
signed figures are the open document's current figures. A thin layer over ``exporters.verifying``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from ui import theme
from ui.changes import change

if TYPE_CHECKING:
    from exporters.verifying import Verification
    from models.catalogue.catalogue import Catalogue
    from ui.doc_context import DocContext
    from ui.interaction import Interaction

TITLE = "Kontrollera signerad PDF"


class VerifyDialog(QDialog):
    """The answer of one check: a table of the signatures and a verdict in words."""

    def __init__(self, result: Verification, document: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from exporters.pdffields import ROLES

        self.setWindowTitle(f"{TITLE} – {result.name}")
        self.setMinimumSize(720, 240)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        if result.ok:
            against = f" och visar siffrorna i {document}" if result.matches_document else ""
            self.verdict.setText(f"Godkänd: varje signatur är obruten{against}.")
            theme.paint_text(self.verdict, "ok", bold=True)
        else:
            self.verdict.setText("Underkänd: " + " ".join(result.problems()))
            theme.paint_text(self.verdict, "error", bold=True)
        self.table = QTreeWidget()
        self.table.setAccessibleName("Signaturer")
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels(["Fält", "Undertecknare", "Organisation", "Tid", "Obruten", "Betrott certifikat"])
        for s in result.signatures:
            when = s.time.astimezone().strftime("%Y-%m-%d %H:%M") if s.time else "–"
            row = [ROLES.get(s.field, s.field), s.signer, s.organisation, when]
            row += ["ja" if s.intact else "NEJ", "ja" if s.trusted else "nej, inte på den här datorn"]
            self.table.addTopLevelItem(QTreeWidgetItem(row))
        for i in range(self.table.columnCount()):
            self.table.resizeColumnToContents(i)
        details = QLabel("\n".join(result.lines()[len(result.signatures) + 1 :]))
        details.setWordWrap(True)
        buttons = QDialogButtonBox()
        buttons.addButton("Stäng", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.verdict)
        layout.addWidget(self.table)
        layout.addWidget(details)
        layout.addWidget(buttons)


def check_signed_pdf(
    interaction: Interaction, catalogue: Catalogue, ctx: DocContext | None, pdf: Path | None = None
) -> VerifyDialog | None:
    """Ask for a signed PDF (unless given) and check it, against the open document if there is one.

    The check is noted in the document's history when it can be written. Returns the answer's
    dialog, not yet shown; None when cancelled or the file cannot be read (said in a message)."""
    from exporters.verifying import verify_pdf
    from models.errors import UserError

    folder = str(ctx.doc.path.parent) if ctx else ""
    pdf = pdf or interaction.open_file("Välj den signerade PDF:en", folder, "PDF (*.pdf)")
    if pdf is None:
        return None
    try:
        result = verify_pdf(pdf, doc=ctx.doc, catalogue=catalogue) if ctx is not None else verify_pdf(pdf)
    except UserError as err:
        interaction.warn(TITLE, str(err))
        return None
    if ctx is not None and ctx.doc.note("kontrollerat", f"signerad PDF {result.name}", result.summary()):
        ctx.refresh(change())  # a history row
    return VerifyDialog(result, ctx.doc.path.name if ctx else "")
