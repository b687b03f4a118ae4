"""The charts' axis of kronor: no label longer than four digits (Qt writes "6000000" without spaces); the axis
counts in thousands or millions instead and says so."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from helpers import catalogue, cost, new_document
from PySide6.QtCharts import QValueAxis
from PySide6.QtCore import Qt

from ui.doc_context import DocContext
from ui.interaction import ScriptedInteraction
from ui.overview_page import OverviewPage
from ui.settings import Settings


@pytest.mark.parametrize(
    ("allocation", "unit"),
    [
        ("3000", "kronor"),
        ("300 000", "tusen kronor"),
        ("5 282 416", "miljoner kronor"),
        ("326 413 479", "miljoner kronor"),
    ],
)
def test_the_overview_chart_counts_in_a_unit_that_keeps_its_labels_short(
    tmp_path: Path, qtbot, allocation: str, unit: str
) -> None:
    doc = new_document(tmp_path)
    doc.set_allocation("Nära vård", allocation)
    doc.set_allocation("Ambulans", "0")  # the region's other stream: the chart's line is the total
    doc.costs.add_cost(cost("1343.00"))
    ctx = DocContext(doc, catalogue(), Settings(), ScriptedInteraction())
    page = OverviewPage(ctx)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    page.wait_for_figures()  # the chart's sums are read in the background
    axis = next(a for a in page.chart.chart().axes(Qt.Orientation.Vertical) if isinstance(a, QValueAxis))
    assert axis.titleText() == unit
    total = Decimal(allocation.replace(" ", ""))
    shown = total / {"kronor": 1, "tusen kronor": 1000, "miljoner kronor": 1_000_000}[unit]
    assert axis.max() >= float(shown) and len(f"{axis.max():.0f}") <= 4  # the top label: at most four digits
