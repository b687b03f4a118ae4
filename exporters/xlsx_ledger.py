"""The workbook's "Kostnader" sheet: every cost row, written only when the ledger is asked for.

One row per cost, in the order given (by date), with a frozen, filtered heading row repeated on
every printed page; text wraps in its column and each row is as high as its longest text (neither Excel
nor LibreOffice grows a written row by itself, so wrapped lines would print over the next row); landscape
A4 at 100 %, no text below 9 pt, one page wide: the source column (Källa) is in the sheet but not on paper,
where the PDF's appendix names it. The
total is a formula stored with its result, and like the form's Summa kostnader it counts only the
costs inside the report period (SUMIFS on the dates); those outside it are summed on a row of their
own. Written row by row in XlsxWriter's constant-memory mode.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from exporters.xlsx_sheet import LINE_PT, MAX_ROW_HEIGHT, clean_text, fit_cell, needs_cleaning, print_setup
from models.document import Cost
from models.money import ZERO
from models.report import Report

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
# The printed columns (all but Källa, which is in the sheet but not on paper) are 96 characters: landscape A4 at
# 100 %, a wider font than Calibri too (LibreOffice with DejaVu Sans fits about 102).
LEDGER_WIDTHS = (10, 13, 9, 12, 21, 10, 11, 5, 5, 40)
PRINTED = 9
CHARS_PER_UNIT = 1.15  # characters of 10 pt text a column-width unit holds, at least
ROOMS = tuple(int(w * CHARS_PER_UNIT) for w in LEDGER_WIDTHS[:PRINTED])  # characters a printed column's line holds
EPOCH = date(1899, 12, 30)  # Excel's day 0


def write_ledger(
    wb: Any, costs: list[Cost], fmt: dict[str, Any], *, report: Report, fp: str, draft: bool, cut: list[str]
) -> None:
    """The sheet; a text longer than a cell holds is cut with "…" and noted in ``cut``."""
    ws = wb.add_worksheet("Kostnader")
    for col, width in enumerate(LEDGER_WIDTHS):
        ws.set_column(col, col, width)
    ws.set_row(0, row_height(LEDGER_HEAD))
    for col, head in enumerate(LEDGER_HEAD):
        ws.write_string(0, col, head, fmt["ledger_head"])
    text, amount, day = fmt["ledger_text"], fmt["ledger_amount"], fmt["ledger_date"]
    put_text, put_number = ws.write_string, ws.write_number
    total = outside = ZERO
    start, end = report.period or (date.min, date.max)
    row = 0
    for c in costs:
        row += 1
        values: tuple[str, ...] = (c.stream, c.category, c.text, c.voucher, c.supplier, c.account, c.object, c.source)
        if needs_cleaning(values):
            values = tuple(fit_cell(clean_text(v), cut) for v in values)
        height = row_height(("", "", *values))
        if height:
            ws.set_row(row, height)  # before the row's cells: constant-memory mode writes row by row
        when = c.date
        if isinstance(when, date):
            put_number(row, 0, (when - EPOCH).days, day)
        else:
            put_text(row, 0, clean_text(when), text)
        put_number(row, 1, c.amount, amount)
        if isinstance(when, date) and not start <= when <= end:
            outside += c.amount
        else:
            total += c.amount
        for col, value in enumerate(values, 2):
            if value:
                put_text(row, col, value, text)
    last = max(row, 1)
    amounts, days = f"B2:B{last + 1}", f"A2:A{last + 1}"
    if report.period is None:
        _sum_row(ws, fmt, last + 2, "Summa", f"=SUM({amounts})", total, "")
    else:
        bounds = f'{days},">="&{_excel_date(start)},{days},"<="&{_excel_date(end)}'
        note = f"inom redovisningsperioden {start} – {end}"
        _sum_row(ws, fmt, last + 2, "Summa", f"=SUMIFS({amounts},{bounds})", total, note)
    if outside:
        note = "utanför redovisningsperioden: räknas inte med i Summa kostnader"
        _sum_row(ws, fmt, last + 3, "Utanför", f"=SUM({amounts})-B{last + 3}", outside, note)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, last, len(LEDGER_HEAD) - 1)
    ws.print_area(0, 0, last + 3 if outside else last + 2, PRINTED - 1)
    _finish(ws, report, fp, draft)


def lines_of(text: str, room: int) -> int:
    """How many lines ``text`` takes wrapped at word boundaries in lines of ``room`` characters (a word longer
    than a line is cut between characters), as Excel and LibreOffice wrap a cell; a quick count, no wrapping."""
    if len(text) <= room and "\n" not in text:
        return 1
    n = 0
    for para in text.split("\n"):
        n += 1
        used = -1  # the line is empty
        for word in para.split():
            w = len(word)
            if used >= 0:
                if used + 1 + w <= room:
                    used += 1 + w
                    continue
                n += 1  # the word starts the next line
            extra, used = divmod(w, room)
            if used == 0:
                extra, used = extra - 1, room
            n += extra
    return n


def row_height(texts: tuple[str, ...]) -> float | None:
    """The height in points of a row holding these texts in the printed columns, or None for one line (the
    default height). Counted 1,15 characters a column-width unit: 10 pt text fits about 1,3 in LibreOffice's wider
    font (and more in Calibri), so a row is never too low, at worst a line too high."""
    lines = 1
    for text, room in zip(texts, ROOMS, strict=False):  # the unprinted Källa has no room: zip stops before it
        if len(text) > room or "\n" in text:
            lines = max(lines, lines_of(text, room))
    return None if lines == 1 else min(MAX_ROW_HEIGHT, LINE_PT * lines + 2)


def _sum_row(ws: Any, fmt: dict[str, Any], row: int, label: str, formula: str, value: Any, note: str) -> None:
    """A total under the amounts: the sum over Belopp and Ström together, as a total of the whole ledger is wider
    than one amount (a narrower cell prints ###), and what it counts beside it."""
    ws.write_string(row, 0, label, fmt["strong"])
    ws.merge_range(row, 1, row, 2, "", fmt["amount_strong"])
    ws.write_formula(row, 1, formula, fmt["amount_strong"], value)
    if note:
        ws.write_string(row, 3, note, fmt["line"])


def _excel_date(day: date) -> str:
    return f"DATE({day.year},{day.month},{day.day})"


def _finish(ws: Any, report: Report, fp: str, draft: bool) -> None:
    print_setup(
        ws,
        recipient=report.recipient_name,
        org_number=report.org_number,
        agreement=report.agreement_name,
        fp=fp,
        draft=draft,
        landscape=True,
        repeat=(0, 0),
    )
