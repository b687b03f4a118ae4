"""The window: Läs in fördelningstabell… in Arkiv → Överenskommelser…, from pasted text to a saved table."""

from __future__ import annotations

import tempfile
from pathlib import Path

from models.catalogue.agreement_data import new_agreement_data
from models.catalogue.user import load_full_catalogue, user_agreements_dir
from ui import theme
from ui.agreements_dialog import AgreementsDialog
from ui.interaction import ScriptedInteraction
from ui.settings import Settings
from ui.table_import_dialog import TableImportDialog

SHOTS = Path(tempfile.gettempdir()) / "bidragskollen-shots"  # pictures to look at, outside the repository
BILAGA_3 = """Bilaga 3. Medel till regionerna för insatser
inom ramen för avsnitt 4 och 5
Region Befolkning november 2025 Nära vård (kronor) Ambulans (kronor) Totalt (kronor)
Region Stockholm 2 455 914 500 798 626 8 757 963 509 556 589
Region Skåne 1 422 288 321 131 063 5 282 416 326 413 479
Regoin Halland 343 989 80 761 168 1 656 656 82 417 824
Totalt 4 222 191 902 690 857 15 697 035 918 387 892
"""


def make_dialog(qtbot, **kw) -> TableImportDialog:
    cat = load_full_catalogue()
    data = new_agreement_data(cat.agreement("gnv-2024"), "gnv-2026", "God och nära vård 2026", 2026)
    dialog = TableImportDialog(data, cat.recipients.values(), ScriptedInteraction(), **kw)
    qtbot.addWidget(dialog)
    return dialog


def cells(dialog: TableImportDialog, row: int) -> list[str]:
    return [dialog.grid.item(row, c).text() for c in range(dialog.grid.columnCount())]


def test_pasted_pdf_text_shows_the_grid_and_an_unknown_name_is_decided(qtbot):
    dialog = make_dialog(qtbot)
    dialog.paste.setPlainText(BILAGA_3)
    dialog.read_now()
    headings = [dialog.grid.horizontalHeaderItem(c).text() for c in range(dialog.grid.columnCount())]
    assert headings == [
        "Region",
        "Befolkning november 2025",
        "Nära vård (kronor)",
        "Ambulans (kronor)",
        "Totalt (kronor)",
    ]
    assert cells(dialog, 1) == ["Region Skåne", "1 422 288", "321 131 063", "5 282 416", "326 413 479"]
    assert dialog.grid.verticalHeaderItem(2).text() == "Rad 6"
    # "Regoin Halland" is asked, highlighted, with the nearest name chosen; nothing can be saved yet
    assert dialog.grid.item(2, 0).background().color() == theme.background("attention")
    assert dialog.grid.item(1, 0).background().color() != theme.background("attention")
    assert not dialog.save_button.isEnabled()
    assert "1 rad att avgöra" in dialog.message.text()
    assert dialog.grid.currentRow() == 2
    assert (
        dialog.question.text()
        == "Rad 6 (”Regoin Halland”): ”Regoin Halland” är ingen känd region; menar du Region Halland?"
    )
    assert dialog.recipient_box.currentText() == "Region Halland"
    dialog.apply_button.click()
    assert dialog.save_button.isEnabled()
    assert cells(dialog, 2)[0] == "Region Halland"
    dialog.total_edits["Totalt"].setText("918 387 892")  # typing a total keeps the decision
    assert dialog.save_button.isEnabled() and cells(dialog, 2)[0] == "Region Halland"
    assert "Varning: Bilaga 3 (gnv-2026) saknar rader för 18 av 21 mottagare." in dialog.warnings.text()
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "table-import.png"))
    assert not (user_agreements_dir() / "gnv-2026.json").exists()  # nothing saved before confirming
    dialog.save_button.click()
    table = dialog.saved["tables"][0]
    assert table["rows"][2] == ["Region Halland", 343989, 80761168, 1656656, 82417824]
    assert dialog.saved["groups"]["region"]["total"] == 918387892
    # the saved table is not kept in .result, which would hide QDialog.result(): what a caller asks after exec()
    assert dialog.result() == dialog.DialogCode.Accepted


