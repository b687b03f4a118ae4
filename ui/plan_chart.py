"""The Plan page's chart: actual costs to date, the plan and the forecast to the period's end, against
the allocation, all cumulative per month."""

from __future__ import annotations

from PySide6.QtCharts import QCategoryAxis, QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QPainter, QPen

from models.forecast import MONTH_NAMES, PlanStatus
from models.money import ZERO
from models.prognos import cumulative_series
from ui import theme
from ui.chart_theme import money_scale, style_chart


class ForecastChart(QChartView):
    def __init__(self) -> None:
        self._chart = QChart()
        super().__init__(self._chart)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(260)
        self._chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self._chart.setMargins(QMargins(4, 4, 4, 4))
        self.setAccessibleName("Diagram: utfall hittills, plan och prognos till periodens slut mot tilldelningen")
        self._status: PlanStatus | None = None
        theme.watch()

    def follow_palette(self) -> None:
        if self._status is not None:
            self.update_data(self._status)

    def update_data(self, status: PlanStatus) -> None:
        self._status = status
        chart = self._chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        points = cumulative_series(status)
        top = max((v for series in points.values() for _i, v in series), default=ZERO)
        scale, unit = money_scale(top)
        styles = {
            "actual": ("Utfall hittills", theme.series("actual"), Qt.PenStyle.SolidLine, 3),
            "plan": ("Plan", theme.series("plan"), Qt.PenStyle.SolidLine, 2),
            "forecast": ("Prognos", theme.series("forecast"), Qt.PenStyle.DashLine, 3),
            "allocation": ("Tilldelning (eller erhållet)", theme.series("allocation"), Qt.PenStyle.DotLine, 2),
        }
        n = len(status.months)
        x = QCategoryAxis()
        x.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        x.setRange(0, max(n, 1))
        x.append(" ", 0)
        for i, month in enumerate(status.months):
            x.append(MONTH_NAMES[int(month[5:]) - 1] + "\u200b" * (i // 12), i + 1)  # labels unique per year
        y = QValueAxis()
        y.setRange(0, max(float(top / scale), 1.0) * 1.1)
        y.setLabelFormat("%.0f")
        y.setTitleText(unit)
        y.applyNiceNumbers()
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        for key, (name, color, style, width) in styles.items():
            if not points[key]:
                continue
            series = QLineSeries()
            series.setName(name)
            for i, value in points[key]:
                series.append(float(i), float(value / scale))  # float only for drawing
            pen = QPen(color)
            pen.setStyle(style)
            pen.setWidth(width)
            series.setPen(pen)
            chart.addSeries(series)
            series.attachAxis(x)
            series.attachAxis(y)
        style_chart(chart)
