"""Moving costs to next year's document is a Ctrl+Z step of the old document's window: undo brings the
costs back and removes their copies from the new document; when it cannot (the new document is open
elsewhere, or its copies were changed), the copies stay and the user is told so, and no cost is ever in
neither file."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from models.history_text import history_lines
from models.storage.document_file import Document
from models.storage.locking import lock_path
from tests.helpers import catalogue, cost, new_document
from ui.interaction import ScriptedInteraction
from ui.main_window import MainWindow
from ui.next_year_dialog import NextYearDialog
from ui.settings import Settings


def _last_year(tmp_path: Path) -> Path:
    with new_document(tmp_path, "gnv-2023", "region-12", "Skåne 2023") as doc:
        doc.costs.add_cost(cost("100", "2023-06-01"))
        for day in ("2024-01-15", "2024-02-10"):
            doc.costs.add_cost(cost("12500", day, text=f"Lön {day}"))
        return doc.path


def _moved(qtbot, tmp_path: Path) -> tuple[MainWindow, ScriptedInteraction, Path]:
    """The old document in the window, its two costs after the period moved, the new one not opened."""

    def in_the_dialog(dialog: NextYearDialog) -> bool:
        assert "Ctrl+Z i den här redovisningen tar tillbaka kostnaderna" in dialog.costs_label.text()
        dialog.ok.click()
        return dialog.result() == NextYearDialog.DialogCode.Accepted

    interaction = ScriptedInteraction(confirms=[False], dialogs=[in_the_dialog])  # "Inte nu"
    window = MainWindow(catalogue(), Settings.load(), interaction)
    qtbot.addWidget(window)
    assert window.open_path(_last_year(tmp_path))
    window.view.show_page("Kostnader")
    menu = window.menuBar().actions()[0].menu()
    next(a for a in menu.actions() if a.text() == "Ny redovisning från &denna…").trigger()
    new = tmp_path / "Skåne 2024.bidrag"
    assert new.is_file() and window.ctx.doc.costs.cost_count() == 1
    return window, interaction, new


def _texts(path: Path) -> list[str]:
    with Document.open(path, readonly=True) as doc:
        return sorted(c.text for c in doc.costs.iter_costs())


def test_undo_brings_the_moved_costs_back_and_takes_them_out_of_the_new_document(qtbot, tmp_path):
    window, interaction, new = _moved(qtbot, tmp_path)
    ctx = window.ctx
    assert ctx.undo_stack.undoText() == "Flytta 2 kostnader till Skåne 2024.bidrag"
    ids_before = sorted(c.id for c in ctx.doc.costs.iter_costs())
    window.undo()
    assert sorted(c.text for c in ctx.doc.costs.iter_costs()) == ["", "Lön 2024-01-15", "Lön 2024-02-10"]
    assert ctx.doc.costs.cost_count() == 3 and ids_before[0] in [c.id for c in ctx.doc.costs.iter_costs()]
    assert _texts(new) == []
    said = interaction.texts("info")[-1]
    assert said == "2 kostnader, 25 000 kr är tillbaka i den här redovisningen och borttagna ur ”Skåne 2024.bidrag”."
    page = window.view.show_page("Kostnader")
    assert page.model.rowCount() == 3  # the table shows them again
    assert not ctx.undo_stack.canUndo() and not ctx.undo_stack.canRedo()  # one step, gone once undone
    assert history_lines(ctx.doc.history(), catalogue())[0].text == "Flyttat tillbaka: Kostnader från Skåne 2024.bidrag"
    with Document.open(new, readonly=True) as doc:
        assert history_lines(doc.history(), catalogue())[0].text == "Flyttat tillbaka: Kostnader till Skåne 2023.bidrag"
    window.close()


def test_a_new_document_open_elsewhere_keeps_its_copies_and_the_user_is_told(qtbot, tmp_path):
    window, interaction, new = _moved(qtbot, tmp_path)
    now = datetime.now().replace(microsecond=0).isoformat()
    held = {"user": "berit", "computer": "EKONOMI-7", "pid": 4242, "time": now}  # a colleague has it open
    lock_path(new).write_text(json.dumps(held), encoding="utf-8")
    window.undo()
    assert window.ctx.doc.costs.cost_count() == 3  # back here in any case: never in neither file
    assert _texts(new) == ["Lön 2024-01-15", "Lön 2024-02-10"]
    said = interaction.texts("info")[-1]
    assert said.startswith("2 kostnader, 25 000 kr är tillbaka i den här redovisningen. De finns kvar också i")
    assert "som är öppen hos berit på datorn EKONOMI-7" in said and said.endswith("ta bort dem där.")
    window.close()


def test_copies_changed_in_the_new_document_stay_there(qtbot, tmp_path):
    window, interaction, new = _moved(qtbot, tmp_path)
    with Document.open(new) as doc:
        first = next(doc.costs.iter_costs())
        doc.costs.update_cost(first.id, text="Lön januari, rättad")
    window.undo()
    assert window.ctx.doc.costs.cost_count() == 3
    assert _texts(new) == ["Lön 2024-02-10", "Lön januari, rättad"]
    assert "där de har ändrats efter flytten" in interaction.texts("info")[-1]
    window.close()


def test_the_move_is_not_a_step_once_the_new_document_is_opened(qtbot, tmp_path):
    window, _interaction, new = _moved(qtbot, tmp_path)
    assert window.open_path(new)  # the window holds one document: the old one's steps go with it
    assert not window.ctx.undo_stack.canUndo()
    window.close()
