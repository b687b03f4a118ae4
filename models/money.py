"""Exact money: parsing, rounding and Swedish formatting. Never float.

Amounts are ``decimal.Decimal`` quantized to öre (two decimals). Sums are
exact; rounding happens only when a value enters the program (half up, the
way Swedish accounting rounds öre).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from models.errors import AmountError

ORE = Decimal("0.01")
ZERO = Decimal("0.00")
NBSP = "\u00a0"

# Spaces people and programs put between thousands: space, no-break space,
# narrow no-break space, thin space.
_SPACES = re.compile(r"[ \u00a0\u202f\u2009]")
_SWEDISH = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")  # 1.234.567,50
_PLAIN = re.compile(r"^[+-]?\d+([.,]\d+)?$")  # 1234.50 / 1234,50
_COMMA_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")  # 1,234,567.50


def quantize(value: Decimal) -> Decimal:
    """Round to whole öre, half up."""
    return value.quantize(ORE, rounding=ROUND_HALF_UP)


def finer_than_ore(value: Decimal) -> bool:
    """Whether a finite amount has more than two decimals that matter (1,505 yes; 1,500 and 1E+3 no)."""
    exponent = value.as_tuple().exponent
    return isinstance(exponent, int) and exponent < -2 and quantize(value) != value


def parse_amount(text: str | int | Decimal, *, allow_negative: bool = True) -> Decimal:
    """Read an amount typed the Swedish way ("1 234,50", "1 234,50 kr") or the plain way ("1234.50").

    Raises AmountError with a Swedish sentence for anything else.
    """
    if isinstance(text, Decimal):
        if not text.is_finite():
            raise AmountError("Beloppet måste vara ett tal.")
        return quantize(text)
    if isinstance(text, int) and not isinstance(text, bool):
        return quantize(Decimal(text))
    if not isinstance(text, str):
        raise AmountError("Beloppet måste vara ett tal, till exempel 1 234,50.")
    raw = text.strip()
    s = raw
    if s.lower().endswith("kr"):
        s = s[:-2].strip()
    if s.lower().endswith("sek"):
        s = s[:-3].strip()
    s = s.replace("\u2212", "-")  # typographic minus
    trailing_minus = s.endswith("-") and len(s) > 1
    if trailing_minus:
        s = "-" + s[:-1].strip()
    s = _SPACES.sub("", s)
    if not s:
        raise AmountError("Ange ett belopp, till exempel 1 234,50.")
    if _PLAIN.match(s):
        normal = s.replace(",", ".")
    elif _SWEDISH.match(s):
        normal = s.replace(".", "").replace(",", ".")
    elif _COMMA_THOUSANDS.match(s):
        normal = s.replace(",", "")
    else:
        raise AmountError(f"”{raw}” är inget belopp. Skriv till exempel 1 234,50 eller 1234.50.")
    try:
        value = Decimal(normal)
    except InvalidOperation:  # pragma: no cover - the patterns above exclude it
        raise AmountError(f"”{raw}” är inget belopp.") from None
    if finer_than_ore(value):
        raise AmountError(f"”{raw}” har fler än två decimaler; ange beloppet i kronor och öre.")
    if not allow_negative and value < 0:
        raise AmountError(f"”{raw}” är negativt; ange ett belopp som är noll eller större.")
    if abs(value) >= Decimal("1e13"):
        raise AmountError(f"”{raw}” är orimligt stort.")
    return quantize(value)


def format_sek(value: Decimal, *, decimals: bool | None = None, sep: str = " ", unit: bool = True) -> str:
    """Format as Swedish readers write it: "1 234 567 kr", "1 234,50 kr", "−1 234,50 kr".

    ``decimals=None`` shows öre only when there are any.
    """
    value = quantize(Decimal(value))
    if decimals is None:
        decimals = value != value.to_integral_value()
    sign = "-" if value < 0 else ""
    value = abs(value)
    whole = int(value)
    ore = int((value - whole) * 100)
    groups = f"{whole:,}".replace(",", sep)
    text = f"{sign}{groups},{ore:02d}" if decimals else f"{sign}{groups}"
    return f"{text}{sep}kr" if unit else text


def to_json(value: Decimal) -> str:
    """Amounts in JSON are strings with exactly two decimals: "316218820.00"."""
    return f"{quantize(Decimal(value)):.2f}"


def to_ore(value: Decimal) -> int:
    return int(quantize(value) * 100)


def from_ore(ore: int) -> Decimal:
    return (Decimal(ore) / 100).quantize(ORE)
