"""Source keys of costs imported from a table (spreadsheet or CSV): how an edited cost is still known.

Duplicates are found two ways (``models.importing.pipeline_columns.add_rows``): a row whose date,
amount, account and text a cost of the document already has (its signature), or a row whose source
key the document holds. A table row's identity is everything it says (date, voucher, account,
amount, text, objects, supplier) and the signature is part of it, so for a cost nobody has changed
the signature alone finds it. The key matters once the cost is edited: the next export of the same
ledger still says what the row said before the edit.

So a table import stores no keys, and a cost's key is written when it is first edited
(``doc.costs.update_cost``), from what it said before and its occurrence among the identical rows
of its import (two people with the same pay on the same voucher are two costs, each with its key).
Documents imported before keys were left out hold a key for every table row; they are matched the
same way, since the key is the same.

The key: "t:" + a 12-byte BLAKE2b of the row's fields joined by U+001F + ":" + occurrence. An import
computes its rows' keys only when the document holds table keys to match them against.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partial
from hashlib import blake2b
from itertools import repeat

from models.document import Cost
from models.money import to_ore

TABLE_PREFIX = "t:"
_BLAKE12 = partial(blake2b, digest_size=12)

# (date ISO, voucher, account, amount in öre, text, objects, supplier)
Identity = tuple[str, str, str, int, str, str, str]
TableIdentity = Identity  # as models.duplicates names it beside its own Identity


def cost_identity(c: Cost) -> Identity:
    """What a cost says, in the order of a table row's identity."""
    return (c.date.isoformat(), c.voucher, c.account, to_ore(c.amount), c.text, c.object, c.supplier)


def contents(identity: Identity) -> str:
    day, voucher, account, ore, text, objects, supplier = identity
    return "\x1f".join((day, voucher, account, str(ore), text, objects, supplier))


def table_key(identity: Identity, occurrence: int = 1) -> str:
    """The source key of one table row."""
    return f"{key_stem(identity)}{occurrence}"


def key_stem(identity: Identity) -> str:
    """The key without its occurrence: "t:<hash>:", what every identical row's key starts with."""
    return f"{TABLE_PREFIX}{_BLAKE12(contents(identity).encode()).hexdigest()}:"


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
    """The source keys of a file's rows."""
    texts = map(contents, identities)
    digests = map(blake2b.hexdigest, map(_BLAKE12, map(str.encode, texts)))
    return list(map("t:{}:{}".format, digests, repeat(1) if counts is None else counts))


def holds_table_keys(keys: Iterable[str]) -> bool:
    """Whether a document's keys include table keys, so an import must compute its rows' keys."""
    return any(map(str.startswith, keys, repeat(TABLE_PREFIX)))
