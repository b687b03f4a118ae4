"""Översikt: where the money stands per stream, spending over the year, deadlines and warnings."""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal

from PySide6.QtCharts import QCategoryAxis, QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import QMargins, Qt, QTimer
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from models import words
from models.catalogue.catalogue import Catalogue
from models.deadlines import Deadline, deadline_text
from models.errors import UserError
from models.money import format_sek
from models.storage.document_file import Document
from models.summary import Summary
from ui import theme
from ui.agreement_notice import AgreementNotice
from ui.changes import COST_ROWS, COSTS, EXPORTS, FIELDS, HISTORY, PARTS, Change, PageRefresh
from ui.chart_theme import money_scale, style_chart
from ui.doc_context import DocContext
from ui.doc_reader import DocRead, Reading
from ui.page_base import ScrollPage

log = logging.getLogger("bidragskollen.ui")

PERIOD_FIELDS = frozenset({"report_period_start", "report_period_end"})
COUNTING = "Räknar …"
COUNTING_FORECAST = "Räknar prognosen …"
MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


NBSP = "\u00a0"


def kr(value: Decimal) -> str:
    return format_sek(value, decimals=True, sep=NBSP)


def changed_since_export(ctx: DocContext, form: str = "redovisning") -> str | None:
    """'Ändrad sedan versionen som exporterades 2025-03-20' when the report differs from the last final export."""
    return export_note(ctx.doc, ctx.catalogue, form)


def export_note(doc: Document, catalogue: Catalogue, form: str = "redovisning") -> str | None:
    """``changed_since_export`` of ``doc``: a pass over every cost when the export had the ledger appendix
    (half a minute for a million), so Översikt reads it in the background."""
    finals = [e for e in doc.exports() if not e.draft and e.form == form]
    if not finals:
        return None
    from models.fingerprint import document_fingerprint, recorded_with_ledger

    last = finals[-1]
    try:  # compared as it was exported: with the ledger appendix if that export had it
        current = document_fingerprint(doc, catalogue, form, ledger=recorded_with_ledger(last.formats))
    except UserError as err:
        log.warning("Kontrollsumman kunde inte räknas: %s", err)
        return None
    if current == last.fingerprint:
        return None
    return f"Ändrad sedan versionen som exporterades {last.time:%Y-%m-%d}; exportera igen innan den skrivs under."


def forecast_note(doc: Document, catalogue: Catalogue, as_of: date | None) -> str | None:
    """The forecast's warning while the period runs and the forecast shows money to repay (as of today)."""
    from models.forecast import forecast_flag, plan_status

    try:
        return forecast_flag(plan_status(doc, catalogue, as_of))
    except UserError as err:
        log.warning("Prognosen kunde inte räknas: %s", err)
        return None


def slow_figures(
    doc: Document, catalogue: Catalogue, as_of: date | None, monthly: bool, forecast: bool
) -> tuple[dict[str, Decimal] | None, str | None]:
    """What the overview reads in the background, each a pass over the costs: the monthly sums for the
    chart and the forecast's warning (None for what was not asked)."""
    sums = doc.costs.monthly_costs() if monthly else None
    return sums, (forecast_note(doc, catalogue, as_of) if forecast else None)


def _bold(label: QLabel, scale: float = 1.0) -> QLabel:
    font = label.font()
    font.setBold(True)
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


class DeadlineCard(QFrame):
    """One deadline: in the warning colour when near or passed and not done, greyed only when done."""

    def __init__(self, deadline: Deadline) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        title = QLabel(deadline.label)
        title.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(_bold(QLabel(deadline.date.isoformat()), 1.3))
        self.days = QLabel(deadline_text(deadline))
        self.days.setWordWrap(True)
        if deadline.done:
            self.days.setEnabled(False)
        elif deadline.days_left <= 30:
            theme.paint_text(self.days, "warning", bold=True)
        layout.addWidget(self.days)
        self.setAccessibleName(f"{deadline.label} {deadline.date.isoformat()}, {deadline_text(deadline)}")


