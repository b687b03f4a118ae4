"""Reading one cell: dates and amounts as finance systems write them. Never float.

Spreadsheet readers hand numbers over as Python floats; they are turned into
``Decimal`` through ``repr`` (the shortest text that reads back as the same
float), so a cell showing 0.3 becomes exactly 0.30, never 0.299999….
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from models.money import finer_than_ore

ORE = Decimal("0.01")
_MAX = Decimal("1e13")


class CellError(ValueError):
    """A cell could not be read; ``str(err)`` is a Swedish reason for the reject list."""


# ---------------------------------------------------------------- amounts

_NUM_POINT = re.compile(r"^\d+(\.\d+)?$")
_NUM_POINT_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
_NUM_COMMA = re.compile(r"^\d+(,\d+)?$")
_NUM_COMMA_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009'")


def _finish(value: Decimal, shown: str) -> Decimal:
    if not value.is_finite() or abs(value) >= _MAX:
        raise CellError(f"Beloppet ”{shown}” är orimligt stort.")
    q = value.quantize(ORE, rounding=ROUND_HALF_UP)
    if finer_than_ore(value):
        raise CellError(f"Beloppet ”{shown}” har fler än två decimaler.")
    return q


def number_to_decimal(value: float | int) -> Decimal:
    """A spreadsheet number as an exact Decimal, quantized to öre (0.1+0.2 gives 0.30)."""
    if isinstance(value, int):
        d = Decimal(value)
    else:
        if not math.isfinite(value):
            raise CellError("Cellen innehåller inget tal.")
        d = Decimal(repr(value))
    if abs(d) >= _MAX:
        raise CellError(f"Beloppet {d} är orimligt stort.")
    return d.quantize(ORE, rounding=ROUND_HALF_UP)


def parse_amount_text(text: str, decimal_sep: str = ",") -> Decimal:
    """Read "-1 234,50", "1 234,50-", "1.234,50", "(1 234,50)" or "1234.50" (with ``decimal_sep='.'``).

    ``decimal_sep`` is the file's decimal mark as sniffed; the other mark and spaces
    are taken as thousands separators.
    """
    shown = text.strip()
    s = shown
    if not s:
        raise CellError("Beloppet saknas.")
    low = s.lower()
    if low.endswith("kr"):
        s = s[:-2]
    elif low.endswith("sek"):
        s = s[:-3]
    s = s.translate(_SPACES).replace("\u2212", "-")
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1]
    if s.endswith("-"):
        negative, s = not negative, s[:-1]
    if s.startswith("-"):
        negative, s = not negative, s[1:]
    elif s.startswith("+"):
        s = s[1:]
    if decimal_sep == ",":
        if _NUM_COMMA.match(s):
            normal = s.replace(",", ".")
        elif _NUM_COMMA_THOUSANDS.match(s):
            normal = s.replace(".", "").replace(",", ".")
        elif _NUM_POINT.match(s):  # a lone point decimal in a comma file: "1234.50"
            normal = s
        else:
            raise CellError(f"”{shown}” är inget belopp.")
    elif _NUM_POINT.match(s):
        normal = s
    elif _NUM_POINT_THOUSANDS.match(s):
        normal = s.replace(",", "")
    elif _NUM_COMMA.match(s):  # a lone comma decimal in a point file: "1234,50"
        normal = s.replace(",", ".")
    else:
        raise CellError(f"”{shown}” är inget belopp.")
    try:
        value = Decimal(normal)
    except InvalidOperation:  # pragma: no cover - the patterns exclude it
        raise CellError(f"”{shown}” är inget belopp.") from None
    return _finish(-value if negative else value, shown)


def cell_amount(value: object, decimal_sep: str = ",") -> Decimal:
    """An amount from any cell value: Decimal, int, float (spreadsheets) or text."""
    if isinstance(value, Decimal):
        return _finish(value, str(value))
    if isinstance(value, bool):
        raise CellError("Cellen innehåller inget belopp.")
    if isinstance(value, int | float):
        return number_to_decimal(value)
    if isinstance(value, str):
        return parse_amount_text(value, decimal_sep)
    if value is None:
        raise CellError("Beloppet saknas.")
    raise CellError(f"”{value}” är inget belopp.")


# ---------------------------------------------------------------- dates

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SHORT = re.compile(r"^(\d{2})(\d{2})(\d{2})$")  # 240301, seen in old exports
_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")  # 1.3.2024 (European)
_EXCEL_EPOCH = date(1899, 12, 30)


def _make(y: int, m: int, d: int, shown: str) -> date:
    try:
        return date(y, m, d)
    except ValueError:
        raise CellError(f"”{shown}” är inget giltigt datum.") from None


def parse_date_text(text: str) -> date:
    """Read 2024-03-01, 20240301, 2024/03/01, 2024.03.01, 240301 or 1.3.2024."""
    s = text.strip()
    if not s:
        raise CellError("Datum saknas.")
    m = _ISO.match(s) or _COMPACT.match(s)
    if m:
        return _make(int(m[1]), int(m[2]), int(m[3]), s)
    m = _DMY.match(s)
    if m:
        return _make(int(m[3]), int(m[2]), int(m[1]), s)
    m = _SHORT.match(s)
    if m:
        return _make(2000 + int(m[1]), int(m[2]), int(m[3]), s)
    raise CellError(f"”{s}” är inget datum; skriv till exempel 2024-03-01.")


def cell_date(value: object) -> date:
    """A date from a cell: a date, a datetime, an Excel serial number, 20240301 or text."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise CellError("Cellen innehåller inget datum.")
    if isinstance(value, int | float | Decimal):
        if value == int(value):
            n = int(value)
            if 19000101 <= n <= 21001231:
                return parse_date_text(str(n))
            if 1 <= n < 100000:  # an Excel serial date shown without date format
                return _EXCEL_EPOCH + timedelta(days=n)
        raise CellError(f"”{value}” är inget datum.")
    if isinstance(value, str):
        return parse_date_text(value)
    if value is None:
        raise CellError("Datum saknas.")
    raise CellError(f"”{value}” är inget datum.")


# ---------------------------------------------------------------- text and accounts


def cell_text(value: object) -> str:
    """A cell as text: whole numbers without ".0" (account 7010.0 reads "7010")."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value):
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        # date and time even at midnight: the row identities of earlier imports were made so
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


_ACCOUNT = re.compile(r"^\s*(\d{3,10})")


def account_number(text: str) -> int | None:
    """The leading number of an account cell ("7010", "7010 Löner"); None when there is none."""
    m = _ACCOUNT.match(text)
    return int(m[1]) if m else None
