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
from typing import Any, NamedTuple

from models.words import number

# (date ISO, amount in öre, account, text, voucher)
Identity = tuple[str, int, str, str, str]


class Existing(NamedTuple):
    """What a document holds for the duplicate check (``doc.costs.cost_identities``)."""

    keys: set[str]  # source keys of its costs
    counts: dict[Identity, int]  # imported rows per identity, as their ledger said
    state: tuple[Any, ...] = ()  # changes whenever the counts or keys may have; compared before a commit
    # Rows of each identity met so far in the file, when a file is prepared in parts (``importing.stream``):
    # shared by the parts, so the first m of an identity are duplicates across the whole file.
    seen: dict[Identity, int] | None = None


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