class SpendingChart(QChartView):
    """Cumulative costs per month against the total allocation."""

    def __init__(self) -> None:
        self._chart = QChart()
        super().__init__(self._chart)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(240)
        self._chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self._chart.setMargins(QMargins(4, 4, 4, 4))
        self.setAccessibleName("Diagram: kostnader hittills per månad mot tilldelningen")
        self._data: tuple[dict[str, Decimal], Decimal, date, date] | None = None
        theme.watch()

    def follow_palette(self) -> None:
        if self._data is not None:
            self.update_data(*self._data)

    def update_data(self, monthly: dict[str, Decimal], allocation: Decimal, start: date, end: date) -> None:
        self._data = (monthly, allocation, start, end)
        chart = self._chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)

        months = max(1, (end.year - start.year) * 12 + end.month - start.month + 1)
        scale, unit = money_scale(max(allocation, sum(monthly.values(), Decimal(0))))
        spent = QLineSeries()
        spent.setName("Kostnader hittills")
        total = Decimal("0")
        spent.append(0.0, 0.0)
        for month, amount in sorted(monthly.items()):
            year, m = (int(p) for p in month.split("-"))
            index = (year - start.year) * 12 + m - start.month
            if not 0 <= index < months:
                continue
            total += amount
            spent.append(float(index + 1), float(total / scale))  # float only for drawing
        limit = QLineSeries()
        limit.setName("Tilldelning")
        limit.append(0.0, float(allocation / scale))
        limit.append(float(months), float(allocation / scale))
        spent.setPen(QPen(theme.series("actual"), 2))
        pen = QPen(theme.series("allocation"))
        pen.setStyle(Qt.PenStyle.DashLine)
        pen.setWidth(2)
        limit.setPen(pen)
        chart.addSeries(spent)
        chart.addSeries(limit)
        x = QCategoryAxis()
        x.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        x.setRange(0, months)
        x.append(" ", 0)
        for i in range(months):
            m = (start.month - 1 + i) % 12
            x.append(MONTHS[m] + ("\u200b" * (i // 12)), i + 1)  # labels must be unique per year
        y = QValueAxis()
        top = max(float(allocation / scale), float(total / scale), 1.0) * 1.1
        y.setRange(0, top)
        y.setLabelFormat("%.0f")
        y.setTitleText(unit)
        y.applyNiceNumbers()
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        for series in (spent, limit):
            series.attachAxis(x)
            series.attachAxis(y)
        style_chart(chart)


class OverviewPage(ScrollPage):
    def __init__(self, ctx: DocContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        outer = self.outer
        self.heading = _bold(QLabel(), 1.4)
        self.heading.setWordWrap(True)
        self.subheading = QLabel()
        self.subheading.setWordWrap(True)
        outer.addWidget(self.heading)
        outer.addWidget(self.subheading)
        self.agreement_notice = AgreementNotice(ctx)  # the catalogue holds another version of the agreement
        outer.addWidget(self.agreement_notice)

        self.warnings_box = QGroupBox("Att se över")
        self.warnings_layout = QVBoxLayout(self.warnings_box)
        outer.addWidget(self.warnings_box)

        self.streams_box = QGroupBox("Pengarna per ström")
        self.streams_grid = QGridLayout(self.streams_box)
        outer.addWidget(self.streams_box)

        row = QHBoxLayout()
        chart_box = QGroupBox("Kostnader över året")
        self.chart_stack = QStackedLayout(chart_box)
        self.counting = QLabel(COUNTING)  # while the monthly sums are read in the background
        self.counting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.counting.setEnabled(False)
        self.counting.setMinimumHeight(240)
        self.chart_stack.addWidget(self.counting)
        self.chart = SpendingChart()
        self.chart_stack.addWidget(self.chart)
        row.addWidget(chart_box, 3)
        deadlines_box = QGroupBox("Viktiga datum")
        self.deadlines_layout = QVBoxLayout(deadlines_box)
        row.addWidget(deadlines_box, 1)
        outer.addLayout(row, 1)

        self._export_note: str | None = None
        self._forecast_note: str | None = None  # "Med nuvarande takt återbetalas cirka …" (models/forecast.py)
        self._monthly: dict[str, Decimal] | None = None  # read again only when costs change
        self._forecast_stale = True
        self._forecast_pending = False  # the forecast is being read: the warnings say COUNTING_FORECAST
        self.reading = Reading(self, self._read)
        self.export_reading = Reading(self, self._export_read)
        self.refresher = PageRefresh(self, ctx.changed, PARTS - {HISTORY}, self.refresh, self._changed)
        self.refresh()

    def _changed(self, change: Change) -> None:
        """An edit while the page is in front: the monthly sums and the forecast are read again only
        when costs or the plan changed (each reads every cost); the rest comes from the stored totals."""
        if change.touches({COSTS, COST_ROWS}):
            self._monthly = None
        period = FIELDS in change.parts and (not change.fields or bool(change.fields & PERIOD_FIELDS))
        self._forecast_stale |= period or change.touches(PARTS - {FIELDS, EXPORTS, HISTORY})
        self._show()

    def follow_palette(self) -> None:
        for bar in self.streams_box.findChildren(QProgressBar):
            if bar.property("over"):
                bar.setStyleSheet(theme.over_bar_style())

    def refresh(self) -> None:
        """Everything read again (the page is shown after changes made elsewhere, or a reload)."""
        self._monthly = None
        self._forecast_stale = True
        self._show()

    def _show(self) -> None:
        try:
            summary = self.ctx.summary()
        except UserError as err:
            self.heading.setText("Översikten kan inte visas")
            self.subheading.setText(str(err))
            return
        self.heading.setText(f"{summary.recipient_name} – {summary.agreement_name}")
        counted = words.count(summary.cost_count, "kostnad", "kostnader", sep=NBSP)
        self.subheading.setText(
            f"Redovisningsperiod {summary.period_start} – {summary.period_end} · "
            f"{counted} · utbetalt hittills {kr(summary.received)}"
        )
        self._fill_streams(summary)
        self._fill_deadlines(summary)
        if self._monthly is None or self._forecast_stale:
            self._start_reading()
        if self._monthly is None:
            self.chart_stack.setCurrentWidget(self.counting)
        else:
            self._show_chart(summary)
        self._fill_warnings(summary)
        QTimer.singleShot(0, self._check_export)  # after the first paint: it builds the whole report

    def _start_reading(self) -> None:
        """The monthly sums and the forecast, each a pass over every cost, read off the window's thread;
        a newer edit starts a newer reading and the older one's result is dropped (``Reading``)."""
        monthly, forecast = self._monthly is None, self._forecast_stale  # None: unread, or being read
        forecast = forecast or self._forecast_pending  # a stopped reading's forecast is still owed
        self._forecast_stale = False
        self._forecast_pending = forecast
        catalogue, as_of = self.ctx.catalogue, self.ctx.as_of
        self.reading.start(self.ctx.doc.path, lambda doc: slow_figures(doc, catalogue, as_of, monthly, forecast))

    def _read(self, reader: DocRead[tuple[dict[str, Decimal] | None, str | None]]) -> None:
        """A reading finished (only the newest one arrives here)."""
        if self.ctx.closed:
            return
        if reader.stopped:  # the file could not be read: the chart and forecast wait for the next change
            self._forecast_pending = False
            self.counting.setText("Diagrammet kunde inte räknas; det räknas igen vid nästa ändring.")
            return
        monthly, forecast = reader.result
        if monthly is not None:
            self._monthly = monthly
        if self._forecast_pending:
            self._forecast_note = forecast
            self._forecast_pending = False
        try:
            summary = self.ctx.summary()
        except UserError:
            return
        if self._monthly is not None:
            self._show_chart(summary)
        self._fill_warnings(summary)

    def _show_chart(self, summary: Summary) -> None:
        assert self._monthly is not None
        self.chart.update_data(self._monthly, summary.allocation_total, summary.period_start, summary.period_end)
        self.chart_stack.setCurrentWidget(self.chart)

    def wait_for_figures(self) -> None:
        """Block until the background reading is shown (tests, screenshots)."""
        from PySide6.QtCore import QCoreApplication

        while self.reading.current is not None or self.export_reading.current is not None:
            self.reading.wait()
            self.export_reading.wait()
            QCoreApplication.processEvents()

    def _check_export(self) -> None:
        if self.ctx.closed or self.ctx.doc.costs_unchecked:  # checked once the costs have passed
            return
        catalogue = self.ctx.catalogue
        self.export_reading.start(self.ctx.doc.path, lambda doc: export_note(doc, catalogue))

    def _export_read(self, job: DocRead[str | None]) -> None:
        if self.ctx.closed or job.stopped or job.result == self._export_note:
            return
        self._export_note = job.result
        self._fill_warnings(self.ctx.summary())

    @staticmethod
    def _clear(layout: QGridLayout | QVBoxLayout) -> None:
        while layout.count():
            item = layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()

    def _fill_streams(self, s: Summary) -> None:
        grid = self.streams_grid
        self._clear(grid)
        headers = ("Ström", "Tilldelat", "Förbrukat", "Kvar", "Andel förbrukad")
        for col, text in enumerate(headers):
            label = _bold(QLabel(text))
            if 0 < col < 4:
                label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(label, 0, col)
        rows = list(s.streams)
        for r, st in enumerate(rows, start=1):
            self._stream_row(r, st.stream, st.allocated, st.costs, st.remaining)
        total_row = len(rows) + 1
        self._stream_row(total_row, "Totalt", s.allocation_total, s.costs_total, s.allocation_total - s.costs_total)
        for col in range(4):
            item = grid.itemAtPosition(total_row, col)
            cell = item.widget() if item else None
            if isinstance(cell, QLabel):
                _bold(cell)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(4, 2)

    def _stream_row(self, r: int, name: str, allocated: Decimal, costs: Decimal, remaining: Decimal) -> None:
        grid = self.streams_grid
        grid.addWidget(QLabel(name), r, 0)
        for col, value in ((1, allocated), (2, costs), (3, remaining)):
            label = QLabel(kr(value))
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if col == 3 and value < 0:
                theme.paint_text(label, "error")
            grid.addWidget(label, r, col)
        bar = QProgressBar()
        share = int(costs * 1000 / allocated) if allocated > 0 else (1000 if costs > 0 else 0)
        bar.setRange(0, 1000)
        bar.setValue(min(share, 1000))
        bar.setFormat(f"{share / 10:.1f} %".replace(".", ","))
        bar.setAccessibleName(f"{name}: {share / 10:.1f} procent förbrukat".replace(".", ","))
        if share > 1000:
            bar.setProperty("over", True)
            bar.setStyleSheet(theme.over_bar_style())
        grid.addWidget(bar, r, 4)

    def _fill_deadlines(self, s: Summary) -> None:
        self._clear(self.deadlines_layout)
        for d in s.deadlines:
            self.deadlines_layout.addWidget(DeadlineCard(d))
        self.deadlines_layout.addStretch(1)

    def _fill_warnings(self, s: Summary) -> None:
        self._clear(self.warnings_layout)
        texts = [f.text for f in s.flags]
        if self._forecast_pending:
            texts.insert(0, COUNTING_FORECAST)
        elif self._forecast_note:
            texts.insert(0, self._forecast_note)
        if self._export_note:
            texts.insert(0, self._export_note)
        for text in texts:
            label = QLabel("• " + text)
            label.setEnabled(text != COUNTING_FORECAST)  # quiet, greyed, while it is counted
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.warnings_layout.addWidget(label)
        self.warnings_box.setVisible(bool(texts))

    def warning_texts(self) -> list[str]:
        """What the 'Att se över' box says (for tests and screen readers)."""
        out = []
        for i in range(self.warnings_layout.count()):
            item = self.warnings_layout.itemAt(i)
            w = item.widget() if item is not None else None
            if isinstance(w, QLabel):
                out.append(w.text().removeprefix("• "))
        return out
