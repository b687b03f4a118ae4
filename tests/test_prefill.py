"""Prefill only from the user's own real documents (issue 12, point 1)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWizard

from models.demo.example import create_demo
from models.prefill import RECIPIENT_KEY, prefill_for, remembered_contact
from models.storage.document_file import Document
from tests.helpers import catalogue, new_document
from ui.interaction import ScriptedInteraction
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.wizard import NewDocumentWizard

SKANE = {
    "recipient_name": "Region Skåne",
    "org_number": "232100-0255",
    "giro": "Bankgiro 5050-1055",
    "contact_person": "Åsa Öberg",
    "chief_name": "Göran Ärlig",
    "signatory_name": "Märta Ödman",
    "sign_place": "Malmö",
    RECIPIENT_KEY: "region-12",
}


def test_the_example_is_never_remembered_and_a_real_document_is(tmp_path: Path) -> None:
    demo = Document.open(create_demo(tmp_path / "demo.bidrag", catalogue()), readonly=True)
    assert demo.example and remembered_contact(demo) is None
    demo.close()
    doc = new_document(tmp_path)
    doc.set_fields([("chief_name", "Göran Ärlig"), ("org_number", "232100-0255")])
    assert not doc.example
    assert remembered_contact(doc) == {
        "recipient_name": "Region Skåne",
        "org_number": "232100-0255",
        "chief_name": "Göran Ärlig",
        RECIPIENT_KEY: "region-12",
    }


def test_recipient_bound_fields_never_go_to_another_recipient() -> None:
    same = prefill_for(SKANE, "region-12")
    assert same["org_number"] == "232100-0255" and same["giro"] == "Bankgiro 5050-1055"
    other = prefill_for(SKANE, "rss-01")
    assert "org_number" not in other and "giro" not in other and "recipient_name" not in other
    assert other["chief_name"] == "Göran Ärlig" and other["sign_place"] == "Malmö"
    polluted = {**SKANE, "email": "anna.lindqvist@kommunforbundet.exempel.se"}  # saved from the example before
    assert prefill_for(polluted, "region-12") == {}


def test_opening_the_example_does_not_change_what_new_documents_get(qtbot, tmp_path: Path) -> None:
    settings = Settings(last_contact=dict(SKANE))
    window = MainWindow(catalogue(), settings, ScriptedInteraction())
    qtbot.addWidget(window)
    window.open_path(create_demo(tmp_path / "demo.bidrag", catalogue()))
    window.close_document()
    assert settings.last_contact == SKANE
    window.close()


def _walk(wizard: NewDocumentWizard, recipient_id: str) -> None:
    combo = wizard.agreement_page.combo
    combo.setCurrentIndex(combo.findData("gnv-2024"))
    wizard.next()
    (wizard.kind_page.region if recipient_id.startswith("region") else wizard.kind_page.rss).setChecked(True)
    wizard.next()
    combo = wizard.recipient_page.combo
    combo.setCurrentIndex(combo.findData(recipient_id))
    wizard.next()
    wizard.next()  # the allocation from the catalogue


def test_the_wizard_shows_what_it_carries_and_keeps_numbers_with_their_recipient(qtbot, tmp_path: Path) -> None:
    settings = Settings(last_contact=dict(SKANE), last_folder=str(tmp_path))
    wizard = NewDocumentWizard(catalogue(), settings, ScriptedInteraction())
    qtbot.addWidget(wizard)
    wizard.show()
    _walk(wizard, "rss-01")  # Stockholms län, not Region Skåne
    page = wizard.contact_page
    assert page.edits["org_number"].text() == "" and page.edits["giro"].text() == ""
    assert page.edits["recipient_name"].text() != "Region Skåne"
    assert page.edits["contact_person"].text() == "Åsa Öberg"
    shown = page.carried.text()
    assert "Ekonomichefens namn: Göran Ärlig" in shown and "Ort för redovisningen: Malmö" in shown
    assert page.carry.isChecked() and not page.carried.isHidden()
    wizard.next()
    wizard.file_page.name.setText("Stockholm 2024")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    with Document.open(wizard.created, readonly=True) as doc:
        assert doc.field("org_number") == "" and doc.field("giro") == ""
        assert doc.field("chief_name") == "Göran Ärlig" and doc.field("signatory_name") == "Märta Ödman"


def test_unticking_the_review_box_carries_nothing_more(qtbot, tmp_path: Path) -> None:
    settings = Settings(last_contact=dict(SKANE), last_folder=str(tmp_path))
    wizard = NewDocumentWizard(catalogue(), settings, ScriptedInteraction())
    qtbot.addWidget(wizard)
    wizard.show()
    _walk(wizard, "region-12")
    assert wizard.contact_page.edits["org_number"].text() == "232100-0255"  # the same recipient keeps its numbers
    wizard.contact_page.carry.setChecked(False)
    wizard.next()
    wizard.file_page.name.setText("Skåne 2024")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    with Document.open(wizard.created, readonly=True) as doc:
        assert doc.field("org_number") == "232100-0255" and doc.field("chief_name") == ""
