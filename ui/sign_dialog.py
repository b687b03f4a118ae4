"""Export → Signera…: sign an exported PDF with a certificate file or an e-tjänstekort.

A thin layer over ``exporters.signing``: the dialog gathers the PDF, the field, the certificate
file or card and the password or PIN (asked for here, used once, never stored) and calls
``sign_pdf`` with the open document, so a PDF whose figures are no longer the document's is
refused. The signature is noted in the document's history when the document can be written.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from models.errors import UserError
from ui.changes import change
from ui.doc_context import DocContext

PDF_FILTER = "PDF (*.pdf)"
P12_FILTER = "Certifikatfil (*.p12 *.pfx)"
LIB_FILTER = "PKCS#11-bibliotek (*.dll *.so *.dylib);;Alla filer (*)"
TITLE = "Signera digitalt"
FIELDS = [
    ("ekonomichef", "Ekonomichef (eller motsvarande), avsnitt 4 i redovisningen"),
    ("behorig_foretradare", "Behörig företrädare, underskriften"),
]


def signed_name(pdf: Path) -> Path:
    """Where the signed copy goes by default: beside the PDF, "-signerad" added once."""
    stem = pdf.stem if pdf.stem.endswith("-signerad") else f"{pdf.stem}-signerad"
    return pdf.with_name(f"{stem}.pdf")


class SignDialog(QDialog):
    def __init__(self, ctx: DocContext, pdf: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result_path: Path | None = None
        self.setWindowTitle(TITLE)
        self.setMinimumWidth(620)
        intro = QLabel(
            "Signera den exporterade blanketten med ditt e-tjänstekort (SITHS) eller en certifikatfil. "
            "Ekonomichefen signerar först, behörig företrädare sedan; båda signaturerna gäller."
        )
        intro.setWordWrap(True)

        self.pdf = QLineEdit(str(pdf) if pdf else "")
        self.pdf.setAccessibleName("PDF att signera")
        self.pdf.textChanged.connect(self._suggest_out)
        self.out = QLineEdit(str(signed_name(pdf)) if pdf else "")
        self.out.setAccessibleName("Spara den signerade PDF:en som")
        self.field = QComboBox()
        for key, label in FIELDS:
            self.field.addItem(label, key)
        self.field.setAccessibleName("Signaturfält")
        files = QFormLayout()
        files.addRow("PDF:", self._with_button(self.pdf, self._choose_pdf))
        files.addRow("Signaturfält:", self.field)
        files.addRow("Spara som:", self._with_button(self.out, self._choose_out))

        self.use_card = QRadioButton("E-tjänstekort (SITHS) eller annat kort")
        self.use_file = QRadioButton("Certifikatfil (.p12/.pfx)")
        group = QButtonGroup(self)
        group.addButton(self.use_card)
        group.addButton(self.use_file)
        self.use_file.setChecked(True)
        self.p12 = QLineEdit()
        self.p12.setAccessibleName("Certifikatfil")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Certifikatfilens lösenord")
        self.library = QLineEdit()
        self.library.setAccessibleName("Kortets PKCS#11-bibliotek")
        self.library.setPlaceholderText("t.ex. C:\\Program Files\\Net iD\\iidp11.dll")
        self.token = QLineEdit()
        self.token.setPlaceholderText("behövs bara när flera kort sitter i")
        self.key = QLineEdit()
        self.key.setPlaceholderText("behövs bara när kortet har flera nycklar")
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText("tomt: kortets eget fönster frågar")
        self.pin.setAccessibleName("Kortets PIN-kod")
        how = QGroupBox("Signera med")
        how_layout = QFormLayout(how)
        how_layout.addRow(self.use_file)
        how_layout.addRow("Certifikatfil:", self._with_button(self.p12, self._choose_p12))
        how_layout.addRow("Lösenord:", self.password)
        how_layout.addRow(self.use_card)
        how_layout.addRow("Kortets bibliotek:", self._with_button(self.library, self._choose_library))
        how_layout.addRow("Kortets namn:", self.token)
        how_layout.addRow("Nyckelns namn:", self.key)
        how_layout.addRow("PIN-kod:", self.pin)
        self.use_file.toggled.connect(self._enable)
        self._recall()

        self.reason = QLineEdit()
        self.reason.setPlaceholderText("t.ex. Granskad och godkänd")
        self.location = QLineEdit(self._doc_field("sign_place"))
        extra = QFormLayout()
        extra.addRow("Skäl:", self.reason)
        extra.addRow("Ort:", self.location)

        buttons = QDialogButtonBox()
        buttons.addButton("Avbryt", QDialogButtonBox.ButtonRole.RejectRole)
        self.sign_button = buttons.addButton("Signera", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.sign)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(files)
        layout.addWidget(how)
        layout.addLayout(extra)
        layout.addWidget(buttons)
        self._enable()

    def _recall(self) -> None:
        """How this user signed last time: the card's library and names or the certificate file."""
        last = self.ctx.settings.signing
        self.use_card.setChecked(last.get("method") == "card")
        self.use_file.setChecked(last.get("method") != "card")
        self.p12.setText(last.get("certificate", ""))
        self.library.setText(last.get("library", ""))
        self.token.setText(last.get("token", ""))
        self.key.setText(last.get("key", ""))

    def _remember(self) -> None:
        """Remember the files and names (never the password or PIN) for the next signature."""
        self.ctx.settings.signing = {
            "method": "file" if self.use_file.isChecked() else "card",
            "certificate": self.p12.text().strip(),
            "library": self.library.text().strip(),
            "token": self.token.text().strip(),
            "key": self.key.text().strip(),
        }
        self.ctx.settings.save()

    def _doc_field(self, name: str) -> str:
        try:
            return self.ctx.doc.field(name)
        except UserError:
            return ""

    @staticmethod
    def _with_button(edit: QLineEdit, slot: object) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        button = QPushButton("Välj…")
        button.clicked.connect(slot)
        row.addWidget(button)
        return box

    def _enable(self) -> None:
        file = self.use_file.isChecked()
        for w in (self.p12, self.password):
            w.setEnabled(file)
        for w in (self.library, self.token, self.key, self.pin):
            w.setEnabled(not file)

    def _suggest_out(self, text: str) -> None:
        if text.strip():
            self.out.setText(str(signed_name(Path(text.strip()))))

    def _choose_pdf(self) -> None:
        path = self.ctx.interaction.open_file("Välj den exporterade PDF:en", str(self.ctx.doc.path.parent), PDF_FILTER)
        if path:
            self.pdf.setText(str(path))

    def _choose_out(self) -> None:
        path = self.ctx.interaction.save_file("Spara den signerade PDF:en", self.out.text(), PDF_FILTER)
        if path:
            self.out.setText(str(path))

    def _choose_p12(self) -> None:
        path = self.ctx.interaction.open_file("Välj certifikatfilen", "", P12_FILTER)
        if path:
            self.p12.setText(str(path))

    def _choose_library(self) -> None:
        path = self.ctx.interaction.open_file("Välj kortets PKCS#11-bibliotek", "", LIB_FILTER)
        if path:
            self.library.setText(str(path))

    def sign(self) -> bool:
        """Sign with what the dialog holds; a refusal is one sentence and the dialog stays open."""
        from exporters.signing import card_signer, p12_signer, role_label, sign_pdf

        pdf, out = self.pdf.text().strip(), self.out.text().strip()
        if not pdf or not out:
            self.ctx.interaction.warn(TITLE, "Välj PDF:en att signera och var den signerade ska sparas.")
            return False
        field = str(self.field.currentData())
        signer: AbstractContextManager[Any]
        try:
            if self.use_file.isChecked():
                if not self.p12.text().strip():
                    raise UserError("Välj certifikatfilen (.p12/.pfx) att signera med.")
                signer = nullcontext(p12_signer(self.p12.text().strip(), self.password.text()))
            else:
                if not self.library.text().strip():
                    raise UserError("Välj kortets PKCS#11-bibliotek; din IT-avdelning vet var det finns.")
                signer = card_signer(
                    self.library.text().strip(),
                    token_label=self.token.text().strip(),
                    key_label=self.key.text().strip(),
                    pin=self.pin.text() or None,
                )
            with signer as s:
                result = sign_pdf(
                    pdf,
                    out,
                    field,
                    s,
                    doc=self.ctx.doc,
                    catalogue=self.ctx.catalogue,
                    reason=self.reason.text().strip(),
                    location=self.location.text().strip(),
                )
        except UserError as err:
            self.ctx.interaction.warn(TITLE, str(err))
            return False
        finally:
            self.password.clear()  # used once, never kept
            self.pin.clear()
        self.result_path = result.path
        self._remember()
        noted = self.ctx.doc.note("signerat", f"{result.path.name}: {role_label(field).lower()}", result.signer)
        if noted:
            self.ctx.refresh(change())  # a history row
        self.ctx.interaction.info(
            TITLE, f"{role_label(field)}s signatur är gjord av {result.signer} och sparad i {result.path.name}."
        )
        self.accept()
        return True
