"""The PDF's ledger appendix (``--with-ledger``): every cost row, grouped and subtotalled by stream like the form.

Text wraps inside its column (exporters/overflow.py), never cut and never into the next column or
the margin. The rows are drawn straight on the canvas by one flowable that splits page by page
(quicker than a reportlab Table: docs/performance.md); the column headings repeat at the
top of every page of a stream, a stream's heading never ends a page, and a subtotal never starts
one alone.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import accumulate
from typing import Any

from exporters import BOLD, FONT
from exporters.overflow import wrap
from models.document import Cost
from models.money import NBSP, ZERO, format_sek

LEDGER_TITLE = "Bilaga: Kostnadsrader per ström"
LEDGER_INTRO = (
    "Varje kostnadsrad med datum, belopp, kostnadsslag, text, verifikation och källa, per ström som på blanketten."
)
LEDGER_HEAD = ("Datum", "Belopp", "Kostnadsslag", "Text", "Verifikation", "Leverantör / källa")
WIDTHS_MM = (17, 24, 28, 50, 24)  # the last column takes the rest of the width
SIZE = 7
LEADING = 8.4
PAD = 1.5  # points above and below a row; 3 points between columns
GAP = 3
OTHER_STREAM = "Utan ström"
OUTSIDE_HEADING = "Utanför redovisningsperioden {start} – {end}: räknas inte med i Summa kostnader"
OUTSIDE_TOTAL = "Summa utanför perioden"

Measure = Callable[[str], float]


@dataclass(frozen=True)
class _Item:
    kind: str  # stream | head | row | subtotal | total | gap
    cells: tuple[tuple[str, ...], ...]  # the lines of each column
    height: float


def _sek(value: Decimal) -> str:
    return format_sek(value, decimals=True, sep=NBSP)


def columns(width: float, mm: float) -> list[float]:
    """The columns' widths in points: the fixed ones, then the rest of ``width``."""
    fixed = [w * mm for w in WIDTHS_MM]
    return [*fixed, width - sum(fixed)]


def row_cells(cost: Cost, widths: Sequence[float], measure: Measure) -> tuple[tuple[str, ...], ...]:
    """One cost's columns as wrapped lines."""
    when = cost.date.isoformat() if isinstance(cost.date, date) else str(cost.date)
    who = " / ".join(x for x in (cost.supplier, cost.source) if x)
    texts = (when, _sek(cost.amount), cost.category or "", cost.text or "", cost.voucher or "", who)
    return tuple(
        (t,) if measure(t) <= w else tuple(wrap(t, w, measure))
        for t, w in zip(texts, (w - GAP for w in widths), strict=True)
    )


def _height(cells: tuple[tuple[str, ...], ...]) -> float:
    return max(len(c) for c in cells) * LEADING + 2 * PAD


