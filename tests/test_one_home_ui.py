"""The Kostnader page marks as outside the report period exactly the costs the summary leaves out."""

from __future__ import annotations

from helpers import catalogue, cost, new_document

from models.summary import compute_summary
from ui.costs_model import OutsidePeriodRole
from ui.costs_page import CostsPage
from ui.doc_context import DocContext
from ui.interaction import ScriptedInteraction
from ui.settings import Settings


def test_an_emptied_period_start_marks_last_years_cost_as_the_summary_counts_it(tmp_path, qtbot):
    doc = new_document(tmp_path)
    doc.costs.add_cost(cost("100.00", "2023-12-28"))
    doc.costs.add_cost(cost("250.00", "2024-01-10"))
    doc.set_field("report_period_start", "")  # the period starts with the agreement's year again
    assert compute_summary(doc, catalogue()).outside_count == 1
    page = CostsPage(DocContext(doc, catalogue(), Settings(), ScriptedInteraction()))
    qtbot.addWidget(page)
    page.model.reload()
    marks = [page.model.index(row, 0).data(OutsidePeriodRole) for row in range(page.model.rowCount())]
    assert marks == [True, False]  # sorted by date: the 2023 cost first
    doc.close()
