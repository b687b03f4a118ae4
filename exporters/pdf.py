"""Bilaga 1 as a print-ready A4 PDF (reportlab platypus). Lays out a Report; computes nothing.

Every page carries the recipient, organisationsnummer, agreement, "Sida X av Y" and the report's
fingerprint; a draft says UTKAST on every page. The only font is DejaVu Sans, shipped in
resources/fonts and embedded, so å ä ö print the same everywhere.

A rekvisition fits one A4 page and a redovisning two (up to three streams), the signature block
on the same page as the figures it vouches for: the finance chief signs the printout in original.
The vertical spacing is set for that, body text stays 9.5 pt. The signature block is never split;
it shares a page with the figures and the sections between, or, when a long list of streams makes
that impossible, with the sections after the figures, so with what the forms normally hold it
never stands alone on a page (with every field filled to its limit the sections before it can
fill a page of their own; the block still stays whole). A stream's heading, cost items and
subtotal are never split either.
A value wider than its column (an e-mail address, a URL) breaks before "@" or after "." "-" "/",
never inside a word (exporters/linebreaks.py); other text wraps at its spaces. A box holds at most
a few lines: what does not fit continues in a "Fortsättning" section after the form
(exporters/overflow.py), so no text the fields accept can break the layout.
A draft lists its problems and warnings under the title. The ledger appendix is
exporters/pdf_ledger.py; the fingerprint (models/fingerprint.py) is printed on every page and
stored in the file's metadata with the signature fields (exporters/pdffields.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from io import BytesIO
from typing import TYPE_CHECKING, Any

from exporters import BOLD, DRAFT_MARK, DRAFT_NOTICES, FONT, FONTS_DIR
from exporters.linebreaks import markup
from exporters.overflow import CONTINUATION_HEADING, CONTINUED, Overflow, split_box
from exporters.pdffields import PdfMeta, Spot, finish_pdf, spot
from models.document import Cost
from models.fingerprint import fingerprint
from models.money import NBSP, format_sek
from models.report import Report, Row, Section

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Flowable, Paragraph, Spacer, Table

BOX_LINES = 5  # at most, in a field's box; the rest continues after the form
SIGN_LINES = 3  # at most, on a line of the signature block
LABEL_SHARE = 0.6  # of the width, for the label column of the form's sections
SIGN_SHARE = 0.28  # of the width, for the label column of the signature block
PAD = 5  # left and right padding of a form cell
_FONTS_READY = False


def _register_fonts() -> None:
    global _FONTS_READY
    if _FONTS_READY:
        return
    from reportlab import rl_config
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(FONT, str(FONTS_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONTS_DIR / "DejaVuSans-Bold.ttf")))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 0, 1, FONT)
    addMapping(FONT, 1, 0, BOLD)
    addMapping(FONT, 1, 1, BOLD)
    rl_config.canvas_basefontname = FONT
    _FONTS_READY = True


register_fonts = _register_fonts  # the other PDFs (exporters/statement_pdf.py) use the same embedded fonts


def _sek(value: Decimal) -> str:
    return format_sek(value, decimals=True, sep=NBSP)


class _Layout:
    """Styles built once per document; one method per part of the form."""

    def __init__(self, report: Report, draft: bool, fp: str) -> None:
        from reportlab.lib import colors
        from reportlab.lib.enums import TA_RIGHT
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.lib.units import mm

        self.report = report
        self.draft = draft
        self.fp = fp
        self.spots: list[Spot] = []  # where the signature fields go, recorded while laid out
        self.overflow: list[Overflow] = []  # text that did not fit its box, in the order of the form
        self.heading = ""  # of the section being laid out
        self.mm = mm
        self.colors = colors
        self.page_w, self.page_h = A4
        self.margin = 18 * mm
        self.top = 18 * mm  # the running header's rule is at 14.6 mm
        self.bottom = 16 * mm  # the footer's rule is at 12.2 mm
        self.width = self.page_w - 2 * self.margin
        self.height = self.page_h - self.top - self.bottom
        base = ParagraphStyle("base", fontName=FONT, fontSize=9.5, leading=12)
        self.st = {
            "base": base,
            "small": ParagraphStyle(
                "small", parent=base, fontSize=8, leading=10.5, textColor=colors.HexColor("#333333")
            ),
            "label": ParagraphStyle("label", parent=base),
            "bold": ParagraphStyle("bold", parent=base, fontName=BOLD),
            "value": ParagraphStyle("value", parent=base),
            "amount": ParagraphStyle("amount", parent=base, alignment=TA_RIGHT),
            "amount_bold": ParagraphStyle("amount_bold", parent=base, fontName=BOLD, alignment=TA_RIGHT),
            "intro": ParagraphStyle("intro", parent=base, fontSize=8, leading=10, spaceAfter=3),
            "appendix": ParagraphStyle("appendix", parent=base, fontSize=10, textColor=colors.HexColor("#444444")),
            "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=16, leading=19, spaceAfter=1),
            "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=11, leading=13.5, spaceAfter=4),
            "heading": ParagraphStyle("heading", parent=base, fontName=BOLD, fontSize=10.5, leading=13.5),
        }
        self.rule = colors.HexColor("#9a9a9a")
        self.shade = colors.HexColor("#e9edf2")

    def p(self, text: str, style: str = "base", width: float | None = None) -> Paragraph:
        """A paragraph ``width`` wide (default: the page's); a word wider than that (an e-mail address,
        a URL) breaks at "@", ".", "-" or "/" rather than at whatever letter reaches the edge."""
        from reportlab.pdfbase.pdfmetrics import stringWidth
        from reportlab.platypus import Paragraph

        st = self.st[style]
        text = markup(text, self.width if width is None else width, lambda s: stringWidth(s, st.fontName, st.fontSize))
        return Paragraph(text, st)

    def box(self, text: str, width: float, style: str, max_lines: int, label: str) -> str:
        """``text`` as much as a box ``width`` wide shows in ``max_lines`` lines; the rest is kept
        for the "Fortsättning" section and the box says where it continues."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        st = self.st[style]
        head, rest = split_box(text, width, lambda s: stringWidth(s, st.fontName, st.fontSize), max_lines)
        if not rest:
            return text
        self.overflow.append(Overflow(self.heading, label, rest))
        return f"{head}\n{CONTINUED}"

    def inner(self, label_share: float) -> tuple[float, float, float]:
        """Widths for text in a table's label cell, value cell, and a row spanning both."""
        label, value = self.columns(label_share)
        return label - 2 * PAD, value - 2 * PAD, self.width - 2 * PAD

    # ---------------------------------------------------------------- form parts

    def title_block(self) -> list[Flowable]:
        from reportlab.platypus import Spacer

        r = self.report
        out: list[Flowable] = [
            self.p(r.appendix, "appendix"),
            self.p(r.title, "title"),
            self.p(r.agreement_name, "subtitle"),
        ]
        out.extend(self.p(text, "intro") for text in r.intro)
        out.append(Spacer(1, 3 * self.mm))
        if self.draft and r.draft_notices():
            out.append(self.p(DRAFT_NOTICES, "bold"))
            out.extend(self.p(f"• {text}", "base") for text in r.draft_notices())
            out.append(Spacer(1, 3 * self.mm))
        return out

    def continuation(self) -> list[Flowable]:
        """Every text that did not fit its box, under the section and label of its box."""
        from reportlab.platypus import CondPageBreak, Spacer

        if not self.overflow:
            return []
        room = CondPageBreak(4 * self.st["base"].leading + self.st["heading"].leading)  # no heading ends a page
        out: list[Flowable] = [Spacer(1, 3 * self.mm), room, self.p(CONTINUATION_HEADING, "heading")]
        for i, item in enumerate(self.overflow):
            if i:
                out.append(room)
            out.append(self.p(f"{item.section} – {item.label}", "bold"))
            out.extend(self.p(part, "base") for part in item.text.split("\n"))
            out.append(Spacer(1, 2 * self.mm))
        return out

    def section(self, heading: str, rows: Iterable[Row]) -> list[Flowable]:
        """A section kept together so no total is orphaned; one taller than a page runs on from where
        it starts (many streams), its heading repeated on the next page."""
        from reportlab.platypus import KeepTogether

        parts = [self.section_table(heading, rows), self.gap()]
        return [KeepTogether(parts)] if self.fits(parts) else parts

    def section_table(self, heading: str, rows: Iterable[Row]) -> Table:
        """A shaded heading and label/value rows; a stream's rows from its heading to its subtotal never split."""
        from reportlab.platypus import Table, TableStyle

        self.heading = heading
        data: list[list[Any]] = [[self.p(heading, "heading", self.width - 2 * PAD), ""]]
        style: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), FONT, 9.5),
            ("BACKGROUND", (0, 0), (-1, 0), self.shade),
            ("SPAN", (0, 0), (-1, 0)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BOX", (0, 0), (-1, -1), 0.6, self.rule),
            ("LEFTPADDING", (0, 0), (-1, -1), PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ]
        group = 0
        for row in rows:
            i = len(data)
            data.append(self.cells(row))
            style.extend(self.row_style(row, i))
            if row.kind == "group":
                group = i
            elif row.kind == "subtotal" and group:
                style.append(("NOSPLIT", (0, group), (-1, i)))
                group = 0
        table = Table(data, colWidths=self.columns(LABEL_SHARE), repeatRows=1)
        table.setStyle(TableStyle(style))
        return table

    def columns(self, label_share: float) -> list[float]:
        return [self.width * label_share, self.width * (1 - label_share)]

    def gap(self) -> Spacer:
        from reportlab.platypus import Spacer

        return Spacer(1, 2.5 * self.mm)

    def fits(self, flowables: list[Flowable]) -> bool:
        """Whether these flowables fit on one page together."""
        return sum(f.wrap(self.width, self.height)[1] for f in flowables) <= self.height

    def cells(self, row: Row) -> list[Any]:
        pad = "\u00a0" * (3 * row.indent)
        label_w, value_w, span_w = self.inner(LABEL_SHARE)
        if row.kind in ("text", "note", "statement"):
            return [self.p(row.label, "small" if row.kind == "note" else "base", span_w), ""]
        if row.kind == "choice":
            box = "☒" if row.checked else "☐"
            return [self.p(f"{box}  {row.label}", "bold" if row.checked else "base", span_w), ""]
        if row.kind == "group":
            return [self.p(pad + row.label, "bold", span_w), ""]
        if row.kind == "signature":
            value = self.box(row.value, value_w, "value", SIGN_LINES, row.label)
            return [self.p(row.label, "small", label_w), self.p(value, "value", value_w)]
        if row.amount is not None:
            strong = row.kind in ("total", "subtotal")
            return [
                self.p(pad + row.label, "bold" if strong else "label", label_w),
                self.p(_sek(row.amount), "amount_bold" if strong else "amount", value_w),
            ]
        value = self.box(row.value, value_w, "value", BOX_LINES, row.label)
        return [self.p(pad + row.label, "label", label_w), self.p(value, "value", value_w)]

    def row_style(self, row: Row, i: int) -> list[tuple[Any, ...]]:
        out: list[tuple[Any, ...]] = [("LINEABOVE", (0, i), (-1, i), 0.25, self.rule)]
        if row.kind in ("text", "note", "statement", "choice", "group"):
            out.append(("SPAN", (0, i), (-1, i)))
        if row.kind == "total":
            out.append(("LINEABOVE", (0, i), (-1, i), 0.9, self.colors.black))
        if row.kind == "signature":
            out.append(("LINEBELOW", (1, i), (1, i), 0.6, self.colors.black))
            if row.key == "signature":  # room for wet ink
                out.append(("TOPPADDING", (0, i), (-1, i), 30))
        return out

    def signature_block(self, heading: str, rows: tuple[Row, ...]) -> Table:
        """Datum, Underskrift (room for ink, and the signature field) and Namnförtydligande, as lines; never split."""
        from reportlab.platypus import Table, TableStyle

        self.heading = heading
        statement = [r for r in rows if r.kind == "statement"]
        lines = [r for r in rows if r.kind == "signature"]
        label_w, value_w, span_w = self.inner(SIGN_SHARE)
        data: list[list[Any]] = [[self.p(heading, "heading", span_w), ""]]
        data.extend([self.p(r.label, "base", span_w), ""] for r in statement)
        style: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), FONT, 9.5),
            ("BACKGROUND", (0, 0), (-1, 0), self.shade),
            ("SPAN", (0, 0), (-1, 0)),
            ("BOX", (0, 0), (-1, -1), 0.6, self.rule),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ]
        for i in range(1, len(data)):
            style.append(("SPAN", (0, i), (-1, i)))
        for r in lines:
            i = len(data)
            value: Flowable | list[Flowable]
            value = self.p(self.box(r.value, value_w, "value", SIGN_LINES, r.label), "value", value_w)
            if r.key == "signature":
                value = [value, spot("behorig_foretradare", self.spots, value_w, 28)]
            data.append([self.p(r.label, "small", label_w), value])
            style.append(("LINEBELOW", (1, i), (1, i), 0.6, self.colors.black))
            style.append(("TOPPADDING", (0, i), (-1, i), 30 if r.key == "signature" else 13))
        style.append(("NOSPLIT", (0, 0), (-1, -1)))
        table = Table(data, colWidths=self.columns(SIGN_SHARE))
        table.setStyle(TableStyle(style))
        return table

    def chief_spot(self) -> list[Flowable]:
        from reportlab.platypus import Spacer

        x = self.width * SIGN_SHARE
        return [Spacer(1, 12 * self.mm), spot("ekonomichef", self.spots, self.width - x - PAD, 11 * self.mm, x + PAD)]

    def signed(self, before: Sequence[Section], sign: Section) -> list[Flowable]:
        """The signature block on one page with the figures it vouches for and what lies between.

        ``before`` starts with the section of figures (the rekvisition's amount, the redovisning's
        section 3). When they cannot share a page, the figures run on from where they start and the
        sections after them stay with the signature block, so it is never alone on a page.
        """
        from reportlab.platypus import KeepTogether

        block = self.signature_block(sign.heading, sign.rows)
        parts: list[Flowable] = []
        for section in before:
            parts.append(self.section_table(section.heading, section.rows))
            if section.key == "granskning":  # room under section 4 for the finance chief's digital signature
                parts += self.chief_spot()
            parts.append(self.gap())
        if self.fits([*parts, block]):
            return [KeepTogether([*parts, block])]
        return [*parts[:2], KeepTogether([*parts[2:], block])]  # the figures run on, their heading repeated

    def story(self, ledger: Iterable[Cost] | None) -> list[Flowable]:
        out = self.title_block()
        sections = self.report.sections
        sign = next((i for i, s in enumerate(sections) if s.key == "underskrift"), len(sections))
        start = _figures_before(sections, sign)
        for section in sections[:start]:
            out.extend(self.section(section.heading, section.rows))
        if sign < len(sections):
            out.extend(self.signed(sections[start:sign], sections[sign]))
        for section in sections[sign + 1 :]:
            out.extend(self.section(section.heading, section.rows))
        out.extend(self.continuation())
        if ledger is not None:
            out.extend(self.ledger(ledger))
        return out

    # ---------------------------------------------------------------- ledger appendix

    def ledger(self, costs: Iterable[Cost]) -> list[Flowable]:
        from reportlab.platypus import PageBreak, Spacer

        from exporters.pdf_ledger import LEDGER_INTRO, LEDGER_TITLE, build_items, ledger_flowable

        streams = [r.label for r in self.report.rows() if r.kind == "group"]
        items = build_items(costs, streams, self.width, self.mm, self.report.period)
        out: list[Flowable] = [PageBreak(), self.p(LEDGER_TITLE, "title"), self.p(LEDGER_INTRO, "small")]
        out.append(Spacer(1, 3 * self.mm))
        out.append(ledger_flowable(items, self.width, self.mm))
        return out

    # ---------------------------------------------------------------- every page

    def draw_page(self, canvas: Canvas, page: int, pages: int) -> None:
        r, mm = self.report, self.mm
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(self.colors.HexColor("#333333"))
        top = self.page_h - 10 * mm
        who = f"{r.recipient_name or '–'} · Organisationsnummer {r.org_number or '–'}"
        canvas.drawString(self.margin, top, _clip(who, 95))
        canvas.drawRightString(self.page_w - self.margin, top, f"Sida {page} av {pages}")
        canvas.drawString(self.margin, top - 9, _clip(f"{r.appendix} · {r.title} · {r.agreement_name}", 120))
        canvas.setStrokeColor(self.rule)
        canvas.setLineWidth(0.4)
        canvas.line(self.margin, top - 13, self.page_w - self.margin, top - 13)
        bottom = 9 * mm
        canvas.line(self.margin, bottom + 9, self.page_w - self.margin, bottom + 9)
        made = f" · skapad {r.generated.isoformat()}" if r.generated else ""
        canvas.drawString(self.margin, bottom, f"Kontrollsumma {self.fp}{made}")
        if not self.draft:
            canvas.drawRightString(self.page_w - self.margin, bottom, "Bidragskollen")
        else:
            canvas.setFont(BOLD, 9)
            canvas.setFillColor(self.colors.HexColor("#b00000"))
            # in the footer's right corner: the header line is full with recipient and org.nr
            canvas.drawRightString(self.page_w - self.margin, bottom, DRAFT_MARK)
            canvas.setFont(BOLD, 90)
            canvas.setFillColor(self.colors.Color(0.75, 0.1, 0.1, alpha=0.12))
            canvas.translate(self.page_w / 2, self.page_h / 2)
            canvas.rotate(50)
            canvas.drawCentredString(0, -30, "UTKAST")
        canvas.restoreState()