def build_items(
    costs: Iterable[Cost], streams: Sequence[str], width: float, mm: float, period: tuple[date, date] | None = None
) -> list[_Item]:
    """The appendix as items to draw: per stream a heading, the column headings, the rows and a
    subtotal; streams in the form's order (``streams``), others after; then the grand total, which
    like the form's counts only the costs inside ``period``; those outside it follow, apart."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def measure(s: str) -> float:
        return stringWidth(s, FONT, SIZE)

    widths = columns(width, mm)
    groups: dict[str, list[Cost]] = {s: [] for s in streams}
    outside: list[Cost] = []
    for cost in costs:
        if period is not None and isinstance(cost.date, date) and not period[0] <= cost.date <= period[1]:
            outside.append(cost)
        else:
            groups.setdefault(cost.stream or OTHER_STREAM, []).append(cost)
    head_cells = tuple((h,) for h in LEDGER_HEAD)
    items: list[_Item] = []
    grand = ZERO
    label_width = widths[2] + widths[3] + widths[4] - GAP

    def group(heading: str, rows: list[Cost], total_label: str) -> Decimal:
        title = tuple(wrap(heading, width, lambda s: stringWidth(s, BOLD, 9)))
        items.append(_Item("stream", (title,), len(title) * 11 + 4))
        items.append(_Item("head", head_cells, _height(head_cells)))
        subtotal = ZERO
        for cost in rows:
            cells = row_cells(cost, widths, measure)
            items.append(_Item("row", cells, _height(cells)))
            subtotal += cost.amount
        cells = (("",), (_sek(subtotal),), tuple(wrap(total_label, label_width, measure)))
        items.append(_Item("subtotal", cells, _height(cells)))
        items.append(_Item("gap", (), 8))
        return subtotal

    for stream, rows in groups.items():
        if rows:
            grand += group(stream, rows, f"Summa {stream}")
    cells = (("",), (_sek(grand),), ("Summa kostnader",))
    items.append(_Item("total", cells, _height(cells) + 2))
    if outside and period is not None:
        items.append(_Item("gap", (), 12))
        heading = OUTSIDE_HEADING.format(start=period[0].isoformat(), end=period[1].isoformat())
        group(heading, outside, OUTSIDE_TOTAL)
    return items


def ledger_flowable(items: list[_Item], width: float, mm: float) -> Any:
    """One flowable for all the items; reportlab splits it page by page."""
    from reportlab.platypus import Flowable

    widths = columns(width, mm)
    xs = list(accumulate([0.0, *widths[:-1]]))
    head = next((i for i in items if i.kind == "head"), None)
    head_h = head.height if head else 0.0
    tops = [0.0, *accumulate(i.height for i in items)]  # tops[k]: where item k starts

    class Rows(Flowable):
        def __init__(self, start: int, end: int) -> None:
            super().__init__()
            self.start, self.end = start, end
            self.header = start < len(items) and items[start].kind in ("row", "subtotal")

        def _extra(self) -> float:
            return head_h if self.header else 0.0

        def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
            self.width, self.height = width, tops[self.end] - tops[self.start] + self._extra()
            return self.width, self.height

        def split(self, avail_w: float, avail_h: float) -> list[Any]:
            start = self.start
            end = bisect_right(tops, tops[start] + avail_h - self._extra()) - 1
            end = min(end, self.end)
            while end > start and items[end - 1].kind in ("stream", "head"):
                end -= 1  # a stream's heading goes with its rows
            if end < self.end and items[end].kind == "subtotal" and end - start > 1:
                end -= 1  # a subtotal does not start a page alone
            if end <= start:
                return []
            if end >= self.end:
                return [self]
            return [Rows(start, end), Rows(end, self.end)]

        def draw(self) -> None:
            canvas = self.canv
            y = self.height
            if self.header and head is not None:
                y = _draw(canvas, head, y)
            for item in items[self.start : self.end]:
                y = _draw(canvas, item, y)

    def _draw(canvas: Any, item: _Item, y: float) -> float:
        kind = item.kind
        if kind == "gap":
            return y - item.height
        if kind == "stream":
            canvas.setFont(BOLD, 9)
            line_y = y - 11
            for line in item.cells[0]:
                canvas.drawString(0, line_y, line)
                line_y -= 11
            return y - item.height
        bold = kind in ("head", "subtotal", "total")
        canvas.setFont(BOLD if bold else FONT, SIZE)
        base = y - PAD - SIZE
        for col, lines in enumerate(item.cells):
            line_y = base
            if col == 1:
                right = xs[1] + widths[1] - GAP
                for line in lines:
                    canvas.drawRightString(right, line_y, line)
                    line_y -= LEADING
            else:
                x = xs[col]
                for line in lines:
                    canvas.drawString(x, line_y, line)
                    line_y -= LEADING
        bottom = y - item.height
        if kind == "head":
            canvas.setLineWidth(0.5)
            canvas.line(0, bottom, width, bottom)
        elif kind in ("subtotal", "total"):
            canvas.setLineWidth(0.8 if kind == "subtotal" else 1.2)
            canvas.line(0, y, width, y)
        return bottom

    return Rows(0, len(items))
