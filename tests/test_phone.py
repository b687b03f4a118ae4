"""Telephone numbers are saved the way Swedes write them, whichever way they were typed.

The examples are public switchboard numbers (Kammarkollegiet, regions and municipalities).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cli import run_cli
from models.errors import ValidationError
from models.phone import AREA_CODES, group_digits, split_area_code
from models.storage.document_file import Document
from models.validation import normalize_field
from tests.helpers import new_document


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("08-7000800", "08-700 08 00"),  # Kammarkollegiet
        ("087000800", "08-700 08 00"),
        ("08 700 08 00", "08-700 08 00"),
        ("08-12313200", "08-123 132 00"),  # eight digits after 08
        ("031-3650000", "031-365 00 00"),
        ("040 34 10 00", "040-34 10 00"),
        ("044 - 309 30 00", "044-309 30 00"),
        ("046-3595000", "046-359 50 00"),
        ("018 611 00 00", "018-611 00 00"),
        ("054-5400000", "054-540 00 00"),
        ("060191000", "060-19 10 00"),
        ("063-14 75 00", "063-14 75 00"),
        ("090-161000", "090-16 10 00"),
        ("0470-588000", "0470-58 80 00"),  # three-digit riktnummer
        ("(0470) 58 80 00", "0470-58 80 00"),
        ("0380 518000", "0380-51 80 00"),
        ("0380-12345", "0380-123 45"),
        ("0701234567", "070-123 45 67"),
        ("073-12 34 567", "073-123 45 67"),
        ("010-4410000", "010-441 00 00"),
        ("020-123456", "020-12 34 56"),
    ],
)
def test_swedish_numbers_are_saved_in_the_swedish_way(typed: str, saved: str) -> None:
    assert normalize_field("phone", typed) == saved
    assert normalize_field("phone", saved) == saved  # the normal form is stable


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("+46 8 700 08 00", "+46 8 700 08 00"),
        ("+46(0)8-700 08 00", "+46 8 700 08 00"),
        ("+46 44 3093000", "+46 44 309 30 00"),
        ("+46 0470 58 80 00", "+46 470 58 80 00"),
        ("0046 470 588000", "+46 470 58 80 00"),
        ("+4670-123 45 67", "+46 70 123 45 67"),
        ("+45 33 92 33 00", "+45 33 92 33 00"),  # a foreign number is kept as written
    ],
)
def test_international_form_keeps_plus_46_without_the_zero(typed: str, saved: str) -> None:
    assert normalize_field("chief_phone", typed) == saved


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("0771-524 524", "0771-524 524"),  # Försäkringskassan: 077 is not split by the table
        ("0771 - 52  45 24", "0771-52 45 24"),
        ("(0771) 524-524", "0771-524 524"),
        ("0771524524", "0771524524"),  # no separator to go on: as typed
        ("+46 771 524-524", "+46 771 524 524"),
        ("0900-123 456", "0900-123 456"),  # 0900 is not Umeå's 090
        ("0470-1234", "0470-1234"),  # too few digits for a three-digit riktnummer
        ("070-12 34 56", "070-12 34 56"),  # too few digits for a mobile number
    ],
)
def test_numbers_the_table_cannot_split_keep_the_users_grouping(typed: str, saved: str) -> None:
    assert normalize_field("fax", typed) == saved


@pytest.mark.parametrize("typed", ["123 45 67", "08-12", "telefon", "0046812345678901", "00 8 123 45 67"])
def test_numbers_without_riktnummer_are_still_refused(typed: str) -> None:
    with pytest.raises(ValidationError, match=r"riktnummer|telefonnummer|siffror"):
        normalize_field("phone", typed)


def test_the_area_code_table() -> None:
    assert split_area_code("087000800") == ("8", "7000800")
    assert split_area_code("031123456") == ("31", "123456")
    assert split_area_code("0470588000") == ("470", "588000")
    for code in AREA_CODES:  # prefix-free, as the numbering plan is: a split is never ambiguous
        assert not any(other != code and other.startswith(code) for other in AREA_CODES), code
    assert all(len(code) == 1 for code in AREA_CODES if code.startswith("8"))
    assert len([c for c in AREA_CODES if len(c) == 3]) == 243
    assert [group_digits(d) for d in ("12345", "123456", "1234567", "12345678")] == [
        "123 45",
        "12 34 56",
        "123 45 67",
        "123 456 78",
    ]


def test_saving_a_field_stores_and_logs_the_normal_form(tmp_path: Path) -> None:
    with new_document(tmp_path) as doc:
        doc.set_field("phone", "0470-588000")
        assert doc.field("phone") == "0470-58 80 00"
        assert doc.history(limit=1)[0].new == "0470-58 80 00"


def test_command_line_set_saves_the_normal_form(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new_document(tmp_path, name="skane").close()
    path = str(tmp_path / "skane.bidrag")
    assert run_cli(["set", path, "phone=044 3093000", "chief_phone=+46(0)44-309 30 01", "fax=0771524524"]) == 0
    capsys.readouterr()
    with Document.open(path, readonly=True) as doc:
        assert doc.field("phone") == "044-309 30 00"
        assert doc.field("chief_phone") == "+46 44 309 30 01"
        assert doc.field("fax") == "0771524524"
