"""SIE 4: the spec's file structure, #RTRANS/#BTRANS, object lists, encodings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from models.errors import UserError
from models.importing import DEFAULT_RULES, Filters, parse_sie, prepare_import, read_ledger

EXAMPLE = Path(__file__).parent / "data" / "import" / "exempel.se"
YEAR_2024 = Filters(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31))


def test_example_file_header_and_transactions() -> None:
    sie = parse_sie(EXAMPLE.read_bytes())
    assert sie.encoding == "cp437"  # #FORMAT PC8, and the bytes agree
    assert sie.company == "Region Exempel"
    assert sie.accounts["7010"] == "Löner till kollektivanställda"
    assert sie.dims == {"1": "Kostnadsställe", "6": "Projekt"}
    assert sie.objects[("6", "GNV24")] == "God och nära vård 2024"
    assert sie.years[0] == (date(2024, 1, 1), date(2024, 12, 31))
    assert sie.vouchers == 5
    assert not sie.rejects
    # #RTRANS is followed by its #TRANS twin and #BTRANS is removed: neither counts.
    a3 = [t for t in sie.transactions if (t.series, t.vernr) == ("A", "3")]
    assert [t.amount for t in a3] == [Decimal("-2500.25"), Decimal("300.00"), Decimal("2200.25")]
    assert sum((t.amount for t in a3), Decimal(0)) == 0
    first = sie.transactions[0]
    assert first.objects == (("1", "456"), ("6", "GNV24"))
    a2 = [t for t in sie.transactions if (t.series, t.vernr) == ("A", "2")]
    assert a2[0].date == date(2024, 2, 9) and a2[0].text == "Faktura 77"
    assert a2[1].text == 'Konsult "Nära" AB'  # the voucher text, with its \" escapes


def test_example_project_costs_with_exact_totals() -> None:
    raw = read_ledger(EXAMPLE)
    filters = Filters(objects=[("6", "GNV24")], date_from=date(2024, 1, 1), date_to=date(2024, 12, 31))
    plan = prepare_import(raw, None, filters, DEFAULT_RULES, default_stream="Nära vård")
    # 7010 30000 + 6550 (12500.50 - 2500.25 + 300) + 7610 4000 + 5010 1000; 8310 is no cost account,
    # AMB24 is another project, 2025 is outside the period, 1930/2440 are balance accounts.
    assert plan.total == Decimal("45300.25")
    assert plan.by_category == {
        "Personal": Decimal("30000.00"),
        "Köpta tjänster": Decimal("10300.25"),
        "Kompetenshöjande insatser": Decimal("4000.00"),
        "Lokaler": Decimal("1000.00"),
    }
    assert plan.candidates[0].source == "exempel.se, ver A 1, konto 7010, objekt 1:456 6:GNV24"
    assert plan.candidates[0].voucher == "A 1"
    assert not plan.rejects


def test_all_projects_and_cost_centre_filter() -> None:
    raw = read_ledger(EXAMPLE)
    plan = prepare_import(raw, None, YEAR_2024, default_stream="S")
    assert plan.total == Decimal("55300.25")  # AMB24's 10000 too
    plan = prepare_import(raw, None, Filters(objects=[("1", "456")]), default_stream="S")
    assert plan.total == Decimal("30000.00")


def _sie(body: str, encoding: str, fmt: str = "PC8") -> bytes:
    text = f'#FLAGGA 0\n#FORMAT {fmt}\n#SIETYP 4\n#KONTO 7010 "Löner"\n{body}'
    return text.encode(encoding)


@pytest.mark.parametrize(
    ("encoding", "fmt"), [("cp437", "PC8"), ("cp1252", "PC8"), ("latin-1", "PC8"), ("utf-8", "PC8")]
)
def test_encodings_detected_by_the_bytes(tmp_path: Path, encoding: str, fmt: str) -> None:
    body = '#VER A 1 20240105 "Åsa Öberg, lön för mars"\n{\n#TRANS 7010 {} 100.00\n}\n'
    path = tmp_path / "bok.se"
    path.write_bytes(_sie(body, encoding, fmt))
    raw = read_ledger(path)
    assert raw.sie is not None
    assert raw.sie.accounts["7010"] == "Löner"
    assert raw.sie.transactions[0].text == "Åsa Öberg, lön för mars"


def test_bad_transactions_become_rejects(tmp_path: Path) -> None:
    body = (
        '#VER A 1 20240105 "x"\n{\n#TRANS 7010 {} 1,5\n#TRANS 7010 {} 2.00\n#TRANS {} 3.00\n'
        '#TRANS 7010 {} 1.005\n}\n#VER A 2 20241301 "fel datum"\n{\n#TRANS 7010 {} 4.00\n}\n'
        '#VER A 3 20240105 "öppen"\n{\n#TRANS 7010 {} 5.00\n'
    )
    path = tmp_path / "bok.si"
    path.write_bytes(_sie(body, "cp437"))
    raw = read_ledger(path)
    plan = prepare_import(raw, None, Filters(), default_stream="S")
    assert [c.amount for c in plan.candidates] == [Decimal("2.00"), Decimal("5.00")]
    assert [(r.row, r.column) for r in plan.rejects] == [
        (7, "belopp"),
        (9, "konto"),
        (10, "belopp"),
        (12, "verdatum"),
        (16, "#VER"),
    ]


def test_text_that_is_not_sie(tmp_path: Path) -> None:
    path = tmp_path / "bok.se"
    path.write_bytes(b"#hej\n#\n")
    with pytest.raises(UserError, match="SIE"):
        read_ledger(path)
