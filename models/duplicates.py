"""Which ledger rows a document already holds: counted per row identity.

A row's identity is its date, amount, account, text and voucher number as read from the file. With m
rows of an identity already imported into the document and n in the file, the first m of the file's
are duplicates and the rest, max(0, n − m), are new: two identical rows on one voucher are two costs,
and a row with another voucher number is another row. Costs typed by hand never count (only imported
ones do); an imported cost the user edited or deleted counts by what its ledger row said
(``import_originals``, schema 7), so a re-import neither brings back a deleted row nor repeats an
edited one. A document's source keys (``models.storage.sourcekeys``, SIE keys) still mark rows as duplicates,
so costs edited before schema 7 are recognised as before.

Every row called a duplicate is kept in the plan (``ImportPlan.duplicate_rows``), listed for the user,
who may import chosen ones anyway (``ImportPlan.include_duplicates``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple, Protocol

from models.storage.sourcekeys import TableIdentity, holds_table_keys, occurrences, table_keys
from models.words import number

# (date ISO, amount in öre, account, text, voucher)
Identity = tuple[str, int, str, str, str]


class Held(Protocol):
    """What the duplicate check asks of a document, for the rows of one file (or of one part of it, the parts
    asked in file order): ``Existing`` holds the answers in memory, ``models.storage.identities`` reads them
    from the document a part at a time."""

    @property
    def state(self) -> tuple[Any, ...]:
        """Changes whenever what is held may have."""
        ...

    def nothing_held(self) -> bool:
        """Whether the document holds no imported row and no source key: nothing can be a duplicate."""
        ...

    def duplicates_of(self, identities: Sequence[Identity]) -> list[bool]:
        """For each row in file order: whether it is one of the first m of its identity (``already_imported``)."""
        ...

    def held_keys(self, keys: Sequence[str]) -> list[bool] | None:
        """For each source key: whether the document holds it; None when it holds none of them."""
        ...

    def table_keys_of(self, identities: Sequence[TableIdentity]) -> list[str] | None:
        """The source keys of a spreadsheet's rows (``models.storage.sourcekeys``), numbered across the whole
        file; None when the document holds no such key."""
        ...


class Existing(NamedTuple):
    """What a document holds for the duplicate check (``doc.costs.cost_identities``), in memory: for one plan
    of a whole file."""

    keys: set[str]  # source keys of its costs
    counts: dict[Identity, int]  # imported rows per identity, as their ledger said
    state: tuple[Any, ...] = ()  # changes whenever the counts or keys may have

    def nothing_held(self) -> bool:
        return not (self.keys or self.counts)

    def duplicates_of(self, identities: Sequence[Identity]) -> list[bool]:
        return already_imported(identities, self.counts)

    def held_keys(self, keys: Sequence[str]) -> list[bool] | None:
        return list(map(self.keys.__contains__, keys)) if self.keys else None

    def table_keys_of(self, identities: Sequence[TableIdentity]) -> list[str] | None:
        if not holds_table_keys(self.keys):
            return None
        return table_keys(identities, occurrences(identities))


NOTHING = Existing(set(), {})


def row_identity(r: Sequence[Any]) -> Identity:
    """The identity of a row in storage order (``models.document.CostRow``)."""
    return (r[0], r[1], r[7], r[4], r[5])


def already_imported(
    identities: Iterable[Identity], counts: dict[Identity, int], seen: dict[Identity, int] | None = None
) -> list[bool]:
    """For each row in file order: whether it is one of the first m of its identity (m = ``counts``).
    ``seen`` counts the rows met before these (earlier parts of the same file) and is updated."""
    if seen is None:
        seen = {}
    out = []
    get = counts.get
    for identity in identities:
        m = get(identity)
        if m is None:
            out.append(False)
            continue
        k = seen[identity] = seen.get(identity, 0) + 1
        out.append(k <= m)
    return out


def recount(rows: list[Any], duplicates: list[Any], counts: dict[Identity, int]) -> tuple[list[Any], list[Any]]:
    """Split a plan's rows again against new counts (the document changed since the plan was made).
    Rows of one identity are alike: the ones called duplicates before stay so first."""
    both = duplicates + rows
    dup = already_imported(map(row_identity, both), counts)
    return [r for r, d in zip(both, dup, strict=True) if not d], [r for r, d in zip(both, dup, strict=True) if d]


def parse_choice(text: str, count: int) -> list[int]:
    """The duplicates a user picked by their numbers in the listing: "all", "3", "1,4-6" → 0-based indexes."""
    from models.errors import UserError

    words = text.replace(" ", "")
    if words.lower() in ("all", "alla"):
        return list(range(count))
    chosen: set[int] = set()
    for part in filter(None, words.split(",")):
        first, _, last = part.partition("-")
        if not first.isdigit() or (last and not last.isdigit()):
            raise UserError(f"”{part}” är inget radnummer; skriv till exempel 1,3-5 eller all.")
        lo, hi = int(first), int(last or first)
        if not 1 <= lo <= hi <= count:
            raise UserError(
                f"Dubblett {part} finns inte; importen har "
                + ("1 dubblett, nummer 1." if count == 1 else f"{number(count)} dubbletter, numrerade 1–{count}.")
                if count
                else "Importen har inga dubbletter att ta med."
            )
        chosen.update(range(lo - 1, hi))
    return sorted(chosen)
