"""An RSS's import rules and the municipalities' reports back, as the window and the command line name
them: ``konto=4590`` read as a rule, and one line per rule or report (the lists to delete from)."""

from __future__ import annotations

from models.errors import ValidationError
from models.money import format_sek
from models.municipalities import Municipalities
from models.transfers import MunicipalReport

RULE_WORDS = {"konto": "account", "account": "account", "objekt": "object", "object": "object"}
RULE_NAMES = {"account": "konto", "object": "objekt"}


def parse_rule(text: str) -> tuple[str, str]:
    """``konto=4590`` or ``objekt=K0780`` as (kind, value)."""
    word, sep, value = str(text).partition("=")
    kind = RULE_WORDS.get(word.strip().lower())
    if not sep or kind is None or not value.strip():
        example = "skriv konto=KONTO eller objekt=OBJEKT, till exempel konto=4590"
        raise ValidationError(f"”{text}” är ingen regel; {example}.")
    return kind, value.strip()


def rule_text(kind: str, value: str, code: str, municipalities: Municipalities) -> str:
    """ "konto 4590 → Malmö": a rule as the page and the command line show it."""
    name = municipalities.by_code[code].name if code in municipalities.by_code else code
    return f"{RULE_NAMES.get(kind, kind)} {value} → {name}"


def report_text(report: MunicipalReport, municipalities: Municipalities) -> str:
    """ "Malmö 2025-02-10: använt 1 200 000 kr, återbetalt 50 000 kr (anteckning)"."""
    m = municipalities.by_code.get(report.code)
    name = m.name if m is not None else report.code
    note = f" ({report.note})" if report.note else ""
    used, returned = format_sek(report.used), format_sek(report.returned)
    return f"{name} {report.date}: använt {used}, återbetalt {returned}{note}"


def pick_report(reports: list[MunicipalReport], number: str) -> MunicipalReport:
    """The report numbered ``number`` as the list shows them (1 is the first)."""
    text = str(number).strip()
    if not reports:
        raise ValidationError("Det finns inga återrapporter i dokumentet.")
    if not text.isdigit() or not 1 <= int(text) <= len(reports):
        raise ValidationError(
            f"”{text}” är inget nummer i listan; ange ett nummer från 1 till {len(reports)} som listan visar dem."
        )
    return reports[int(text) - 1]
