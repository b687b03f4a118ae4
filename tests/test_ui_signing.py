"""The window's signing: Export → Signera… signs an exported PDF in place of the finance chief, and
Arkiv → Kontrollera signerad PDF… says who signed and whether the figures are the document's."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from pki import make_authority, write_p12
from test_export_forms import make_doc

from exporters.run import export_document
from exporters.verifying import verify_pdf
from models.catalogue.check import load_catalogue
from models.document import Cost
from ui.doc_context import DocContext
from ui.interaction import ScriptedInteraction
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.sign_dialog import SignDialog
from ui.verify_dialog import check_signed_pdf

CHIEF = "Göran Ärlig"


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.fixture()
def setup(tmp_path, catalogue):
    doc = make_doc(tmp_path / "skane.bidrag", catalogue, "gnv-2024")
    doc.set_field("sign_place", "Kristianstad")
    export_document(doc, catalogue, pdf=tmp_path / "redovisning.pdf")
    write_p12(tmp_path / "chef.p12", make_authority(), CHIEF, "hemligt")
    interaction = ScriptedInteraction()
    ctx = DocContext(doc, catalogue, Settings(), interaction)
    yield tmp_path, ctx, interaction
    doc.close()


def _dialog(qtbot, ctx, folder):
    dialog = SignDialog(ctx, folder / "redovisning.pdf")
    qtbot.addWidget(dialog)
    dialog.p12.setText(str(folder / "chef.p12"))
    dialog.password.setText("hemligt")
    return dialog


def test_the_dialog_signs_the_chiefs_field_notes_it_and_forgets_the_password(qtbot, setup, catalogue):
    folder, ctx, interaction = setup
    dialog = _dialog(qtbot, ctx, folder)
    assert dialog.out.text() == str(folder / "redovisning-signerad.pdf")
    assert dialog.location.text() == "Kristianstad"  # Ort from the document's signature block
    assert dialog.field.currentData() == "ekonomichef"
    assert dialog.sign()
    assert dialog.password.text() == ""
    assert interaction.texts("info") == [
        f"Ekonomichefs signatur är gjord av {CHIEF} och sparad i redovisning-signerad.pdf."
    ]
    result = verify_pdf(folder / "redovisning-signerad.pdf", doc=ctx.doc, catalogue=catalogue)
    assert [(s.field, s.signer, s.intact) for s in result.signatures] == [("ekonomichef", CHIEF, True)]
    assert result.ok
    last = ctx.doc.history(1)[0]
    assert (last.action, last.new) == ("signerat", CHIEF)
    again = SignDialog(ctx, folder / "redovisning-signerad.pdf")  # the next signature: the file is remembered
    qtbot.addWidget(again)
    assert again.use_file.isChecked() and again.p12.text() == str(folder / "chef.p12")
    assert again.password.text() == ""
    saved = Settings.load()
    assert saved.signing["certificate"] == str(folder / "chef.p12")
    assert "hemligt" not in json.dumps(saved.signing)


def test_a_wrong_password_or_changed_figures_are_refused_in_one_sentence(qtbot, setup):
    folder, ctx, interaction = setup
    dialog = _dialog(qtbot, ctx, folder)
    dialog.password.setText("fel")
    assert not dialog.sign()
    ctx.doc.costs.add_cost(Cost(date(2024, 4, 1), Decimal("100.00"), "Nära vård", "Personal"))
    dialog.password.setText("hemligt")
    assert not dialog.sign()
    warnings = interaction.texts("warn")
    assert warnings[0].startswith("Certifikatfilen chef.p12 kunde inte öppnas: fel lösenord")
    assert warnings[1].startswith("Uppgifterna i skane.bidrag har ändrats sedan PDF:en exporterades")
    assert not (folder / "redovisning-signerad.pdf").exists()


def test_checking_a_signed_copy_shows_signer_and_verdict_and_notes_the_check(qtbot, setup, catalogue):
    folder, ctx, interaction = setup
    assert _dialog(qtbot, ctx, folder).sign()
    answer = check_signed_pdf(interaction, catalogue, ctx, folder / "redovisning-signerad.pdf")
    assert answer is not None
    qtbot.addWidget(answer)
    assert answer.verdict.text() == "Godkänd: varje signatur är obruten och visar siffrorna i skane.bidrag."
    row = answer.table.topLevelItem(0)
    assert [row.text(i) for i in (0, 1, 2, 4)] == ["Ekonomichef", CHIEF, "Region Skåne", "ja"]
    assert answer.table.topLevelItemCount() == 1
    assert ctx.doc.history(1)[0].action == "kontrollerat"
    ctx.doc.costs.add_cost(Cost(date(2024, 4, 1), Decimal("100.00"), "Nära vård", "Personal"))
    answer = check_signed_pdf(interaction, catalogue, ctx, folder / "redovisning-signerad.pdf")
    assert answer is not None
    qtbot.addWidget(answer)
    assert answer.verdict.text().startswith("Underkänd: Siffrorna i redovisning-signerad.pdf är inte redovisningens")


def test_the_menus_offer_signing_with_a_document_and_checking_always(qtbot, catalogue):
    window = MainWindow(catalogue, Settings(), ScriptedInteraction())
    qtbot.addWidget(window)
    menus = {m.title().replace("&", ""): m for m in window.menuBar().findChildren(type(window.recent_menu))}
    export_items = [a.text().replace("&", "") for a in menus["Export"].actions()]
    arkiv_items = [a.text().replace("&", "") for a in menus["Arkiv"].actions()]
    assert "Signera…" in export_items
    assert "Kontrollera signerad PDF…" in arkiv_items
    assert not window.act_sign.isEnabled()  # nothing to sign against without a document
    assert window.act_verify.isEnabled()
