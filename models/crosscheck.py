"""Checks between fields: what each field's own check cannot see. Every message is one Swedish sentence.

Two kinds. A *refusal* is never stored (``refusals``: a period that ends before it starts), so
``Document.set_fields`` checks the document as it would be after the whole change. Form checks
(``form_checks``) sort the rest for one form: errors refuse a final export of that form (a
rekvisition of more than the allocation), warnings are printed on it and shown in the window
(a period outside the agreement year, a signing date after the form's deadline).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from models.errors import UserError
from models.money import format_sek, parse_amount

if TYPE_CHECKING:
    from models.catalogue.catalogue import Agreement

# (start field, end field, what the period is called in a sentence)
PERIODS = (
    ("requisition_period_start", "requisition_period_end", "Rekvisitionsperioden"),
    ("report_period_start", "report_period_end", "Redovisningsperioden"),
)
# Each form's place and date of signing, and the deadline (``Agreement.deadlines``) it is signed for.
SIGNING = {
    "rekvisition": ("requisition_sign_place", "requisition_sign_date", "requisition"),
    "redovisning": ("sign_place", "sign_date", "report"),
}
_FORM_WORD = {"rekvisition": "Rekvisitionen", "redovisning": "Den ekonomiska redovisningen"}
_DEADLINE_WORD = {"rekvisition": "sista dagen för rekvisitionen", "redovisning": "sista dagen för redovisningen"}


@dataclass(frozen=True)
class FormChecks:
    errors: tuple[str, ...] = ()  # a final export of the form is refused while any remain
    warnings: tuple[str, ...] = ()  # printed on the form and shown in the window


def _day(fields: dict[str, str], name: str) -> date | None:
    try:
        return date.fromisoformat(fields.get(name) or "")
    except ValueError:
        return None


def refusals(fields: dict[str, str]) -> list[str]:
    """What no document may hold: a period whose end comes before its start."""
    out = []
    for start_name, end_name, what in PERIODS:
        start, end = _day(fields, start_name), _day(fields, end_name)
        if start and end and end < start:
            out.append(f"{what} kan inte sluta {end} när den börjar {start}; ändra det ena datumet eller båda.")
    return out


def requested_amount(fields: dict[str, str], allocation_total: Decimal) -> Decimal:
    """Belopp som rekvireras: the field when it is a readable amount, otherwise the allocation."""
    text = (fields.get("requested_amount") or "").strip()
    if text:
        try:
            return parse_amount(text)
        except UserError:
            pass
    return allocation_total


def form_checks(fields: dict[str, str], agreement: Agreement, allocation_total: Decimal, form: str) -> FormChecks:
    """The checks between fields of one form (``rekvisition`` or ``redovisning``)."""
    errors: list[str] = []
    warnings: list[str] = []
    index = 0 if form == "rekvisition" else 1
    start_name, end_name, what = PERIODS[index]
    start, end = _day(fields, start_name), _day(fields, end_name)
    errors += [r for r in refusals(fields) if r.startswith(what)]
    year_start, year_end = agreement.period_start, agreement.period_end
    if (start and not year_start <= start <= year_end) or (end and not year_start <= end <= year_end):
        shown = f"{start or '…'} – {end or '…'}"
        warnings.append(
            f"{what} {shown} ligger utanför överenskommelsens år, {year_start} – {year_end}; kontrollera datumen."
        )
    if form == "rekvisition":
        requested = requested_amount(fields, allocation_total)
        if requested > allocation_total:
            errors.append(
                f"Beloppet som rekvireras, {format_sek(requested)}, är högre än tilldelningen "
                f"{format_sek(allocation_total)}; rekvirera högst tilldelningen."
            )
        elif requested <= 0:
            errors.append("Beloppet som rekvireras är 0 kr; ange tilldelningen under Uppgifter.")
    _place, date_name, deadline_key = SIGNING[form]
    signed = _day(fields, date_name)
    deadline = agreement.deadlines.get(deadline_key)
    if signed and deadline and signed > deadline:
        warnings.append(
            f"{_FORM_WORD[form]} är daterad {signed}, efter {_DEADLINE_WORD[form]} {deadline}; "
            "kontrollera datumet för underskriften."
        )
    if form == "redovisning" and signed and end and signed < end:
        warnings.append(
            f"Den ekonomiska redovisningen är daterad {signed}, före redovisningsperiodens slut {end}; "
            "den undertecknas när perioden är slut."
        )
    return FormChecks(tuple(errors), tuple(warnings))
