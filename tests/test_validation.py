"""Field checks: organisationsnummer, bankgiro/plusgiro, e-mail, phone, dates."""

from __future__ import annotations

import pytest

from models.errors import ValidationError
from models.validation import field_problem, luhn_ok, normalize_field


@pytest.mark.parametrize(
    ("raw", "normal"),
    [("232100-0255", "232100-0255"), ("2321000255", "232100-0255"), ("16232100-0255", "232100-0255")],
)
def test_valid_organisationsnummer_is_normalized(raw: str, normal: str) -> None:
    assert normalize_field("org_number", raw) == normal


@pytest.mark.parametrize("raw", ["232100-0256", "12345", "abcdef-ghij"])
def test_invalid_organisationsnummer_is_refused(raw: str) -> None:
    with pytest.raises(ValidationError, match="Organisationsnumret"):
        normalize_field("org_number", raw)


def test_luhn() -> None:
    assert luhn_ok("50501055")  # Bankgirot's own example number 5050-1055
    assert not luhn_ok("50501056")


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("5050-1055", "Bankgiro 5050-1055"),
        ("BG 5050-1055", "Bankgiro 5050-1055"),
        ("50501055", "Bankgiro 5050-1055"),
        ("PG 4 54 31-4", "Plusgiro 4 54 31-4"),
        ("plusgiro 45431-4", "Plusgiro 4 54 31-4"),
    ],
)
def test_giro_numbers(raw: str, normal: str) -> None:
    assert luhn_ok("454314")
    assert normalize_field("giro", raw) == normal


@pytest.mark.parametrize("raw", ["5050-1056", "PG 4 54 31-1", "12-34", "bg 12"])
def test_bad_giro_numbers_refused(raw: str) -> None:
    assert field_problem("giro", raw)


@pytest.mark.parametrize("raw", ["08-123 45 67", "040-12 34 56", "070-123 45 67", "+46 8 123 45 67", "0701234567"])
def test_swedish_phone_with_riktnummer(raw: str) -> None:
    assert field_problem("phone", raw) is None


@pytest.mark.parametrize("raw", ["123 45 67", "08-12", "telefon", "0046812345678901"])
def test_phone_without_riktnummer_or_malformed_refused(raw: str) -> None:
    assert field_problem("phone", raw)


def test_email_and_date_and_choice() -> None:
    assert normalize_field("email", " anna.berg@skane.se ") == "anna.berg@skane.se"
    assert field_problem("email", "anna.berg@") is not None
    assert normalize_field("sign_date", "2025-03-31") == "2025-03-31"
    assert "ÅÅÅÅ-MM-DD" in field_problem("sign_date", "31/3 2025")
    assert field_problem("sign_date", "2025-02-30") is not None
    assert normalize_field("attestation", "Alt 2") == "alt2"
    assert field_problem("attestation", "alt3") is not None


def test_amount_field_and_text_cleanup() -> None:
    assert normalize_field("requested_amount", "1 234,50") == "1234.50"
    assert field_problem("requested_amount", "-5") is not None
    assert normalize_field("contact_person", "  Anna \t Berg\x00 ") == "Anna Berg"
    assert normalize_field("postal_address", "Box 1\r\n211 00 Malmö") == "Box 1\n211 00 Malmö"
    assert normalize_field("contact_person", "") == ""


def test_unknown_field() -> None:
    with pytest.raises(ValidationError, match="inget fält"):
        normalize_field("nonsense", "x")
