"""Money: parsing the ways people type amounts, exact sums, öre rounding and Swedish formatting."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from models.errors import AmountError
from models.money import format_sek, from_ore, parse_amount, quantize, to_json, to_ore


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234,50", "1234.50"),
        ("1234.50", "1234.50"),
        ("1234,5", "1234.50"),
        ("1\u00a0234\u00a0567", "1234567.00"),
        ("1.234.567,89", "1234567.89"),
        ("1,234,567.89", "1234567.89"),
        ("-1 234,50", "-1234.50"),
        ("1 234,50-", "-1234.50"),
        ("1 234,50 kr", "1234.50"),
        ("0", "0.00"),
        ("+12", "12.00"),
        ("\u2212500", "-500.00"),
    ],
)
def test_amounts_typed_the_swedish_and_the_plain_way_parse(text: str, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "abc", "12,34,5", "1 234,567", "1.2.3", "12e3", "NaN", "1,2.3", "--5", "kr"])
def test_anything_else_is_refused_with_a_swedish_message(text: str) -> None:
    with pytest.raises(AmountError) as info:
        parse_amount(text)
    assert "belopp" in str(info.value).lower() or "decimaler" in str(info.value)


def test_negative_refused_where_not_allowed() -> None:
    with pytest.raises(AmountError, match="negativt"):
        parse_amount("-5", allow_negative=False)


def test_ore_rounding_is_half_up() -> None:
    assert quantize(Decimal("0.005")) == Decimal("0.01")
    assert quantize(Decimal("2.345")) == Decimal("2.35")
    assert quantize(Decimal("-2.345")) == Decimal("-2.35")


def test_sums_over_many_rows_are_exact() -> None:
    rng = random.Random(7)
    ore = [rng.randint(-100_000, 10_000_000) for _ in range(100_000)]
    amounts = [from_ore(o) for o in ore]
    assert sum(amounts, Decimal("0.00")) == from_ore(sum(ore))
    # the classic float trap: ten times 0,10 is exactly 1,00
    assert sum([parse_amount("0,10")] * 10, Decimal(0)) == Decimal("1.00")


def test_swedish_formatting() -> None:
    assert format_sek(Decimal("1234567")) == "1 234 567 kr"
    assert format_sek(Decimal("1234.5")) == "1 234,50 kr"
    assert format_sek(Decimal("-1234.5")) == "-1 234,50 kr"
    assert format_sek(Decimal("5"), decimals=True) == "5,00 kr"
    assert format_sek(Decimal("1000"), sep="\u00a0") == "1\u00a0000\u00a0kr"


def test_json_and_ore_round_trip() -> None:
    assert to_json(Decimal("316218820")) == "316218820.00"
    assert to_ore(Decimal("1234.56")) == 123456
    assert from_ore(123456) == Decimal("1234.56")
