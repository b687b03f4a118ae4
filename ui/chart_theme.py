"""The charts in the palette's colours: background, axes, grid and legend follow light and dark mode."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCharts import QChart
from PySide6.QtGui import QColor, QPalette

from ui import theme


def style_chart(chart: QChart, palette: QPalette | None = None) -> None:
    """Colour ``chart`` (its axes as they are now) from ``palette``, the application's by default; the series
    take their colours from ``theme.series``."""
    pal = palette or theme.current_palette()
    base = pal.color(QPalette.ColorRole.Base)
    text = pal.color(QPalette.ColorRole.Text)
    grid = QColor(text)
    grid.setAlphaF(0.18)
    chart.setBackgroundBrush(base)
    chart.setBackgroundRoundness(0)
    chart.legend().setLabelColor(text)
    for axis in chart.axes():
        axis.setLabelsColor(text)
        axis.setTitleBrush(text)
        axis.setLinePenColor(text)
        axis.setGridLineColor(grid)


def money_scale(top: Decimal) -> tuple[Decimal, str]:
    """The unit a chart's axis of kronor counts in and its title, so that no label has more than four digits
    (Qt writes "6000000" without spaces): millions from 5 000 000 kr, thousands from 5 000 kr."""
    if top >= 5_000_000:
        return Decimal(1_000_000), "miljoner kronor"
    if top >= 5_000:
        return Decimal(1_000), "tusen kronor"
    return Decimal(1), "kronor"
