"""What a form still needs: the one rule for missing and invalid fields (no Qt).

The overview's flag ("3 uppgifter saknas …"), the export's and the printout's list of problems and
the command line's summary all read the document's fields as the forms print them (``form_fields``)
and judge them here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.fields import FIELD_BY_NAME, FIELDS
from models.validation import field_problem

if TYPE_CHECKING:
    from models.storage.document_file import Document


def decision_numbers(typed: str, decisions: list[str]) -> str:
    """The diarienummer field as the form prints it: what the user typed, then every decision not in it."""
    parts = [typed.strip()] if typed.strip() else []
    parts += [d for d in decisions if d.casefold() not in typed.casefold()]
    return ", ".join(parts)


def form_fields(doc: Document) -> dict[str, str]:
    """The fields as the forms print them: the stored values, a value kept as typed where its check failed
    (``Document.invalid_fields``), and the payment decisions' diarienummer in the payment's field."""
    fields = dict(doc.fields()) | doc.invalid_fields()
    decisions = [d.dnr for d in doc.agreement.decisions()]
    if decisions:
        fields["dnr_payment"] = decision_numbers(fields.get("dnr_payment", ""), decisions)
    return fields


def field_problems(fields: dict[str, str], form: str) -> list[str]:
    """Every missing or invalid required field (and any invalid optional one), one Swedish sentence each."""
    out: list[str] = []
    for spec in FIELDS:
        value = (fields.get(spec.name) or "").strip()
        if not value:
            if form in spec.required:
                out.append(f"{spec.label} saknas.")
            continue
        problem = field_problem(spec.name, value)
        if problem:
            out.append(f"{spec.label}: {problem}")
    if form == "redovisning" and fields.get("attestation") == "alt2" and not (fields.get("deviations") or "").strip():
        out.append(f"{FIELD_BY_NAME['deviations'].label} saknas; de ska redovisas när Alt 2 är valt.")
    return out


def missing_labels(fields: dict[str, str], form: str) -> list[str]:
    """Labels of the required fields of ``form`` that are empty or hold a value that fails its check."""
    out = []
    for spec in FIELDS:
        if form not in spec.required:
            continue
        value = (fields.get(spec.name) or "").strip()
        if not value or field_problem(spec.name, value):
            out.append(spec.label)
    return out
