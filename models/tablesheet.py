"""A plain table for a spreadsheet: headings, a kind per column, rows, and which columns get a total.

The Kommuner table and the list of every redovisning are exported as such a sheet
(``exporters/table_xlsx.py`` lays it out); the domain decides the columns, the exporter only draws.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KINDS = ("text", "amount", "date", "share", "count")


@dataclass(frozen=True)
class Column:
    heading: str
    kind: str = "text"  # see KINDS
    width: int = 14  # characters
    total: bool = False  # a SUM formula under the column
    printed: bool = True  # False: in the sheet but not on paper (only the last columns, the print area ends before)


@dataclass
class TableSheet:
    title: str  # sheet name and the heading above the table
    subtitle: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)  # values: str, Decimal, date, int, None
    notes: list[str] = field(default_factory=list)  # sentences under the table
