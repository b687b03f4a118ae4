"""What every import pipeline shares: the rows it makes, the plan it fills, the rules it classifies by."""

from __future__ import annotations

import csv
import io
import marshal
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import overload

from models.document import Cost, CostRow
from models.duplicates import parse_choice
from models.errors import UserError
from models.importing.mapping import Rule
from models.money import from_ore

ZERO = Decimal("0.00")


def row_to_cost(r: CostRow) -> Cost:
    return Cost(date.fromisoformat(r.date), from_ore(r.ore), *r[2:])


class CostRows(Sequence[Cost]):
    """A plan's rows seen as ``Cost`` objects, each made only when it is looked at."""

    def __init__(self, rows: list[CostRow]) -> None:
        self._rows = rows

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, i: int) -> Cost: ...
    @overload
    def __getitem__(self, i: slice) -> list[Cost]: ...
    def __getitem__(self, i: int | slice) -> Cost | list[Cost]:
        if isinstance(i, slice):
            return [row_to_cost(r) for r in self._rows[i]]
        return row_to_cost(self._rows[i])

    def __iter__(self) -> Iterator[Cost]:
        return map(row_to_cost, self._rows)


class RowSpool(Sequence[CostRow]):
    """Rows kept a block at a time, each full block marshalled and compressed: the listing of a million
    duplicates takes some tens of MB instead of a million tuples (several hundred MB)."""

    BLOCK = 10_000

    def __init__(self, rows: Iterable[CostRow] = ()) -> None:
        self._blocks: list[bytes] = []
        self._tail: list[CostRow] = []
        self.extend(rows)

    def append(self, row: CostRow) -> None:
        self._tail.append(row)
        if len(self._tail) >= self.BLOCK:
            self._blocks.append(zlib.compress(marshal.dumps(list(map(tuple, self._tail))), 1))
            self._tail = []

    def extend(self, rows: Iterable[CostRow]) -> None:
        for row in rows:
            self.append(row)

    def _block(self, k: int) -> list[CostRow]:
        if k == len(self._blocks):
            return self._tail
        return list(map(CostRow._make, marshal.loads(zlib.decompress(self._blocks[k]))))

    def __len__(self) -> int:
        return len(self._blocks) * self.BLOCK + len(self._tail)

    @overload
    def __getitem__(self, i: int) -> CostRow: ...
    @overload
    def __getitem__(self, i: slice) -> list[CostRow]: ...
    def __getitem__(self, i: int | slice) -> CostRow | list[CostRow]:
        if isinstance(i, slice):
            out: list[CostRow] = []
            k, block = -1, self._tail
            for j in range(len(self))[i]:
                if j // self.BLOCK != k:
                    k = j // self.BLOCK
                    block = self._block(k)
                out.append(block[j % self.BLOCK])
            return out
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._block(i // self.BLOCK)[i % self.BLOCK]

    def __iter__(self) -> Iterator[CostRow]:
        for k in range(len(self._blocks) + 1):
            yield from self._block(k)


@dataclass(frozen=True)
class Reject:
    """A row that was not imported: its row number as the user sees it, the column, the value, why."""

    row: int
    column: str
    value: str
    reason: str


@dataclass
class ImportPlan:
    """What an import would add, shown before committing."""

    rows: list[CostRow] = field(default_factory=list)
    duplicates: int = 0  # len(duplicate_rows)
    # rows the document already holds (duplicates.py); a streamed import keeps them in a RowSpool
    duplicate_rows: list[CostRow] | RowSpool = field(default_factory=list)
    forced: list[CostRow] = field(default_factory=list)  # duplicates the user chose to import anyway, also in rows
    based_on: tuple[object, ...] = ()  # Existing.state of the document the plan was made against
    rejects: list[Reject] = field(default_factory=list)
    filtered_out: int = 0
    total: Decimal = ZERO
    by_category: dict[str, Decimal] = field(default_factory=dict)
    by_stream: dict[str, Decimal] = field(default_factory=dict)
    by_pair: dict[tuple[str, str], Decimal] = field(default_factory=dict)  # (category, stream) -> sum
    file_name: str = ""
    # A streamed import's (models.importing.stream): a digest of every row it found to be a duplicate, in file
    # order (the ones taken anyway included), and the sum of the duplicates not taken. The same digest twice
    # over the same file and settings means the same rows were duplicates, so the same rows were imported.
    fingerprint: str = ""
    duplicate_total: Decimal = ZERO

    def include_duplicates(self, choice: str | Iterable[int]) -> int:
        """Import chosen duplicates anyway: "all", "1,3-5" (their numbers in the listing, from 1) or 0-based
        indexes. Returns how many were added to the rows."""
        picked = parse_choice(choice, len(self.duplicate_rows)) if isinstance(choice, str) else sorted(set(choice))
        take = [self.duplicate_rows[i] for i in picked if 0 <= i < len(self.duplicate_rows)]
        if not take:
            return 0
        chosen = set(picked)
        self.duplicate_rows = [r for i, r in enumerate(self.duplicate_rows) if i not in chosen]
        self.duplicates = len(self.duplicate_rows)
        self.forced.extend(take)
        self.rows.extend(take)
        summarize(self)
        return len(take)

    @property
    def candidates(self) -> CostRows:
        """The costs the import would add."""
        return CostRows(self.rows)

    def rejects_csv(self) -> str:
        """The rejects as semicolon CSV for Swedish Excel; cells that look like formulas stay text."""
        buf = io.StringIO()
        w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
        w.writerow(["Rad", "Kolumn", "Värde", "Orsak"])
        for r in self.rejects:
            w.writerow([r.row, _safe(r.column), _safe(r.value), _safe(r.reason)])
        return buf.getvalue()

    def write_rejects_csv(self, path: str | Path) -> None:
        try:
            Path(path).write_text(self.rejects_csv(), encoding="utf-8-sig", newline="")
        except OSError as err:
            raise UserError(f"Kunde inte spara listan över avvisade rader: {err.strerror}.") from None


def _safe(text: str) -> str:
    """A cell Excel would read as a formula (``=``, ``+``, ``-``, ``@``, tab, CR first: ``-1+1`` too) stays text."""
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


class Classifier:
    """Rules, first match wins; results cached per (account, text) since ledgers repeat them."""

    def __init__(self, rules: Iterable[Rule], default_stream: str, default_category: str) -> None:
        self.rules = list(rules)
        self.default = (default_category, default_stream)
        self.text_rules = any(r.text_pattern for r in self.rules)
        self.cache: dict[tuple[int | None, str], tuple[str, str]] = {}

    def __call__(self, account: int | None, text: str) -> tuple[str, str]:
        k = (account, text if self.text_rules else "")
        hit = self.cache.get(k)
        if hit is None:
            hit = self.default
            for r in self.rules:
                if r.matches(account, text):
                    hit = (r.category or self.default[0], r.stream or self.default[1])
                    break
            self.cache[k] = hit
        return hit


def accounts_ok(ranges: list[tuple[int, int]]) -> Callable[[int | None], bool]:
    if not ranges:
        return lambda _n: True
    cache: dict[int | None, bool] = {}

    def ok(n: int | None) -> bool:
        hit = cache.get(n)
        if hit is None:
            hit = cache[n] = n is not None and any(lo <= n <= hi for lo, hi in ranges)
        return hit

    return ok


def summarize(plan: ImportPlan) -> None:
    """The plan's sums: in all, per category, per stream and per (category, stream)."""
    by_pair: dict[tuple[str, str], int] = {}
    for r in plan.rows:
        pair = (r.category, r.stream)
        by_pair[pair] = by_pair.get(pair, 0) + r.ore
    set_sums(plan, {pair: from_ore(ore) for pair, ore in by_pair.items()})


def set_sums(plan: ImportPlan, by_pair: dict[tuple[str, str], Decimal]) -> None:
    """The plan's sums in all, per category and per stream, from its sums per (category, stream)."""
    by_cat: dict[str, Decimal] = {}
    by_stream: dict[str, Decimal] = {}
    for (cat, stream), amount in by_pair.items():
        by_cat[cat] = by_cat.get(cat, ZERO) + amount
        by_stream[stream] = by_stream.get(stream, ZERO) + amount
    plan.by_pair = by_pair
    plan.by_category, plan.by_stream = by_cat, by_stream
    plan.total = sum(by_pair.values(), ZERO)
