"""The "Prognos" sheet as an Excel workbook (XlsxWriter): the plan and the actual costs per activity and
month, the variance to date, the forecast per stream and what it means at the period's end.

Sums, the variance and the repayment are live formulas, each stored with the value the program
computed (XlsxWriter writes both), so a viewer that does not calculate shows the same figures as
Excel and LibreOffice do when they recalculate. Lays out a ``models.prognos.Prognos``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from io import BytesIO
from typing import Any

from exporters.overflow import wrap
from exporters.xlsx_sheet import clean_text, formats, list_print_setup
from models.money import ZERO
from models.prognos import Prognos

LINE = 13.5  # points: a line of 10 pt text
NAME_WIDTH, STREAM_WIDTH = 34, 13  # characters: the activity's and the stream's columns
FIRST_MONTH_COL = 2  # A: aktivitet, B: ström (0-based columns), then the months, then Summa
Rows = Sequence[tuple[str, str, Sequence[Decimal | None]]]


def _cell(row: int, col: int) -> str:
    from xlsxwriter.utility import xl_rowcol_to_cell

    cell: str = xl_rowcol_to_cell(row, col)
    return cell


class _Writer:
    def __init__(self, ws: Any, fmt: dict[str, Any]) -> None:
        self.ws, self.fmt = ws, fmt
        self.row = 0

    def text(self, row: int, col: int, value: str, style: str = "text") -> None:
        self.ws.write_string(row, col, clean_text(value), self.fmt[style])  # always text, never a formula

    def amount(self, row: int, col: int, value: Decimal | None, style: str = "amount") -> str:
        if value is None:
            self.ws.write_blank(row, col, None, self.fmt[style])
        else:
            self.ws.write_number(row, col, value, self.fmt[style])
        return _cell(row, col)

    def formula(self, row: int, col: int, formula: str, value: Decimal, style: str = "amount_strong") -> str:
        self.ws.write_formula(row, col, "=" + formula, self.fmt[style], value)
        return _cell(row, col)


def render_prognos_xlsx(p: Prognos) -> bytes:
    import xlsxwriter

    s = p.status
    n = len(s.months)
    sum_col = FIRST_MONTH_COL + n
    out = BytesIO()
    wb = xlsxwriter.Workbook(out, {"strings_to_numbers": False, "strings_to_formulas": False, "in_memory": True})
    fmt = formats(wb)
    ws = wb.add_worksheet("Prognos")
    w = _Writer(ws, fmt)
    w.text(0, 0, p.title, "title")  # one line each, running on over the empty cells to the right
    w.text(1, 0, p.subtitle, "caption")
    w.text(2, 0, f"{s.complete} av {n} månader är hela; avvikelsen gäller till och med {p.last_complete}.", "caption")
    row = 4

    def header(title: str, first: str = "Aktivitet") -> None:
        nonlocal row
        w.text(row, 0, title, "line_strong")
        row += 1
        w.text(row, 0, first, "ledger_head")
        w.text(row, 1, "Ström" if first == "Aktivitet" else "", "ledger_head")
        for i, label in enumerate(p.month_labels):
            w.text(row, FIRST_MONTH_COL + i, label, "ledger_head")
        w.text(row, sum_col, "Summa", "ledger_head")
        row += 1

    def block(rows: Rows, total_label: str) -> list[int]:
        """One row per activity, a Summa column and a sum row, all sums formulas; returns the rows used."""
        nonlocal row
        top, used = row, []
        for name, stream, values in rows:
            lines = max(len(wrap(name, NAME_WIDTH - 1, len)), len(wrap(stream, STREAM_WIDTH - 1, len)))
            if lines > 1:  # a long name wraps in its column: the row grows, or it prints over the next
                ws.set_row(row, LINE * lines)
            w.text(row, 0, name)
            w.text(row, 1, stream)
            for j, v in enumerate(values):
                w.amount(row, FIRST_MONTH_COL + j, v)
            span = f"{_cell(row, FIRST_MONTH_COL)}:{_cell(row, sum_col - 1)}"
            w.formula(row, sum_col, f"SUM({span})", sum((v or ZERO for v in values), ZERO))
            used.append(row)
            row += 1
        w.text(row, 0, total_label, "strong")
        for j in range(n + 1):
            col = FIRST_MONTH_COL + j
            value = sum((v or ZERO for _a, _s, vs in rows for k, v in enumerate(vs) if j == n or k == j), ZERO)
            formula = f"SUM({_cell(top, col)}:{_cell(row - 1, col)})" if rows else "0"
            w.formula(row, col, formula, value)
        row += 2
        return used

    header("Plan per aktivitet och månad")
    plan_rows = block(p.plan_rows(), "Summa plan")
    header("Utfall per aktivitet och månad (kostnader i redovisningsperioden)")
    actual_rows = block(p.actual_rows(), "Summa utfall")

    w.text(row, 0, f"Avvikelse mot plan till och med {p.last_complete}", "line_strong")
    row += 1
    for col, label in enumerate(("Aktivitet", "Ström", "Plan hittills", "Utfall hittills", "Avvikelse", "Plan helår")):
        w.text(row, col, label, "ledger_head")
    row += 1
    last_done = FIRST_MONTH_COL + s.complete - 1
    for v, prow, arow in zip(s.activities, plan_rows, actual_rows, strict=False):
        w.text(row, 0, v.activity.name)
        w.text(row, 1, v.activity.stream)
        if s.complete:
            planned = w.formula(row, 2, f"SUM({_cell(prow, 2)}:{_cell(prow, last_done)})", v.planned_to_date, "amount")
            actual = w.formula(row, 3, f"SUM({_cell(arow, 2)}:{_cell(arow, last_done)})", v.actual_to_date, "amount")
        else:
            planned, actual = w.amount(row, 2, ZERO), w.amount(row, 3, ZERO)
        w.formula(row, 4, f"{actual}-{planned}", v.variance)
        w.formula(row, 5, _cell(prow, sum_col), v.planned_total, "amount")
        row += 1
    row += 1

    header("Prognos per ström: utfall för hela månader, plan eller takt för resten", first="Ström")
    top = row
    for stream, values in p.forecast_rows():
        w.text(row, 0, stream)
        for j, value in enumerate(values):
            w.amount(row, FIRST_MONTH_COL + j, value)
        span = f"{_cell(row, FIRST_MONTH_COL)}:{_cell(row, sum_col - 1)}"
        w.formula(row, sum_col, f"SUM({span})", sum(values, ZERO))
        row += 1
    w.text(row, 0, "Prognos totalt", "strong")
    total = w.formula(row, sum_col, f"SUM({_cell(top, sum_col)}:{_cell(row - 1, sum_col)})", s.costs_at_end)
    row += 2

    w.text(row, 0, "Tilldelning")
    allocation = w.amount(row, 2, s.allocation_total)
    w.text(row + 1, 0, "Erhållet bidrag")
    received = w.amount(row + 1, 2, s.received)
    w.text(row + 2, 0, "Att jämföra med: erhållet, eller tilldelningen så länge mindre har erhållits")
    ws.set_row(row + 2, 2 * LINE)  # two lines in its column
    base = w.formula(row + 2, 2, f"MAX({allocation},{received})", s.base, "amount")
    w.text(row + 3, 0, "Prognos: kostnader vid periodens slut", "strong")
    costs = w.formula(row + 3, 2, total, s.costs_at_end)
    w.text(row + 4, 0, "Prognos: att återbetala", "strong")
    w.formula(row + 4, 2, f"MAX({base}-{costs},0)", s.unspent_at_end)
    w.text(row + 5, 0, "Prognos: egenfinansiering", "strong")
    w.formula(row + 5, 2, f"MAX({costs}-{base},0)", s.self_financed_at_end)
    ws.merge_range(row + 7, 0, row + 7, min(sum_col, 8), clean_text("Så räknas prognosen: " + s.method), fmt["small"])
    ws.set_row(row + 7, 13 * 6)

    ws.set_column(0, 0, NAME_WIDTH)
    ws.set_column(1, 1, STREAM_WIDTH)
    ws.set_column(FIRST_MONTH_COL, sum_col, 15)
    ws.freeze_panes(4, FIRST_MONTH_COL)
    list_print_setup(ws, name=f"{p.title} · {p.subtitle}", landscape=True, repeat=(0, 1))
    wb.close()
    return out.getvalue()
