"""Uppgifter: live validation, undo/redo through the one stack, attestation, allocation, payments."""

from __future__ import annotations

from decimal import Decimal

import pytest

from models.catalogue.check import load_catalogue
from models.demo.example import create_demo
from models.storage.document_file import Document
from ui.interaction import ScriptedInteraction
from ui.main_window import MainWindow
from ui.settings import Settings


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.fixture
def window(qtbot, tmp_path, catalogue):
    path = create_demo(tmp_path / "Skåne 2024.bidrag", catalogue)
    w = MainWindow(catalogue, Settings(), ScriptedInteraction())
    qtbot.addWidget(w)
    w.open_path(path)
    yield w
    w.close()


def _type(row, text: str) -> None:
    editor = row.editor
    editor.setText(text)
    editor.textEdited.emit(text)


def test_live_validation_says_what_is_wrong_and_stores_nothing_until_valid(window):
    form = window.view.show_page("Uppgifter")
    row = form.rows["org_number"]
    _type(row, "232100-0256")  # wrong check digit
    assert not row.problem.isHidden() and "kontrollsiffra" in row.problem.text().lower()
    row.commit()
    assert window.ctx.doc.field("org_number") == "222000-1362"
    _type(row, "2321000255")
    assert row.problem.isHidden()
    row.commit()
    assert window.ctx.doc.field("org_number") == "232100-0255"
    assert row.text() == "232100-0255"  # shown in its normal form


def test_phone_number_is_shown_as_saved_in_the_swedish_way(window):
    form = window.view.show_page("Uppgifter")
    row = form.rows["phone"]
    _type(row, "0470588000")
    assert row.problem.isHidden()
    row.commit()
    assert window.ctx.doc.field("phone") == "0470-58 80 00"
    assert row.text() == "0470-58 80 00"


def test_field_edits_undo_and_redo_with_ctrl_z_and_ctrl_y(window):
    form = window.view.show_page("Uppgifter")
    row = form.rows["contact_person"]
    _type(row, "Bengt Berg")
    row.commit()
    _type(row, "Cecilia Ek")
    row.commit()
    assert window.act_undo.text() == "&Ångra Ändra Kontaktperson"
    window.act_undo.trigger()
    assert window.ctx.doc.field("contact_person") == "Bengt Berg" and row.text() == "Bengt Berg"
    window.act_undo.trigger()
    assert window.ctx.doc.field("contact_person") == "Anna Lindqvist"
    assert not window.act_undo.isEnabled()
    window.act_redo.trigger()
    window.act_redo.trigger()
    assert row.text() == "Cecilia Ek"
    with Document.open(window.ctx.doc.path, readonly=True) as other:  # committed to the file at once
        assert other.field("contact_person") == "Cecilia Ek"
    assert window.act_undo.shortcut().toString() == "Ctrl+Z"
    assert window.act_redo.shortcut().toString() == "Ctrl+Y"


def test_alt_2_enables_the_deviations_text(window):
    form = window.view.show_page("Uppgifter")
    deviations = form.rows["deviations"].editor
    assert not deviations.isEnabled()
    form.attest_buttons["alt2"].click()
    assert window.ctx.doc.field("attestation") == "alt2"
    assert deviations.isEnabled()
    window.undo()
    assert form.attest_buttons["alt1"].isChecked() and not deviations.isEnabled()


def test_allocation_and_payments_are_undoable_and_update_the_overview(window):
    form = window.view.show_page("Uppgifter")
    edit = form.allocation_edits["Nära vård"]
    edit.setText("100 000 000")
    edit.editingFinished.emit()
    assert window.ctx.doc.allocation()["Nära vård"] == Decimal("100000000.00")
    assert form.allocation_total.text() == "100 000 000,00 kr"
    overview = window.view.show_page("Översikt")  # read when shown: it was behind its tab
    assert any("högre än tilldelningen" in t for t in overview.warning_texts())
    window.view.show_page("Uppgifter")
    window.undo()
    assert edit.text() == "128 724 464,00 kr"

    before = len(window.ctx.doc.payments())
    form.pay_amount.setText("1 000,50")
    form.add_payment()
    assert len(window.ctx.doc.payments()) == before + 1
    assert form.payments.rowCount() == before + 1
    form.payments.selectRow(before)
    form.remove_payment()
    assert len(window.ctx.doc.payments()) == before
    window.undo()  # the payment comes back with its id
    assert [p.amount for p in window.ctx.doc.payments()][-1] == Decimal("1000.50")
    form.pay_amount.setText("mycket")
    form.add_payment()
    assert "mycket" in window.interaction.texts("warn")[-1]
