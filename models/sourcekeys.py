"""Source keys of costs imported from a table (spreadsheet or CSV): how an edited cost is still known.

Duplicates are found two ways (``models.importing.pipeline_columns.add_rows``): a row whose date,
amount, account and text a cost of the document already has (its signature), or a row whose source
key the document holds. A table row's identity is everything it says (date, voucher, account,
amount, text, objects, supplier) and the signature is part of it, so for a cost nobody has changed
the signature alone finds it. The key matters once the cost is edited: the next export of the same
ledger still says what the row said before the edit.

So a table import stores no key for a row that is unique in its file, and the key is written when
such a cost is first edited (``Document.update_cost``), from what it said before. Rows that repeat
in their file (the same content twice, both real costs) get their key at import, numbered by
occurrence, so the first edited twin does not hide the second. Documents imported before keys were
left out hold a key for every table row; they are still matched, since the key is the same.

The key: "t:" + a 12-byte BLAKE2b of the row's fields joined by U+001F + ":" + occurrence.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partial
from hashlib import blake2b
from itertools import repeat

TABLE_PREFIX = "t:"
_BLAKE12 = partial(blake2b, digest_size=12)

# (date ISO, voucher, account, amount in öre, text, objects, supplier)
Identity = tuple[str, str, str, int, str, str, str]


def _contents(identity: Identity) -> str:
    day, voucher, account, ore, text, objects, supplier = identity
    return "\x1f".join((day, voucher, account, str(ore), text, objects, supplier))


def table_key(identity: Identity, occurrence: int = 1) -> str:
    """The source key of one table row."""
    return f"{TABLE_PREFIX}{_BLAKE12(_contents(identity).encode()).hexdigest()}:{occurrence}"


def occurrences(identities: Sequence[Identity]) -> list[int] | None:
    """Each row's occurrence of its content in the file (1, 2, … for identical rows); None when
    every row is unique (the usual export)."""
    if len(set(identities)) == len(identities):
        return None
    seen: dict[Identity, int] = {}
    counts = []
    for identity in identities:
        seen[identity] = k = seen.get(identity, 0) + 1
        counts.append(k)
    return counts


def table_keys(identities: Sequence[Identity], counts: Iterable[int] | None) -> list[str]:
    """The source keys of a file's rows (100 000 rows in about a fifth of a second)."""
    contents = map(_contents, identities)
    digests = map(blake2b.hexdigest, map(_BLAKE12, map(str.encode, contents)))
    return list(map("t:{}:{}".format, digests, repeat(1) if counts is None else counts))


def stored_keys(identities: Sequence[Identity], counts: list[int] | None) -> list[str]:
    """The keys a table import stores: none for rows unique in their file, the numbered key for
    rows that repeat (see the module's note)."""
    if counts is None:
        return [""] * len(identities)
    repeated = set()
    for identity, k in zip(identities, counts, strict=True):
        if k > 1:
            repeated.add(identity)
    return [
        table_key(identity, k) if identity in repeated else "" for identity, k in zip(identities, counts, strict=True)
    ]


def holds_table_keys(keys: Iterable[str]) -> bool:
    """Whether a document's keys include table keys, so an import must compute its rows' keys."""
    return any(map(str.startswith, keys, repeat(TABLE_PREFIX)))
