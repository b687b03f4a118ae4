"""A ``models.tablesheet.TableSheet`` as an Excel workbook (XlsxWriter): heading, frozen header row,
number formats per column, a total row of SUM formulas stored with their results (a viewer that does not
recalculate shows the sums), and the notes under the table. Prints on A4 one page wide, the header row
repeated on every page, the table's name and "Sida X av Y" in the footer (``xlsx_sheet.list_print_setup``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

from exporters.overflow import wrap
from exporters.xlsx_sheet import AMOUNT_FORMAT, DATE_FORMAT, clean_text, fit_cell, list_print_setup
from models.tablesheet import Column, TableSheet

SHARE_FORMAT = "0.0 %"
FIRST_ROW = 3  # 0-based: the heading, the subtitle and a blank row above the table
LINE_PT = 15.0  # a line of Calibri 11, the sheet's font
MAX_LINES = 27  # a row of wrapped text at most this high (Excel's highest row is 409 pt)
PORTRAIT_CHARS = 90  # a table at most this wide prints portrait; wider, landscape (both fit to the width)
STYLES: dict[str, dict[str, Any]] = {
    "title": {"bold": True, "font_size": 14},
    "subtitle": {},
    "head": {"bold": True, "text_wrap": True, "valign": "top", "bottom": 1, "border_color": "#9A9A9A"},
    "head_number": {
        "bold": True,
        "text_wrap": True,
        "valign": "top",
        "align": "right",
        "bottom": 1,
        "border_color": "#9A9A9A",
    },
    "text": {"valign": "top", "text_wrap": True},
    "amount": {"valign": "top", "num_format": AMOUNT_FORMAT},
    "share": {"valign": "top", "num_format": SHARE_FORMAT},
    "date": {"valign": "top", "num_format": DATE_FORMAT},
    "count": {"valign": "top"},
    "total_label": {"bold": True, "top": 1},
    "total": {"bold": True, "top": 1, "num_format": AMOUNT_FORMAT},
    "note": {},
}


def _put(ws: Any, fmt: dict[str, Any], row: int, col: int, column: Column, value: Any) -> None:
    """One cell by its column's kind; text is always text (a leading = stays text), never a formula."""
    if value is None or value == "":
        return
    if column.kind in ("amount", "share") and isinstance(value, Decimal):
        ws.write_number(row, col, value, fmt[column.kind])
    elif column.kind == "date" and isinstance(value, date):
        ws.write_datetime(row, col, value, fmt["date"])
    elif column.kind == "count" and isinstance(value, int):
        ws.write_number(row, col, value, fmt["count"])
    else:
        ws.write_string(row, col, fit_cell(clean_text(value)), fmt["text"])


def _lines(texts: list[tuple[Column, Any]]) -> int:
    """How many lines the row's wrapped text cells take in their columns (Excel and LibreOffice do not grow a row
    for wrapped text by themselves when they open a written file)."""
    n = 1
    for col, value in texts:
        if isinstance(value, str) and value:
            n = max(n, len(wrap(value, max(col.width - 1, 1), len)))
    return min(n, MAX_LINES)


def _height(ws: Any, row: int, texts: list[tuple[Column, Any]]) -> None:
    lines = _lines(texts)
    if lines > 1:
        ws.set_row(row, LINE_PT * lines)


def render_table_xlsx(sheet: TableSheet) -> bytes:
    import xlsxwriter
    from xlsxwriter.utility import xl_rowcol_to_cell

    out = BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False})
    fmt = {name: wb.add_format(spec) for name, spec in STYLES.items()}
    ws = wb.add_worksheet(clean_text(sheet.title)[:31])
    ws.write_string(0, 0, clean_text(sheet.title), fmt["title"])
    ws.write_string(1, 0, clean_text(sheet.subtitle), fmt["subtitle"])
    for c, col in enumerate(sheet.columns):
        head = "head" if col.kind == "text" else "head_number"  # over numbers, aligned as they are
        ws.write_string(FIRST_ROW, c, clean_text(col.heading), fmt[head])
        ws.set_column(c, c, col.width)
    _height(ws, FIRST_ROW, [(col, col.heading) for col in sheet.columns])
    for r, values in enumerate(sheet.rows, start=FIRST_ROW + 1):
        for c, (col, value) in enumerate(zip(sheet.columns, values, strict=True)):
            _put(ws, fmt, r, c, col, value)
        _height(ws, r, [(col, v) for col, v in zip(sheet.columns, values, strict=True) if col.kind == "text"])
    last = FIRST_ROW + len(sheet.rows)  # the last table row, 0-based
    total_row = last + 1
    if any(col.total for col in sheet.columns):
        ws.write_string(total_row, 0, "Summa", fmt["total_label"])
        for c, col in enumerate(sheet.columns):
            if not col.total:
                continue
            amounts = (v[c] for v in sheet.rows if isinstance(v[c], Decimal))
            value = sum(amounts, Decimal("0.00"))
            top, bottom = xl_rowcol_to_cell(FIRST_ROW + 1, c), xl_rowcol_to_cell(last, c)
            formula = f"=SUM({top}:{bottom})" if sheet.rows else "=0"
            ws.write_formula(total_row, c, formula, fmt["total"], value)
    for i, note in enumerate(sheet.notes):
        ws.write_string(total_row + 2 + i, 0, fit_cell(clean_text(note)), fmt["note"])
    ws.freeze_panes(FIRST_ROW + 1, 0)
    printed = [col for col in sheet.columns if col.printed]
    width = sum(col.width for col in printed)
    list_print_setup(
        ws,
        name=" · ".join(x for x in (sheet.title, sheet.subtitle) if x),
        landscape=width > PORTRAIT_CHARS,
        repeat=(FIRST_ROW, FIRST_ROW),
    )
    ws.print_area(0, 0, total_row + 1 + len(sheet.notes), len(printed) - 1)
    wb.close()
    return out.getvalue()
