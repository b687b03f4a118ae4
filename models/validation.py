"""Checks and normal forms for the Bilaga 1 fields. Every message is one Swedish sentence."""

from __future__ import annotations

import calendar
import re
from datetime import date

from stdnum.se import orgnr as _orgnr

from models.errors import AmountError, ValidationError
from models.fields import FIELD_BY_NAME
from models.money import parse_amount, to_json
from models.phone import format_swedish
from models.words import count, number

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[A-Za-z]{2,}$")
MAX_TEXT = 2000
MAX_MULTILINE = 10000


def luhn_ok(digits: str) -> bool:
    """Mod-10 (Luhn) check over a string of digits, check digit last."""
    if not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def normalize_orgnr(value: str) -> str:
    digits = re.sub(r"[\s-]", "", value)
    if len(digits) == 12 and digits.startswith("16"):
        digits = digits[2:]
    if not digits.isdigit() or len(digits) != 10:
        raise ValidationError("Organisationsnumret ska ha tio siffror, till exempel 232100-0255.")
    if not _orgnr.is_valid(digits):
        raise ValidationError(
            f"Organisationsnumret {digits[:6]}-{digits[6:]} har fel kontrollsiffra; kontrollera det mot "
            "registreringsbeviset."
        )
    return f"{digits[:6]}-{digits[6:]}"


def _format_plusgiro(digits: str) -> str:
    body, check = digits[:-1], digits[-1]
    pairs: list[str] = []
    while len(body) > 2:
        pairs.insert(0, body[-2:])
        body = body[:-2]
    if body:
        pairs.insert(0, body)
    return " ".join(pairs) + "-" + check


def normalize_giro(value: str) -> str:
    """ "Bankgiro 5050-1055" or "Plusgiro 12 34 56-7"; the kind comes from a prefix or the hyphen."""
    text = value.strip()
    low = text.lower()
    kind = ""
    for prefix, k in (("bankgiro", "bg"), ("plusgiro", "pg"), ("postgiro", "pg"), ("bg", "bg"), ("pg", "pg")):
        if low.startswith(prefix):
            kind = k
            text = text[len(prefix) :].lstrip(" :.")
            break
    compact = re.sub(r"\s", "", text)
    if not re.fullmatch(r"[\d-]+", compact or "x") or compact.count("-") > 1:
        raise ValidationError("Skriv bankgironumret som 123-4567 eller 1234-5678, eller plusgironumret som 12 34 56-7.")
    digits = compact.replace("-", "")
    if not kind:
        if re.fullmatch(r"\d{3,4}-\d{4}", compact):
            kind = "bg"
        elif re.fullmatch(r"\d{1,7}-\d", compact):
            kind = "pg"
        elif len(digits) in (7, 8):
            kind = "bg"
        else:
            raise ValidationError("Ange om numret är bankgiro eller plusgiro, till exempel ”Bankgiro 123-4567”.")
    if kind == "bg":
        if len(digits) not in (7, 8):
            raise ValidationError("Ett bankgironummer har sju eller åtta siffror, till exempel 5050-1055.")
        if not luhn_ok(digits):
            raise ValidationError(f"Bankgironumret {value.strip()} har fel kontrollsiffra; kontrollera det.")
        return f"Bankgiro {digits[:-4]}-{digits[-4:]}"
    if not 2 <= len(digits) <= 8:
        raise ValidationError("Ett plusgironummer har två till åtta siffror, till exempel 12 34 56-7.")
    if not luhn_ok(digits):
        raise ValidationError(f"Plusgironumret {value.strip()} har fel kontrollsiffra; kontrollera det.")
    return f"Plusgiro {_format_plusgiro(digits)}"


def normalize_email(value: str) -> str:
    text = value.strip()
    if not _EMAIL.match(text):
        raise ValidationError(f"”{text}” är ingen e-postadress; skriv till exempel namn@region.se.")
    return text


