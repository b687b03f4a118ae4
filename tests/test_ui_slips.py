"""The window's slips of issue 17: wizard words, Alt 1/Alt 2 with the chief's name, payments, the costs table."""

from __future__ import annotations

import json
from datetime import date

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFormLayout, QLabel

from models.catalogue.check import load_catalogue
from models.demo.example import create_demo, fresh_demo
from models.storage import locking
from models.storage.document_file import Document
from ui.interaction import ScriptedInteraction
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.wizard import NewDocumentWizard


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def _window(qtbot, catalogue, path=None, interaction=None) -> MainWindow:
    window = MainWindow(catalogue, Settings(), interaction or ScriptedInteraction())
    qtbot.addWidget(window)
    if path is not None:
        assert window.open_path(path)
    return window


def test_the_wizard_says_en_per_lan_and_its_folder_label_has_no_ampersand(qtbot, catalogue):
    wizard = NewDocumentWizard(catalogue, Settings(), ScriptedInteraction())
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.agreement_page.combo.setCurrentIndex(wizard.agreement_page.combo.findData("gnv-2024"))
    wizard.next()
    wizard.kind_page.rss.setChecked(True)
    wizard.next()
    assert wizard.recipient_page.subTitle() == "RSS, en per län"
    form = wizard.file_page.layout()
    assert isinstance(form, QFormLayout)
    labels = [form.itemAt(i, QFormLayout.ItemRole.LabelRole) for i in range(form.rowCount())]
    folder = next(
        item.widget()
        for item in labels
        if item and isinstance(item.widget(), QLabel) and "Mapp" in item.widget().text()
    )
    assert folder.buddy() is wizard.file_page.folder  # "&Mapp" is Alt+M, not a literal ampersand


def test_alt_1_and_alt_2_name_the_chief_instead_of_nn(qtbot, tmp_path, catalogue):
    window = _window(qtbot, catalogue, create_demo(tmp_path / "demo.bidrag", catalogue))
    form = window.view.show_page("Uppgifter")
    texts = [label.text() for label, _ in form.attest_labels.values()]
    assert all("Per Håkansson (ekonomichefen eller motsvarande)" in t and "N.N." not in t for t in texts)
    window.ctx.doc.set_field("chief_name", "")
    window.ctx.refresh()
    assert all(label.text().startswith("N.N.") for label, _ in form.attest_labels.values())
    window.close()


def test_payment_date_starts_in_the_period_and_a_date_outside_is_asked_about(qtbot, tmp_path, catalogue):
    path = tmp_path / "tom.bidrag"
    Document.create(path, "gnv-2024", "region-12", catalogue).close()
    ui = ScriptedInteraction(confirms=[False, True])
    window = _window(qtbot, catalogue, path, ui)
    window.resize(1093, 614)
    window.show()
    form = window.view.show_page("Uppgifter")
    expected = min(max(date.today(), date(2024, 1, 1)), date(2024, 12, 31))
    assert form.pay_date.date().toPython() == expected
    form.pay_date.setDate(date(2026, 11, 29))
    form.pay_amount.setText("1 000")
    form.add_payment()  # "Ändra datumet"
    assert "ligger utanför redovisningsperioden 2024-01-01 – 2024-12-31" in ui.texts("confirm")[0]
    assert window.ctx.doc.payments() == []
    form.add_payment()  # "Registrera"
    assert [p.date for p in window.ctx.doc.payments()] == [date(2026, 11, 29)]
    window.ctx.refresh()
    assert form.pay_date.date().toPython() == date(2026, 11, 29)  # the user's own choice is kept
    edit = form.pay_amount
    room = edit.contentsRect().width() - 4  # QLineEdit keeps 2 px each side of its text
    assert edit.fontMetrics().horizontalAdvance(edit.placeholderText()) <= room
    window.close()


def test_pasting_10_mb_into_postadress_is_refused_at_once(qtbot, tmp_path, catalogue):
    window = _window(qtbot, catalogue, create_demo(tmp_path / "demo.bidrag", catalogue))
    row = window.view.show_page("Uppgifter").rows["postal_address"]
    mime = QMimeData()
    mime.setText("Storgatan 1 " * 900_000)
    row.editor.insertFromMimeData(mime)
    assert row.editor.toPlainText() == "Exempelgatan 1\n222 22 Lund"
    assert row.problem.isVisibleTo(row) and "högst 10 000 tecken" in row.problem.text()
    row.commit()
    assert window.ctx.doc.field("postal_address") == "Exempelgatan 1\n222 22 Lund"
    mime.setText(", Box 12")
    row.editor.moveCursor(row.editor.textCursor().MoveOperation.End)
    row.editor.insertFromMimeData(mime)  # a paste that fits goes in as before
    assert row.editor.toPlainText().endswith("Lund, Box 12")
    window.close()


def test_typing_in_the_costs_table_does_not_wipe_a_cell_and_keypad_enter_opens_redigera(
    qtbot, tmp_path, catalogue, monkeypatch
):
    window = _window(qtbot, catalogue, create_demo(tmp_path / "demo.bidrag", catalogue))
    window.show()
    page = window.view.show_page("Kostnader")
    opened: list[object] = []
    monkeypatch.setattr(page, "exec_dialog", lambda dialog: opened.append(dialog) or False)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page.view.setFocus()
    index = page.model.index(0, 4)
    page.view.setCurrentIndex(index)
    before = page.model.data(index)
    QTest.keyClicks(page.view, "x")
    assert page.view.state() != page.view.State.EditingState and page.model.data(index) == before
    QTest.keyClick(page.view, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert len(opened) == 1  # Redigera…
    QTest.keyClick(page.view, Qt.Key.Key_Return)
    assert len(opened) == 2
    assert not page.empty_hint.isVisibleTo(page)
    page.search.setText("finns ingenstans i exemplet")
    page.apply_filter()
    assert page.empty_hint.isVisibleTo(page) and "Visa alla" in page.empty_hint.text()
    window.close()


def test_an_empty_kostnader_page_says_what_to_do(qtbot, tmp_path, catalogue):
    path = tmp_path / "tom.bidrag"
    Document.create(path, "gnv-2024", "region-12", catalogue).close()
    window = _window(qtbot, catalogue, path)
    window.show()
    page = window.view.show_page("Kostnader")
    assert page.empty_hint.isVisibleTo(page)
    assert "Importera…" in page.empty_hint.text() and "Ny kostnad" in page.empty_hint.text()
    window.close()


def test_opening_the_example_after_a_crash_asks_nothing(qtbot, catalogue):
    path = fresh_demo(catalogue)
    crashed = {"user": "anna", "computer": locking.computer_name(), "pid": 2**22 + 17, "time": "2026-11-29T08:00:00"}
    locking.lock_path(path).write_text(json.dumps(crashed), encoding="utf-8")
    ui = ScriptedInteraction()
    window = _window(qtbot, catalogue, interaction=ui)
    window.open_demo()
    assert ui.messages == [] and window.ctx is not None and not window.ctx.readonly
    window.close()
