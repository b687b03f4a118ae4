"""A ``models.tablesheet.TableSheet`` as an Excel workbook (openpyxl): heading, frozen header row,
number formats per column, a total row of SUM formulas, and the notes under the table."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

from exporters.xlsx_sheet import AMOUNT_FORMAT, DATE_FORMAT, set_text
from models.tablesheet import TableSheet

SHARE_FORMAT = "0.0 %"
FIRST_ROW = 4  # the heading, the subtitle and a blank row above the table


def render_table_xlsx(sheet: TableSheet) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    wb = Workbook()
    ws = wb.active
    if not isinstance(ws, Worksheet):  # a new workbook always has one plain sheet
        raise TypeError("openpyxl gav ingen arbetsbok med ett kalkylblad")
    ws.title = sheet.title[:31]
    set_text(ws.cell(1, 1), sheet.title)
    ws.cell(1, 1).font = Font(bold=True, size=14)
    set_text(ws.cell(2, 1), sheet.subtitle)
    bold = Font(bold=True)
    for c, col in enumerate(sheet.columns, start=1):
        cell = ws.cell(FIRST_ROW, c)
        set_text(cell, col.heading)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(c)].width = col.width
    for r, values in enumerate(sheet.rows, start=FIRST_ROW + 1):
        for c, (col, value) in enumerate(zip(sheet.columns, values, strict=True), start=1):
            cell = ws.cell(r, c)
            if value is None or value == "":
                continue
            if col.kind == "amount" and isinstance(value, Decimal):
                cell.value = value  # openpyxl writes a Decimal as its exact decimal text
                cell.number_format = AMOUNT_FORMAT
            elif col.kind == "share" and isinstance(value, Decimal):
                cell.value = value
                cell.number_format = SHARE_FORMAT
            elif col.kind == "date" and isinstance(value, date):
                cell.value = value
                cell.number_format = DATE_FORMAT
            elif col.kind == "count" and isinstance(value, int):
                cell.value = value
            else:
                set_text(cell, value)
    last = FIRST_ROW + len(sheet.rows)
    total_row = last + 1
    if any(col.total for col in sheet.columns):
        set_text(ws.cell(total_row, 1), "Summa")
        ws.cell(total_row, 1).font = bold
        for c, col in enumerate(sheet.columns, start=1):
            if col.total:
                letter = get_column_letter(c)
                cell = ws.cell(total_row, c)
                cell.value = f"=SUM({letter}{FIRST_ROW + 1}:{letter}{last})" if sheet.rows else 0
                cell.number_format = AMOUNT_FORMAT
                cell.font = bold
    for i, note in enumerate(sheet.notes):
        set_text(ws.cell(total_row + 2 + i, 1), note)
    ws.freeze_panes = f"A{FIRST_ROW + 1}"
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
