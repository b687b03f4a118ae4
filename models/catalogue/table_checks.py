"""An allocation table read from pasted text, checked and put into an agreement's file data (no Qt).

The totals a table is checked against are the ones the user types from the agreement text
(``--total "Nära vård=2 420 000 000"``), otherwise the table's own Totalt row. The checks are the
catalogue's own (:func:`models.catalogue.check.published_differences`): every row's streams against
its Totalt, every column against the Totalt row, the Totalt row against the typed totals. A table
that does not add up is kept as published, and the warning comes back every time it is loaded.
The command line and the window both call these functions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from models.catalogue.agreement_table import PastedTable
from models.catalogue.catalogue import Agreement, GroupTotal, Stream
from models.catalogue.check import published_differences
from models.catalogue.table_split import Cell, Reading
from models.errors import UserError
from models.money import format_sek, parse_amount, to_json


def streams_from_data(data: Mapping[str, Any]) -> tuple[Stream, ...]:
    """The streams of an agreement's file data (``{"name", "kinds"}`` items)."""
    return tuple(Stream(str(s["name"]), tuple(s.get("kinds", ()))) for s in data.get("streams", []))


def cell_text(cell: Cell) -> str:
    """A value as the table shows it: whole kronor with spaces between thousands, text as printed."""
    if cell is None:
        return ""
    return format_sek(Decimal(cell), unit=False) if isinstance(cell, int) else str(cell)


def reading_text(reading: Reading) -> str:
    """One way to read a row, for the user to choose: "1 422 288 | 321 131 063 | …"."""
    return " | ".join(cell_text(c) for c in reading)


def parse_totals(items: Iterable[str], streams: Sequence[Stream], kind: str) -> dict[str, Decimal]:
    """``"Nära vård=2 420 000 000"`` and ``"Totalt=…"`` as typed from the agreement text."""
    out: dict[str, Decimal] = {}
    names = {s.name.casefold(): s.name for s in streams if kind in s.kinds}
    for item in items:
        name, sep, amount = item.partition("=")
        key = (
            "Totalt" if name.strip().casefold() in ("totalt", "summa", "total") else names.get(name.strip().casefold())
        )
        if not sep or key is None:
            valid = ", ".join([*names.values(), "Totalt"])
            raise UserError(f"”{item}” ska skrivas STRÖM=BELOPP, där STRÖM är en av: {valid}.")
        value = parse_amount(amount, allow_negative=False)
        if value != value.to_integral_value():
            raise UserError(f"”{item}”: överenskommelsens summor anges i hela kronor.")
        out[key] = value
    return out


def group_total(table: PastedTable, typed: Mapping[str, Decimal], label: str | None = None) -> GroupTotal:
    """The totals the table is checked against: the typed ones, else the table's own Totalt row."""
    t = table.table()
    per_stream: dict[str, Decimal] = {}
    total: Decimal | None = typed.get("Totalt")
    for i, column in enumerate(t.columns):
        cell = t.total[i] if t.total else None
        if column.stream:
            value = typed.get(column.stream, Decimal(cell) if isinstance(cell, int) else None)
            if value is not None:
                per_stream[column.stream] = value
        elif column.key == "total" and total is None and isinstance(cell, int):
            total = Decimal(cell)
    default = re.sub(r"^\W*bilaga\s+\d+\.?\s*", "", t.caption, flags=re.IGNORECASE) or t.caption
    return GroupTotal(label or default, total, per_stream)


def table_warnings(
    table: PastedTable, agreement_id: str, streams: Sequence[Stream], typed: Mapping[str, Decimal], counties: int
) -> list[str]:
    """The catalogue's own checks on this table: rows, columns, Totalt row against the typed totals."""
    probe = Agreement(
        id=agreement_id,
        name="",
        year=0,
        skr_arende=None,
        seed=None,
        form="",
        payer="",
        period_start=date.min,
        period_end=date.min,
        deadlines={},
        streams=tuple(s.name for s in streams),
        stream_specs=tuple(streams),
        group_totals={table.kind: group_total(table, typed)},
        tables=(table.table(),),
    )
    return published_differences(probe, counties)


def with_table(data: Mapping[str, Any], table: PastedTable, typed: Mapping[str, Decimal]) -> dict[str, Any]:
    """An agreement file's data with this table as the kind's allocation table and its totals as the group."""
    out = dict(data)
    new = table.table_data()
    tables = [t for t in out.get("tables", []) if not (t.get("kind") == table.kind and t.get("role") == "allocation")]
    if any(t.get("id") == new["id"] for t in tables):
        new["id"] = f"{new['id']}-{table.kind}"
    out["tables"] = [*tables, new]
    group = group_total(table, typed)
    groups = dict(out.get("groups", {}))
    groups[table.kind] = {
        "label": group.label,
        "total": int(group.total) if group.total is not None else None,
        "per_stream": {k: int(v) for k, v in group.per_stream.items()},
    }
    out["groups"] = groups
    return out


def table_json(table: PastedTable, warnings: Sequence[str]) -> dict[str, Any]:
    """``{"rows": N, "recipients": {name: {stream: "0.00"}}, "warnings": [...]}`` for ``--json``."""
    return {
        "rows": len(table.recipient_rows),
        "recipients": {
            name: {stream: to_json(v) for stream, v in amounts.items()} for name, amounts in table.allocation().items()
        },
        "warnings": list(warnings),
    }


def table_text(table: PastedTable) -> list[str]:
    """The table as lines for the terminal: name and each value, Swedish style."""
    t = table.table()
    widths = [max(len(c.heading), 12) for c in t.columns]
    widths[0] = max([len(c) for c in (t.columns[0].heading, *(str(r.values[0]) for r in t.rows))])

    def fmt(cells: Sequence[Cell]) -> str:
        parts = []
        for i, (column, cell) in enumerate(zip(t.columns, cells, strict=True)):
            shown = (
                "" if cell is None else format_sek(Decimal(cell), unit=False) if isinstance(cell, int) else str(cell)
            )
            parts.append(shown.ljust(widths[i]) if i == 0 else shown.rjust(widths[i]))
            del column
        return "  ".join(parts)

    lines = [
        "  ".join(c.heading.ljust(widths[i]) if i == 0 else c.heading.rjust(widths[i]) for i, c in enumerate(t.columns))
    ]
    lines += [fmt(r.values) for r in t.rows]
    if t.total is not None:
        lines.append(fmt(t.total))
    return lines