def normalize_phone(value: str) -> str:
    """A Swedish number with riktnummer, in the Swedish way of writing it: "08-1234567" → "08-123 45 67",
    "+46 (0)31 123456" → "+46 31 12 34 56". A number with an area code not in the table keeps the grouping
    it was typed with (only the separators are tidied); a foreign number is kept as written."""
    text = " ".join(value.split())
    if not re.fullmatch(r"\+?[\d\s()-]+", text):
        raise ValidationError(f"”{text}” är inget telefonnummer; skriv till exempel 08-123 45 67.")
    digits = re.sub(r"\D", "", text)
    international = text.startswith("+") or digits.startswith("0046")
    if international:
        digits = digits[2:] if digits.startswith("00") else digits
        if not digits.startswith("46"):
            return text  # a foreign number: accept as written
        digits = "0" + digits[2:].lstrip("0")
    if not digits.startswith("0") or digits.startswith("00"):
        raise ValidationError(
            f"Telefonnumret ”{text}” saknar riktnummer; skriv till exempel 08-123 45 67 eller 040-12 34 56."
        )
    if not 8 <= len(digits) <= 10:
        raise ValidationError(
            f"Telefonnumret ”{text}” har {count(len(digits), 'siffra', 'siffror')}; "
            "ett svenskt nummer med riktnummer har 8–10."
        )
    return format_swedish(digits, text, international)


MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


def parse_date(value: str) -> date:
    """An ISO date as typed. A day that does not exist (2024-02-30) is refused, never rolled over."""
    text = value.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValidationError(f"”{text}” är inget datum; skriv datum som ÅÅÅÅ-MM-DD, till exempel 2025-03-31.")
    year, month, day = (int(part) for part in text.split("-"))
    if not 1 <= month <= 12:
        raise ValidationError(f"Datumet {text} finns inte: månaden ska vara 01–12.")
    if year < 1:
        raise ValidationError(f"Datumet {text} finns inte: året ska vara 0001 eller senare.")
    try:
        return date(year, month, day)
    except ValueError:
        days = calendar.monthrange(year, month)[1]
        raise ValidationError(
            f"Datumet {text} finns inte: {MONTHS[month - 1]} {year} har {days} dagar; rätta dagen."
        ) from None


def field_limit(name: str) -> int:
    """The most characters a field holds (its check, and the window refusing a paste that cannot fit)."""
    spec = FIELD_BY_NAME.get(name)
    return MAX_MULTILINE if spec is not None and spec.kind == "multiline" else MAX_TEXT


def too_long(label: str, limit: int) -> str:
    """The sentence for text longer than a limit: the model's check and the window's refusal say the same."""
    return f"{label} får vara högst {number(limit)} tecken lång."


def input_refused(label: str, limit: int) -> str:
    """What the window says when typing or a paste would make a field longer than the model allows: the
    field keeps the text it had (nothing is cut off without a word)."""
    return f"{too_long(label, limit)} Det du skrev eller klistrade in togs inte med; texten är som den var."


def paste_problem(name: str, kept: int, pasted: str) -> str | None:
    """Why ``pasted`` cannot go into the field beside ``kept`` characters, or None; decided from the lengths
    alone, so that 10 MB on the clipboard is refused at once instead of being laid out and checked."""
    limit = field_limit(name)
    if kept + len(pasted.strip()) <= limit:
        return None
    label = FIELD_BY_NAME[name].label if name in FIELD_BY_NAME else "Fältet"
    return (
        f"Texten du klistrade in har {number(len(pasted))} tecken, men {label} får vara högst "
        f"{number(limit)} tecken lång. Ingenting klistrades in; kopiera en kortare text."
    )


def normalize_field(name: str, value: str) -> str:
    """Check a field value and return its normal form ("" clears the field)."""
    spec = FIELD_BY_NAME.get(name)
    if spec is None:
        raise ValidationError(f"Det finns inget fält som heter ”{name}”.")
    text = _CONTROL.sub("", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    text = " ".join(text.split()) if spec.kind != "multiline" else text.strip()
    if not text:
        return ""
    limit = field_limit(name)
    if len(text) > limit:
        raise ValidationError(too_long(spec.label, limit))
    kind = spec.kind
    if kind == "orgnr":
        return normalize_orgnr(text)
    if kind == "giro":
        return normalize_giro(text)
    if kind == "email":
        return normalize_email(text)
    if kind == "phone":
        return normalize_phone(text)
    if kind == "date":
        return parse_date(text).isoformat()
    if kind == "amount":
        try:
            return to_json(parse_amount(text, allow_negative=False))
        except AmountError as err:
            raise ValidationError(f"{spec.label}: {err}") from None
    if kind == "choice":
        low = text.lower().replace(" ", "").replace(".", "")
        aliases = {"1": "alt1", "alt1": "alt1", "2": "alt2", "alt2": "alt2"}
        if low not in aliases:
            raise ValidationError(f"{spec.label} ska vara alt1 eller alt2.")
        return aliases[low]
    return text


def field_problem(name: str, value: str) -> str | None:
    """The message for an invalid value, or None when it is fine (empty counts as fine here)."""
    try:
        normalize_field(name, value)
    except ValidationError as err:
        return str(err)
    return None
