"""Arkiv → Ny redovisning från denna…: the dialog creates next year's document, moves the ticked costs and
opens it; a move a crash interrupted is finished when the old document is opened in the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from models.history_text import history_lines
from models.next_year import costs_after_period, note_move, plan_next_year, write_next_year
from models.storage.document_file import Document
from tests.helpers import catalogue, cost, new_document
from ui.interaction import ScriptedInteraction
from ui.main_window import MainWindow
from ui.next_year_dialog import NextYearDialog, suggested_name
from ui.settings import Settings


def _last_year(tmp_path: Path) -> Path:
    with new_document(tmp_path, "gnv-2023", "region-12", "Skåne 2023") as doc:
        doc.set_fields([("contact_person", "Anna Berg"), ("chief_name", "Eva Ek")])
        doc.costs.add_cost(cost("100", "2023-06-01"))
        for day in ("2024-01-15", "2024-01-31", "2024-02-10"):
            doc.costs.add_cost(cost("12500", day, text=f"Lön {day}"))
        return doc.path


def _window(qtbot, interaction: ScriptedInteraction) -> MainWindow:
    window = MainWindow(catalogue(), Settings.load(), interaction)
    qtbot.addWidget(window)
    return window


def test_the_dialog_moves_the_ticked_costs_and_opens_next_years_document(qtbot, tmp_path: Path) -> None:
    path = _last_year(tmp_path)
    seen: dict[str, object] = {}

    def in_the_dialog(dialog: NextYearDialog) -> bool:
        seen["agreement"] = dialog.agreement.currentText()
        seen["recipient"] = dialog.recipient.currentData()
        seen["file"] = dialog.file.text()
        seen["label"] = dialog.costs_label.text()
        assert dialog.costs.count() == 3
        dialog.costs.item(1).setCheckState(Qt.CheckState.Unchecked)  # this one stays
        dialog.resize(1093, 614)
        dialog.grab().save(str(tmp_path / "ny-redovisning.png"))
        dialog.ok.click()
        return dialog.result() == NextYearDialog.DialogCode.Accepted

    interaction = ScriptedInteraction(confirms=[True], dialogs=[in_the_dialog])
    window = _window(qtbot, interaction)
    assert window.open_path(path)
    menu = window.menuBar().actions()[0].menu()
    action = next(a for a in menu.actions() if a.text() == "Ny redovisning från &denna…")
    menu.aboutToShow.emit()
    assert action.isEnabled()
    action.trigger()
    assert str(seen["agreement"]).startswith("God och nära vård 2024") and seen["recipient"] == "region-12"
    assert seen["file"] == str(tmp_path / "Skåne 2024.bidrag")
    assert str(seen["label"]).startswith("3 kostnader är daterade efter redovisningsperioden (som slutar 2023-12-31).")
    said = interaction.texts("confirm")[-1]
    assert said.startswith("Skapade Skåne 2024.bidrag för God och nära vård 2024")
    assert "med 3 uppgifter, 0 aktiviteter, 2 kostnader. Öppnar du den nu kan flytten av kostnaderna inte" in said
    assert said.endswith("längre ångras med Ctrl+Z. Vill du öppna den nu?")
    assert window.ctx is not None and window.ctx.doc.path == tmp_path / "Skåne 2024.bidrag"
    assert [c.text for c in window.ctx.doc.costs.iter_costs()] == ["Lön 2024-01-15", "Lön 2024-02-10"]
    assert window.ctx.doc.field("chief_name") == "Eva Ek"
    window.close()
    with Document.open(path, readonly=True) as old:
        assert [c.date.isoformat() for c in old.costs.iter_costs()] == ["2023-06-01", "2024-01-31"]
        assert history_lines(old.history(), catalogue())[0].text == "Flyttat: Kostnader till Skåne 2024.bidrag"


def test_a_refusal_keeps_the_dialog_open_and_changes_nothing(qtbot, tmp_path: Path) -> None:
    path = _last_year(tmp_path)
    (tmp_path / "Skåne 2024.bidrag").write_bytes(b"x")
    interaction = ScriptedInteraction()
    window = _window(qtbot, interaction)
    assert window.open_path(path)
    dialog = NextYearDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    assert dialog.missing is None  # 2024 follows 2023 in the catalogue
    dialog.ok.click()
    assert dialog.created is None and dialog.result() != NextYearDialog.DialogCode.Accepted
    assert interaction.texts("warn") == ["”Skåne 2024.bidrag” finns redan; välj ett annat filnamn."]
    assert window.ctx.doc.costs.cost_count() == 4
    window.close()


def test_opening_the_old_document_finishes_an_interrupted_move(qtbot, tmp_path: Path) -> None:
    path = _last_year(tmp_path)
    target = tmp_path / "Skåne 2024.bidrag"
    with Document.open(path) as old:
        plan = plan_next_year(old, target, "gnv-2024", catalogue(), move=[c.id for c in costs_after_period(old)])
        note_move(old, plan)
        write_next_year(old, plan, catalogue())  # the crash: the old one was never told
    interaction = ScriptedInteraction()
    window = _window(qtbot, interaction)
    assert window.open_path(path)
    assert interaction.texts("info")[0].startswith("Flytten av kostnader till ”Skåne 2024.bidrag” avbröts förra gången")
    assert window.ctx.doc.costs.cost_count() == 1
    window.close()


def test_the_suggested_name_follows_the_year() -> None:
    assert suggested_name(Path("/a/Skåne 2024.bidrag"), 2024, 2025, "Region Skåne") == "Skåne 2025.bidrag"
    assert suggested_name(Path("/a/skane.bidrag"), 2024, 2025, "Region Skåne") == "Region Skåne 2025.bidrag"


def test_a_missing_next_year_agreement_is_pointed_out(qtbot, tmp_path: Path) -> None:
    with new_document(tmp_path, "gnv-2024", "region-12", "Skåne 2024") as doc:
        path = doc.path
    window = _window(qtbot, ScriptedInteraction())
    assert window.open_path(path)
    dialog = NextYearDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    assert dialog.missing is not None
    assert dialog.missing.text().startswith("Överenskommelsen för 2025 finns inte i listan ännu.")
    assert dialog.costs.isHidden() and dialog.costs_label.text().startswith("Inga kostnader är daterade")
    window.close()


def test_a_read_only_document_offers_no_move_but_still_makes_next_year(qtbot, tmp_path: Path) -> None:
    from ui.doc_context import DocContext

    path = _last_year(tmp_path)
    doc = Document.open(path, readonly=True)
    ctx = DocContext(doc, catalogue(), Settings(), ScriptedInteraction())
    dialog = NextYearDialog(ctx)
    qtbot.addWidget(dialog)
    assert not dialog.costs.isEnabled() and dialog.moving() == []
    assert dialog.costs_label.text().startswith("Redovisningen är öppnad skrivskyddad, så kostnaderna daterade efter")
    assert "(3 kostnader) kan inte flyttas härifrån" in dialog.costs_label.text()
    dialog.ok.click()
    assert dialog.created == tmp_path / "Skåne 2024.bidrag" and dialog.created.exists()
    assert doc.costs.cost_count() == 4
    ctx.closed = True
    doc.close()
