"""Översikt reads its monthly chart and its forecast off the window's thread: the figures from the stored
totals paint at once, the chart and the forecast arrive later and are right, an older reading never
overwrites a newer one, and closing the document while a reading runs is safe."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QLabel

from models import words
from models.catalogue.check import load_catalogue
from models.demo.example import create_demo
from models.document import Cost
from models.forecast import plan_status
from models.storage.document_file import Document
from models.storage.reader import open_reader
from ui.cost_commands import AddCostCommand
from ui.doc_reader import wait_all
from ui.interaction import ScriptedInteraction
from ui.main_window import MainWindow
from ui.overview_page import COUNTING, COUNTING_FORECAST, kr, slow_figures
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
    wait_all()


def test_the_totals_show_at_once_and_the_chart_and_forecast_arrive_from_the_background(window, qtbot):
    ctx = window.ctx
    ctx.as_of = date(2024, 9, 15)  # four months left: the forecast has something to say
    overview = window.view.show_page("Översikt")
    overview.refresh()  # no events processed since: what a user sees in the first paint
    summary = ctx.summary()
    labels = [label.text() for label in overview.streams_box.findChildren(QLabel)]
    assert kr(summary.costs_total) in labels  # the total spent, from the stored totals
    assert f"{words.count(summary.cost_count, 'kostnad', 'kostnader', sep=chr(0xA0))}" in overview.subheading.text()
    assert overview.chart_stack.currentWidget() is overview.counting and overview.counting.text() == COUNTING
    assert overview.warning_texts()[0] == COUNTING_FORECAST
    overview.wait_for_figures()
    assert overview.chart_stack.currentWidget() is overview.chart
    assert overview.chart._data[0] == ctx.doc.costs.monthly_costs()
    expected, forecast = slow_figures(ctx.doc, ctx.catalogue, ctx.as_of, monthly=False, forecast=True)
    assert forecast is not None and forecast.startswith("Med nuvarande takt återbetalas cirka")
    assert overview.warning_texts()[0] == forecast and COUNTING_FORECAST not in overview.warning_texts()
    assert expected is None


def test_an_edit_while_the_chart_is_read_shows_the_newer_sums(window, qtbot):
    ctx = window.ctx
    overview = window.view.show_page("Översikt")
    overview.refresh()
    first = overview.reading.current
    stream = next(iter(ctx.doc.allocation()))
    ctx.push(AddCostCommand(ctx, Cost(date(2024, 5, 2), Decimal("1000000.00"), stream, "Personal", text="Ny")))
    assert overview.reading.current is not first  # the older reading is stopped and its result dropped
    assert first.stop.is_set()
    overview.wait_for_figures()
    first.wait()
    QApplication.processEvents()  # the stopped reading's finished arrives too, and is ignored
    monthly = overview.chart._data[0]
    assert monthly == ctx.doc.costs.monthly_costs()
    assert monthly["2024-05"] >= Decimal("1000000.00")


def test_closing_the_document_while_the_chart_is_read_is_safe(window, qtbot):
    overview = window.view.show_page("Översikt")
    release = threading.Event()

    def slow(doc: Document):
        release.wait(5)
        return doc.costs.monthly_costs(), None  # on its own connection; the window's is closed by now

    reader = overview.reading.start(window.ctx.doc.path, slow)
    assert window.close_document()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the page is gone now
    assert reader.stop.is_set()  # the page's end stopped its reading
    release.set()
    wait_all()
    QApplication.processEvents()  # its finished is delivered to nobody: no crash, no late paint
    assert reader.stopped  # marked stopped: its result is shown nowhere
    assert window.view is None and window.stack.currentWidget() is window.start


def test_a_stopped_reading_ends_its_query_and_leaves_the_file_as_it_was(tmp_path, catalogue):
    path = create_demo(tmp_path / "Skåne 2024.bidrag", catalogue, costs=20_000)
    doc = open_reader(path, lambda: True)  # stop asked at once: a pass over the costs is interrupted
    with pytest.raises(sqlite3.OperationalError):
        doc.costs.monthly_costs()
    doc.close()
    with Document.open(path) as again:
        assert again.costs.monthly_costs()


def test_the_plan_page_reads_the_costs_in_the_background_and_keeps_them_while_only_the_plan_changes(window):
    from ui.plan_commands import SetPlanCommand

    ctx = window.ctx
    ctx.as_of = date(2024, 9, 15)
    page = window.view.show_page("Plan")
    page.refresh()
    assert page.heading.text() == COUNTING and page.forecast_text.text() == COUNTING
    page.wait_for_figures()
    assert page.heading.text().startswith("Per 2024-09-15:")
    act = ctx.doc.plan.activities()[0]
    ctx.push(SetPlanCommand(ctx, {(act.id, "2024-12"): Decimal("999999.00")}))
    assert page.reading.current is None  # only the plan changed: no pass over the costs
    assert page.heading.text().startswith("Per 2024-09-15:") and page.forecast_text.text() != COUNTING
    model = page.model
    cells = [model.data(model.index(r, c)) for r in range(model.rowCount()) for c in range(model.columnCount())]
    assert "999\u00a0999" in cells  # the grid shows the new plan at once
    stream = next(iter(ctx.doc.allocation()))
    ctx.push(AddCostCommand(ctx, Cost(date(2024, 5, 2), Decimal("1000000.00"), stream, "Personal", text="Ny")))
    assert page.reading.current is not None and page.heading.text() == COUNTING
    page.wait_for_figures()
    fresh = plan_status(ctx.doc, ctx.catalogue, ctx.as_of)  # read on this thread, now
    assert page.status is not None and page.status.spent_to_date == fresh.spent_to_date
    assert page.status.costs_at_end == fresh.costs_at_end and page.forecast_text.text() == page.forecast_sentence(fresh)


def test_the_note_of_a_changed_final_export_is_read_in_the_background(window, qtbot, tmp_path):
    """The comparison with a final export that had the cost rows reads every cost: off the window's thread."""
    from exporters.run import export_document

    ctx = window.ctx
    export_document(ctx.doc, ctx.catalogue, pdf=tmp_path / "r.pdf", with_ledger=True)
    overview = window.view.show_page("Översikt")
    cost = next(ctx.doc.costs.iter_costs())
    ctx.doc.costs.update_cost(cost.id, text=cost.text + " (rättad)")  # only the appendix changes
    ctx.refresh()
    qtbot.waitUntil(lambda: overview.export_reading.current is not None, timeout=5_000)  # started after the paint
    assert not any(t.startswith("Ändrad sedan") for t in overview.warning_texts())  # not yet: being read
    overview.wait_for_figures()
    assert overview.warning_texts()[0].startswith("Ändrad sedan versionen som exporterades")
