"""Counts in Swedish user texts, in one place: "1 uppgift", "2 uppgifter", "100 000 kostnader".

Every message, history row and command-line line that states a count goes through ``count`` (or
``number`` where the noun does not follow), so that one is singular and thousands are set apart by a
space as in amounts (``models.money.format_sek``; a label that wraps passes ``sep=NBSP``).
"""

from __future__ import annotations

NBSP = "\u00a0"  # a no-break space: "100 000" never breaks over two lines


def number(n: int, sep: str = " ") -> str:
    """A count as Swedish text writes it: 100 000."""
    return f"{n:,}".replace(",", sep)


def count(n: int, one: str, many: str, sep: str = " ") -> str:
    """The count and its noun: ``count(1, "uppgift", "uppgifter")`` is "1 uppgift", 0 and 2 take the plural."""
    return f"{number(n, sep)} {one if abs(n) == 1 else many}"
