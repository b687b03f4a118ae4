"""The window: Arkiv → Överenskommelser…, the wizard's button, the version notice, decisions and repayment."""

from __future__ import annotations

import json
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QTreeWidgetItem, QWizard

from models.catalogue.agreement_data import agreement_data, set_value
from models.catalogue.user import load_full_catalogue, save_user_agreement, user_agreements_dir
from models.storage.document_file import Document
from ui.agreements_dialog import AgreementsDialog
from ui.interaction import ScriptedInteraction
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.wizard import NewDocumentWizard

SHOTS = Path(tempfile.gettempdir()) / "bidragskollen-shots"  # pictures to look at, outside the repository


def _row_of(dialog: AgreementsDialog, agreement_id: str) -> QTreeWidgetItem | None:
    for i in range(dialog.tree.topLevelItemCount()):
        item = dialog.tree.topLevelItem(i)
        if item.data(0, Qt.ItemDataRole.UserRole) == agreement_id:
            return item
    return None


def test_a_new_agreement_from_the_newest_template_is_edited_and_saved(qtbot) -> None:
    cat = load_full_catalogue()
    dialog = AgreementsDialog(cat, Settings(), ScriptedInteraction())
    qtbot.addWidget(dialog)
    sources = {dialog.tree.topLevelItem(i).text(0): dialog.tree.topLevelItem(i).text(2) for i in range(5)}
    assert sources["gnv-2024"] == "inbyggd"
    assert not dialog.save_button.isEnabled()  # a built-in agreement is shown, not edited
    dialog.tree.clearSelection()
    dialog.tree.setCurrentItem(None)
    dialog.new_agreement()
    e = dialog.editor
    assert e.id_edit.text() == f"gnv-{date.today().year}" and not e.id_edit.isReadOnly()
    assert e.form_box.currentText() == dialog.forms[-1]  # the newest wording by default
    e.id_edit.setText("psh-2026")
    e.name_edit.setText("Psykisk hälsa och suicidprevention 2026")
    e.year_spin.setValue(2026)
    assert e.dates["deadlines.requisition"].date() == QDate(2026, 12, 1)
    assert e.dates["deadlines.report"].date() == QDate(2027, 3, 31)
    e.payer_box.setCurrentText("Kammarkollegiet")
    e.annex_edit.setText("Bilaga 2")
    e.no_requisition_box.setChecked(True)
    e.streams_table.item(1, 0).setText("Suicidprevention")
    e.streams_table.item(1, 1).setCheckState(Qt.CheckState.Unchecked)
    e.streams_table.item(1, 2).setCheckState(Qt.CheckState.Checked)
    dialog.save()
    saved = load_full_catalogue().agreement("psh-2026")
    assert (saved.payer, saved.annex, saved.no_requisition, saved.year) == ("Kammarkollegiet", "Bilaga 2", True, 2026)
    assert saved.streams_for("rss") == ("Nära vård", "Suicidprevention") and saved.streams_for("region") == (
        "Nära vård",
    )
    assert _row_of(dialog, "psh-2026").text(2) == "egen"
    assert dialog.save_button.isEnabled() and e.id_edit.isReadOnly()
    SHOTS.mkdir(exist_ok=True)
    dialog.editor.setCurrentIndex(0)
    dialog.grab().save(str(SHOTS / "agreements_dialog.png"))


def test_the_dialog_refuses_a_built_in_id_and_an_empty_stream_and_saves_nothing(qtbot) -> None:
    cat = load_full_catalogue()
    interaction = ScriptedInteraction()
    dialog = AgreementsDialog(cat, Settings(), interaction)
    qtbot.addWidget(dialog)
    dialog.new_agreement()
    dialog.editor.id_edit.setText("gnv-2024")
    dialog.save()
    assert "inbyggd" in interaction.texts("warn")[-1]
    dialog.editor.id_edit.setText("ny-2026")
    dialog.editor.streams_table.item(0, 0).setText("")
    dialog.save()
    assert "saknar namn" in interaction.texts("warn")[-1]
    assert not user_agreements_dir().exists() or not list(user_agreements_dir().glob("*.json"))


