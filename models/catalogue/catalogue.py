"""The agreement catalogue: recipients and agreements read from ``resources/`` (no Qt).

``resources/recipients.json`` lists the 21 counties; each gives one region and one RSS
recipient (ids ``region-12``, ``rss-12``). ``resources/agreements/<id>.json`` holds one
agreement each, with its allocation tables exactly as the seed publishes them; the format is
described in docs/agreement-format.md. Every file is validated as it is read and any problem
raises ``CatalogueError`` naming the file. Published figures that do not add up are kept as
published and reported in ``Agreement.warnings``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from models.errors import CatalogueError
from models.money import format_sek, quantize, to_json

KINDS = ("region", "rss")
KIND_LABELS = {"region": "region", "rss": "RSS"}
DEADLINE_KEYS = ("requisition", "repayment", "report")
ROLES = ("allocation", "part-of-stream")
FORMAT = 1

Cell = str | int | None


def normal_name(text: str) -> str:
    """A name as compared: single spaces, case folded."""
    return " ".join(text.split()).casefold()


def whole_kr(value: int | Decimal) -> str:
    """An amount in whole kronor as the catalogue's warnings write it."""
    return format_sek(Decimal(value), decimals=False)


@dataclass(frozen=True)
class Recipient:
    id: str
    name: str
    kind: str
    county_code: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Stream:
    name: str
    kinds: tuple[str, ...]
    note: str | None = None


@dataclass(frozen=True)
class GroupTotal:
    label: str
    total: Decimal | None
    per_stream: dict[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class Column:
    heading: str
    key: str  # recipient | population | total | amount | stream:<name> | count:<slug> | text:<slug>

    @property
    def type(self) -> str:
        return self.key.split(":", 1)[0]

    @property
    def stream(self) -> str | None:
        return self.key[len("stream:") :] if self.type == "stream" else None

    @property
    def summed(self) -> bool:
        """Columns whose rows must add up to the Totalt row."""
        return self.type in ("population", "total", "amount", "stream", "count")


@dataclass(frozen=True)
class TableRow:
    recipient: Recipient
    values: tuple[Cell, ...]  # as published; values[0] is the name as the seed writes it


@dataclass(frozen=True)
class Table:
    id: str
    caption: str
    kind: str
    role: str
    stream: str | None
    label: str | None
    source: str | None
    columns: tuple[Column, ...]
    rows: tuple[TableRow, ...]
    total: tuple[Cell, ...] | None

    @property
    def title(self) -> str:
        """Short name for messages: "Bilaga 3", or the caption of a table in no annex."""
        head = self.caption.split(".", 1)[0].strip()
        return head if head.lower().startswith("bilaga") else self.caption

    def row(self, recipient_id: str) -> TableRow | None:
        return next((r for r in self.rows if r.recipient.id == recipient_id), None)

    def value(self, row: TableRow, key: str) -> Cell:
        for column, cell in zip(self.columns, row.values, strict=True):
            if column.key == key:
                return cell
        return None

    def stream_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.type == "stream")


@dataclass(frozen=True)
class RowPart:
    """A published part of a stream amount (Bilaga 4: primärvård i landsbygd ⊂ Nära vård)."""

    table_id: str
    label: str
    stream: str
    amount: Decimal


@dataclass(frozen=True)
class RecipientRow:
    recipient_id: str
    published_name: str
    table_id: str
    population: int | None
    allocation: dict[str, Decimal]
    total: Decimal
    extra: dict[str, Cell]  # other columns by heading, as published ("Andel befolkning": "23,3%")
    parts: tuple[RowPart, ...] = ()


