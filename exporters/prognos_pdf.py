""" "Prognos" as a one-page A4 PDF for a steering group (reportlab): the forecast in one sentence, the
chart of actual, plan and forecast against the allocation, the variance per activity and the method.
It lays out a ``models.prognos.Prognos`` and computes nothing but the chart's coordinates."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import TYPE_CHECKING

from exporters import BOLD, FONT
from models.forecast import MONTH_NAMES, long_date
from models.money import NBSP, ZERO, format_sek
from models.prognos import Prognos, cumulative_series

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

CHART_W, CHART_H = 460, 190
LEFT, BOTTOM = 52, 34
SERIES = (  # key, label, colour, dash
    ("allocation", "Tilldelning (eller erhållet)", "#666666", (2, 2)),
    ("plan", "Plan", "#5b8c3a", None),
    ("actual", "Utfall hittills", "#1f5f99", None),
    ("forecast", "Prognos", "#c05a00", (5, 3)),
)


def _sek(value: Decimal) -> str:
    return format_sek(value, decimals=False, sep=NBSP)


def forecast_sentence(p: Prognos) -> str:
    s = p.status
    text = f"Kostnaderna vid periodens slut beräknas till <b>{_sek(s.costs_at_end)}</b>"
    if s.unspent_at_end:
        when = f" senast {long_date(s.repayment)}" if s.repayment else ""
        return text + f". Med nuvarande takt återbetalas cirka <b>{_sek(s.unspent_at_end)}</b>{when}."
    if s.self_financed_at_end:
        return text + f", <b>{_sek(s.self_financed_at_end)}</b> mer än bidraget (egenfinansiering)."
    return text + ", vilket förbrukar bidraget."


def chart(p: Prognos) -> Drawing:
    from reportlab.graphics.shapes import Drawing, Line, PolyLine, String
    from reportlab.lib import colors

    s = p.status
    points = cumulative_series(s)
    n = max(len(s.months), 1)
    top = max((v for series in points.values() for _i, v in series), default=ZERO)
    millions = top >= 10_000_000
    unit = Decimal(1_000_000) if millions else Decimal(1)
    steps = [Decimal(x) for x in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000)]
    scaled = top / unit if top > 0 else Decimal(1)
    step = next((st for st in steps if scaled / st <= 6), steps[-1] * 10)
    ceiling = ((scaled / step).to_integral_value(rounding="ROUND_CEILING") or 1) * step
    w, h = CHART_W - LEFT - 8, CHART_H - BOTTOM - 22

    def xy(i: int, value: Decimal) -> tuple[int, int]:
        return LEFT + i * w // n, BOTTOM + int(value / unit * h / ceiling)

    d = Drawing(CHART_W, CHART_H)
    grey = colors.HexColor("#bbbbbb")
    tick = Decimal(0)
    while tick <= ceiling:
        y = BOTTOM + int(tick * h / ceiling)
        d.add(Line(LEFT, y, LEFT + w, y, strokeColor=grey, strokeWidth=0.3))
        d.add(String(LEFT - 4, y - 3, f"{int(tick)}", fontName=FONT, fontSize=7, textAnchor="end"))
        tick += step
    d.add(String(4, BOTTOM + h + 8, "miljoner kronor" if millions else "kronor", fontName=FONT, fontSize=7))
    for i, month in enumerate(s.months):
        x = LEFT + (i + 1) * w // n
        d.add(String(x, BOTTOM - 11, MONTH_NAMES[int(month[5:]) - 1], fontName=FONT, fontSize=7, textAnchor="middle"))
    legend_x = LEFT
    for key, label, colour, dash in SERIES:
        line = points[key]
        if line:
            coords: list[float] = [c for i, v in line for c in xy(i, v)]
            drawn = PolyLine(
                coords, strokeColor=colors.HexColor(colour), strokeWidth=2 if key in ("actual", "forecast") else 1.4
            )
            if dash:
                drawn.strokeDashArray = dash
            d.add(drawn)
        sample = Line(legend_x, 8, legend_x + 16, 8, strokeColor=colors.HexColor(colour), strokeWidth=2)
        if dash:
            sample.strokeDashArray = dash
        d.add(sample)
        d.add(String(legend_x + 20, 5, label, fontName=FONT, fontSize=7.5))
        legend_x += 30 + len(label) * 4
    return d


def render_prognos_pdf(p: Prognos) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from exporters.pdf import register_fonts

    register_fonts()
    s = p.status
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5)
    small = ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5, textColor=colors.HexColor("#444444"))
    title = ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=16, leading=20, spaceAfter=2)
    heading = ParagraphStyle("heading", parent=body, fontName=BOLD, fontSize=10.5, leading=13, spaceBefore=8)
    right = ParagraphStyle("right", parent=body, fontSize=8.5, leading=11, alignment=TA_RIGHT)
    cell = ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11)
    out = BytesIO()
    width = A4[0] - 36 * mm
    pdf = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=14 * mm,
        title=p.title,
        author=p.recipient,
    )
    share = f"{s.share_of_year * 100:.0f}{NBSP}%"
    used = f"{s.share_used * 100:.0f}{NBSP}%"
    story: list[Flowable] = [
        Paragraph(p.title, title),
        Paragraph(p.subtitle, small),
        Spacer(1, 6),
        Paragraph(forecast_sentence(p), body),
        Paragraph(
            f"{share} av perioden har gått och {used} av tilldelningen är använd "
            f"({_sek(s.spent_to_date)} av {_sek(s.allocation_total)}); erhållet hittills {_sek(s.received)}.",
            body,
        ),
        Spacer(1, 6),
        chart(p),
        Paragraph(f"Avvikelse mot plan till och med {p.last_complete}", heading),
    ]
    rows: list[list[object]] = [
        [
            "Aktivitet",
            "Ström",
            *(Paragraph(f"<b>{t}</b>", right) for t in ("Plan hittills", "Utfall", "Avvikelse", "Plan helår")),
        ]
    ]
    for v in s.activities:
        rows.append(
            [
                Paragraph(v.activity.name, cell),
                v.activity.stream,
                *(
                    Paragraph(_sek(x), right)
                    for x in (v.planned_to_date, v.actual_to_date, v.variance, v.planned_total)
                ),
            ]
        )
    for f in s.streams:
        if f.unassigned_to_date:
            rows.append(
                [
                    Paragraph("<i>Utan aktivitet</i>", cell),
                    f.stream,
                    "",
                    Paragraph(_sek(f.unassigned_to_date), right),
                    "",
                    "",
                ]
            )
    story.append(
        Table(
            rows,
            colWidths=[0.28 * width, 0.12 * width, 0.15 * width, 0.15 * width, 0.15 * width, 0.15 * width],
            style=TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), FONT, 8.5),
                    ("FONT", (0, 0), (1, 0), BOLD, 8.5),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ]
            ),
        )
    )
    if s.behind:
        names = ", ".join(f"{v.activity.name} ({_sek(-v.variance)} efter)" for v in s.behind)
        story.append(Paragraph(f"Längst efter plan: {names}.", body))
    story += [Paragraph("Så räknas prognosen", heading), Paragraph(s.method, small)]
    pdf.build(story)
    return out.getvalue()
