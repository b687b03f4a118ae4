"""Cells as finance systems write them: exact amounts (never float) and dates in common forms."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from models.importing.values import CellError, account_number, cell_amount, cell_date, cell_text


@pytest.mark.parametrize(
    ("text", "sep", "expected"),
    [
        ("1 234,50", ",", "1234.50"),
        ("1\u00a0234,50", ",", "1234.50"),
        ("1.234,50", ",", "1234.50"),
        ("-1 234,50", ",", "-1234.50"),
        ("1 234,50-", ",", "-1234.50"),
        ("(1 234,50)", ",", "-1234.50"),
        ("1234.50", ",", "1234.50"),
        ("1,234.50", ".", "1234.50"),
        ("1234.5", ".", "1234.50"),
        ("−12,5", ",", "-12.50"),
        ("1 234,50 kr", ",", "1234.50"),
        ("0", ",", "0.00"),
    ],
)
def test_amount_text(text: str, sep: str, expected: str) -> None:
    assert cell_amount(text, sep) == Decimal(expected)


@pytest.mark.parametrize("text", ["abc", "1,2,3", "12,345", "1.2.3,4", "", "1e5", "nan", "1,001"])
def test_amount_text_rejected_with_reason(text: str) -> None:
    with pytest.raises(CellError) as err:
        cell_amount(text, ",")
    assert str(err.value)


def test_three_decimals_is_an_error_not_a_rounding() -> None:
    with pytest.raises(CellError, match="fler än två decimaler"):
        cell_amount("1,005", ",")


def test_spreadsheet_floats_come_out_exact() -> None:
    tenth_plus_fifth = 0.1 + 0.2  # 0.30000000000000004 as a float
    assert cell_amount(tenth_plus_fifth) == Decimal("0.30")
    assert cell_amount(1234.5) == Decimal("1234.50")
    assert cell_amount(1e-3) == Decimal("0.00")
    assert cell_amount(7) == Decimal("7.00")
    total = sum((cell_amount(0.1) for _ in range(10)), Decimal("0.00"))
    assert total == Decimal("1.00")


@pytest.mark.parametrize(
    "value",
    [
        "2024-03-01",
        "20240301",
        "2024/03/01",
        "2024.03.01",
        "1.3.2024",
        "240301",
        "2024-03-01 00:00:00",
        date(2024, 3, 1),
        datetime(2024, 3, 1, 12, 0),
        45352,
        45352.0,
        20240301,
    ],
)
def test_dates(value: object) -> None:
    assert cell_date(value) == date(2024, 3, 1)


@pytest.mark.parametrize("value", ["2024-02-30", "mars", "", None, 3.5, True])
def test_bad_dates(value: object) -> None:
    with pytest.raises(CellError):
        cell_date(value)


def test_account_cells() -> None:
    assert cell_text(7010.0) == "7010"
    assert account_number("7010 Löner") == 7010
    assert account_number("Löner") is None
