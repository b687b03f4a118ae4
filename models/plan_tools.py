"""Filling the plan: spreading an amount over months, and reading a plan from an xlsx or csv file.

Spreading is exact to the öre: the parts always add up to the amount (the öre left over by the
division go to the months with the largest remainders, the earliest first).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from models.errors import AmountError, UserError, ValidationError
from models.money import ZERO, from_ore, parse_amount, to_ore
from models.storage.activities import month_key, months_between

if TYPE_CHECKING:
    from models.storage.document_file import Document

_MONTH_WORDS = {
    name: i + 1
    for i, names in enumerate(
        (
            ("jan", "januari"),
            ("feb", "februari"),
            ("mar", "mars"),
            ("apr", "april"),
            ("maj",),
            ("jun", "juni"),
            ("jul", "juli"),
            ("aug", "augusti"),
            ("sep", "sept", "september"),
            ("okt", "oktober"),
            ("nov", "november"),
            ("dec", "december"),
        )
    )
    for name in names
}


def _split(total_ore: int, weights: list[int]) -> list[int]:
    """``total_ore`` in parts proportional to non-negative ``weights``, adding up exactly."""
    whole = sum(weights)
    if whole <= 0:
        raise ValidationError("Profilen har inga kostnader att fördela efter; fördela jämnt i stället.")
    sign = -1 if total_ore < 0 else 1
    total = abs(total_ore)
    parts = [total * w // whole for w in weights]
    remainders = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for i in remainders[: total - sum(parts)]:
        parts[i] += 1
    return [sign * p for p in parts]


def spread_even(amount: Decimal, months: list[str]) -> dict[str, Decimal]:
    """``amount`` over ``months`` in equal parts (the odd öre to the first months)."""
    if not months:
        raise ValidationError("Det finns inga månader att fördela på; kontrollera från- och till-månaden.")
    return dict(zip(months, map(from_ore, _split(to_ore(amount), [1] * len(months))), strict=True))


def spread_profile(amount: Decimal, months: list[str], profile: dict[int, Decimal]) -> dict[str, Decimal]:
    """``amount`` over ``months`` in proportion to ``profile`` (calendar month 1–12 → last year's costs)."""
    if not months:
        raise ValidationError("Det finns inga månader att fördela på; kontrollera från- och till-månaden.")
    weights = [max(to_ore(profile.get(int(m[5:]), ZERO)), 0) for m in months]
    return dict(zip(months, map(from_ore, _split(to_ore(amount), weights)), strict=True))


def month_range(first: str, last: str) -> list[str]:
    a, b = month_key(first), month_key(last)
    if a > b:
        raise ValidationError(f"Från-månaden {a} ligger efter till-månaden {b}; byt plats på dem.")
    return months_between(date(int(a[:4]), int(a[5:]), 1), date(int(b[:4]), int(b[5:]), 1))


def profile_from(previous: Document, stream: str, activity: str | None = None) -> dict[int, Decimal]:
    """Last year's costs per calendar month, from last year's document: of the activity of the same
    name where it has one with costs, otherwise of the stream of the same name, otherwise all costs."""
    rows = previous.plan.actual_by_month(date.min, date.max)  # every cost of last year's document
    ids = {a.id for a in previous.plan.activities() if activity and a.name.casefold() == activity.casefold()}
    for keep in (lambda a, s: a in ids, lambda a, s: s == stream, lambda a, s: True):
        profile: dict[int, Decimal] = {}
        for a, s, m, v in rows:
            if keep(a, s):
                profile[int(m[5:])] = profile.get(int(m[5:]), ZERO) + v
        if any(v > 0 for v in profile.values()):
            return profile
    raise ValidationError(f"”{previous.path.name}” har inga kostnader att ta en profil från.")


# -- reading a plan from a file -------------------------------------------------------------
@dataclass
class PlanRow:
    activity: str
    stream: str = ""
    category: str = ""
    amounts: dict[str, Decimal] = field(default_factory=dict)


def _header_month(cell: str, year: int) -> str | None:
    text = cell.strip().casefold().rstrip(".")
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
        return month_key(f"{m.group(1)}-{int(m.group(2)):02d}")
    if m := re.fullmatch(r"([a-zåäö]+)\.?\s*(\d{4})?", text):
        number = _MONTH_WORDS.get(m.group(1))
        if number:
            return f"{int(m.group(2) or year):04d}-{number:02d}"
    return None


def parse_plan_rows(rows: Sequence[Sequence[object]], year: int, name: str) -> list[PlanRow]:
    """A plan table: a header row with Aktivitet, optionally Ström and Kostnadsslag, and one column per
    month (2024-03, "mar", "mars 2024"); one activity per row. Empty cells plan nothing."""
    texts = [["" if c is None else str(c).strip() for c in r] for r in rows]
    h = next((i for i, r in enumerate(texts[:20]) if "aktivitet" in (c.casefold() for c in r)), None)
    if h is None:
        raise UserError(f"{name} saknar en rubrikrad med kolumnen Aktivitet; se exemplet i handboken.")
    header = texts[h]
    folded = [c.casefold() for c in header]
    col_act = folded.index("aktivitet")
    col_stream = folded.index("ström") if "ström" in folded else None
    col_cat = folded.index("kostnadsslag") if "kostnadsslag" in folded else None
    month_cols = {i: m for i, c in enumerate(header) if (m := _header_month(c, year))}
    if not month_cols:
        raise UserError(f"{name} har inga månadskolumner; rubrikerna ska vara till exempel 2024-03 eller mars.")
    out: list[PlanRow] = []
    for n, row in enumerate(texts[h + 1 :], start=h + 2):

        def cell(i: int | None, row: list[str] = row) -> str:
            return row[i] if i is not None and i < len(row) else ""

        if not cell(col_act):
            continue
        if cell(col_act).casefold() in {"summa", "totalt", "total"}:
            continue
        amounts: dict[str, Decimal] = {}
        for i, month in month_cols.items():
            raw = cell(i)
            if raw == "":
                continue
            try:
                amounts[month] = parse_amount(raw)
            except AmountError as err:
                raise UserError(f"{name}, rad {n}: {err}") from None
        out.append(PlanRow(" ".join(cell(col_act).split()), cell(col_stream), cell(col_cat), amounts))
    if not out:
        raise UserError(f"{name} har inga aktiviteter under rubrikraden.")
    return out


def read_plan_file(path: Path, year: int) -> list[PlanRow]:
    """The rows of a plan in an xlsx/xls/ods or csv file; one Swedish sentence if it cannot be read."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"Filen ”{path.name}” finns inte.")
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm", ".xls", ".ods"}:
        from models.importing.tables import read_workbook

        rows, _sheets, _chosen = read_workbook(path, None)
        return parse_plan_rows(rows, year, f"”{path.name}”")
    if suffix in {".csv", ".txt"}:
        from models.importing.csvsniff import decode_text, read_csv_text

        text, _encoding = decode_text(path.read_bytes())
        lines, _delim, _decimal = read_csv_text(text)
        return parse_plan_rows(lines, year, f"”{path.name}”")
    raise UserError(f"”{path.name}” är varken ett kalkylark (xlsx) eller en CSV-fil; spara planen som xlsx eller csv.")


def import_plan(doc: Document, rows: list[PlanRow]) -> tuple[list[str], dict[tuple[int, str], Decimal | None]]:
    """Put a read plan into the document in one transaction: new activities (with a stream column) are
    added, the plan cells set. Returns (names of added activities, the old plan values for undo)."""
    streams = list(doc.allocation())
    added: list[str] = []
    changes: dict[tuple[int, str], Decimal | None] = {}
    with doc.transaction():
        for r in rows:
            try:
                act = doc.plan.find_activity(r.activity)
            except ValidationError:
                if not r.stream:
                    raise ValidationError(
                        f"Aktiviteten ”{r.activity}” finns inte; lägg till den först eller ange dess ström i "
                        "kolumnen Ström."
                    ) from None
                stream = next((s for s in streams if s.casefold() == r.stream.casefold()), None)
                if stream is None:
                    raise ValidationError(
                        f"Strömmen ”{r.stream}” finns inte i dokumentet; välj en av: {', '.join(streams)}."
                    ) from None
                cats = doc.categories()
                category = next((c for c in cats if c.casefold() == r.category.casefold()), "")
                act = doc.plan.add_activity(r.activity, stream, category)
                added.append(act.name)
            for month, amount in r.amounts.items():
                changes[(act.id, month)] = amount
        old = doc.plan.set_plan(changes)
    return added, old