@dataclass(frozen=True)
class Agreement:
    id: str
    name: str
    year: int
    skr_arende: str | None
    seed: str | None
    form: str
    payer: str
    period_start: date
    period_end: date
    deadlines: dict[str, date]
    streams: tuple[str, ...]
    stream_specs: tuple[Stream, ...]
    group_totals: dict[str, GroupTotal]
    tables: tuple[Table, ...]
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    dnr: str | None = None  # Regeringskansliets diarienummer för överenskommelsen
    annex: str | None = None  # the form's annex name when it differs from the wording's ("Bilaga 2")
    no_requisition: bool = False  # paid on a government decision: the documents have no rekvisition

    def __hash__(self) -> int:  # dict fields: hash by id so agreements can be dict keys
        return hash(self.id)

    def streams_for(self, kind: str) -> tuple[str, ...]:
        _check_kind(kind)
        return tuple(s.name for s in self.stream_specs if kind in s.kinds)

    def check_offers(self, kind: str) -> None:
        """Refuse a document for a kind of recipient the agreement has no stream for (it would hold 0 kr)."""
        if not self.streams_for(kind):
            others = [KIND_LABELS[k] for k in KINDS if k != kind and self.streams_for(k)]
            hint = f"; välj {' eller '.join(others)}" if others else ""
            raise CatalogueError(
                f"Överenskommelsen ”{self.name}” ({self.year}) ger inga medel till {KIND_LABELS[kind]}{hint}."
            )

    def table(self, table_id: str) -> Table | None:
        return next((t for t in self.tables if t.id == table_id), None)

    def allocation_table(self, kind: str) -> Table | None:
        _check_kind(kind)
        return next((t for t in self.tables if t.kind == kind and t.role == "allocation"), None)

    def has_tables(self, kind: str) -> bool:
        return self.allocation_table(kind) is not None

    def row_for(self, recipient_id: str) -> RecipientRow | None:
        """The recipient's published row, or None when the agreement has none for it."""
        table = self.allocation_table(_kind_of(recipient_id))
        row = table.row(recipient_id) if table else None
        if table is None or row is None:
            return None
        allocation: dict[str, Decimal] = {}
        extra: dict[str, Cell] = {}
        population = total = None
        for column, cell in zip(table.columns, row.values, strict=True):
            if column.type == "stream":
                allocation[column.stream or ""] = quantize(Decimal(int(cell or 0)))
            elif column.type == "population":
                population = cell
            elif column.type == "total":
                total = cell
            elif column.type != "recipient":
                extra[column.heading] = cell
        parts = []
        for part in self.tables:
            part_row = part.row(recipient_id) if part.role == "part-of-stream" else None
            if part_row is not None:
                amount = part.value(part_row, "amount")
                label = part.label or part.title
                parts.append(RowPart(part.id, label, part.stream or "", quantize(Decimal(int(amount or 0)))))
        return RecipientRow(
            recipient_id=recipient_id,
            published_name=str(row.values[0]),
            table_id=table.id,
            population=population if isinstance(population, int) else None,
            allocation=allocation,
            total=quantize(Decimal(total)) if isinstance(total, int) else sum(allocation.values(), Decimal("0.00")),
            extra=extra,
            parts=tuple(parts),
        )

    def allocation_for(self, recipient_id: str) -> dict[str, Decimal] | None:
        """Published amount per stream; None when the user must enter the allocation."""
        row = self.row_for(recipient_id)
        return dict(row.allocation) if row else None


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise CatalogueError(f"Okänd mottagartyp ”{kind}”; välj region eller rss.")


def _kind_of(recipient_id: str) -> str:
    kind = recipient_id.split("-", 1)[0]
    if kind not in KINDS:
        raise CatalogueError(f"”{recipient_id}” är inget mottagar-id; det ska se ut som region-12 eller rss-12.")
    return kind


ORIGINS = {"builtin": "inbyggd", "user": "egen", "team": "team"}


