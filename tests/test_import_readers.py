"""The readers' short cuts give exactly what the general readers give: a SIE line of the common
shape read by one regex match as the tokenizer reads it, a whole amount column converted at once
as cell by cell, each distinct value converted once as every cell by itself."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.importing import parse_sie
from models.importing import sie as sie_module
from models.importing.pipeline_columns import amounts_in_ore, distinct, ore_reader
from models.importing.values import cell_amount

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------- SIE

space = st.sampled_from([" ", "  ", "\t", " \t"])
sie_date = st.sampled_from(["20240105", "20241231", "20241399", '"20240301"', "2024010"])
amount = st.sampled_from(["100.00", "-2500.25", "0", "1.5", "1.005", "12345678901234", "-0.50", "abc"])
objects = st.sampled_from(["{}", '{1 "456" 6 "GNV24"}', '{6 "AMB24"}', "{ }", '{1 "4 5"}', "{6"])
text = st.sampled_from(['"Lön"', '""', '"a \\" b"', '"Konsult Öst AB"', "", '"åäö"', "Lön", "1.00", '"x" 2 "sign"'])


@st.composite
def trans_line(draw: st.DrawFn) -> str:
    tag = draw(st.sampled_from(["#TRANS", "#TRANS", "#TRANS", "#RTRANS", "#BTRANS"]))
    parts = [tag, draw(st.sampled_from(["7010", "1930", '"6550"', "x1"])), draw(objects), draw(amount)]
    if draw(st.booleans()):
        parts.append(draw(st.sampled_from([*["20240110", '""', '"20240110"', "2024"]])))
        if draw(st.booleans()):
            parts.append(draw(text))
            if draw(st.booleans()):
                parts.append(draw(st.sampled_from(["1.00", '"sign"'])))
    lead = draw(st.sampled_from(["", "  ", "\t"]))
    return lead + draw(space).join(p for p in parts if p) + draw(st.sampled_from(["", " "]))


@st.composite
def voucher(draw: st.DrawFn) -> list[str]:
    series = draw(st.sampled_from(["A", '"B"', '""', "C"]))
    number = draw(st.sampled_from(["1", "22", '"7"']))
    ver = f"#VER {series} {number} {draw(sie_date)} {draw(text)}".rstrip()
    lines = [ver]
    if draw(st.booleans()) and draw(st.booleans()):
        lines[0] += " {"
    else:
        lines.append(draw(st.sampled_from(["{", " { ", "{"])))
    lines += draw(st.lists(trans_line(), max_size=4))
    if draw(st.integers(0, 9)):  # now and then a voucher without its closing brace
        lines.append(draw(st.sampled_from(["}", " } "])))
    if not draw(st.integers(0, 7)):
        lines.insert(draw(st.integers(1, len(lines))), draw(st.sampled_from(["", "junk", '#KONTO 7010 "Lön"'])))
    return lines


NEVER = re.compile(r"(?!)")


def by_tokenizer(data: bytes, monkeypatch: pytest.MonkeyPatch) -> sie_module.SieFile:
    """``parse_sie`` with the common-shape patterns switched off: every line through the tokenizer."""
    with monkeypatch.context() as m:
        m.setattr(sie_module, "_COMMON_VER", NEVER)
        m.setattr(sie_module, "_COMMON_TRANS", NEVER)
        return parse_sie(data)


@SETTINGS
@given(
    vouchers=st.lists(voucher(), max_size=6),
    newline=st.sampled_from(["\n", "\r\n"]),
    end=st.booleans(),
)
def test_common_line_patterns_read_as_the_tokenizer(vouchers: list[list[str]], newline: str, end: bool) -> None:
    lines = ["#FLAGGA 0", "#SIETYP 4", '#DIM 6 "Projekt"'] + [line for v in vouchers for line in v]
    body = newline.join(lines) + (newline if end else "")
    data = body.encode("cp437", errors="replace")
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert dataclasses.asdict(parse_sie(data)) == dataclasses.asdict(by_tokenizer(data, monkeypatch))


def test_sie_rows_are_numbered_by_their_line_and_a_bad_voucher_date_is_listed() -> None:
    body = (
        "#FLAGGA 0\n#SIETYP 4\n"
        '#VER A 1 20240105 "Hyra"\n{\n#TRANS 5010 {} 1000.00\n#TRANS 1930 {} -1000.00\n}\n'
        "#VER A 2 20241399\n{\n#TRANS 6550 {} 5.5 20240201\n}\n"
    )
    sie = parse_sie(body.encode())
    assert [(t.line, t.account, t.position, t.ore, t.text) for t in sie.transactions] == [
        (5, "5010", 1, 100000, "Hyra"),
        (6, "1930", 2, -100000, "Hyra"),
        (10, "6550", 1, 550, ""),
    ]
    assert [(r.line, r.column) for r in sie.rejects] == [(8, "verdatum")]


# ---------------------------------------------------------------- amount columns


@SETTINGS
@given(
    col=st.one_of(
        st.lists(st.sampled_from(["1234,50", "-0,05", "12", "1 000,5", "7,1", "", "1.234,50", "x", "99,999"])),
        st.lists(st.floats(allow_nan=True, allow_infinity=True, width=64), max_size=20),
        st.lists(st.sampled_from([0.1, 0.2, 0.30000000000000004, 1.005, 1234.5, -7.0, 1e13, 5e-05, 3])),
    ),
    decimal=st.sampled_from([",", "."]),
)
def test_amount_column_equals_cell_by_cell(col: list[object], decimal: str) -> None:
    cell_by_cell = list(map(ore_reader(decimal), col))
    assert amounts_in_ore(col, decimal) == cell_by_cell
    assert amounts_in_ore(tuple(col), decimal) == cell_by_cell  # columns of a spreadsheet are tuples


def test_spreadsheet_numbers_in_ore_exactly() -> None:
    col = [0.1, 0.2, 0.3, 1234.5, -7.0, 12, 9999999999999.99, -0.01, 0.07, 1.15, 2.675]
    assert amounts_in_ore(col, ",") == [10, 20, 30, 123450, -700, 1200, 999999999999999, -1, 7, 115, None]
    # More than two decimals: left (None) to the general reader, which rounds Decimal(repr(x)) half up.
    assert amounts_in_ore([0.30000000000000004, 0.125], ",") == [None, None]
    assert [cell_amount(x) for x in (2.675, 0.30000000000000004, 0.125)] == [
        Decimal("2.68"),
        Decimal("0.30"),
        Decimal("0.13"),
    ]


cell = st.one_of(
    st.booleans(),
    st.sampled_from([0, 1, 0.0, 1.0, -0.0, 2, "1", "0", "", None, "Lön", 4010, 4010.0]),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=3),
)


@SETTINGS
@given(st.lists(cell, max_size=40))
def test_each_distinct_value_converted_once_gives_cell_by_cell(col: list[object]) -> None:
    """True == 1 == 1.0 as dict keys: a column mixing them must still convert each cell as itself.
    (A converter may give equal values of one type the same result: the cell readers read 0.0 and
    -0.0 alike.)"""

    def typed(v: object) -> tuple[type, object]:
        return type(v), v

    assert distinct(col, typed) == list(map(typed, col))


def test_a_trans_line_with_other_digits_reads_as_the_tokenizer_reads_it(monkeypatch: pytest.MonkeyPatch) -> None:
    text = '#SIETYP 4\n#VER A 1 20240101 "x"\n{\n#TRANS 7010 {} \u0661\u0660\u0660.00\n#TRANS 7010 {} 100.00\n}\n'
    data = text.encode("utf-8")
    sie = parse_sie(data)
    assert sie.transactions == by_tokenizer(data, monkeypatch).transactions
    assert [t.ore for t in sie.transactions] == [10_000, 10_000]
