"""The Kostnader page: lazy model, inline and dialog edits, filters, sorting, delete, undo, copy."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QAbstractItemModelTester

from models.catalogue.check import load_catalogue
from models.document import Cost, CostFilter
from models.storage.document_file import Document
from ui.costs_model import COLUMN_INDEX, CostIdRole, CostsModel, OutsidePeriodRole
from ui.costs_page import CostsPage
from ui.doc_context import DocContext
from ui.interaction import ScriptedInteraction
from ui.settings import Settings

AGREEMENT, RECIPIENT = "gnv-2024", "rss-12"


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def make_costs(n: int, start: date = date(2024, 1, 1)) -> list[Cost]:
    cats = ("Personal", "Lokaler", "Köpta tjänster")
    return [
        Cost(
            start + timedelta(days=i % 366),
            Decimal(1000 + i) + Decimal("0.50"),
            "Nära vård",
            cats[i % 3],
            text=f"Rad {i}",
            voucher=f"V{i}",
            supplier="Leverantör AB" if i % 2 else "Konsult HB",
            account=str(4000 + i % 50),
        )
        for i in range(n)
    ]


def open_doc(tmp_path, catalogue, n: int = 0) -> Document:
    doc = Document.create(tmp_path / "test.bidrag", AGREEMENT, RECIPIENT, catalogue)
    if n:
        doc.costs.add_costs(make_costs(n), file="huvudbok.xlsx")
    return doc


@pytest.fixture
def ctx(tmp_path, catalogue, qtbot):
    doc = open_doc(tmp_path, catalogue, 300)
    context = DocContext(doc, catalogue, Settings(), ScriptedInteraction())
    yield context
    doc.close()


@pytest.fixture
def page(ctx, qtbot):
    widget = CostsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 600)
    widget.show()
    return widget


def test_model_passes_tester_with_filter_and_sort(tmp_path, catalogue, qtbot):
    doc = open_doc(tmp_path, catalogue, 400)
    edits: list[tuple[int, dict]] = []
    model = CostsModel(doc, edit=lambda i, ch: edits.append((i, ch)) or True)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    assert model.rowCount() == 400
    model.set_filter(CostFilter(category="Lokaler"))
    assert model.rowCount() == doc.costs.cost_count(CostFilter(category="Lokaler"))
    for column in range(model.columnCount()):
        model.sort(column, Qt.SortOrder.DescendingOrder)
        model.sort(column, Qt.SortOrder.AscendingOrder)
    model.sort(COLUMN_INDEX["amount"], Qt.SortOrder.DescendingOrder)
    amounts = [Decimal(model.index(r, 1).data(Qt.ItemDataRole.EditRole).replace(",", ".")) for r in range(5)]
    assert amounts == sorted(amounts, reverse=True)
    model.set_filter(CostFilter())
    model.reload()
    doc.close()


def test_amounts_swedish_right_aligned_dates_iso(page):
    model = page.model
    first = model.index(0, COLUMN_INDEX["amount"])
    assert first.data() == "1\u00a0000,50"
    assert first.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert model.index(0, COLUMN_INDEX["date"]).data() == "2024-01-01"
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Belopp"
    assert "300 kostnader" in page.totals.text().replace("\u00a0", " ")


def test_100000_rows_last_row_without_loading_all(tmp_path, catalogue, qtbot):
    doc = open_doc(tmp_path, catalogue, 100_000)
    model = CostsModel(doc)
    assert model.rowCount() == 100_000
    last = model.index(99_999, COLUMN_INDEX["text"])
    assert last.data().startswith("Rad ")
    assert model.fetches == 1
    assert model.cached_rows() <= 256
    for row in range(0, 100_000, 997):  # scrolling through: memory stays bounded
        model.index(row, 0).data()
    assert model.cached_rows() <= 64 * 256
    doc.close()


def test_inline_edit_undo_redo(page, ctx):
    model = page.model
    index = model.index(0, COLUMN_INDEX["amount"])
    cost_id = index.data(CostIdRole)
    assert model.setData(index, "2 500,75")
    assert ctx.doc.costs.get_cost(cost_id).amount == Decimal("2500.75")
    assert model.index(model.row_of(cost_id), 1).data() == "2\u00a0500,75"
    ctx.undo_stack.undo()
    assert ctx.doc.costs.get_cost(cost_id).amount == Decimal("1000.50")
    assert model.index(model.row_of(cost_id), 1).data() == "1\u00a0000,50"
    ctx.undo_stack.redo()
    assert ctx.doc.costs.get_cost(cost_id).amount == Decimal("2500.75")


def test_inline_edit_bad_value_is_refused_with_swedish_message(page, ctx):
    index = page.model.index(0, COLUMN_INDEX["amount"])
    assert not page.model.setData(index, "tolv kronor")
    assert ctx.undo_stack.count() == 0
    assert "inget belopp" in ctx.interaction.texts("warn")[-1]
    assert not page.model.setData(page.model.index(0, 0), "31/3")
    assert "2025-03-31" in ctx.interaction.texts("warn")[-1]


def test_add_by_dialog_then_undo(page, ctx, monkeypatch):
    def fill(dialog):
        dialog.date_edit.setDate(QDate(2024, 5, 2))
        dialog.amount_edit.setText("12 345,60")
        dialog.category_box.setCurrentText("Lokaler")
        dialog.text_edit.setText("Hyra maj")
        dialog.accept()
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(page, "exec_dialog", fill)
    page.add_cost()
    assert ctx.doc.costs.cost_count() == 301
    assert page.selected_costs()[0].text == "Hyra maj"
    assert ctx.doc.costs.cost_total(CostFilter(text="hyra maj")) == Decimal("12345.60")
    assert "301 kostnader" in page.totals.text().replace("\u00a0", " ")
    ctx.undo_stack.undo()
    assert ctx.doc.costs.cost_count() == 300
    assert page.model.rowCount() == 300


def test_dialog_refuses_bad_amount_and_stays_open(page, ctx, monkeypatch):
    seen = {}

    def fill(dialog):
        dialog.amount_edit.setText("abc")
        dialog.accept()
        seen["error"] = dialog.error_label.text()
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(page, "exec_dialog", fill)
    page.add_cost()
    assert "inget belopp" in seen["error"]
    assert ctx.doc.costs.cost_count() == 300


def test_edit_by_dialog(page, ctx, monkeypatch):
    page.select_ids([page.model.cost_id(3)])
    cost_id = page.model.cost_id(3)

    def fill(dialog):
        dialog.supplier_edit.setText("Ny Leverantör AB")
        dialog.accept()
        return True

    monkeypatch.setattr(page, "exec_dialog", fill)
    page.edit_selected()
    assert ctx.doc.costs.get_cost(cost_id).supplier == "Ny Leverantör AB"
    assert ctx.undo_stack.undoText() == "Ändra kostnad"


def test_filters_and_totals(page, ctx, qtbot):
    page.category_box.setCurrentText("Lokaler")
    assert page.model.rowCount() == 100
    expected = ctx.doc.costs.cost_total(CostFilter(category="Lokaler"))
    assert "100 kostnader" in page.totals.text().replace("\u00a0", " ")
    shown = page.totals.text().replace("\u00a0", " ")
    assert f"{int(expected):,}".replace(",", " ") in shown
    assert "av totalt 300" in shown
    page.search.setText("rad 12")  # debounced
    qtbot.waitUntil(lambda: page.model.rowCount() < 100)
    assert all("Rad 12" in page.model.index(r, COLUMN_INDEX["text"]).data() for r in range(page.model.rowCount()))
    page.clear_filter()
    page.from_box.setDate(QDate(2024, 2, 1))
    page.to_box.setDate(QDate(2024, 2, 29))
    assert page.model.rowCount() == 29
    page.clear_filter()
    assert page.model.rowCount() == 300


def test_sort_by_header_click(page):
    page.view.sortByColumn(COLUMN_INDEX["amount"], Qt.SortOrder.DescendingOrder)
    assert page.model.index(0, COLUMN_INDEX["amount"]).data() == "1\u00a0299,50"
    page.view.sortByColumn(COLUMN_INDEX["text"], Qt.SortOrder.AscendingOrder)
    assert page.model.index(0, COLUMN_INDEX["text"]).data() == "Rad 0"


def test_delete_several_confirm_undo_redo(page, ctx):
    ids = [page.model.cost_id(r) for r in (0, 1, 2, 10)]
    page.select_ids(ids)
    ctx.interaction.confirms = [False]
    page.delete_selected()
    assert ctx.doc.costs.cost_count() == 300
    ctx.interaction.confirms = [True]
    page.delete_selected()
    assert "4 kostnader" in ctx.interaction.texts("confirm")[-1]
    assert ctx.doc.costs.cost_count() == 296
    assert page.model.rowCount() == 296
    ctx.undo_stack.undo()
    assert ctx.doc.costs.cost_count() == 300
    assert sorted(c.id for c in ctx.doc.costs.costs_by_ids(ids)) == sorted(ids)  # same ids back
    ctx.undo_stack.redo()
    assert ctx.doc.costs.cost_count() == 296


def test_copy_rows_as_tab_separated_swedish(page):
    page.select_ids([page.model.cost_id(0), page.model.cost_id(1)])
    text = page.copy_selected()
    assert QGuiApplication.clipboard().text() == text
    lines = text.split("\r\n")
    assert lines[0].split("\t")[:4] == ["2024-01-01", "1000,50", "Nära vård", "Personal"]
    assert lines[1].split("\t")[1] == "1001,50"
    assert len(lines) == 3 and lines[2] == ""


def test_rows_outside_period_are_marked(page, ctx):
    ctx.doc.set_field("report_period_start", "2024-03-01")
    ctx.refresh()
    assert page.model.index(0, 0).data(OutsidePeriodRole) is True
    assert "utanför" in page.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    last = page.model.rowCount() - 1
    assert page.model.index(last, 0).data(OutsidePeriodRole) is False


def test_readonly_document_cannot_be_edited(tmp_path, catalogue, qtbot):
    doc = open_doc(tmp_path, catalogue, 5)
    doc.close()
    ro = Document.open(tmp_path / "test.bidrag", readonly=True)
    context = DocContext(ro, catalogue, Settings(), ScriptedInteraction(confirms=[True]))
    widget = CostsPage(context)
    qtbot.addWidget(widget)
    assert not widget.add_button.isEnabled()
    assert not widget.model.flags(widget.model.index(0, 1)) & Qt.ItemFlag.ItemIsEditable
    assert not widget.model.setData(widget.model.index(0, 1), "5,00")
    widget.select_ids([widget.model.cost_id(0)])
    widget.delete_selected()
    assert ro.costs.cost_count() == 5
    assert widget.copy_button.isEnabled()
    ro.close()
