"""CSV exports in the encodings, delimiters and number styles finance systems write."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from models.errors import UserError
from models.importing import Filters, auto_mapping, prepare_import, read_ledger

ROWS = [
    ["Bokföringsdatum", "Verifikation", "Konto", "Belopp", "Benämning", "Leverantör", "Projekt"],
    ["2024-01-31", "A 10", "7010", "1 234,50", "Lön januari", "", "GNV24"],
    ["2024-02-15", "B 11", "6550", "10 000,00", 'Konsult; "Öst" AB', "Konsultbolaget Öst AB", "GNV24"],
    ["2024-02-20", "B 12", "6550", "2 500,25-", "Kreditnota", "Konsultbolaget Öst AB", "GNV24"],
    ["2024-03-01", "A 13", "5010", "-100,00", "Rättelse hyra", "", "GNV24"],
]
EXPECTED_TOTAL = Decimal("1234.50") + Decimal("10000.00") - Decimal("2500.25") - Decimal("100.00")


def _csv(rows: list[list[str]], delim: str) -> str:
    def q(c: str) -> str:
        return '"' + c.replace('"', '""') + '"' if any(ch in c for ch in f'{delim}"\n') else c

    return "\r\n".join(delim.join(q(c) for c in r) for r in rows) + "\r\n"


def _plan(path: Path):
    raw = read_ledger(path)
    return raw, prepare_import(raw, auto_mapping(raw.headers), Filters(accounts=[]), default_stream="S")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1"])
@pytest.mark.parametrize("delim", [";", "\t"])
def test_swedish_csv_in_each_encoding(tmp_path: Path, encoding: str, delim: str) -> None:
    path = tmp_path / "huvudbok.csv"
    path.write_bytes(_csv(ROWS, delim).encode(encoding))
    raw, plan = _plan(path)
    assert raw.delimiter == delim
    assert raw.decimal == ","
    assert not plan.rejects
    assert plan.total == EXPECTED_TOTAL
    texts = [c.text for c in plan.candidates]
    assert 'Konsult; "Öst" AB' in texts
    assert plan.candidates[1].supplier == "Konsultbolaget Öst AB"
    assert plan.candidates[0].source == "huvudbok.csv, rad 2"


def test_english_comma_csv_with_point_decimals(tmp_path: Path) -> None:
    rows = [
        ["Posting date", "Voucher", "Account", "Debit", "Credit", "Description"],
        ["2024/03/01", "1", "7010", "1,234.50", "", "Salary"],
        ["20240302", "2", "7010", "", "34.50", "Reversal"],
        ["2024.03.03", "3", "6550", "0.10", "", "Tiny"],
    ]
    path = tmp_path / "gl.csv"
    path.write_text(_csv(rows, ","), encoding="utf-8")
    raw, plan = _plan(path)
    assert (raw.delimiter, raw.decimal) == (",", ".")
    m = auto_mapping(raw.headers)
    assert (m.debit, m.credit, m.amount) == ("Debit", "Credit", None)
    assert [c.amount for c in plan.candidates] == [Decimal("1234.50"), Decimal("-34.50"), Decimal("0.10")]


def test_thousands_with_points_and_no_break_spaces(tmp_path: Path) -> None:
    rows = [
        ["Datum", "Konto", "Belopp"],
        ["2024-01-01", "7010", "1.234.567,89"],
        ["2024-01-02", "7010", "2\u00a0000,00"],
    ]
    path = tmp_path / "x.csv"
    path.write_text(_csv(rows, ";"), encoding="utf-8")
    _, plan = _plan(path)
    assert plan.total == Decimal("1236567.89")


def test_bad_rows_are_listed_and_good_rows_import(tmp_path: Path) -> None:
    rows = [
        ["Datum", "Konto", "Belopp", "Text"],
        ["2024-01-01", "7010", "100,00", "bra"],
        ["2024-13-01", "7010", "100,00", "fel datum"],
        ["2024-01-03", "7010", "hundra", "fel belopp"],
        ["2024-01-04", "", "100,00", "utan konto"],
        ["", "7010", "5,00", "utan datum"],
        ["2024-01-05", "7010", "", "utan belopp"],
        ["Summa", "", "405,00", ""],
    ]
    path = tmp_path / "x.csv"
    path.write_text(_csv(rows, ";"), encoding="utf-8")
    _, plan = _plan(path)
    assert len(plan.candidates) == 2  # the row without account passes when no account filter is set
    raw = read_ledger(path)
    plan = prepare_import(raw, auto_mapping(raw.headers), Filters(), default_stream="S")
    assert [c.text for c in plan.candidates] == ["bra"]
    assert [(r.row, r.column) for r in plan.rejects] == [
        (3, "Datum"),
        (4, "Belopp"),
        (5, "Konto"),
        (6, "Datum"),
        (7, "Belopp"),
    ]
    assert plan.rejects[1].value == "hundra"
    assert all(r.reason.endswith(".") for r in plan.rejects)
    out = tmp_path / "avvisade.csv"
    plan.write_rejects_csv(out)
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "Rad;Kolumn;Värde;Orsak"
    assert "4;Belopp;hundra;" in text


def test_heading_row_below_a_title(tmp_path: Path) -> None:
    rows = [["Huvudbok 2024"], ["Utskriven 2025-01-10"], [], *ROWS]
    path = tmp_path / "x.csv"
    path.write_text(_csv(rows, ";"), encoding="utf-8")
    raw, plan = _plan(path)
    assert raw.headers[0] == "Bokföringsdatum"
    assert plan.candidates[0].source.endswith("rad 5")


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "tom"), (b"\x00\x01\x02garbage\x00", "varken"), (b"PK\x03\x04broken", "skadad")],
)
def test_not_a_ledger(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(UserError, match=message):
        read_ledger(path)


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text(_csv(ROWS * 50, ";"), encoding="utf-8")
    with pytest.raises(UserError, match="största tillåtna"):
        read_ledger(path, max_bytes=1000)


@pytest.mark.parametrize("repeat", [1, 100])  # 4 rows go through the csv module, 400 are split a column at a time
def test_objects_of_two_dimensions_leave_no_gap_for_an_empty_code(tmp_path: Path, repeat: int) -> None:
    head = ["Datum", "Konto", "Belopp", "Text", "Kostnadsställe", "Projekt"]
    rows = [
        ["2024-01-31", "7010", "100,00", "Båda", "456", "GNV24"],
        ["2024-01-31", "7010", "200,00", "Bara projekt", "", "GNV24"],
        ["2024-01-31", "7010", "300,00", "Bara ställe", " 457 ", ""],
        ["2024-01-31", "7010", "400,00", "Inget", "", ""],
    ]
    path = tmp_path / "objekt.csv"
    path.write_text(_csv([head, *rows * repeat], ";"), encoding="utf-8")
    _raw, plan = _plan(path)
    assert [c.object for c in plan.candidates[:4]] == ["1:456 6:GNV24", "6:GNV24", "1:457", ""]
    assert plan.total == Decimal("1000.00") * repeat


@pytest.mark.parametrize("name", ["bok.csv", "ny\nrad.csv"])  # a line break is a legal file name character on Linux
def test_each_row_keeps_its_file_and_row_number(tmp_path: Path, name: str) -> None:
    rows = [["Datum", "Konto", "Belopp"]] + [
        ["2024-01-31", "7010" if i % 3 else "2440", f"{i},00"] for i in range(1, 301)
    ]
    path = tmp_path / name
    path.write_text(_csv(rows, ";"), encoding="utf-8")
    raw = read_ledger(path)
    plan = prepare_import(raw, auto_mapping(raw.headers), Filters(accounts=[(4000, 7999)]), default_stream="S")
    kept = [i for i in range(1, 301) if i % 3]  # account 2440 is filtered out
    assert [c.source for c in plan.candidates] == [f"{name}, rad {i + 1}" for i in kept]


@pytest.mark.parametrize("text", ["Hyra kv 1 – 5 000 € ”netto”", "Lön åäö ÅÄÖ é ü", "Konsult Öst AB"])
def test_cp1252_text_reads_the_same_with_and_without_its_own_characters(text: str) -> None:
    from models.importing.csvsniff import decode_text

    data = f"Datum;Text\r\n2024-01-31;{text}\r\n".encode("cp1252")
    assert decode_text(data) == (data.decode("cp1252"), "cp1252")
