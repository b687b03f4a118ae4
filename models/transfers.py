"""Onward payments of an RSS to the municipalities of its county: the pure rules (no storage).

A planned amount is what a municipality is promised; a paid transfer is a cost of the category
``TRANSFER_CATEGORY`` whose supplier is the municipality (stored by ``models/storage/transfers.py``);
a return of unspent money is a negative transfer. A total is split by a key (population figures,
equal shares, or fixed amounts): each part is rounded down to the öre and the öre left over go,
one each, to the parts with the largest remainders, so the parts add up exactly to the total and
the rounding shows on each part that got an öre.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from models.errors import AmountError, ValidationError
from models.money import format_sek, from_ore, parse_amount, to_json, to_ore
from models.municipalities import Municipalities, Municipality
from models.words import count

if TYPE_CHECKING:
    from models.tablesheet import TableSheet

TRANSFER_CATEGORY = "Vidareförmedlat till kommuner"
TRANSFER_SOURCE = "vidareförmedling"
KEYS = ("population", "equal", "amounts")
KEY_LABELS = {"population": "befolkning", "equal": "lika delar", "amounts": "fasta belopp"}


@dataclass(frozen=True)
class SplitPart:
    municipality: Municipality
    weight: Decimal  # the key's figure: population, 1 for equal shares, or the fixed amount
    amount: Decimal
    rounding_ore: int  # öre added to the rounded-down share (0 or 1)

    @property
    def note(self) -> str:
        return f"avrundning +{format_sek(from_ore(self.rounding_ore))}" if self.rounding_ore else ""


@dataclass(frozen=True)
class MunicipalityRow:
    """One line of the Kommuner table."""

    code: str
    name: str
    planned: Decimal
    paid: Decimal  # positive transfers
    reported_used: Decimal
    returned: Decimal  # what came back (negative transfers), as a positive amount
    note: str = ""

    @property
    def outstanding(self) -> Decimal:
        """Promised but not paid yet (negative: paid more than planned)."""
        return self.planned - self.paid


@dataclass(frozen=True)
class TransferTable:
    """The Kommuner table and what it could not place."""

    rows: list[MunicipalityRow]
    unnamed: int  # transfer costs whose supplier is no municipality of the county
    outside: int  # transfer costs dated outside the report period (not counted)

    def total(self, column: str) -> Decimal:
        return sum((getattr(r, column) for r in self.rows), Decimal("0.00"))

    def notes(self) -> list[str]:
        """Swedish sentences on what the table leaves out."""
        out = []
        if self.unnamed:
            out.append(
                f"{self.unnamed} {'utbetalning' if self.unnamed == 1 else 'utbetalningar'} i kostnadsslaget "
                f"{TRANSFER_CATEGORY} saknar en av länets kommuner som leverantör och räknas inte per kommun; "
                "ange kommunen på kostnaden."
            )
        if self.outside == 1:
            out.append("1 utbetalning till en kommun är daterad utanför redovisningsperioden och räknas inte.")
        elif self.outside:
            out.append(
                f"{self.outside} utbetalningar till kommuner är daterade utanför redovisningsperioden och räknas inte."
            )
        return out


def transfers_json(table: TransferTable) -> dict[str, dict[str, str]]:
    """``summary --json``'s "transfers": per municipality code, its name and amounts as strings."""
    return {
        r.code: {
            "name": r.name,
            "planned": to_json(r.planned),
            "paid": to_json(r.paid),
            "returned": to_json(r.returned),
        }
        for r in table.rows
    }


@dataclass(frozen=True)
class MunicipalReport:
    """What a municipality reported back: its use of the money, and what it returned unspent."""

    code: str
    date: object  # datetime.date
    used: Decimal
    returned: Decimal
    note: str = ""
    return_cost_id: int | None = None
    id: int | None = None


def _number(text: str) -> Decimal:
    return parse_amount(text, allow_negative=False)


_TRAILING_NUMBER = re.compile(r"^(.*?)[\s;:,]+(-?[\d\s\u00a0.,]*\d)\s*(?:kr)?$")


def parse_key_table(text: str, municipalities: Municipalities) -> dict[str, Decimal]:
    """A pasted or saved table of (municipality, figure) lines: tab, semicolon or spaces between
    them, a heading line allowed. Returns the figure per municipality code; every line must name a
    municipality of the county, once."""
    figures: dict[str, Decimal] = {}
    lines = [line for line in text.replace("\r", "").split("\n") if line.strip()]
    for number, line in enumerate(lines, start=1):
        cells = [c.strip() for c in re.split(r"[\t;]", line) if c.strip()]
        if len(cells) >= 2:
            name, value = cells[0], cells[-1]
        else:
            match = _TRAILING_NUMBER.match(line.strip())
            if not match:
                if number == 1:
                    continue  # a heading
                raise ValidationError(f"Rad {number} (”{line.strip()}”) saknar kommun och belopp; skriv ”Kommun; tal”.")
            name, value = match.group(1), match.group(2)
        try:
            figure = _number(value)
        except AmountError:
            if number == 1:
                continue  # a heading such as "Kommun;Befolkning"
            raise ValidationError(f"Rad {number}: ”{value}” är inget tal; skriv till exempel 12 345.") from None
        m = municipalities.find(name)
        if m.code in figures:
            raise ValidationError(f"{m.name} står två gånger i tabellen (rad {number}); ta bort den ena raden.")
        figures[m.code] = figure
    if not figures:
        raise ValidationError("Tabellen är tom; klistra in en rad per kommun med namn och tal.")
    return figures