def test_export_import_and_delete_in_the_dialog(qtbot, tmp_path: Path) -> None:
    cat = load_full_catalogue()
    out = tmp_path / "delad.overenskommelse.json"
    interaction = ScriptedInteraction(confirms=[True], files=[out, out])
    dialog = AgreementsDialog(cat, Settings(), interaction)
    qtbot.addWidget(dialog)
    dialog.new_agreement()
    dialog.editor.id_edit.setText("amb-2026")
    dialog.save()
    dialog.export()
    assert json.loads(out.read_text(encoding="utf-8"))["id"] == "amb-2026"
    dialog.delete()
    assert "amb-2026" not in cat.agreements and _row_of(dialog, "amb-2026") is None
    dialog.import_file()
    assert cat.origin("amb-2026") == "user" and _row_of(dialog, "amb-2026") is not None


def test_the_wizard_button_adds_this_years_agreement_and_chooses_it(qtbot, tmp_path: Path) -> None:
    cat = load_full_catalogue()
    settings = Settings(last_folder=str(tmp_path))
    wizard = NewDocumentWizard(cat, settings, ScriptedInteraction())
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.agreement_page
    page.new_button.click()
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.editor.id_edit.setText("gnv-2026")
    dialog.editor.name_edit.setText("God och nära vård 2026")
    dialog.editor.year_spin.setValue(2026)
    dialog.save()
    dialog.reject()
    assert page.combo.currentData() == "gnv-2026"
    assert "Rekvisition senast 2026-12-01" in page.info.text()
    wizard.next()
    wizard.kind_page.region.setChecked(True)
    wizard.next()
    wizard.recipient_page.combo.setCurrentIndex(wizard.recipient_page.combo.findData("region-12"))
    wizard.next()
    wizard.allocation_page.edits["Nära vård"].setText("321 131 063")
    wizard.next()
    wizard.next()
    wizard.file_page.name.setText("Skåne 2026")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.created is not None
    with Document.open(wizard.created, readonly=True) as doc:
        assert doc.agreement_id == "gnv-2026" and doc.allocation()["Nära vård"] == Decimal("321131063.00")


def test_the_overview_offers_the_catalogues_new_version_and_undo_puts_the_old_back(qtbot, tmp_path: Path) -> None:
    cat = load_full_catalogue()
    data = agreement_data(cat.agreement("gnv-2024")) | {"id": "gnv-2026", "year": 2026}
    data = set_value(set_value(data, "deadlines.report", "2027-03-31"), "deadlines.requisition", "2026-12-01")
    save_user_agreement(data, cat)
    path = tmp_path / "d.bidrag"
    Document.create(path, "gnv-2026", "region-12", cat).close()
    save_user_agreement(set_value(data, "deadlines.report", "2027-04-15"), cat)  # a correction of the file
    window = MainWindow(cat, Settings(), ScriptedInteraction())
    qtbot.addWidget(window)
    window.show()
    assert window.open_path(path)
    overview = window.view.page("Översikt")
    notice = overview.agreement_notice
    assert notice.isVisible() and "sista dagarna" in notice.label.text()
    assert "2027-03-31" in [str(d.date) for d in window.ctx.summary().deadlines]
    SHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SHOTS / "agreement_notice.png"))
    notice.button.click()
    assert not notice.isVisible()
    assert "2027-04-15" in [str(d.date) for d in window.ctx.summary().deadlines]
    assert window.ctx.doc.history(1)[0].new == "katalogens version"
    window.undo()
    assert notice.isVisible()
    assert "2027-03-31" in [str(d.date) for d in window.ctx.summary().deadlines]


