"""Column-at-a-time conversion of ledger cells, shared by the table and SIE pipelines.

A ledger repeats most of its cells (dates, accounts, texts, objects), so each distinct value is
converted once; amounts in the usual shapes are converted by C loops (``map``) instead of Python
ones. Whatever these readers cannot settle is left as None for the general readers in ``values``,
which also word the reason when a cell cannot be read at all. What this pays, and what was tried
beside it: docs/performance.md.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from itertools import repeat
from operator import eq, itemgetter, mul, or_, truediv
from typing import Any, TypeVar

from models.document import CostRow
from models.duplicates import Held
from models.importing.plan import Classifier, ImportPlan
from models.importing.values import CellError, cell_amount, cell_date, cell_text
from models.storage.sourcekeys import TableIdentity

_SIMPLE = re.compile(r"-?\d{1,13}(?:\.\d{1,2})?")
_SIMPLE_COMMA = re.compile(r"-?\d{1,13}(?:,\d{1,2})?")
_TWO_DECIMALS = {
    ",": re.compile(r"(?:-?\d{1,13},\d\d\n)*-?\d{1,13},\d\d"),
    ".": re.compile(r"(?:-?\d{1,13}\.\d\d\n)*-?\d{1,13}\.\d\d"),
}
BLANK = ("", None)
_NUMBERS = frozenset((bool, int, float))
T = TypeVar("T")
R = TypeVar("R")
# A column as the reader gives it (str, int, float, bool, date or None per cell): the readers below try
# the all-text path first and fall back when Python raises TypeError, so a column is typed Any.
Column = Sequence[Any]
UNREADABLE = "!"  # an ISO date column's mark for a cell that is no date (an empty one is "")


def text_of(v: object) -> str:
    return v.strip() if type(v) is str else cell_text(v)


def distinct(col: Sequence[T], convert: Callable[[T], R]) -> list[R]:
    """``[convert(v) for v in col]``, converting each distinct value once (ledgers repeat most cells)."""
    try:
        values = set(col)
    except TypeError:  # an unhashable cell
        return [convert(v) for v in col]
    if not _NUMBERS.isdisjoint(map(type, values)) and len(_NUMBERS & set(map(type, col))) > 1:
        # True == 1 == 1.0 as dict keys: numbers of different types are told apart by their type.
        typed = list(zip(map(type, col), col, strict=True))
        by_type = {k: convert(k[1]) for k in set(typed)}
        return list(map(by_type.__getitem__, typed))
    table = {v: convert(v) for v in values}
    return list(map(table.__getitem__, col))


def ore_reader(decimal: str) -> Callable[[object], int | None]:
    """Plain amounts ("-1234,50", "1234.5", a spreadsheet number) to öre; None for the general reader."""
    comma = decimal == ","
    match = _SIMPLE.fullmatch

    def ore(v: object) -> int | None:
        if type(v) is str:
            t = v.replace(" ", "")
            if comma and "." not in t:
                t = t.replace(",", ".")
        elif type(v) is float:
            if not -1e13 < v < 1e13:
                return None
            t = repr(v)  # the shortest text that reads back as the same float: 0.3, never 0.2999…
        elif type(v) is int:
            t = str(v)
        else:
            return None
        if match(t) is None:
            return None
        whole, _, frac = t.partition(".")
        return int(whole + (frac + "00")[:2])  # "-0.5" → "-050" → -50

    return ore


def amounts_in_ore(col: Column, decimal: str) -> list[int | None]:
    """A whole amount column in öre. When every cell is a plain amount (the usual export) the
    conversion runs in C (Decimal, scaleb, int); otherwise cell by cell through ``ore_reader``."""
    texts: Iterable[str] = []
    pattern = _SIMPLE
    try:
        joined = "\n".join(col)
    except TypeError:  # not all text
        types = set(map(type, col))
        if types and types <= {float, int}:
            try:
                sane = all(map(math.isfinite, col)) and max(map(abs, col)) < 10**13
            except OverflowError:
                sane = False
            if sane:
                # A spreadsheet number that is a whole number of öre, as the cell shows it: n = round(x * 100)
                # with n / 100 == x. Below 1e13 the product is within 0.25 of n, so n is exact, and n / 100 == x
                # holds exactly when x is the float nearest to n öre, i.e. when repr(x) has at most two
                # decimals. Such cells get what the Decimal(repr(x)) reader gives; any other cell (0.125,
                # 0.30000000000000004) goes to that reader instead.
                ores: list[int | None] = list(map(round, map(mul, col, repeat(100))))
                if all(map(eq, map(truediv, ores, repeat(100)), col)):
                    return ores
                texts = list(map(repr, col))  # repr: 0.3 stays 0.3, never 0.2999…
    else:
        lines = joined.count("\n") == len(col) - 1  # no cell holds a line break
        if lines and " " in joined:
            joined = joined.replace(" ", "")
        if lines and _TWO_DECIMALS[decimal].fullmatch(joined):
            # "-1234,50" with exactly two decimals everywhere: the öre are the digits, read in one pass.
            return list(map(int, joined.replace(decimal, "").split("\n")))
        texts = joined.split("\n") if lines else list(map(str.replace, col, repeat(" "), repeat("")))
        if decimal == ",":
            pattern = _SIMPLE_COMMA
    if not texts or not all(map(pattern.fullmatch, texts)):
        return list(map(ore_reader(decimal), col))
    if pattern is _SIMPLE_COMMA:
        texts = map(str.replace, texts, repeat(","), repeat("."))
    # At most two decimals (the pattern), so moving the point two places is exact.
    return list(map(int, map(Decimal.scaleb, map(Decimal, texts), repeat(2))))


def texts_of(col: Column) -> list[str]:
    """A text column: stripped strings, whole numbers without ".0" (``cell_text``)."""
    try:
        return list(map(str.strip, col))
    except TypeError:  # not all text
        return distinct(col, text_of)


def net_reader(ore: Callable[[object], int | None]) -> Callable[[object, object], int | None]:
    """Debit minus credit in öre; None when either needs the general reader (or both are empty)."""

    def net(dr: object, cr: object) -> int | None:
        if dr in BLANK:
            if cr in BLANK:
                return None
            c = ore(cr)
            return None if c is None else -c
        d = ore(dr)
        if d is None or cr in BLANK:
            return d
        c = ore(cr)
        return None if c is None else d - c

    return net


def iso_date(v: object) -> str:
    """A date cell as ISO text; "" when empty, ``UNREADABLE`` when it is no date."""
    if v in BLANK:
        return ""
    try:
        return cell_date(v).isoformat()
    except CellError:
        return UNREADABLE


def general_amount(row: list[object], i_amount: int, i_debit: int, i_credit: int, decimal: str) -> tuple[int, int]:
    """(column, öre) of a row the column readers left; raises CellError with the column in ``args[1]``."""
    column = i_amount
    try:
        if i_amount >= 0:
            amount = cell_amount(row[i_amount], decimal)
        else:
            dr = row[i_debit] if i_debit >= 0 else None
            cr = row[i_credit] if i_credit >= 0 else None
            column = i_debit if i_debit >= 0 else i_credit
            if dr in BLANK and cr in BLANK:
                raise CellError("Beloppet saknas i både debet och kredit.")
            amount = cell_amount(0) if dr in BLANK else cell_amount(dr, decimal)
            if cr not in BLANK:
                column = i_credit
                amount -= cell_amount(cr, decimal)
    except CellError as err:
        raise CellError(str(err), column) from None
    return column, int(amount.scaleb(2))


def add_rows(
    plan: ImportPlan,
    existing: Held,
    classify: Classifier,
    *,
    days: Sequence[str],
    amounts: Sequence[int],
    accounts: Sequence[str],
    numbers: Sequence[int | None],
    texts: Sequence[str],
    vouchers: Sequence[str],
    suppliers: Sequence[str],
    objects: Sequence[str],
    sources: Sequence[str],
    keys: Sequence[str],
    match_identities: Callable[[], Sequence[TableIdentity]] | None = None,
) -> None:
    """The last step of both pipelines, on whole columns of the rows that passed the filters: classify by
    the rules, and add the rows to the plan in storage order, the ones the document already holds (counted per
    identity, or by source key: ``models.duplicates``) to its duplicates.

    ``keys`` are stored and looked up; ``match_identities`` (the table pipeline's, whose rows store no key) gives
    the rows' identities whose keys are looked up instead, when the document holds keys of that kind (see
    ``models.storage.sourcekeys``)."""
    if classify.text_rules:
        targets = distinct(list(zip(numbers, texts, strict=True)), lambda p: classify(*p))
    else:
        targets = distinct(numbers, lambda n: classify(n, ""))
    categories, streams = map(itemgetter(0), targets), map(itemgetter(1), targets)
    rows = map(
        CostRow._make,
        zip(
            days,
            amounts,
            streams,
            categories,
            texts,
            vouchers,
            suppliers,
            accounts,
            objects,
            sources,
            keys,
            strict=True,
        ),
    )
    if existing.nothing_held():  # a new document: nothing to compare with
        plan.rows.extend(rows)
        return
    dup: Iterable[bool] = existing.duplicates_of(list(zip(days, amounts, accounts, texts, vouchers, strict=True)))
    lookup = keys if match_identities is None else existing.table_keys_of(match_identities())
    held = None if lookup is None else existing.held_keys(lookup)
    if held is not None:
        dup = map(or_, dup, held)
    for row, is_dup in zip(rows, dup, strict=True):
        (plan.duplicate_rows if is_dup else plan.rows).append(row)
    plan.duplicates = len(plan.duplicate_rows)
