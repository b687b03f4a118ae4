"""Kostnader has an Aktivitet column: the activity's name, sortable and filterable like the other columns,
kept right when costs are put in an activity, an activity is renamed or removed, and readable on a small
laptop (1093×614)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from models.catalogue.check import load_catalogue
from models.demo.example import create_demo
from models.document import NO_ACTIVITY, CostFilter
from models.storage.document_file import Document
from ui.costs_model import COLUMN_INDEX
from ui.costs_page import CostsPage
from ui.doc_context import DocContext
from ui.interaction import ScriptedInteraction
from ui.plan_commands import RemoveActivityCommand, RenameActivityCommand, SetCostActivityCommand
from ui.settings import Settings

COL = COLUMN_INDEX["activity_id"]


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.fixture
def page(tmp_path: Path, catalogue, qtbot):
    doc = Document.open(create_demo(tmp_path / "demo.bidrag", catalogue))
    ctx = DocContext(doc, catalogue, Settings(), ScriptedInteraction())
    widget = CostsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1093, 614)
    widget.show()
    yield widget
    doc.close()


def _shown(page: CostsPage, column: int = COL) -> list[str]:
    return [page.model.index(r, column).data() for r in range(page.model.rowCount())]


def _activity(page: CostsPage, name: str):
    return page.ctx.doc.plan.find_activity(name)


def test_the_column_names_each_costs_activity_and_passes_the_model_tester(page):
    QAbstractItemModelTester(page.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    assert page.model.headerData(COL, Qt.Orientation.Horizontal) == "Aktivitet"
    doc = page.ctx.doc
    names = {a.id: a.name for a in doc.plan.activities()}
    for row in range(page.model.rowCount()):
        cost = page.model.cost(row)
        assert page.model.index(row, COL).data() == names.get(cost.activity_id, "")
    assert "Mobila närvårdsteam" in _shown(page) and "" in _shown(page)


def test_sorting_by_aktivitet_orders_by_name_with_the_costs_without_one_first(page):
    page.view.sortByColumn(COL, Qt.SortOrder.AscendingOrder)
    shown = _shown(page)
    assert shown == sorted(shown) and shown[0] == "" and shown[-1] == "Samordnare nära vård"
    page.view.sortByColumn(COL, Qt.SortOrder.DescendingOrder)
    assert _shown(page) == sorted(shown, reverse=True)


def test_the_activity_filter_shows_one_activity_or_the_costs_without_one_with_their_sum(page):
    doc = page.ctx.doc
    box = page.activity_box
    assert [box.itemText(i) for i in range(3)] == ["Alla aktiviteter", "Utan aktivitet", "Samordnare nära vård"]
    mobile = _activity(page, "Mobila närvårdsteam")
    box.setCurrentIndex(box.findData(mobile.id))
    assert set(_shown(page)) == {"Mobila närvårdsteam"}
    assert page.model.rowCount() == doc.costs.cost_count(CostFilter(activity_id=mobile.id)) > 0
    assert "av totalt 264" in page.totals.text()
    box.setCurrentIndex(box.findData(NO_ACTIVITY))
    assert set(_shown(page)) == {""} and page.model.rowCount() == 98
    page.clear_filter()
    assert box.currentIndex() == 0 and page.model.rowCount() == 264


def test_putting_costs_in_an_activity_renaming_and_removing_it_show_at_once(page):
    ctx = page.ctx
    page.view.sortByColumn(COL, Qt.SortOrder.AscendingOrder)
    first = page.model.cost(0)
    assert page.model.index(0, COL).data() == ""
    act = next(a for a in ctx.doc.plan.activities() if a.stream == first.stream)
    assert ctx.push(SetCostActivityCommand(ctx, [first.id], act.id, act.name))
    row = page.model.row_of(first.id)
    assert page.model.index(row, COL).data() == act.name and row > 0  # moved to its place in the order
    assert _shown(page) == sorted(_shown(page))
    assert ctx.push(RenameActivityCommand(ctx, act.id, "Aaa först"))
    assert page.model.index(page.model.row_of(first.id), COL).data() == "Aaa först"
    assert _shown(page) == sorted(_shown(page))
    assert page.activity_box.findText("Aaa först") >= 0
    page.activity_box.setCurrentIndex(page.activity_box.findData(act.id))
    assert ctx.push(RemoveActivityCommand(ctx, act.id, "Aaa först"))
    assert page.activity_box.currentIndex() == 0  # the filter on a removed activity lets go
    assert page.model.index(page.model.row_of(first.id), COL).data() == ""
    ctx.undo_stack.undo()
    assert page.model.index(page.model.row_of(first.id), COL).data() == "Aaa först"


def test_a_double_click_on_the_cell_chooses_the_activity_and_copy_carries_its_name(page, qtbot):
    ctx = page.ctx
    page.view.sortByColumn(COL, Qt.SortOrder.AscendingOrder)
    first = page.model.cost(0)
    names = [a.name for a in ctx.doc.plan.activities() if a.stream == first.stream]
    ctx.interaction.choices = [0]
    page.view.selectRow(0)
    page.view.doubleClicked.emit(page.model.index(0, COL))
    assert ctx.interaction.messages[-1][:2] == ("choose", "Aktivitet")
    assert page.model.index(page.model.row_of(first.id), COL).data() == names[0]
    page.select_ids([first.id])
    assert f"\t{names[0]}\t" in page.copy_selected()


def test_the_column_is_readable_on_a_small_laptop(page):
    left = page.view.columnViewportPosition(COL)
    assert left >= 0 and left + page.view.columnWidth(COL) <= page.view.viewport().width()
    header = page.view.horizontalHeader()
    title_width = header.fontMetrics().horizontalAdvance("Aktivitet")
    assert page.view.columnWidth(COL) > title_width + 24  # the title and the sort arrow
