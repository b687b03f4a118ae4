"""Bilaga 1 as an Excel workbook (openpyxl). Lays out a Report; computes nothing.

Sheets: the form ("Ekonomisk redovisning" or "Rekvisition", laid out like Bilaga 1 and printable on
one A4 page), optionally further forms, and "Kostnader" (the ledger, frozen header, filters).
Amounts are numbers with a Swedish-looking number format; sums are formulas whose results equal the
report's figures. User text is always text: a leading = + - @ never becomes a formula.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from copy import copy
from datetime import date
from io import BytesIO
from typing import Any

from models.fingerprint import fingerprint
from models.report import Report, Row

AMOUNT_FORMAT = '#,##0.00 "kr"'
DATE_FORMAT = "yyyy-mm-dd"
LABEL_WIDTH = 72  # characters
VALUE_WIDTH = 30
SHEET_NAMES = {"redovisning": "Ekonomisk redovisning", "rekvisition": "Rekvisition"}
LEDGER_HEAD = (
    "Datum",
    "Belopp",
    "Ström",
    "Kostnadsslag",
    "Text",
    "Verifikation",
    "Leverantör",
    "Konto",
    "Objekt",
    "Källa",
)
LEDGER_WIDTHS = (12, 18, 22, 24, 40, 14, 24, 10, 10, 30)
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def clean_text(value: Any) -> str:
    """Text safe for a cell: characters XML forbids removed."""
    return _ILLEGAL.sub("", str(value or ""))


# Excel holds at most this many characters in a cell, and at most this row height in points.
MAX_CELL = 32_767
MAX_ROW_HEIGHT = 409


def fit_cell(text: str, cut: list[str] | None = None) -> str:
    """``text`` cut to what a cell holds, ending in "…"; the start of each cut text is noted in ``cut``."""
    if len(text) <= MAX_CELL:
        return text
    if cut is not None:
        cut.append(text[:40])
    return text[: MAX_CELL - 1] + "…"


def set_text(cell: Any, value: Any, cut: list[str] | None = None) -> None:
    """Write user text as text, never as a formula (openpyxl turns "=..." into one)."""
    text = fit_cell(clean_text(value), cut)
    cell.value = text
    if text.startswith(_FORMULA_START):
        cell.data_type = "s"


def _ledger_text(value: Any, cut: list[str] | None = None) -> str | None:
    return fit_cell(clean_text(value), cut) if value else None


def _lines(text: str, width: int) -> int:
    return sum(max(1, math.ceil(len(part) * 1.08 / width)) for part in (text or " ").split("\n"))


class _FormSheet:
    """One form on one sheet: column A the labels, column B the values."""

    def __init__(self, ws: Any, report: Report, draft: bool, styles: dict[str, Any], fp: str, cut: list[str]) -> None:
        self.cut = cut
        self.ws = ws
        self.report = report
        self.draft = draft
        self.fp = fp
        self.st = styles
        self.n = 0
        self.cells: dict[str, str] = {}  # row key -> cell address of its amount
        self.pending: list[tuple[Any, Row]] = []

    def next_row(self, height_lines: int = 1) -> int:
        self.n += 1
        if height_lines > 1:
            self.ws.row_dimensions[self.n].height = min(MAX_ROW_HEIGHT, 13.5 * height_lines + 2)
        return self.n

    def put(self, col: str, text: str, style: str = "text") -> Any:
        cell = self.ws[f"{col}{self.n}"]
        if text:
            set_text(cell, text, self.cut)
        cell.style = self.st[style]
        return cell

    def write(self) -> None:
        ws, r = self.ws, self.report
        ws.column_dimensions["A"].width = LABEL_WIDTH
        ws.column_dimensions["B"].width = VALUE_WIDTH
        self.title_block()
        for section in r.sections:
            self.section(section.heading, section.rows)
        for cell, row in self.pending:
            cell.value = self.formula(row)
        self.page_setup()

    def title_block(self) -> None:
        r = self.report
        if self.draft:
            self.next_row()
            self.put("A", "UTKAST – får inte undertecknas", "draft")
        self.next_row()
        self.put("A", r.appendix, "small")
        self.next_row(2)
        self.put("A", r.title, "title")
        self.next_row(_lines(r.agreement_name, LABEL_WIDTH))
        self.put("A", r.agreement_name, "text")
        for paragraph in r.intro:
            self.next_row(_lines(paragraph, LABEL_WIDTH + 8))
            self.put("A", paragraph, "small")
        self.next_row()

    def section(self, heading: str, rows: Iterable[Row]) -> None:
        self.next_row(_lines(heading, LABEL_WIDTH))
        self.put("A", heading, "heading")
        self.put("B", "", "heading")
        for row in rows:
            self.row(row)
        self.next_row()

    def row(self, row: Row) -> None:
        label = ("   " * row.indent) + row.label
        if row.kind == "choice":
            label = ("☒ " if row.checked else "☐ ") + row.label
        lines = max(_lines(label, LABEL_WIDTH), _lines(row.value, VALUE_WIDTH))
        if row.kind == "signature" and row.key == "signature":
            lines = 3  # room for wet ink
        self.next_row(lines)
        strong = row.kind in ("total", "subtotal", "group") or (row.kind == "choice" and row.checked)
        self.put("A", label, "strong" if strong else ("small" if row.kind == "note" else "text"))
        if row.amount is not None:
            cell = self.ws[f"B{self.n}"]
            cell.style = self.st["amount_strong" if strong else "amount"]
            self.cells[row.key] = f"B{self.n}"
            if row.calc:
                self.pending.append((cell, row))
            else:
                cell.value = row.amount
        elif row.kind == "signature":
            self.put("B", row.value, "signature")
        elif row.kind == "field":
            self.put("B", row.value, "text")

    def formula(self, row: Row) -> str:
        op, keys = row.calc or ("", ())
        refs = [self.cells[k] for k in keys]
        if op == "sum":
            return f"=SUM({','.join(refs)})" if refs else "=0"
        if op == "diff":
            return f"={refs[0]}-{refs[1]}"
        if op == "max0":
            return f"=MAX({refs[0]}-{refs[1]},0)"
        if op == "ref":
            return f"={refs[0]}"
        raise ValueError(op)

    def page_setup(self) -> None:
        ws, r = self.ws, self.report
        ws.print_area = f"A1:B{self.n}"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "portrait"
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 1
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.5
        head = clean_text(f"{r.recipient_name} · Organisationsnummer {r.org_number or '–'}")
        ws.oddHeader.left.text = head.replace("&", "&&")
        ws.oddHeader.left.size = 8
        ws.oddHeader.right.text = "Sida &P av &N"
        ws.oddHeader.right.size = 8
        if self.draft:
            ws.oddHeader.center.text = "UTKAST"
            ws.oddHeader.center.color = "B00000"
        ws.oddFooter.left.text = clean_text(f"{r.agreement_name} · Kontrollsumma {self.fp}").replace("&", "&&")
        ws.oddFooter.left.size = 8
        ws.sheet_view.showGridLines = False


def _styles(wb: Any) -> dict[str, Any]:
    """Named styles, registered once per workbook."""
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

    thin = Side(style="thin", color="9A9A9A")
    wrap = Alignment(wrap_text=True, vertical="top")
    spec = {
        "text": (Font(name="Calibri", size=10), wrap, None, None, "General"),
        "small": (Font(name="Calibri", size=9, color="333333"), wrap, None, None, "General"),
        "strong": (Font(name="Calibri", size=10, bold=True), wrap, None, None, "General"),
        "title": (Font(name="Calibri", size=16, bold=True), Alignment(vertical="center"), None, None, "General"),
        "draft": (Font(name="Calibri", size=14, bold=True, color="B00000"), None, None, None, "General"),
        "heading": (
            Font(name="Calibri", size=11, bold=True),
            wrap,
            PatternFill("solid", fgColor="E9EDF2"),
            Border(top=thin, bottom=thin),
            "General",
        ),
        "amount": (Font(name="Calibri", size=10), Alignment(vertical="top"), None, None, AMOUNT_FORMAT),
        "amount_strong": (
            Font(name="Calibri", size=10, bold=True),
            Alignment(vertical="top"),
            None,
            Border(top=Side(style="thin", color="000000")),
            AMOUNT_FORMAT,
        ),
        "signature": (
            Font(name="Calibri", size=10),
            Alignment(vertical="bottom", wrap_text=True),
            None,
            Border(bottom=Side(style="thin", color="000000")),
            "General",
        ),
        "ledger_head": (
            Font(name="Calibri", size=10, bold=True),
            None,
            PatternFill("solid", fgColor="E9EDF2"),
            Border(bottom=thin),
            "General",
        ),
        "ledger_amount": (Font(name="Calibri", size=10), None, None, None, AMOUNT_FORMAT),
        "ledger_date": (Font(name="Calibri", size=10), None, None, None, DATE_FORMAT),
    }
    out = {}
    for name, (font, align, fill, border, fmt) in spec.items():
        style = NamedStyle(name=f"bk_{name}", font=font, number_format=fmt)
        if align is not None:
            style.alignment = align
        if fill is not None:
            style.fill = fill
        if border is not None:
            style.border = border
        wb.add_named_style(style)
        out[name] = style.name
    return out


def _ledger_sheet(wb: Any, ledger: Iterable[Any], styles: dict[str, Any], cut: list[str]) -> None:
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet("Kostnader")
    for i, (head, width) in enumerate(zip(LEDGER_HEAD, LEDGER_WIDTHS, strict=True), 1):
        cell = ws.cell(row=1, column=i, value=head)
        cell.style = styles["ledger_head"]
        ws.column_dimensions[get_column_letter(i)].width = width
    n = 1
    date_style = amount_style = None
    for c in ledger:
        n += 1
        when = c.date if isinstance(c.date, date) else clean_text(c.date)
        texts = [
            _ledger_text(v, cut)
            for v in (c.stream, c.category, c.text, c.voucher, c.supplier, c.account, c.object, c.source)
        ]
        ws.append([when, c.amount, *texts])
        row = ws._cells  # styles are copied as arrays: 30x faster than assigning number_format per cell
        d, a = row[(n, 1)], row[(n, 2)]
        if date_style is None:
            d.number_format = DATE_FORMAT
            a.number_format = AMOUNT_FORMAT
            date_style, amount_style = d._style, a._style
        else:
            d._style = copy(date_style)
            a._style = copy(amount_style)
        for col, text in enumerate(texts, 3):
            if text and text.startswith(_FORMULA_START):
                row[(n, col)].data_type = "s"
    last_col = get_column_letter(len(LEDGER_HEAD))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{last_col}{max(n, 2)}"
    total_row = n + 2
    ws.cell(row=total_row, column=1, value="Summa").style = styles["strong"]
    total = ws.cell(row=total_row, column=2, value=f"=SUM(B2:B{max(n, 2)})")
    total.style = styles["amount_strong"]
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = "1:1"


def render_xlsx(
    report: Report,
    *,
    draft: bool = False,
    ledger: Iterable[Any] | None = None,
    others: Sequence[Report] = (),
    cut: list[str] | None = None,
) -> bytes:
    """The report as an .xlsx: its form first, then ``others`` (e.g. the rekvisition), then the ledger.

    Texts longer than a cell holds are cut with "…", each noted in ``cut`` (the caller tells the user)."""
    cut = [] if cut is None else cut
    from openpyxl import Workbook
    from openpyxl.workbook.properties import CalcProperties

    rows = None if ledger is None else list(ledger)
    fp = fingerprint(report, draft=draft, ledger=rows)
    wb = Workbook()
    styles = _styles(wb)
    ws = wb.active
    for i, r in enumerate((report, *others)):
        if i:
            ws = wb.create_sheet()
        ws.title = SHEET_NAMES[r.form]
        _FormSheet(ws, r, draft, styles, fp, cut).write()
    if rows is not None:
        _ledger_sheet(wb, rows, styles, cut)
    wb.calculation = CalcProperties(fullCalcOnLoad=True)
    wb.properties.creator = "Bidragskollen"
    wb.properties.title = clean_text(f"{report.appendix} – {report.title}")
    wb.properties.subject = clean_text(report.agreement_name)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
