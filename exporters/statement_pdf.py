""" "Underlag till kommunen" as a one-page A4 PDF (reportlab platypus): lays out a
``models.municipal_statement.Statement``; computes nothing but the sums it shows."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import TYPE_CHECKING

from exporters import BOLD, FONT
from exporters.pdf import register_fonts
from models.money import NBSP, format_sek
from models.municipal_statement import Statement

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas


def _sek(value: Decimal) -> str:
    return format_sek(value, sep=NBSP)


def render_statement_pdf(s: Statement) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=11, textColor=colors.HexColor("#444444"))
    title = ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=16, leading=20, spaceAfter=4)
    heading = ParagraphStyle("heading", parent=body, fontName=BOLD, fontSize=11, leading=14, spaceBefore=10)
    right = ParagraphStyle("right", parent=body, alignment=TA_RIGHT)
    right_bold = ParagraphStyle("rightb", parent=right, fontName=BOLD)
    out = BytesIO()
    width = A4[0] - 36 * mm
    pdf = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=16 * mm,
        title=f"Underlag till {s.municipality} kommun",
        author=s.rss_name,
    )

    def footer(canvas: Canvas, _doc: object) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.drawString(18 * mm, 10 * mm, f"{s.rss_name} · Underlag till {s.municipality} · {s.made}")
        canvas.restoreState()

    grid = TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), FONT, 10),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
    )
    story: list[Flowable] = [
        Paragraph("Underlag till kommunen", title),
        Paragraph(f"<b>{s.municipality}</b> (kommunkod {s.code}) från {s.rss_name}", body),
        Spacer(1, 6),
    ]
    facts: list[list[str | Paragraph]] = [
        ["Överenskommelse", Paragraph(s.agreement_name, body)],
        ["År", str(s.year)],
        ["Period", f"{s.period_start} – {s.period_end}"],
    ]
    if s.dnr_agreement:
        facts.append(["Regeringskansliets diarienummer", s.dnr_agreement])
    story.append(
        Table(
            facts,
            colWidths=[0.35 * width, 0.65 * width],
            style=TableStyle([("FONT", (0, 0), (-1, -1), FONT, 10), ("VALIGN", (0, 0), (-1, -1), "TOP")]),
        )
    )
    story.append(Paragraph("Utbetalningar och återbetalningar", heading))
    rows: list[list[str | Paragraph]] = [["Datum", "Referens", "Ström", Paragraph("Belopp", right_bold)]]
    for line in s.lines:
        what = line.reference or ("återbetalning" if line.amount < 0 else "")
        rows.append([str(line.date), what, Paragraph(line.stream, body), Paragraph(_sek(line.amount), right)])
    if not s.lines:
        rows.append(["", "Inga utbetalningar under perioden.", "", ""])
    table = Table(rows, colWidths=[0.17 * width, 0.25 * width, 0.33 * width, 0.25 * width], repeatRows=1)
    table.setStyle(grid)
    story.append(table)
    sums: list[list[str | Paragraph]] = [
        ["Planerat enligt fördelningen", Paragraph(_sek(s.planned), right)],
        ["Utbetalt till kommunen", Paragraph(_sek(s.paid), right)],
        ["Återbetalt till RSS", Paragraph(_sek(s.returned), right)],
        [Paragraph("<b>Erhållet netto</b>", body), Paragraph(_sek(s.net), right_bold)],
        ["Använt enligt kommunens återrapport", Paragraph(_sek(s.reported_used), right)],
    ]
    sum_table = Table(sums, colWidths=[0.75 * width, 0.25 * width])
    sum_table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 10),
                ("LINEABOVE", (0, 3), (-1, 3), 0.6, colors.black),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    story += [Spacer(1, 8), KeepTogether([Paragraph("Sammanställning", heading), sum_table])]
    due = f"senast <b>{s.report_due}</b>" if s.report_due else "enligt RSS:ens anvisning"
    story += [
        Paragraph("Kommunens återrapport", heading),
        Paragraph(
            f"Kommunen redovisar till {s.rss_name} hur medlen har använts och betalar tillbaka medel som inte "
            f"har förbrukats {due}. Underlaget visar det som har betalats ut under perioden "
            f"{s.period_start} – {s.period_end} enligt RSS:ens bokföring.",
            body,
        ),
        Spacer(1, 10),
        Paragraph(f"Upprättat {s.made} med Bidragskollen.", small),
    ]
    pdf.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()