def _figures_before(sections: Sequence[Section], sign: int) -> int:
    """Index of the nearest section before ``sign`` with an amount (where the figures stand), else ``sign``."""
    for i in range(sign - 1, -1, -1):
        if any(row.amount is not None for row in sections[i].rows):
            return i
    return sign


def _clip(text: str, n: int) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def render_pdf(report: Report, *, draft: bool = False, ledger: Iterable[Cost] | None = None) -> bytes:
    """The report as an A4 PDF; ``ledger`` (cost rows) adds the appendix grouped by stream.

    The fingerprint (over the report, the draft flag and the appendix rows) is printed on every
    page and stored in the file's metadata with the form and whether the appendix is included."""
    _register_fonts()
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    from exporters.pdf_canvas import numbered_canvas

    rows = None if ledger is None else list(ledger)
    fp = fingerprint(report, draft=draft, ledger=rows)
    layout = _Layout(report, draft, fp)
    out = BytesIO()
    doc = BaseDocTemplate(
        out,
        pagesize=(layout.page_w, layout.page_h),
        leftMargin=layout.margin,
        rightMargin=layout.margin,
        topMargin=layout.top,
        bottomMargin=layout.bottom,
        title=f"{report.appendix} – {report.title}",
        author=report.recipient_name,
        subject=report.agreement_name,
        creator="Bidragskollen",
        initialFontName=FONT,
    )
    # no frame padding: the tables span exactly the width between the margins
    frame = Frame(layout.margin, layout.bottom, layout.width, layout.height, 0, 0, 0, 0, id="form")
    doc.addPageTemplates([PageTemplate(id="form", frames=[frame])])
    doc.build(layout.story(rows), canvasmaker=numbered_canvas(layout.draw_page))
    return finish_pdf(out.getvalue(), PdfMeta(fp, report.form, draft, rows is not None), layout.spots)
