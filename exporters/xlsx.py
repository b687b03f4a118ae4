"""Bilaga 1 as an Excel workbook (XlsxWriter). Lays out a Report; computes nothing.

Sheets: the form ("Ekonomisk redovisning" or "Rekvisition", laid out like Bilaga 1), the
rekvisition beside a redovisning (marked UTKAST unless it passes its own checks), and "Kostnader"
(the ledger, frozen header, filters) only when the ledger is asked for. Amounts are numbers with a
Swedish-looking number format; sums are formulas stored together with their results, so a viewer
that does not recalculate (mail previews, phones) shows the same figures as the PDF, to the öre.
User text is always text: a leading = + - @ never becomes a formula. A box holds a few lines; what
does not fit continues under "Fortsättning" after the form, as in the PDF.

XlsxWriter rather than openpyxl: openpyxl cannot store a formula's result (README, dependencies).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from exporters import DRAFT_MARK, DRAFT_NOTICES
from exporters.overflow import CONTINUATION_HEADING, CONTINUED, Overflow, split_box, wrap
from exporters.pdffields import INFO_KEYS
from exporters.xlsx_sheet import (
    LINE_PT,
    MAX_ROW_HEIGHT,
    PAGE_PT,
    clean_text,
    formats,
    print_setup,
    width_measure,
)
from models.document import Cost
from models.fingerprint import fingerprint
from models.report import Report, Row

LABEL_WIDTH = 46  # characters; with VALUE_WIDTH the form prints at 100 % on A4 portrait (xlsx_sheet)
VALUE_WIDTH = 26
BOX_LINES = 8  # at most, in a value cell; the rest continues after the form
SIGN_LINES = 3
CONTINUATION_LINES = 30  # per cell of the continuation (Excel's highest row is 409 pt)
SHEET_NAMES = {"redovisning": "Ekonomisk redovisning", "rekvisition": "Rekvisition"}


@dataclass
class _Line:
    """One row of a form sheet: its cells (column, what, value, format) and height in lines."""

    cells: list[tuple[int, str, Any, str]] = field(default_factory=list)
    lines: int = 1
    span: bool = False  # one cell over both columns


def _count(text: str, width: int) -> int:
    return len(wrap(text or " ", width - 1, width_measure))


class _FormSheet:
    """One form on one sheet: column A the labels, column B the values."""

    def __init__(self, report: Report, draft: bool) -> None:
        self.report = report
        self.draft = draft
        self.lines: list[_Line] = []
        self.overflow: list[Overflow] = []
        self.heading = ""
        self.title_rows = 0  # the rows repeated on every printed page
        self.keep: list[tuple[int, int]] = []  # rows (first, last) that print on one page

    def add(self, *cells: tuple[int, str, Any, str], lines: int = 1, span: bool = False) -> None:
        self.lines.append(_Line(list(cells), lines, span))

    def text(self, text: str, style: str, *, width: int = LABEL_WIDTH + VALUE_WIDTH) -> None:
        """A paragraph over both columns."""
        self.add((0, "text", text, style), lines=_count(text, width), span=True)

    def box(self, text: str, max_lines: int, label: str) -> str:
        head, rest = split_box(text, VALUE_WIDTH - 1, width_measure, max_lines)
        if not rest:
            return text
        self.overflow.append(Overflow(self.heading, label, rest))
        return f"{head}\n{CONTINUED}"

    def plan(self) -> None:
        r = self.report
        if self.draft:
            self.add((0, "text", DRAFT_MARK, "draft"), lines=2)
        self.add((0, "text", r.appendix, "small"))
        self.add((0, "text", r.title, "title"), lines=2)
        self.title_rows = len(self.lines)
        self.text(r.agreement_name, "text")
        for paragraph in r.intro:
            self.text(paragraph, "small")
        if self.draft and r.draft_notices():
            self.text(DRAFT_NOTICES, "strong")
            for notice in r.draft_notices():
                self.text(f"• {notice}", "text")
        self.add()
        for section in r.sections:
            self.heading = section.heading
            first = len(self.lines)
            self.add((0, "text", section.heading, "heading"), (1, "blank", None, "heading"))
            self.lines[-1].lines = _count(section.heading, LABEL_WIDTH)
            group = 0
            for row in section.rows:
                if row.kind == "group":
                    group = len(self.lines)
                self.row(row)
                if row.kind == "subtotal" and group:
                    self.keep.append((group, len(self.lines) - 1))  # a stream from heading to subtotal
                    group = 0
            last = len(self.lines) - 1
            # the signature block whole; any other heading with its first row
            self.keep.append((first, last if section.key == "underskrift" else min(first + 1, last)))
            self.add()
        self.continuation()

    def row(self, row: Row) -> None:
        label = ("   " * row.indent) + row.label
        if row.kind == "choice":
            label = ("☒ " if row.checked else "☐ ") + row.label
        strong = row.kind in ("total", "subtotal", "group") or (row.kind == "choice" and row.checked)
        style = "strong" if strong else ("small" if row.kind == "note" else "text")
        if row.kind in ("text", "note", "statement", "choice", "group"):
            self.text(label, style)
            return
        cells: list[tuple[int, str, Any, str]] = [(0, "text", label, style)]
        lines = _count(label, LABEL_WIDTH)
        if row.amount is not None:
            cells.append((1, "amount", row, "amount_strong" if strong else "amount"))
        elif row.kind == "signature":
            value = self.box(row.value, SIGN_LINES, row.label)
            cells.append((1, "text", value, "signature"))
            lines = 3 if row.key == "signature" else max(lines, 2, _count(value, VALUE_WIDTH))  # room for ink
        elif row.kind == "field":
            value = self.box(row.value, BOX_LINES, row.label)
            cells.append((1, "text", value, "text"))
            lines = max(lines, _count(value, VALUE_WIDTH))
        self.add(*cells, lines=lines)

    def continuation(self) -> None:
        """Every text that did not fit its box, under the section and label of its box."""
        if not self.overflow:
            return
        self.add((0, "text", CONTINUATION_HEADING, "heading"), (1, "blank", None, "heading"))
        width = LABEL_WIDTH + VALUE_WIDTH
        for item in self.overflow:
            self.text(f"{item.section} – {item.label}", "strong")
            lines = wrap(item.text, width - 1, width_measure)
            for start in range(0, len(lines), CONTINUATION_LINES):
                part = lines[start : start + CONTINUATION_LINES]
                self.add((0, "text", "\n".join(part), "text"), lines=len(part), span=True)
            self.add()

    def page_breaks(self) -> list[int]:
        """Rows that start a printed page, so no kept-together block is split (a block taller than a
        page, impossible with bounded boxes, would simply run on)."""
        heights = [LINE_PT * line.lines + 3 for line in self.lines]
        repeated = sum(heights[: self.title_rows])
        ends = dict(sorted(self.keep))  # the longest block from each first row
        breaks, used = [], 0.0
        for i, h in enumerate(heights):
            need = sum(heights[i : ends[i] + 1]) if i in ends else h
            if used + need > PAGE_PT and used > repeated:
                breaks.append(i)
                used = repeated
            used += h
        return breaks

    def write(self, ws: Any, fmt: dict[str, Any]) -> int:
        """Write the planned rows in order (XlsxWriter's constant-memory mode); the number of rows."""
        self.plan()
        where: dict[str, str] = {}
        for i, line in enumerate(self.lines):
            for _col, what, value, _style in line.cells:
                if what == "amount" and value.key:
                    where[value.key] = f"B{i + 1}"
        ws.set_column(0, 0, LABEL_WIDTH)
        ws.set_column(1, 1, VALUE_WIDTH)
        ws.set_h_pagebreaks(self.page_breaks())
        for i, line in enumerate(self.lines):
            ws.set_row(i, min(MAX_ROW_HEIGHT, LINE_PT * line.lines + 3))
            for col, what, value, style in line.cells:
                if what == "text" and line.span:
                    ws.merge_range(i, 0, i, 1, clean_text(value), fmt[style])
                elif what == "text":
                    ws.write_string(i, col, clean_text(value), fmt[style])
                elif what == "blank":
                    ws.write_blank(i, col, None, fmt[style])
                elif value.calc:
                    ws.write_formula(i, col, _formula(value, where), fmt[style], value.amount)
                else:
                    ws.write_number(i, col, value.amount, fmt[style])
        return len(self.lines)


def _formula(row: Row, where: dict[str, str]) -> str:
    op, keys = row.calc or ("", ())
    refs = [where[k] for k in keys]
    if op == "sum":
        return f"=SUM({','.join(refs)})" if refs else "=0"
    if op == "max0":
        return f"=MAX({refs[0]}-{refs[1]},0)"
    if op == "diff":
        return f"={refs[0]}-{refs[1]}"
    if op == "ref":
        return f"={refs[0]}"
    raise ValueError(op)


def render_xlsx(
    report: Report,
    *,
    draft: bool = False,
    ledger: Iterable[Cost] | None = None,
    others: Sequence[Report] = (),
    cut: list[str] | None = None,
) -> bytes:
    """The report as an .xlsx: its form first, then ``others`` (the rekvisition: a draft unless it
    passes its checks), then the ledger when ``ledger`` is given. A ledger text longer than a cell
    holds is cut with "…" and noted in ``cut`` (the caller tells the user); the form's boxes never
    are: what does not fit continues under "Fortsättning"."""
    import xlsxwriter

    from exporters.xlsx_ledger import write_ledger

    rows = None if ledger is None else list(ledger)
    fp = fingerprint(report, draft=draft, ledger=rows)
    out = BytesIO()
    wb = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_numbers": False})
    fmt = formats(wb)
    for i, r in enumerate((report, *others)):
        ws = wb.add_worksheet(SHEET_NAMES[r.form])
        sheet_draft = draft or bool(i and (r.problems or r.warnings))
        sheet = _FormSheet(r, sheet_draft)
        n = sheet.write(ws, fmt)
        ws.print_area(0, 0, n - 1, 1)
        ws.center_horizontally()
        sheet_fp = fp if not i else fingerprint(r, draft=sheet_draft)
        print_setup(
            ws,
            recipient=r.recipient_name,
            org_number=r.org_number,
            agreement=r.agreement_name,
            fp=sheet_fp,
            draft=sheet_draft,
            landscape=False,
            repeat=(0, sheet.title_rows - 1),
        )
    if rows is not None:
        write_ledger(wb, rows, fmt, report=report, fp=fp, draft=draft, cut=[] if cut is None else cut)
    wb.set_properties(
        {
            "title": clean_text(f"{report.appendix} – {report.title}"),
            "subject": clean_text(report.agreement_name),
            "author": clean_text(report.recipient_name),
            "creator": "Bidragskollen",
            "keywords": f"Kontrollsumma {fp}",
            "comments": f"Kontrollsumma {fp}",
        }
    )
    meta = {"fingerprint": fp, "form": report.form, "draft": draft, "ledger": rows is not None}
    for key, name in INFO_KEYS.items():
        value = meta[key]
        wb.set_custom_property(name.lstrip("/"), ("true" if value else "false") if isinstance(value, bool) else value)
    wb.close()
    return out.getvalue()
