"""Targeted refresh: an edit updates the page in front, exactly; pages behind other tabs catch up when shown."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from models.catalogue.check import load_catalogue
from models.demo.example import create_demo
from models.document import Cost
from ui.cost_commands import AddCostCommand, DeleteCostsCommand, EditCostCommand
from ui.costs_model import COLUMN_INDEX
from ui.interaction import ScriptedInteraction
from ui.main_window import MainWindow
from ui.settings import Settings


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.fixture
def window(tmp_path, catalogue, qtbot):
    path = create_demo(tmp_path / "Skåne 2024.bidrag", catalogue)
    w = MainWindow(catalogue, Settings.load(), ScriptedInteraction())
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)
    assert w.open_path(path)
    yield w
    w.close()


def _texts(widget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel)]


def _cell(page, row: int, key: str) -> str:
    return page.model.index(row, COLUMN_INDEX[key]).data(Qt.ItemDataRole.DisplayRole)


def test_allocation_typed_in_uppgifter_shows_in_the_overview_when_it_is_shown(window, qtbot):
    overview = window.view.show_page("Översikt")
    stream = next(iter(window.ctx.doc.allocation()))
    form = window.view.show_page("Uppgifter")
    before = overview.refresher.refreshes
    form.allocation_edits[stream].setText("1 234 567")
    form.allocation_edits[stream].editingFinished.emit()
    assert window.ctx.doc.allocation()[stream] == Decimal("1234567.00")
    assert overview.refresher.stale and overview.refresher.refreshes == before  # behind its tab: not read
    assert not any("1\u00a0234\u00a0567,00" in t for t in _texts(overview.streams_box))
    window.view.show_page("Översikt")
    assert not overview.refresher.stale
    assert any(t.startswith("1\u00a0234\u00a0567,00") for t in _texts(overview.streams_box))


def test_period_field_edit_reaches_the_overview_and_its_undo_too(window):
    overview = window.view.show_page("Översikt")
    form = window.view.show_page("Uppgifter")
    row = form.rows["report_period_end"]
    row.editor.setText("2024-11-30")
    row.commit()
    window.view.show_page("Översikt")
    assert "2024-11-30" in overview.subheading.text()
    window.undo()  # undone while the overview is in front: it updates at once
    assert "2024-12-31" in overview.subheading.text()


def test_a_field_edit_does_not_reload_the_costs_page_behind_its_tab(window):
    costs = window.view.show_page("Kostnader")
    history = window.view.page("Historik")  # built, behind its tab
    form = window.view.show_page("Uppgifter")
    before = costs.refresher.refreshes
    row = form.rows["contact_person"]
    row.editor.setText("Karin Ek")
    row.commit()
    assert window.ctx.doc.field("contact_person") == "Karin Ek"
    assert costs.refresher.refreshes == before and not costs.refresher.stale  # costs do not show fields
    assert history.refresher.stale  # the history got a row: read when shown, not now


def test_cost_edit_and_its_undo_update_the_row_in_the_costs_table(window):
    costs = window.view.show_page("Kostnader")
    ctx = window.ctx
    before = costs.refresher.refreshes
    old = _cell(costs, 2, "text")
    index = costs.model.index(2, COLUMN_INDEX["text"])
    assert costs.model.setData(index, "Ändrad rad", Qt.ItemDataRole.EditRole)
    assert _cell(costs, 2, "text") == "Ändrad rad"
    window.undo()
    assert _cell(costs, 2, "text") == old
    window.redo()
    assert _cell(costs, 2, "text") == "Ändrad rad"
    assert costs.refresher.refreshes == before  # row by row, no reload of the whole table
    assert costs.model.rowCount() == ctx.doc.costs.cost_count()


def test_amount_edit_updates_the_totals_line(window):
    costs = window.view.show_page("Kostnader")
    ctx = window.ctx
    cost_id = costs.model.cost_id(0)
    amount = ctx.doc.costs.get_cost(cost_id).amount
    ctx.push(EditCostCommand(ctx, cost_id, {"amount": amount + Decimal("1000.25")}))
    total = ctx.doc.costs.cost_total()
    assert costs.totals.text().endswith(costs_sum(total))
    window.undo()
    assert costs.totals.text().endswith(costs_sum(total - Decimal("1000.25")))


def costs_sum(value: Decimal) -> str:
    from models.money import format_sek

    return f"summa {format_sek(value, decimals=True)}"


@pytest.mark.parametrize("descending", [False, True])
def test_sort_value_edit_moves_the_row_where_a_full_read_puts_it(window, descending):
    costs = window.view.show_page("Kostnader")
    ctx = window.ctx
    order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
    costs.view.sortByColumn(COLUMN_INDEX["date"], order)
    cost_id = costs.model.cost_id(1)
    costs.select_ids([cost_id])
    ctx.push(EditCostCommand(ctx, cost_id, {"date": date(2024, 7, 15)}))
    expected = ctx.doc.costs.cost_ids(order="date", descending=descending)
    assert [costs.model.cost_id(r) for r in range(costs.model.rowCount())] == expected
    assert costs.selected_ids() == [cost_id]  # the selection follows the row
    assert _cell(costs, expected.index(cost_id), "date") == "2024-07-15"
    window.undo()
    assert [costs.model.cost_id(r) for r in range(costs.model.rowCount())] == ctx.doc.costs.cost_ids(
        order="date", descending=descending
    )


def test_added_and_deleted_costs_take_and_leave_their_rows_with_undo(window):
    costs = window.view.show_page("Kostnader")
    ctx = window.ctx
    stream = next(iter(ctx.doc.allocation()))
    count = costs.model.rowCount()
    add = AddCostCommand(ctx, Cost(date(2024, 5, 2), Decimal("99.00"), stream, "Personal", text="Ny"))
    assert ctx.push(add)
    ids = [costs.model.cost_id(r) for r in range(costs.model.rowCount())]
    assert ids == ctx.doc.costs.cost_ids() and add.cost.id in ids and len(ids) == count + 1
    victims = [ids[0], ids[5]]
    assert ctx.push(DeleteCostsCommand(ctx, victims))
    assert [costs.model.cost_id(r) for r in range(costs.model.rowCount())] == ctx.doc.costs.cost_ids()
    window.undo()
    window.undo()
    assert [costs.model.cost_id(r) for r in range(costs.model.rowCount())] == ctx.doc.costs.cost_ids()
    assert costs.model.rowCount() == count


def test_edit_under_a_filter_keeps_the_table_exact(window, qtbot):
    costs = window.view.show_page("Kostnader")
    ctx = window.ctx
    costs.search.setText("a")
    costs.apply_filter()
    shown = costs.model.rowCount()
    assert shown > 0
    cost_id = costs.model.cost_id(0)
    ctx.push(EditCostCommand(ctx, cost_id, {"text": "zzz"}))  # no longer matches if only the text did
    assert [costs.model.cost_id(r) for r in range(costs.model.rowCount())] == ctx.doc.costs.cost_ids(
        costs.model.cost_filter
    )