def test_decisions_and_repayment_are_undoable_edits_and_show_in_the_overview(qtbot, tmp_path: Path) -> None:
    cat = load_full_catalogue()
    path = tmp_path / "rss.bidrag"
    with Document.create(path, "gnv-2024", "rss-12", cat) as doc:
        from models.document import Payment

        doc.add_payment(Payment(date(2024, 2, 15), Decimal("128724464.00")))
    window = MainWindow(cat, Settings(), ScriptedInteraction())
    qtbot.addWidget(window)
    window.show()
    assert window.open_path(path)
    box = window.view.show_page("Uppgifter").decisions_box
    box.dnr.setText("S2024/00123")
    box.decided.setDate(QDate(2024, 2, 1))
    box.amount.setText("128 724 464")
    box.add_button.click()
    assert [d.dnr for d in window.ctx.doc.agreement.decisions()] == ["S2024/00123"]
    assert box.table.item(0, 2).text() == "128 724 464 kr"
    overview = window.view.page("Översikt")
    overview.refresh()
    assert any("ska återbetalas till Kammarkollegiet senast 2025-03-31" in t for t in overview.warning_texts())
    box.repaid.setDate(QDate(2025, 3, 20))
    box.repaid_amount.setText("128 724 464")
    box.reference.setText("ÅB GNV 2024")
    box.repay_button.click()
    overview.refresh()
    texts = overview.warning_texts()
    assert "Återbetalning gjord 2025-03-20: 128 724 464 kr (referens ÅB GNV 2024)." in texts
    assert not any("ska återbetalas" in t for t in texts)
    window.view.show_page("Uppgifter")
    SHOTS.mkdir(exist_ok=True)
    box.grab().save(str(SHOTS / "decisions_box.png"))
    window.undo()
    window.undo()
    assert window.ctx.doc.agreement.decisions() == [] and window.ctx.doc.agreement.repayment() is None
    assert [h.what for h in window.ctx.doc.history(4)][:2] == ["Beslut om utbetalning", "Återbetalning"]
    window.redo()
    assert [d.dnr for d in window.ctx.doc.agreement.decisions()] == ["S2024/00123"]


def test_a_broken_user_file_does_not_stop_the_window_and_the_dialog_names_it(qtbot) -> None:
    folder = user_agreements_dir()
    folder.mkdir(parents=True)
    (folder / "trasig.json").write_text("{", encoding="utf-8")
    cat = load_full_catalogue(team=False)
    window = MainWindow(cat, Settings(), ScriptedInteraction())
    qtbot.addWidget(window)
    window.show()
    window.agreements_dialog()
    dialog = window.agreements
    assert isinstance(dialog, QDialog) and "trasig.json" in dialog.status.text()
    dialog.reject()


def test_the_team_folder_is_read_in_a_thread_and_merged_into_the_catalogue(qtbot, tmp_path: Path) -> None:
    from models.catalogue.agreement_data import new_agreement_data
    from ui.team_loader import TeamLoader

    team = tmp_path / "team"
    team.mkdir()
    cat = load_full_catalogue(team=False)
    data = new_agreement_data(cat.newest(), "kvinnor-2026", "Kvinnors hälsa 2026", 2026)
    (team / "kvinnor-2026.json").write_text(json.dumps(data), encoding="utf-8")
    (team / "gnv-2024.json").write_text(json.dumps(agreement_data(cat.agreement("gnv-2024"))), encoding="utf-8")
    loader = TeamLoader(cat, team)
    with qtbot.waitSignal(loader.merged, timeout=5000) as blocker:
        loader.start()
    assert cat.origin("kvinnor-2026") == "team" and cat.origin("gnv-2024") == "builtin"
    assert any("gnv-2024.json" in p for p in blocker.args[0])
    missing = TeamLoader(cat, tmp_path / "borta")
    with qtbot.waitSignal(missing.merged, timeout=5000) as blocker:
        missing.start()
    assert "nås inte" in blocker.args[0][0]


