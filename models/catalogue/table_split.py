"""Reading a table row copied from a PDF, where cells and thousands are both single spaces (no Qt).

``Region Skåne 1 422 288 321 131 063 5 282 416 326 413 479`` holds four numbers, but the spaces do
not say where one ends. Every number is written in groups of three digits, and only its first
group may be shorter (or a number may be written without spaces at all); a group such as "063"
cannot begin a number. :func:`readings` lists every way a row's groups can be read as the columns
the headings name, and :func:`solve` picks, for the whole table, the readings for which every
row's streams add up to its Totalt column and every column adds up to the Totalt row. A row that
still has more than one reading, or none that adds up, stays open for the user to decide.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

Cell = str | int | None
Reading = tuple[Cell, ...]

DIGITS = re.compile(r"^\d+$")
# A search over the combinations of more open rows than this is not tried: the rows are asked.
SEARCH_LIMIT = 50_000


def numbers(groups: Sequence[str], count: int) -> list[tuple[int, ...]]:
    """Every way to read the digit groups, in order and all of them, as ``count`` numbers."""
    out: list[tuple[int, ...]] = []

    def walk(i: int, acc: tuple[int, ...]) -> None:
        if len(acc) == count:
            if i == len(groups):
                out.append(acc)
            return
        if i == len(groups) or (groups[i].startswith("0") and groups[i] != "0"):
            return
        if len(groups[i]) > 3:  # written without spaces: a number of its own
            walk(i + 1, (*acc, int(groups[i])))
            return
        digits = groups[i]
        walk(i + 1, (*acc, int(digits)))
        for j in range(i + 1, len(groups)):
            if len(groups[j]) != 3:
                break
            digits += groups[j]
            walk(j + 1, (*acc, int(digits)))

    walk(0, ())
    return out


def readings(tokens: Sequence[str], text_columns: Sequence[bool]) -> list[Reading] | None:
    """The ways ``tokens`` (a row after its name) fill the columns; None when their layout differs.

    ``text_columns`` says for each column whether it holds text as printed ("23,3%"): such a
    column takes one token that is not a plain digit group; the other columns take numbers.
    """
    segments: list[str | list[str]] = []  # a run of digit groups, or one text token
    for token in tokens:
        if DIGITS.match(token):
            if segments and isinstance(segments[-1], list):
                segments[-1].append(token)
            else:
                segments.append([token])
        else:
            segments.append(token)
    layout: list[int] = []  # 0: a text column; n > 0: n number columns side by side
    for is_text in text_columns:
        if is_text:
            layout.append(0)
        elif layout and layout[-1] > 0:
            layout[-1] += 1
        else:
            layout.append(1)
    if len(segments) != len(layout):
        return None
    choices: list[list[Reading]] = []
    for segment, width in zip(segments, layout, strict=True):
        if (width == 0) != isinstance(segment, str):
            return None
        choices.append([(segment,)] if isinstance(segment, str) else list(numbers(segment, width)))
    return [tuple(itertools.chain.from_iterable(parts)) for parts in itertools.product(*choices)]


@dataclass(frozen=True)
class Sums:
    """Which columns are checked: the stream columns against the total column, the summed columns."""

    streams: tuple[int, ...]
    total: int | None
    summed: tuple[int, ...]

    def row_fits(self, reading: Reading) -> bool:
        if self.total is None or not self.streams:
            return True
        return sum(int(reading[i] or 0) for i in self.streams) == reading[self.total]


@dataclass(frozen=True)
class Outcome:
    """For each row (the Totalt row last, when there is one): the reading chosen, or the ones to ask about."""

    chosen: tuple[Reading | None, ...]
    choices: tuple[tuple[Reading, ...], ...]


def solve(rows: Sequence[Sequence[Reading]], total: Sequence[Reading] | None, sums: Sums) -> Outcome:
    """Choose each row's reading by its own sum, then by the column sums; keep the rest open."""
    everything = [*rows, *([total] if total is not None else [])]
    # A row with one reading is kept as published even when it does not add up (a warning says so).
    fitting = [
        [r for r in options if sums.row_fits(r)] or list(options)[:1] * (len(options) == 1) for options in everything
    ]
    candidates = [fit or list(options) for fit, options in zip(fitting, everything, strict=True)]
    open_rows = [i for i, fit in enumerate(fitting) if len(fit) != 1]
    chosen: list[Reading | None] = [fit[0] if len(fit) == 1 else None for fit in fitting]
    choices = [tuple(c) for c in candidates]
    if not open_rows:
        return Outcome(tuple(chosen), tuple(choices))
    size = 1
    for i in open_rows:
        size *= max(1, len(candidates[i]))
    if total is None or size > SEARCH_LIMIT or any(not candidates[i] for i in open_rows):
        return Outcome(tuple(chosen), tuple(choices))
    agreeing: list[dict[int, Reading]] = []
    last = len(everything) - 1  # the Totalt row
    fixed = [sum(int(row[i] or 0) for row in chosen[:last] if row is not None) for i in sums.summed]
    open_rows_only = [i for i in open_rows if i != last]
    for combo in itertools.product(*(candidates[i] for i in open_rows)):
        picked = dict(zip(open_rows, combo, strict=True))
        total_row = picked.get(last, chosen[last])
        assert total_row is not None
        if all(
            total_row[i] is None or base + sum(int(picked[r][i] or 0) for r in open_rows_only) == total_row[i]
            for i, base in zip(sums.summed, fixed, strict=True)
        ):
            agreeing.append(picked)
    for i in open_rows:
        seen = tuple(dict.fromkeys(a[i] for a in agreeing))
        if len(seen) == 1 and fitting[i]:
            chosen[i] = seen[0]
        elif seen:  # the readings that let the columns add up first, then the others
            choices[i] = (*seen, *(r for r in candidates[i] if r not in seen))
    return Outcome(tuple(chosen), tuple(choices))
