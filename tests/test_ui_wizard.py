"""Walk the Ny redovisning wizard to a created document."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtWidgets import QWizard

from models.catalogue.check import load_catalogue
from models.storage.document_file import Document
from ui.interaction import ScriptedInteraction
from ui.settings import Settings
from ui.wizard import NewDocumentWizard


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def _walk_to_allocation(wizard, agreement_id: str, kind: str, recipient_id: str) -> None:
    page = wizard.agreement_page
    page.combo.setCurrentIndex(page.combo.findData(agreement_id))
    wizard.next()
    (wizard.kind_page.region if kind == "region" else wizard.kind_page.rss).setChecked(True)
    wizard.next()
    combo = wizard.recipient_page.combo
    combo.setCurrentIndex(combo.findData(recipient_id))
    wizard.next()
    assert wizard.currentPage() is wizard.allocation_page


def test_wizard_creates_a_document_with_catalogue_allocation_and_prefilled_contact(qtbot, tmp_path, catalogue):
    settings = Settings(last_contact={"contact_person": "Anna Lindqvist", "email": "anna@kommun.se"})
    settings.last_folder = str(tmp_path)
    wizard = NewDocumentWizard(catalogue, settings, ScriptedInteraction())
    qtbot.addWidget(wizard)
    wizard.show()
    _walk_to_allocation(wizard, "gnv-2024", "rss", "rss-12")
    published = catalogue.agreement("gnv-2024").allocation_for("rss-12")
    assert wizard.allocation_page.edits["Nära vård"].text().replace("\u00a0", " ").endswith(" kr")
    assert "Summa:" in wizard.allocation_page.total.text()
    wizard.next()
    contact = wizard.contact_page
    assert contact.edits["contact_person"].text() == "Anna Lindqvist"  # from the last document
    contact.edits["org_number"].setText("2321000255")
    contact.edits["org_number"].textEdited.emit("2321000255")
    contact.edits["phone"].setText("0401234")
    contact.edits["phone"].textEdited.emit("0401234")
    assert "7 siffror" in contact.problems["phone"].text()  # told while typing
    wizard.next()
    assert wizard.currentPage() is contact  # and not let through
    contact.edits["phone"].setText("040123456")
    contact.edits["phone"].textEdited.emit("040123456")
    wizard.next()
    assert wizard.currentPage() is wizard.file_page
    assert wizard.file_page.folder.text() == str(tmp_path)
    wizard.file_page.name.setText("Skåne 2024")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.file_page.problem.text() == ""
    assert wizard.created == tmp_path / "Skåne 2024.bidrag"
    with Document.open(wizard.created, readonly=True) as doc:
        assert doc.agreement_id == "gnv-2024" and doc.recipient_id == "rss-12"
        assert doc.allocation() == published
        assert doc.field("contact_person") == "Anna Lindqvist"
        assert doc.field("org_number") == "232100-0255"
    assert Settings.load().last_contact["email"] == "anna@kommun.se"


def test_agreement_without_tables_takes_typed_amounts_with_running_total(qtbot, tmp_path, catalogue):
    settings = Settings(last_folder=str(tmp_path))
    wizard = NewDocumentWizard(catalogue, settings, ScriptedInteraction())
    qtbot.addWidget(wizard)
    wizard.show()
    _walk_to_allocation(wizard, "sjsv-2021", "region", "region-12")
    page = wizard.allocation_page
    assert "ingen tabell" in page.note.text()
    edit = next(iter(page.edits.values()))
    edit.setText("1 250 000,50")
    edit.textEdited.emit(edit.text())
    assert page.total.text().replace("\u00a0", " ") == "Summa: 1 250 000,50 kr"
    edit.setText("tolv kronor")
    edit.textEdited.emit(edit.text())
    assert not page.isComplete() and page.problem.text()  # a wrong amount stops the wizard, with a reason
    edit.setText("1 250 000,50")
    edit.textEdited.emit(edit.text())
    wizard.next()
    wizard.contact_page.edits["email"].setText("fel@")
    wizard.contact_page.edits["email"].textEdited.emit("fel@")
    assert not wizard.contact_page.isComplete()
    assert wizard.contact_page.problems["email"].text()
    wizard.contact_page.edits["email"].setText("")
    wizard.contact_page.edits["email"].textEdited.emit("")
    wizard.next()
    (tmp_path / "Region Skåne 2021.bidrag").write_bytes(b"")  # existing file: never overwritten
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.created is None and "finns redan" in wizard.file_page.problem.text()
    wizard.file_page.name.setText("Region Skåne 2021 ny")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    with Document.open(wizard.created, readonly=True) as doc:
        assert sum(doc.allocation().values()) == Decimal("1250000.50")