class Catalogue:
    """The loaded catalogue. Callers keep the instance they load; nothing is cached globally.

    ``origins`` says where each agreement comes from (builtin | user | team; built-in when not
    given); ``problems`` holds one Swedish sentence per user or team file that was refused.
    """

    def __init__(
        self,
        agreements: Iterable[Agreement],
        recipients: Iterable[Recipient],
        *,
        origins: dict[str, str] | None = None,
        problems: Iterable[str] = (),
    ) -> None:
        ordered = sorted(agreements, key=lambda a: (a.year, a.id))
        self.agreements: dict[str, Agreement] = {a.id: a for a in ordered}
        self.origins: dict[str, str] = {a.id: (origins or {}).get(a.id, "builtin") for a in ordered}
        self.problems: tuple[str, ...] = tuple(problems)
        self.recipients: dict[str, Recipient] = {
            r.id: r for r in sorted(recipients, key=lambda r: (KINDS.index(r.kind), r.county_code))
        }

    def agreement(self, agreement_id: str) -> Agreement:
        try:
            return self.agreements[agreement_id]
        except KeyError:
            valid = ", ".join(self.agreements)
            raise CatalogueError(f"Överenskommelsen ”{agreement_id}” finns inte; välj en av: {valid}.") from None

    def add(
        self, agreements: Iterable[Agreement], origin: str, problems: Iterable[str] = (), *, replace: bool = False
    ) -> None:
        """Add user or team agreements (and the sentences of the files refused); ``replace`` an id already held."""
        merged = dict(self.agreements)
        for a in agreements:
            if a.id in merged and not replace:
                raise CatalogueError(f"Överenskommelsen ”{a.id}” finns redan i katalogen.")
            merged[a.id] = a
            self.origins[a.id] = origin
        self.agreements = {a.id: a for a in sorted(merged.values(), key=lambda a: (a.year, a.id))}
        self.problems = (*self.problems, *problems)

    def remove(self, agreement_id: str) -> None:
        self.agreements.pop(agreement_id, None)
        self.origins.pop(agreement_id, None)

    def origin(self, agreement_id: str) -> str:
        """builtin | user | team."""
        return self.origins.get(agreement_id, "builtin")

    def newest(self) -> Agreement:
        """The newest agreement (latest year, then id): the default template."""
        return max(self.agreements.values(), key=lambda a: (a.year, a.id))

    def recipient(self, recipient_id: str) -> Recipient:
        try:
            return self.recipients[recipient_id]
        except KeyError:
            raise CatalogueError(
                f"Mottagaren ”{recipient_id}” finns inte; ange ett id som region-12 eller rss-12."
            ) from None

    def recipients_of(self, kind: str) -> tuple[Recipient, ...]:
        _check_kind(kind)
        return tuple(r for r in self.recipients.values() if r.kind == kind)

    def _matches(self, name: str, kind: str | None) -> list[Recipient]:
        q = normal_name(name)
        pool = self.recipients_of(kind) if kind else tuple(self.recipients.values())
        return [r for r in pool if q in (normal_name(r.name), r.id.casefold(), *(normal_name(a) for a in r.aliases))]

    def find_recipient(self, name: str, kind: str | None = None) -> Recipient:
        """Case-insensitive lookup over name, aliases and id ("Norrbottnen", "region-25")."""
        found = self._matches(name, kind)
        if len(found) == 1:
            return found[0]
        if not found:
            pool = self.recipients_of(kind) if kind else tuple(self.recipients.values())
            names = ", ".join(r.name for r in pool)
            raise CatalogueError(f"Mottagaren ”{name}” finns inte; välj en av: {names}.")
        exact = [r for r in found if normal_name(r.name) == normal_name(name) or r.id.casefold() == normal_name(name)]
        if len(exact) == 1:
            return exact[0]
        options = " eller ".join(f"{r.name} ({KIND_LABELS[r.kind]})" for r in found)
        raise CatalogueError(f"”{name}” kan avse {options}; skriv hela namnet eller ange mottagartyp.")


def catalogue_json(agreement: Agreement) -> dict[str, Any]:
    """The agreement as plain JSON data; amounts are strings with two decimals."""
    recipients = []
    for kind in KINDS:
        table = agreement.allocation_table(kind)
        rows = sorted(table.rows, key=lambda r: r.recipient.county_code) if table else []
        for row in rows:
            data = agreement.row_for(row.recipient.id)
            assert data is not None
            recipients.append(
                {
                    "name": row.recipient.name,
                    "kind": row.recipient.kind,
                    "county_code": row.recipient.county_code,
                    "population": data.population,
                    "allocation": {s: to_json(v) for s, v in data.allocation.items()},
                    "total": to_json(data.total),
                }
            )
    return {
        "id": agreement.id,
        "name": agreement.name,
        "year": agreement.year,
        "deadlines": {k: agreement.deadlines[k].isoformat() for k in DEADLINE_KEYS},
        "streams": list(agreement.streams),
        "recipients": recipients,
        "warnings": list(agreement.warnings),
    }
