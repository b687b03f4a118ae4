"""The fast readers (whole SIE vouchers in one match, plain CSV split a column at a time, amount
columns converted in C) give exactly what the line-by-line and cell-by-cell readers give."""

from __future__ import annotations

import csv
import dataclasses
import io
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.errors import UserError
from models.importing import DEFAULT_RULES, Filters, auto_mapping, parse_sie, prepare_import, read_ledger
from models.importing import ledger as ledger_module
from models.importing import sie as sie_module
from models.importing.csvsniff import split_columns
from models.importing.ledger import ColumnRows
from models.importing.pipeline_columns import amounts_in_ore, distinct, ore_reader
from models.importing.values import cell_amount

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------- SIE

space = st.sampled_from([" ", "  ", "\t", " \t"])
sie_date = st.sampled_from(["20240105", "20241231", "20241399", '"20240301"', "2024010"])
amount = st.sampled_from(["100.00", "-2500.25", "0", "1.5", "1.005", "12345678901234", "-0.50", "abc"])
objects = st.sampled_from(["{}", '{1 "456" 6 "GNV24"}', '{6 "AMB24"}', "{ }", '{1 "4 5"}', "{6"])
text = st.sampled_from(['"Lön"', '""', '"a \\" b"', '"Konsult Öst AB"', "", '"åäö"'])


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


@SETTINGS
@given(
    vouchers=st.lists(voucher(), max_size=6),
    newline=st.sampled_from(["\n", "\r\n"]),
    end=st.booleans(),
)
def test_whole_voucher_reader_equals_line_reader(vouchers: list[list[str]], newline: str, end: bool) -> None:
    lines = ["#FLAGGA 0", "#SIETYP 4", '#DIM 6 "Projekt"'] + [line for v in vouchers for line in v]
    body = newline.join(lines) + (newline if end else "")
    data = body.encode("cp437", errors="replace")
    fast = parse_sie(data)
    slow = parse_sie(data, whole_vouchers=False)
    assert dataclasses.asdict(fast) == dataclasses.asdict(slow)


def test_whole_voucher_reader_is_used_and_numbers_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    blocks: list[int] = []
    original = sie_module._Parser.blocks

    def spy(self: object, lines: list[int], *rest: object) -> None:
        blocks.extend(lines)
        original(self, lines, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(sie_module._Parser, "blocks", spy)
    body = (
        "#FLAGGA 0\n#SIETYP 4\n"
        '#VER A 1 20240105 "Hyra"\n{\n#TRANS 5010 {} 1000.00\n#TRANS 1930 {} -1000.00\n}\n'
        "#VER A 2 20241399\n{\n#TRANS 6550 {} 5.5 20240201\n}\n"
    )
    sie = parse_sie(body.encode())
    assert [(t.line, t.account, t.ore, t.text) for t in sie.transactions] == [
        (5, "5010", 100000, "Hyra"),
        (6, "1930", -100000, "Hyra"),
        (10, "6550", 550, ""),
    ]
    assert [(r.line, r.column) for r in sie.rejects] == [(8, "verdatum")]
    assert blocks == [3, 8]  # both vouchers were read whole


# ---------------------------------------------------------------- CSV

cell = st.sampled_from(
    ["2024-03-01", "20240301", "", "7010", "1 234,50", "1 234,50-", "-0,5", "12,00", "abc", "Summa", " x ", "Öst AB"]
)


@SETTINGS
@given(
    rows=st.lists(st.lists(cell, min_size=4, max_size=4), min_size=1, max_size=12),
    quote=st.booleans(),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_plain_csv_columns_equal_csv_module(
    rows: list[list[str]], quote: bool, newline: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    def line(cells: list[str]) -> str:
        return ";".join(f'"{c}"' if quote and c and not c[0].isdigit() else c for c in cells)

    text = newline.join([line(["Datum", "Konto", "Belopp", "Text"])] + [line(r) for r in rows]) + newline
    path = tmp_path_factory.mktemp("csv") / "bok.csv"
    path.write_bytes(text.encode("cp1252"))
    plans: list[object] = []
    kinds = []
    for sniff_lines in (2, 10_000):  # fast path (when the file has 2+ lines) and the csv module
        ledger_module._SNIFF_LINES = sniff_lines
        try:
            raw = read_ledger(path)
        except UserError as err:
            plans.append(str(err))
            continue
        finally:
            ledger_module._SNIFF_LINES = 200
        kinds.append(type(raw.cells).__name__)
        plan = prepare_import(raw, auto_mapping(raw.headers), Filters(accounts=[]), DEFAULT_RULES, default_stream="S")
        plans.append((raw.headers, [list(r) for r in raw.cells], plan.rows, plan.rejects, plan.filtered_out))
    assert plans[0] == plans[1]
    if len(kinds) == 2:
        assert kinds == ["ColumnRows", "list"]  # the fast reader did read it


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


@SETTINGS
@given(
    rows=st.lists(
        st.lists(st.sampled_from(["a", "", " b ", "7010", "1 234,50", "Öst AB"]), min_size=1, max_size=4), min_size=1
    ),
    newline=st.sampled_from(["\n", "\r\n"]),
    end=st.booleans(),
)
def test_column_split_takes_only_files_whose_lines_have_the_same_width(
    rows: list[list[str]], newline: str, end: bool
) -> None:
    text = newline.join(";".join(r) for r in rows) + (newline if end else "")
    columns = split_columns(text, ";", 0)
    lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))  # what the lines are
    widths = {len(r) for r in lines}
    if len(widths) != 1 or min(widths) < 2:
        assert columns is None  # ragged lines (or one column) are left to the csv module
    else:
        assert columns is not None
        stripped = [[c.strip() for c in col] for col in zip(*lines, strict=True)]
        assert ColumnRows(columns).columns == stripped
        assert [ColumnRows(columns)[k] for k in range(len(lines))] == list(map(list, zip(*stripped, strict=True)))


def test_a_trans_line_with_other_digits_reads_as_the_line_reader_reads_it() -> None:
    """The whole-voucher pattern takes ASCII digits only; a voucher with others goes to the line reader."""
    text = '#SIETYP 4\n#VER A 1 20240101 "x"\n{\n#TRANS 7010 {} \u0661\u0660\u0660.00\n#TRANS 7010 {} 100.00\n}\n'
    whole, by_line = (parse_sie(text.encode("utf-8"), whole_vouchers=w) for w in (True, False))
    assert whole.transactions == by_line.transactions and [t.ore for t in whole.transactions] == [10_000, 10_000]
