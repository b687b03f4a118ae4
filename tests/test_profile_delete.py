"""A saved import profile can be deleted in the import dialog (asked first, one undoable step with a history
row in the document) and on the command line (profiles --delete), through the same domain function."""

from __future__ import annotations

import pytest

from cli import run_cli
from models.catalogue.check import load_catalogue
from models.errors import UserError
from models.importing import Filters, Mapping, Profile, delete_profile, list_profiles, load_profile, save_profile
from models.storage.document_file import Document
from ui.doc_context import DocContext
from ui.import_dialog import ImportDialog
from ui.interaction import ScriptedInteraction
from ui.settings import Settings


@pytest.fixture
def ctx(tmp_path, qtbot):
    doc = Document.create(tmp_path / "Skåne.bidrag", "gnv-2024", "region-12", load_catalogue())
    context = DocContext(doc, load_catalogue(), Settings(), ScriptedInteraction())
    yield context
    doc.close()


def _profiles() -> None:
    save_profile(Profile("Raindance", Mapping(date="Datum", amount="Belopp"), Filters(), []))
    save_profile(Profile("Agresso", Mapping(date="Bokföringsdatum", amount="Summa"), Filters(), []))


def test_deleting_the_chosen_profile_asks_first_is_recorded_and_undone(ctx, qtbot):
    _profiles()
    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    step = dialog.file_step
    assert not step.delete_profile_button.isEnabled()  # no profile chosen: nothing to delete
    step.profile_box.setCurrentIndex(step.profile_box.findData("Raindance"))
    assert step.delete_profile_button.isEnabled()
    ctx.interaction.confirms = [False]
    assert not dialog.delete_chosen_profile()  # Avbryt
    assert "Raindance" in list_profiles()
    ctx.interaction.confirms = [True]
    assert dialog.delete_chosen_profile()
    assert "Vill du ta bort importprofilen ”Raindance”" in ctx.interaction.texts("confirm")[-1]
    assert list_profiles() == ["Agresso"]
    assert [step.profile_box.itemData(i) for i in range(step.profile_box.count())] == ["", "Agresso"]
    row = ctx.doc.history(1)[0]
    assert (row.action, row.what) == ("tagit bort", "Importprofil Raindance")
    assert ctx.undo_stack.undoText() == "Ta bort importprofil Raindance"
    ctx.undo_stack.undo()
    assert list_profiles() == ["Agresso", "Raindance"]
    assert load_profile("Raindance").mapping == Mapping(date="Datum", amount="Belopp")
    ctx.undo_stack.redo()
    assert list_profiles() == ["Agresso"]


def test_the_command_line_lists_and_deletes_profiles_with_the_same_function(capsys):
    _profiles()
    assert run_cli(["profiles"]) == 0
    assert capsys.readouterr().out.splitlines() == ["Agresso", "Raindance"]
    assert run_cli(["profiles", "--delete", "Agresso"]) == 0
    assert "Tog bort importprofilen ”Agresso”." in capsys.readouterr().out
    assert run_cli(["profiles", "--delete", "Agresso"]) == 2
    assert "Importprofilen ”Agresso” finns inte; välj en av: Raindance." in capsys.readouterr().err
    with pytest.raises(UserError):
        delete_profile("Agresso")
    assert list_profiles() == ["Raindance"]
