"""Ny redovisning: agreement → recipient kind → recipient → allocation → contact details → file."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from models.catalogue.catalogue import Agreement, Catalogue, Recipient
from models.errors import UserError
from models.fields import FIELD_BY_NAME
from models.money import format_sek, parse_amount
from models.prefill import RECIPIENT_BOUND, RECIPIENT_KEY, prefill_for
from models.storage.document_file import Document
from models.system.paths import EXTENSION
from models.validation import field_problem
from ui import theme
from ui.focus_order import reading_order
from ui.interaction import Interaction
from ui.settings import Settings

if TYPE_CHECKING:
    from ui.agreements_dialog import AgreementsDialog

WIZARD_CONTACT = ("recipient_name", "org_number", "contact_person", "postal_address", "phone", "email", "giro")


def kr(value: Decimal) -> str:
    return format_sek(value, decimals=True)


def safe_file_name(text: str) -> str:
    cleaned = "".join("_" if c in '<>:"/\\|?*' else c for c in text).strip(" .")
    return cleaned or "Redovisning"


class AgreementPage(QWizardPage):
    def __init__(self, wizard: NewDocumentWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Vilken överenskommelse gäller redovisningen?")
        self.setSubTitle("Välj året och avtalet som bidraget kommer från.")
        layout = QVBoxLayout(self)
        self.combo = QComboBox()
        self.combo.setAccessibleName("Överenskommelse")
        self.dialog: AgreementsDialog | None = None
        self.fill()
        layout.addWidget(self.combo)
        self.new_button = QPushButton("&Ny överenskommelse…")
        self.new_button.setToolTip("Lägg till årets överenskommelse om den inte finns i listan")
        self.new_button.clicked.connect(self.new_agreement)
        layout.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.info = QLabel()
        self.info.setWordWrap(True)
        layout.addWidget(self.info)
        layout.addStretch(1)
        self.combo.currentIndexChanged.connect(self._describe)
        self._describe()

    def fill(self, select: str | None = None) -> None:
        self.combo.blockSignals(True)
        self.combo.clear()
        for a in sorted(self.w.catalogue.agreements.values(), key=lambda a: (-a.year, a.id)):
            self.combo.addItem(a.name, a.id)
        self.combo.setCurrentIndex(max(self.combo.findData(select), 0))
        self.combo.blockSignals(False)

    def new_agreement(self) -> None:
        from ui.agreements_dialog import AgreementsDialog

        self.dialog = AgreementsDialog(self.w.catalogue, self.w.settings, self.w.interaction, self)
        self.dialog.new_agreement()
        self.dialog.finished.connect(lambda _r: self._agreements_closed())
        self.dialog.open()

    def _agreements_closed(self) -> None:
        """Back from Överenskommelser: the list again, with the agreement just saved chosen."""
        saved = self.dialog.saved if self.dialog is not None else None
        self.fill(saved or self.combo.currentData())
        self._describe()

    def agreement(self) -> Agreement:
        return self.w.catalogue.agreement(self.combo.currentData())

    def _describe(self) -> None:
        a = self.agreement()
        d = a.deadlines
        lines = [
            f"Period {a.period_start} – {a.period_end}.",
            (
                f"Ingen rekvisition (utbetalning efter regeringsbeslut); redovisning senast {d.get('report')}."
                if a.no_requisition
                else f"Rekvisition senast {d.get('requisition')}, redovisning senast {d.get('report')}."
            ),
            "Strömmar: " + ", ".join(a.streams) + ".",
        ]
        self.info.setText("\n".join(lines))


REGION_TEXT = "&Region – regionens egen del av bidraget"
RSS_TEXT = "&RSS – kommunernas medel i länet, via regional samverkans- och stödstruktur"


class KindPage(QWizardPage):
    def __init__(self, wizard: NewDocumentWizard) -> None:
        super().__init__()
        self.setTitle("Vem tar emot bidraget?")
        layout = QVBoxLayout(self)
        self.w = wizard
        self.region = QRadioButton(REGION_TEXT)
        self.rss = QRadioButton(RSS_TEXT)
        self.group = QButtonGroup(self)
        for b in (self.rss, self.region):
            self.group.addButton(b)
            layout.addWidget(b)
        self.rss.setChecked(True)
        layout.addStretch(1)

    def initializePage(self) -> None:
        """Only the kinds of recipient the agreement has money for can be chosen."""
        agreement = self.w.agreement_page.agreement()
        offered = {kind: bool(agreement.streams_for(kind)) for kind in ("region", "rss")}
        for kind, button, text in (("region", self.region, REGION_TEXT), ("rss", self.rss, RSS_TEXT)):
            button.setEnabled(offered[kind])
            button.setText(text if offered[kind] else f"{text} (inga medel i den här överenskommelsen)")
        if not offered[self.kind()]:
            (self.region if offered["region"] else self.rss).setChecked(True)

    def kind(self) -> str:
        return "region" if self.region.isChecked() else "rss"


class RecipientPage(QWizardPage):
    def __init__(self, wizard: NewDocumentWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Vilken mottagare?")
        layout = QVBoxLayout(self)
        self.combo = QComboBox()
        self.combo.setAccessibleName("Mottagare")
        layout.addWidget(self.combo)
        layout.addStretch(1)

    def initializePage(self) -> None:
        kind = self.w.kind_page.kind()
        self.setSubTitle("Regioner" if kind == "region" else "RSS, en per län")
        current = self.combo.currentData()
        self.combo.clear()
        for r in self.w.catalogue.recipients_of(kind):
            label = r.name if kind == "region" else f"{r.name} (kommunerna i länet)"
            self.combo.addItem(label, r.id)
        index = self.combo.findData(current)
        self.combo.setCurrentIndex(max(index, 0))

    def recipient(self) -> Recipient:
        return self.w.catalogue.recipient(self.combo.currentData())


class AllocationPage(QWizardPage):
    def __init__(self, wizard: NewDocumentWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Tilldelning per ström")
        self.layout_ = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.layout_.addWidget(self.note)
        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        self.layout_.addWidget(self.form_host)
        self.total = QLabel()
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.layout_.addWidget(self.total)
        self.problem = QLabel()
        theme.paint_text(self.problem, "error")
        self.problem.setWordWrap(True)
        self.layout_.addWidget(self.problem)
        self.layout_.addStretch(1)
        self.edits: dict[str, QLineEdit] = {}

    def initializePage(self) -> None:
        agreement = self.w.agreement_page.agreement()
        recipient = self.w.recipient_page.recipient()
        table = agreement.allocation_for(recipient.id)
        while self.form.rowCount():
            self.form.removeRow(0)
        self.edits = {}
        for stream in agreement.streams_for(recipient.kind):
            edit = QLineEdit(kr(table.get(stream, Decimal(0))) if table else "")
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.setPlaceholderText("0,00 kr")
            edit.setAccessibleName(f"Tilldelning {stream}")
            edit.textEdited.connect(self._update_total)
            self.edits[stream] = edit
            self.form.addRow(stream, edit)
        if table is not None:
            self.note.setText(
                f"Beloppen för {recipient.name} är hämtade ur avtalets tabell. Ändra dem bara om beslutet säger annat."
            )
        else:
            self.note.setText(
                "Avtalet har ingen tabell per mottagare. Skriv in beloppen från beslutet eller fördelningen; "
                "summan räknas medan du skriver."
            )
        self._update_total()

    def values(self) -> dict[str, Decimal] | None:
        out = {}
        for stream, edit in self.edits.items():
            try:
                out[stream] = parse_amount(edit.text() or "0", allow_negative=False)
            except UserError as err:
                self.problem.setText(f"{stream}: {err}")
                return None
        self.problem.setText("")
        return out

    def _update_total(self) -> None:
        values = self.values()
        if values is not None:
            self.total.setText(f"Summa: {kr(sum(values.values(), Decimal(0)))}")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        values = self.values()
        if values is None:
            return False
        if not self.edits or sum(values.values(), Decimal(0)) <= 0:  # a document of 0 kr cannot be used
            self.problem.setText("Ange tilldelningen från beslutet; en redovisning på 0 kr kan inte användas.")
            return False
        return True

    def validatePage(self) -> bool:
        return self.isComplete()


class ContactPage(QWizardPage):
    def __init__(self, wizard: NewDocumentWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Kontaktuppgifter")
        self.setSubTitle("Ifyllda från din senaste redovisning. De kan ändras senare under Uppgifter.")
        form = QFormLayout(self)
        self.edits: dict[str, QLineEdit] = {}
        self.problems: dict[str, QLabel] = {}
        for name in WIZARD_CONTACT:
            spec = FIELD_BY_NAME[name]
            edit = QLineEdit()
            edit.setAccessibleName(spec.label)
            edit.textEdited.connect(lambda _t, n=name: self._check(n))
            problem = QLabel()
            theme.paint_text(problem, "error")
            problem.setVisible(False)
            box = QWidget()
            col = QVBoxLayout(box)
            col.setContentsMargins(0, 0, 0, 0)
            col.addWidget(edit)
            col.addWidget(problem)
            self.edits[name], self.problems[name] = edit, problem
            form.addRow(spec.label, box)
        self.carry = QCheckBox("&Ta med även dessa uppgifter från din senaste redovisning:")
        self.carried = QLabel()
        self.carried.setWordWrap(True)
        self.carried.setTextFormat(Qt.TextFormat.PlainText)
        self.carried.setAccessibleName("Uppgifter som hämtas från din senaste redovisning")
        form.addRow(self.carry)
        form.addRow(self.carried)

    def initializePage(self) -> None:
        recipient = self.w.recipient_page.recipient()
        prefill = prefill_for(self.w.settings.last_contact, recipient.id)
        for name, edit in self.edits.items():
            if name == "recipient_name":
                edit.setText(prefill.get(name) or recipient.name)
            elif not edit.text() or name in RECIPIENT_BOUND:  # another recipient's numbers never stay
                edit.setText(
                    prefill.get(name, "").replace("\n", ", ") if name == "postal_address" else prefill.get(name, "")
                )
            self._check(name)
        # the fields the wizard does not ask for, shown for review before they are copied
        others = {n: v for n, v in prefill.items() if n not in self.edits}
        lines = [f"{FIELD_BY_NAME[n].label}: {' '.join(v.split())}" for n, v in others.items()]
        self.carried.setText("\n".join(lines))
        self.carry.setChecked(bool(others))
        for w in (self.carry, self.carried):
            w.setVisible(bool(others))

    def carried_values(self) -> dict[str, str]:
        """The remembered fields the wizard does not ask for, when the user keeps them."""
        if not self.carry.isChecked():
            return {}
        prefill = prefill_for(self.w.settings.last_contact, self.w.recipient_page.recipient().id)
        return {n: v for n, v in prefill.items() if n not in self.edits}

    def _check(self, name: str) -> None:
        problem = field_problem(name, self.edits[name].text())
        self.problems[name].setText(problem or "")
        self.problems[name].setVisible(bool(problem))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not any(field_problem(n, e.text()) for n, e in self.edits.items())

    def validatePage(self) -> bool:
        return self.isComplete()

    def values(self) -> dict[str, str]:
        values = {n: e.text().strip() for n, e in self.edits.items()}
        if "postal_address" in values:
            values["postal_address"] = "\n".join(p.strip() for p in values["postal_address"].split(","))
        return values


class FilePage(QWizardPage):
    def __init__(self, wizard: NewDocumentWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Var ska redovisningen sparas?")
        self.setSubTitle("Allt du gör sparas direkt i filen. Lägg den gärna på den gemensamma enheten.")
        form = QFormLayout(self)
        self.name = QLineEdit()
        self.name.setAccessibleName("Filnamn")
        form.addRow("&Filnamn", self.name)
        row = QHBoxLayout()
        self.folder = QLineEdit()
        self.folder.setAccessibleName("Mapp")
        browse = QPushButton("&Bläddra…")
        browse.clicked.connect(self._browse)
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        folder_label = QLabel("&Mapp")  # with its buddy, so Alt+M goes to the folder and no "&" is shown
        folder_label.setBuddy(self.folder)
        form.addRow(folder_label, row)
        self.problem = QLabel()
        theme.paint_text(self.problem, "error")
        self.problem.setWordWrap(True)
        form.addRow(self.problem)

    def initializePage(self) -> None:
        agreement = self.w.agreement_page.agreement()
        recipient = self.w.recipient_page.recipient()
        self.name.setText(safe_file_name(f"{recipient.name} {agreement.year}") + EXTENSION)
        if not self.folder.text():
            folder = self.w.settings.last_folder or str(Path.home() / "Documents")
            if not Path(folder).is_dir():
                folder = str(Path.home())
            self.folder.setText(folder)

    def _browse(self) -> None:
        chosen = self.w.interaction.choose_folder("Välj mapp", self.folder.text())
        if chosen is not None:
            self.folder.setText(str(chosen))

    def target(self) -> Path:
        name = self.name.text().strip()
        if not name.lower().endswith(EXTENSION):
            name += EXTENSION
        return Path(self.folder.text().strip()) / (safe_file_name(name[: -len(EXTENSION)]) + EXTENSION)

    def validatePage(self) -> bool:
        try:
            self.w.create_document(self.target())
        except UserError as err:
            self.problem.setText(str(err))
            return False
        return True


class NewDocumentWizard(QWizard):
    def __init__(
        self, catalogue: Catalogue, settings: Settings, interaction: Interaction, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.settings = settings
        self.interaction = interaction
        self.created: Path | None = None
        self.setWindowTitle("Ny redovisning")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        for button, text in (
            (QWizard.WizardButton.BackButton, "< &Tillbaka"),
            (QWizard.WizardButton.NextButton, "&Nästa >"),
            (QWizard.WizardButton.FinishButton, "&Skapa"),
            (QWizard.WizardButton.CancelButton, "Avbryt"),
        ):
            self.setButtonText(button, text)
        self.agreement_page = AgreementPage(self)
        self.kind_page = KindPage(self)
        self.recipient_page = RecipientPage(self)
        self.allocation_page = AllocationPage(self)
        self.contact_page = ContactPage(self)
        self.file_page = FilePage(self)
        for page in (
            self.agreement_page,
            self.kind_page,
            self.recipient_page,
            self.allocation_page,
            self.contact_page,
            self.file_page,
        ):
            self.addPage(page)
        self.resize(self.sizeHint().expandedTo(self.minimumSizeHint()).grownBy(self.contentsMargins()))
        self.setMinimumWidth(640)

    def initializePage(self, page_id: int) -> None:
        super().initializePage(page_id)
        Wb = QWizard.WizardButton
        buttons = [self.button(b) for b in (Wb.BackButton, Wb.NextButton, Wb.FinishButton, Wb.CancelButton)]
        reading_order(self.page(page_id), then=buttons)  # the page is built after the buttons: Tab takes it first

    def create_document(self, path: Path) -> Path:  # not create(): that is QWidget.create()
        """Create the document from the answers; an existing file is never overwritten."""
        agreement = self.agreement_page.agreement()
        recipient = self.recipient_page.recipient()
        allocation = self.allocation_page.values()
        if allocation is None:
            raise UserError("Tilldelningen innehåller ett belopp som inte går att läsa.")
        contact = self.contact_page.values()
        last = self.settings.last_contact
        fields = self.contact_page.carried_values()
        fields.update({n: v for n, v in contact.items() if v})
        doc = Document.create(path, agreement.id, recipient.id, self.catalogue, fields=fields)
        try:
            current = doc.allocation()
            for stream, amount in allocation.items():
                if current.get(stream) != amount:
                    doc.set_allocation(stream, amount)
        finally:
            doc.close()
        self.settings.last_contact = {**last, **contact, RECIPIENT_KEY: recipient.id}
        self.settings.last_folder = str(path.parent)
        self.settings.save()
        self.created = path
        return path