def test_the_start_page_names_a_documents_agreement_from_its_copy_on_a_machine_without_it(tmp_path: Path) -> None:
    from ui.start_page import describe_document

    cat = load_full_catalogue()
    save_user_agreement(
        set_value(agreement_data(cat.agreement("gnv-2024")) | {"id": "kh-2026"}, "name", "Kvinnors hälsa 2026"), cat
    )
    path = tmp_path / "kh.bidrag"
    Document.create(path, "kh-2026", "region-12", cat).close()
    (user_agreements_dir() / "kh-2026.json").unlink()
    described = describe_document(path, load_full_catalogue())
    assert described is not None and described[0] == "Kvinnors hälsa 2026"


def test_the_wizard_says_when_an_agreement_has_no_rekvisition(qtbot) -> None:
    cat = load_full_catalogue()
    save_user_agreement(
        set_value(agreement_data(cat.agreement("gnv-2024")) | {"id": "beslut-2026"}, "no_requisition", "ja"), cat
    )
    wizard = NewDocumentWizard(cat, Settings(), ScriptedInteraction())
    qtbot.addWidget(wizard)
    page = wizard.agreement_page
    page.combo.setCurrentIndex(page.combo.findData("beslut-2026"))
    assert "Ingen rekvisition" in page.info.text() and "Rekvisition senast" not in page.info.text()


def test_the_export_page_of_an_agreement_without_rekvisition_offers_none(qtbot, tmp_path: Path) -> None:
    from ui.doc_context import DocContext
    from ui.export_page import ExportPage

    cat = load_full_catalogue()
    save_user_agreement(
        set_value(agreement_data(cat.agreement("gnv-2024")) | {"id": "beslut-2026"}, "no_requisition", "ja"), cat
    )
    with Document.create(tmp_path / "d.bidrag", "beslut-2026", "region-12", cat) as doc:
        page = ExportPage(DocContext(doc, cat, Settings(), ScriptedInteraction()))
        qtbot.addWidget(page)
        page.show()
        assert page.form_box.findData("rekvisition") == -1 and page.form_box.findData("redovisning") >= 0
        assert not page.requisition_button.isVisible() and page.pdf_button.isVisible()
        qtbot.waitUntil(lambda: "sid" in page.preview_status.text(), timeout=20000)  # the preview, rendered
    with Document.create(tmp_path / "e.bidrag", "gnv-2024", "region-12", cat) as doc:
        page = ExportPage(DocContext(doc, cat, Settings(), ScriptedInteraction()))
        qtbot.addWidget(page)
        page.show()
        assert page.form_box.findData("rekvisition") >= 0 and page.requisition_button.isVisible()
        qtbot.waitUntil(lambda: "sid" in page.preview_status.text(), timeout=20000)


def test_uppgifter_of_an_agreement_without_rekvisition_asks_nothing_only_the_rekvisition_prints(
    qtbot, tmp_path: Path
) -> None:
    from models.fields import REQUISITION_ONLY
    from ui.doc_context import DocContext
    from ui.form_page import FormPage

    cat = load_full_catalogue()
    save_user_agreement(
        set_value(agreement_data(cat.agreement("gnv-2024")) | {"id": "beslut-2026"}, "no_requisition", "ja"), cat
    )
    for agreement, shown in (("beslut-2026", False), ("gnv-2024", True)):
        with Document.create(tmp_path / f"{agreement}.bidrag", agreement, "region-12", cat) as doc:
            page = FormPage(DocContext(doc, cat, Settings(), ScriptedInteraction()))
            qtbot.addWidget(page)
            page.show()
            assert {page.rows[name].isVisible() for name in REQUISITION_ONLY} == {shown}
            assert page.group_boxes["utbetalning"].isVisible() is shown
            assert page.rows["report_period_start"].isVisible() and page.rows["sign_place"].isVisible()