def split_total(
    total: Decimal | str, key: str, municipalities: Municipalities, figures: dict[str, Decimal] | None = None
) -> list[SplitPart]:
    """Split ``total`` over every municipality of the county by ``key`` (see ``KEYS``).

    A key must cover every municipality; fixed amounts must add up to the total. The parts add up
    exactly to the total, to the öre.
    """
    amount = parse_amount(total, allow_negative=False)
    if amount <= 0:
        raise ValidationError("Beloppet att fördela måste vara större än noll.")
    items = list(municipalities)
    if key == "equal":
        figures = {m.code: Decimal(1) for m in items}
    elif key not in KEYS:
        raise ValidationError(f"Okänd fördelningsnyckel ”{key}”; välj befolkning, lika delar eller fasta belopp.")
    figures = figures or {}
    missing = [m.name for m in items if m.code not in figures]
    if missing:
        shown = ", ".join(missing[:5]) + (f" och {len(missing) - 5} till" if len(missing) > 5 else "")
        raise ValidationError(
            f"Nyckeln saknar {len(missing)} av länets {len(items)} kommuner ({shown}); ange en siffra för varje kommun."
        )
    extra = sorted(set(figures) - {m.code for m in items})
    if extra:
        raise ValidationError(f"Nyckeln har kommunkoden {extra[0]}, som inte hör till länet; ta bort den raden.")
    if key == "amounts":
        given = sum((figures[m.code] for m in items), Decimal("0.00"))
        if to_ore(given) != to_ore(amount):
            raise ValidationError(
                f"De fasta beloppen blir {format_sek(given)}, inte {format_sek(amount)}; "
                f"skillnaden är {format_sek(amount - given)}. Rätta beloppen eller summan."
            )
        return [SplitPart(m, figures[m.code], figures[m.code], 0) for m in items]
    weight_total = sum((figures[m.code] for m in items), Decimal(0))
    if weight_total <= 0:
        raise ValidationError("Nyckelns tal blir noll tillsammans; ange befolkningssiffror större än noll.")
    total_ore = to_ore(amount)
    # integer arithmetic: floor(total * weight / sum) öre each, then the leftover öre by largest remainder
    scale = 10**6
    weights = {m.code: int(figures[m.code] * scale) for m in items}
    weight_sum = sum(weights.values())
    base: dict[str, int] = {}
    remainders: list[tuple[int, str]] = []
    for m in items:
        share, rest = divmod(total_ore * weights[m.code], weight_sum)
        base[m.code] = share
        remainders.append((-rest, m.code))
    left = total_ore - sum(base.values())
    bonus = {code for _rest, code in sorted(remainders)[:left]}
    parts = [
        SplitPart(m, figures[m.code], from_ore(base[m.code] + (m.code in bonus)), int(m.code in bonus)) for m in items
    ]
    assert sum(to_ore(p.amount) for p in parts) == total_ore
    return parts


def describe_split(parts: list[SplitPart], key: str) -> str:
    total = sum((p.amount for p in parts), Decimal("0.00"))
    rounded = sum(p.rounding_ore for p in parts)
    text = f"{format_sek(total)} fördelat på {count(len(parts), 'kommun', 'kommuner')} efter {KEY_LABELS[key]}"
    if rounded:
        text += f"; {rounded} öre från avrundningen gick till {count(rounded, 'kommun', 'kommuner')}"
    return text + "."


def transfer_text(municipality: Municipality, amount: Decimal) -> str:
    if amount < 0:
        return f"Återbetalt av {municipality.name}"
    return f"Vidareförmedlat till {municipality.name}"


def municipalities_sheet(table: TransferTable, rss_name: str, agreement_name: str) -> TableSheet:
    """The Kommuner table as a spreadsheet: one row per municipality and a total row."""
    from models.tablesheet import Column, TableSheet

    columns = [
        Column("Kommunkod", "text", 11),
        Column("Kommun", "text", 18),
        Column("Planerat", "amount", 18, total=True),
        Column("Utbetalt", "amount", 18, total=True),
        Column("Använt enligt återrapport", "amount", 18, total=True),
        Column("Återbetalt", "amount", 18, total=True),
        Column("Kvar att betala", "amount", 18, total=True),
        Column("Anteckning", "text", 24),
    ]
    rows = [[r.code, r.name, r.planned, r.paid, r.reported_used, r.returned, r.outstanding, r.note] for r in table.rows]
    return TableSheet("Vidareförmedling", f"{rss_name} – {agreement_name}", columns, rows, table.notes())
