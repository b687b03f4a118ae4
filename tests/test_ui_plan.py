"""The Plan page: the grid (typing, paste, copy, clear), activities, spreading, rules, undo, the forecast
shown, Översikt's warning, and costs put in activities from Kostnader."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from models.document import Cost
from models.storage.document_file import Document
from tests.helpers import catalogue
from ui.doc_context import DocContext
from ui.interaction import ScriptedInteraction
from ui.plan_model import FIXED
from ui.plan_page import PlanPage
from ui.settings import Settings

D = Decimal


def scripted(ctx: DocContext) -> ScriptedInteraction:
    """The test's scripted answers to the page's questions."""
    assert isinstance(ctx.interaction, ScriptedInteraction)
    return ctx.interaction


@pytest.fixture
def ctx(tmp_path: Path, qtbot):
    doc = Document.create(tmp_path / "plan.bidrag", "gnv-2024", "region-12", catalogue())
    doc.set_allocation("Nära vård", "1200000")
    doc.set_allocation("Ambulans", "0")
    for month in range(1, 7):
        doc.costs.add_cost(Cost(date(2024, month, 10), D("100000"), "Nära vård", "Personal", text=f"Lön {month}"))
    context = DocContext(doc, catalogue(), Settings(), ScriptedInteraction())
    context.as_of = date(2024, 6, 30)
    yield context
    context.closed = True  # late timers of the pages do nothing, as when the window closes a document
    doc.close()


def test_typing_pasting_and_clearing_the_grid_are_undoable_steps(ctx: DocContext, qtbot) -> None:
    page = PlanPage(ctx)
    qtbot.addWidget(page)
    page.wait_for_figures()  # the costs are read in the background
    assert page.add_activity("Mobila närvårdsteam", "Nära vård", "Personal")
    assert page.add_activity("Kompetenslyft undersköterskor", "Nära vård")
    QAbstractItemModelTester(page.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model = page.model
    assert model.rowCount() == 3 and model.columnCount() == FIXED + 12 + 1
    july = FIXED + 6
    assert model.setData(model.index(0, july), "50 000")
    assert ctx.doc.plan.plan() == {(model.activities[0].id, "2024-07"): D("50000.00")}
    page.select(0, july + 1)
    assert page.paste("50000\t50 000,00\t50000\t50000\t50000\n10000\t10000\t\t\t\t99\n")  # the 99 is past december
    plan = ctx.doc.plan.plan()
    assert sum(plan.values()) == 6 * D("50000") + 2 * D("10000")
    assert model.data(model.index(2, FIXED + 12)) == "320\u00a0000"  # the sum row's sum column
    assert ctx.undo_stack.count() == 4 and ctx.undo_stack.undoText() == "Klistra in plan (10 månader)"
    assert page.forecast_text.text().startswith(
        "Kostnaderna vid periodens slut beräknas till 920\u00a0000\u00a0kr"
    )  # 600 000 + 6 × 50 000 + 2 × 10 000
    assert "280\u00a0000\u00a0kr av tilldelningen förbrukas inte och ska återbetalas senast 31 mars 2025" in (
        page.forecast_text.text()
    )

    page.view.selectionModel().select(model.index(0, july), page.view.selectionModel().SelectionFlag.Select)
    page.view.selectionModel().select(model.index(0, july + 1), page.view.selectionModel().SelectionFlag.Select)
    assert page.copy() == "50000,00\t50000,00"
    page.clear_selected()
    assert (model.activities[0].id, "2024-07") not in ctx.doc.plan.plan()

    ctx.undo_stack.undo()  # the clear
    ctx.undo_stack.undo()  # the paste
    assert ctx.doc.plan.plan() == {(model.activities[0].id, "2024-07"): D("50000.00")}
    ctx.undo_stack.redo()
    assert sum(ctx.doc.plan.plan().values()) == D("320000")
    assert ctx.doc.history(1)[0].what.startswith("Plan, 7 månader")  # the three empty cells were empty before


def test_a_bad_cell_or_paste_changes_nothing_and_says_why(ctx: DocContext, qtbot) -> None:
    page = PlanPage(ctx)
    qtbot.addWidget(page)
    page.wait_for_figures()  # the costs are read in the background
    page.add_activity("Team", "Nära vård")
    model = page.model
    assert not model.setData(model.index(0, FIXED), "tusen")
    page.select(0, FIXED)
    assert not page.paste("100\tabc\n")
    assert not model.setData(model.index(0, FIXED), "-5")
    assert ctx.doc.plan.plan() == {}
    texts = scripted(ctx).texts("warn")
    assert (
        len(texts) == 3
        and "”tusen” är inget belopp" in texts[0]
        and texts[1].startswith("Inklistringen ändrade ingenting")
    )
    assert "negativt" in texts[2]


def test_spreading_rules_and_removing_an_activity_from_the_page(ctx: DocContext, qtbot) -> None:
    page = PlanPage(ctx)
    qtbot.addWidget(page)
    page.wait_for_figures()  # the costs are read in the background
    page.add_activity("Team", "Nära vård")
    act = ctx.doc.plan.activities()[0]
    assert page.spread(act.id, "100 000,01", "2024-07", "2024-12")
    values = [ctx.doc.plan.plan()[(act.id, f"2024-{m:02d}")] for m in range(7, 13)]
    assert values == [D("16666.67")] + [D("16666.67")] + [D("16666.67")] * 4 or sum(values) == D("100000.01")
    assert sum(values) == D("100000.01")
    assert page.set_rules([])
    from models.storage.activities import ActivityRule

    assert page.set_rules([ActivityRule("text", "lön", "Team")])
    page.apply_rules()
    page.wait_for_figures()  # costs moved into an activity: read again in the background
    assert all(c.activity_id == act.id for c in ctx.doc.costs.iter_costs())
    assert page.variance_rows()[0][:4] == ["Team", "Nära vård", "0\u00a0kr", "600\u00a0000\u00a0kr"]
    ctx.undo_stack.undo()  # the sorting
    assert all(c.activity_id is None for c in ctx.doc.costs.iter_costs())
    page.select(0, 0)
    scripted(ctx).confirms.append(True)
    page.remove_selected()
    assert ctx.doc.plan.activities() == [] and ctx.doc.plan.plan() == {}
    ctx.undo_stack.undo()
    assert [a.name for a in ctx.doc.plan.activities()] == ["Team"] and sum(ctx.doc.plan.plan().values()) == D(
        "100000.01"
    )


def test_overview_warns_of_the_repayment_and_kostnader_puts_costs_in_an_activity(ctx: DocContext, qtbot) -> None:
    from ui.costs_page import CostsPage
    from ui.overview_page import OverviewPage

    act = ctx.doc.plan.add_activity("Mobila närvårdsteam", "Nära vård")
    ctx.doc.plan.set_plan({(act.id, f"2024-{m:02d}"): D("50000") for m in range(1, 13)})
    overview = OverviewPage(ctx)
    qtbot.addWidget(overview)
    overview.wait_for_figures()  # the forecast is read in the background
    warning = "Med nuvarande takt återbetalas cirka 300 000 kr den 31 mars 2025."
    assert any(t.startswith(warning) for t in overview.warning_texts())

    costs = CostsPage(ctx)
    qtbot.addWidget(costs)
    costs.view.selectAll()
    scripted(ctx).choices.append(0)
    costs.assign_activity()
    assert {c.activity_id for c in ctx.doc.costs.iter_costs()} == {act.id}
    assert ctx.undo_stack.undoText() == "Koppla 6 kostnader till Mobila närvårdsteam"
    ctx.undo_stack.undo()
    assert {c.activity_id for c in ctx.doc.costs.iter_costs()} == {None}
    assert Qt  # the view's key bindings are Qt's standard keys
