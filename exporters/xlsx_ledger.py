"""The workbook's "Kostnader" sheet: every cost row, written only when the ledger is asked for.

One row per cost, in the order given (by date), with a frozen, filtered heading row repeated on
every printed page; text wraps in its column (landscape A4 at 100 %, no text below 9 pt); the
total is a formula stored with its result, and like the form's Summa kostnader it counts only the
costs inside the report period (SUMIFS on the dates); those outside it are summed on a row of their
own. Written row by row in XlsxWriter's constant-memory mode.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from exporters.xlsx_sheet import clean_text, fit_cell, needs_cleaning, print_setup
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
LEDGER_WIDTHS = (10, 13, 10, 10, 15, 8, 9, 5, 5, 5)  # 90 characters: landscape A4 at 100 %, wider fonts too
EPOCH = date(1899, 12, 30)  # Excel's day 0


def write_ledger(
    wb: Any, costs: list[Cost], fmt: dict[str, Any], *, report: Report, fp: str, draft: bool, cut: list[str]
) -> None:
    """The sheet; a text longer than a cell holds is cut with "…" and noted in ``cut``."""
    ws = wb.add_worksheet("Kostnader")
    for col, width in enumerate(LEDGER_WIDTHS):
        ws.set_column(col, col, width)
    for col, head in enumerate(LEDGER_HEAD):
        ws.write_string(0, col, head, fmt["ledger_head"])
    text, amount, day = fmt["ledger_text"], fmt["ledger_amount"], fmt["ledger_date"]
    put_text, put_number = ws.write_string, ws.write_number
    total = outside = ZERO
    start, end = report.period or (date.min, date.max)
    row = 0
    for c in costs:
        row += 1
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
        values: tuple[str, ...] = (c.stream, c.category, c.text, c.voucher, c.supplier, c.account, c.object, c.source)
        if needs_cleaning(values):
            values = tuple(fit_cell(clean_text(v), cut) for v in values)
        for col, value in enumerate(values, 2):
            if value:
                put_text(row, col, value, text)
    last = max(row, 1)
    ws.write_string(last + 2, 0, "Summa", fmt["strong"])
    amounts, days = f"B2:B{last + 1}", f"A2:A{last + 1}"
    if report.period is None:
        ws.write_formula(last + 2, 1, f"=SUM({amounts})", fmt["amount_strong"], total)
    else:
        bounds = f'{days},">="&{_excel_date(start)},{days},"<="&{_excel_date(end)}'
        ws.write_formula(last + 2, 1, f"=SUMIFS({amounts},{bounds})", fmt["amount_strong"], total)
        ws.write_string(last + 2, 2, f"inom redovisningsperioden {start} – {end}", fmt["text"])
    if outside:
        ws.write_string(last + 3, 0, "Utanför", fmt["strong"])
        ws.write_formula(last + 3, 1, f"=SUM({amounts})-B{last + 3}", fmt["amount_strong"], outside)
        ws.write_string(last + 3, 2, "utanför redovisningsperioden: räknas inte med i Summa kostnader", fmt["text"])
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, last, len(LEDGER_HEAD) - 1)
    _finish(ws, report, fp, draft)


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
