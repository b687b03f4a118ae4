"""The Kommuner page of an RSS document: table and chart, plan by key with the rounding shown,
payments, reports with returns, import rules, typed planned amounts, undo of each, and the exports."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from models.catalogue.check import load_catalogue
from models.storage.document_file import Document
from ui.doc_context import DocContext
from ui.interaction import ScriptedInteraction
from ui.municipalities_page import MunicipalitiesPage
from ui.settings import Settings
from ui.transfer_dialogs import PlanDialog, ReportDialog, TransferDialog


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.fixture
def page(tmp_path, catalogue, qtbot):
    doc = Document.create(tmp_path / "blekinge.bidrag", "gnv-2024", "rss-10", catalogue)
    ctx = DocContext(doc, catalogue, Settings(), ScriptedInteraction())
    widget = MunicipalitiesPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 600)
    yield widget
    doc.close()


def row_of(page: MunicipalitiesPage, name: str):
    return next(r for r in page.model.rows if r.name == name)


def test_the_table_lists_the_county_and_passes_the_model_tester(page) -> None:
    QAbstractItemModelTester(page.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    assert [r.name for r in page.model.rows] == ["Olofström", "Karlskrona", "Ronneby", "Karlshamn", "Sölvesborg"]
    assert page.model.headerData(6, Qt.Orientation.Horizontal) == "Kvar att betala"


def test_plan_by_population_shows_rounding_and_undoes(page) -> None:
    dialog = PlanDialog(page.ctx.doc.transfers.municipalities(), Decimal("100"))
    dialog.paste.setPlainText("Karlskrona\t3\nRonneby\t3\nOlofström\t3\nKarlshamn\t3\nSölvesborg\t1\n")
    dialog.preview()
    assert dialog.error.text() == ""
    assert "100 kr fördelat på 5 kommuner efter befolkning" in dialog.summary.text()
    notes = [dialog.table.item(r, 3).text() for r in range(5)]
    assert notes.count("avrundning +0,01 kr") == 3  # 100 kr by 3:3:3:3:1 leaves 3 öre over
    assert dialog.try_accept()
    assert page.apply_plan(dialog.result_value)
    planned = [r.planned for r in page.model.rows]
    assert sum(planned) == Decimal("100") and sorted(planned) == [
        Decimal("7.69"),
        Decimal("23.07"),
        *[Decimal("23.08")] * 3,
    ]
    assert "planerat 100 kr" in page.totals.text()
    page.ctx.undo_stack.undo()
    assert all(r.planned == 0 for r in page.model.rows)
    page.ctx.undo_stack.redo()
    assert sum(r.planned for r in page.model.rows) == Decimal("100")


def test_a_key_missing_a_municipality_is_refused_in_the_dialog(page) -> None:
    dialog = PlanDialog(page.ctx.doc.transfers.municipalities(), Decimal("100"))
    dialog.paste.setPlainText("Karlskrona 3\nRonneby 3\n")
    assert not dialog.try_accept()
    assert "saknar 3 av länets 5 kommuner" in dialog.error.text()


def test_typed_planned_amount_payment_and_report_each_undo(page) -> None:
    model = page.model
    karlskrona = next(i for i, r in enumerate(model.rows) if r.name == "Karlskrona")
    assert model.setData(model.index(karlskrona, 2), "250 000")
    assert row_of(page, "Karlskrona").planned == Decimal("250000")
    dialog = TransferDialog(page.ctx.doc.transfers.municipalities(), list(page.ctx.doc.allocation()))
    dialog.municipality.setCurrentIndex(dialog.municipality.findData("1080"))
    dialog.amount.setText("100 000")
    assert not dialog.try_accept() and "datum" in dialog.error.text()  # no default date
    dialog.date.setText("2024-04-01")
    assert dialog.try_accept()
    from ui.transfer_commands import AddTransferCommand

    assert page.ctx.push(AddTransferCommand(page.ctx, *dialog.result_value))
    assert row_of(page, "Karlskrona").paid == Decimal("100000")
    assert row_of(page, "Karlskrona").outstanding == Decimal("150000")
    report = ReportDialog(page.ctx.doc.transfers.municipalities())
    report.municipality.setCurrentIndex(report.municipality.findData("1080"))
    report.date.setText("2024-12-30")
    report.used.setText("90 000")
    report.returned.setText("10 000")
    assert report.try_accept()
    assert page.add_report(*report.result_value)
    row = row_of(page, "Karlskrona")
    assert (row.reported_used, row.returned) == (Decimal("90000"), Decimal("10000"))
    assert page.ctx.summary().costs_total == Decimal("90000")
    texts = [page.ctx.undo_stack.text(i) for i in range(page.ctx.undo_stack.count())]
    assert texts == [
        "Planera Karlskrona 250 000 kr",
        "Utbetalning till Karlskrona 100 000 kr",
        "Återrapport från Karlskrona",
    ]
    for _ in texts:
        page.ctx.undo_stack.undo()
    row = row_of(page, "Karlskrona")
    assert (row.planned, row.paid, row.returned, row.reported_used) == (0, 0, 0, 0)
    for _ in texts:
        page.ctx.undo_stack.redo()
    assert row_of(page, "Karlskrona").returned == Decimal("10000")


def test_a_wrong_typed_amount_changes_nothing(page) -> None:
    model = page.model
    assert not model.setData(model.index(0, 2), "mycket")
    assert page.ctx.interaction.messages and "inget belopp" in page.ctx.interaction.messages[-1][2]
    assert page.ctx.undo_stack.count() == 0


def test_exports_write_the_table_and_the_statement(page, tmp_path) -> None:
    page.ctx.doc.transfers.add_transfer(
        page.ctx.doc.transfers.municipalities().find("Ronneby"), Decimal("5"), date(2024, 5, 5)
    )
    page.ctx.refresh()
    xlsx = page.export_table(tmp_path / "k.xlsx")
    assert xlsx is not None and xlsx.read_bytes()[:2] == b"PK"
    assert page.export_statement(tmp_path / "u.pdf") is None  # nothing selected: asked to select
    ronneby = next(i for i, r in enumerate(page.model.rows) if r.name == "Ronneby")
    page.view.selectRow(ronneby)
    pdf = page.export_statement(tmp_path / "u.pdf")
    assert pdf is not None and pdf.read_bytes()[:5] == b"%PDF-"


def test_report_due_is_typed_checked_and_undone(page) -> None:
    page.due.setText("2025-02-14")
    page.due.editingFinished.emit()
    assert page.ctx.doc.transfers.municipal_report_due() == "2025-02-14"
    page.due.setText("14 feb")
    page.due.editingFinished.emit()
    assert page.ctx.doc.transfers.municipal_report_due() == "2025-02-14" and page.due.text() == "2025-02-14"
    page.ctx.undo_stack.undo()
    assert page.ctx.doc.transfers.municipal_report_due() == ""


def test_the_transfer_dialog_names_the_stream_as_the_window_does(page, qtbot) -> None:
    from PySide6.QtWidgets import QLabel

    dialog = TransferDialog(page.ctx.doc.transfers.municipalities(), list(page.ctx.doc.allocation()))
    qtbot.addWidget(dialog)
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    assert "&Ström:" in labels and not any("Delområde" in text for text in labels)