def test_a_row_with_two_splits_is_chosen_by_the_user(qtbot):
    dialog = make_dialog(qtbot)
    dialog.paste.setPlainText(
        "Region Nära vård (kronor) Ambulans (kronor) Totalt (kronor)\nRegion Skåne 100 100 100 100 200\n"
        "Region Halland 5 7 12\n"
    )
    dialog.read_now()
    assert not dialog.save_button.isEnabled()
    assert not dialog.recipient_box.isEnabled() and dialog.reading_box.isEnabled()
    assert [dialog.reading_box.itemText(i) for i in range(dialog.reading_box.count())] == [
        "100 | 100 100 | 100 200",
        "100 100 | 100 | 100 200",
    ]
    dialog.reading_box.setCurrentIndex(1)
    dialog.apply_button.click()
    assert cells(dialog, 0) == ["Region Skåne", "100 100", "100", "100 200"]
    assert dialog.save_button.isEnabled()


def test_an_unreadable_paste_names_the_line_and_nothing_can_be_saved(qtbot):
    dialog = make_dialog(qtbot)
    dialog.paste.setPlainText("Region\tNära vård (kronor)\nRegion Skåne\t12,5\n")
    dialog.read_now()
    assert dialog.message.text().startswith("Rad 2, kolumnen ”Nära vård (kronor)”: ”12,5” är inget heltal")
    assert dialog.grid.rowCount() == 0 and not dialog.save_button.isEnabled()


def test_typed_totals_are_checked_in_the_dialog(qtbot):
    dialog = make_dialog(qtbot)
    dialog.paste.setPlainText(BILAGA_3.replace("Regoin", "Region"))
    dialog.total_edits["Ambulans"].setText("46 000 000")
    dialog.read_now()
    assert "överenskommelsen anger 46 000 000 kr" in dialog.warnings.text()
    dialog.kind_box.setCurrentIndex(1)  # RSS: Ambulans is no RSS stream, so the heading is refused
    assert "Ambulans" in dialog.message.text() and dialog.grid.rowCount() == 0
    assert list(dialog.total_edits) == ["Nära vård", "Totalt"]


def test_the_agreements_dialog_saves_the_table_only_on_confirmation(qtbot, tmp_path):
    cat = load_full_catalogue()
    agreements = AgreementsDialog(cat, Settings(), ScriptedInteraction())
    qtbot.addWidget(agreements)
    assert not agreements.table_button.isEnabled()  # a built-in agreement is shown
    agreements.new_agreement()
    agreements.editor.id_edit.setText("gnv-2026")
    agreements.editor.year_spin.setValue(2026)
    assert agreements.table_button.isEnabled()
    agreements.table_button.click()
    table_dialog = agreements.table_dialog
    assert table_dialog is not None and table_dialog.isVisible()
    table_dialog.paste.setPlainText(BILAGA_3.replace("Regoin", "Region"))
    table_dialog.read_now()
    assert not (user_agreements_dir() / "gnv-2026.json").exists()
    table_dialog.save_button.click()
    saved = load_full_catalogue().agreement("gnv-2026")
    assert str(saved.allocation_for("region-12")["Nära vård"]) == "321131063.00"
    assert saved.year == 2026
    assert agreements.current == "gnv-2026"
    assert "Bilaga 3. Medel till regionerna" in agreements.editor.tables_info.text()


def test_a_picked_spreadsheet_is_read_and_clearing_the_paste_clears_the_grid(qtbot, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Län", "Nära vård (kronor)"])
    ws.append(["Skåne", 128724464])
    ws.append(["Halland", 22912635])
    ws.append(["Totalt", 151637099])
    wb.save(tmp_path / "bilaga2.xlsx")
    dialog = make_dialog(qtbot, kind="rss")
    dialog.interaction.files.append(tmp_path / "bilaga2.xlsx")
    dialog.file_button.click()
    assert dialog.paste.toPlainText() == "(tabellen läses ur filen bilaga2.xlsx)"
    assert cells(dialog, 0) == ["Skåne län", "128 724 464"] and dialog.save_button.isEnabled()
    dialog.kind_box.setCurrentIndex(0)  # the same file as the regions' table
    assert cells(dialog, 1) == ["Region Halland", "22 912 635"]
    dialog.paste.setPlainText("")
    dialog.read_now()
    assert dialog.grid.rowCount() == 0 and not dialog.save_button.isEnabled()
