"""The Bilaga 1 fields a document holds, their names on the command line, and their checks.

Field values are stored as text. ``kind`` decides the check: see models/validation.py.
``required`` says which final exports need the field: "rekvisition", "redovisning".
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from models.errors import ValidationError


@dataclass(frozen=True)
class FieldSpec:
    name: str  # command-line and storage name
    label: str  # Swedish label, as in the user interface
    kind: str  # text | multiline | orgnr | giro | email | phone | date | amount | choice
    group: str  # the form section it belongs to
    required: frozenset[str] = frozenset()
    choices: tuple[str, ...] = ()


BOTH = frozenset({"rekvisition", "redovisning"})
REK = frozenset({"rekvisition"})
RED = frozenset({"redovisning"})

FIELDS: tuple[FieldSpec, ...] = (
    # 1. Kontaktuppgifter
    FieldSpec("recipient_name", "Bidragsmottagare", "text", "kontakt", BOTH),
    FieldSpec("org_number", "Organisationsnummer", "orgnr", "kontakt", BOTH),
    FieldSpec("contact_person", "Kontaktperson", "text", "kontakt", BOTH),
    FieldSpec("postal_address", "Postadress", "multiline", "kontakt", BOTH),
    FieldSpec("phone", "Telefon inkl. riktnummer", "phone", "kontakt", BOTH),
    FieldSpec("fax", "Faxnummer", "phone", "kontakt"),
    FieldSpec("email", "E-postadress", "email", "kontakt", BOTH),
    # 2. Bidrag som ansökan avser
    FieldSpec("dnr_agreement", "Regeringskansliets diarienummer för överenskommelsen", "text", "bidrag", BOTH),
    FieldSpec("dnr_payment", "Regeringskansliets diarienummer för beslut om utbetalning", "text", "bidrag", BOTH),
    FieldSpec("agreement_name", "Överenskommelsens benämning", "text", "bidrag", BOTH),
    FieldSpec("requested_amount", "Belopp som rekvireras", "amount", "bidrag"),
    FieldSpec("requisition_period_start", "Rekvisitionen avser perioden, från", "date", "bidrag"),
    FieldSpec("requisition_period_end", "Rekvisitionen avser perioden, till", "date", "bidrag"),
    FieldSpec("report_period_start", "Redovisningsperiod, från", "date", "bidrag"),
    FieldSpec("report_period_end", "Redovisningsperiod, till", "date", "bidrag"),
    # 3. Uppgifter för utbetalning
    FieldSpec("giro", "Bankgiro/Plusgiro", "giro", "utbetalning", REK),
    FieldSpec("payment_reference", "Önskad betalningsreferens", "text", "utbetalning"),
    # 4. Ekonomichefens granskning
    FieldSpec("attestation", "Ekonomichefens bedömning", "choice", "granskning", RED, ("alt1", "alt2")),
    FieldSpec("deviations", "Avvikelser och eventuella åtgärder", "multiline", "granskning"),
    FieldSpec("chief_name", "Ekonomichefens namn", "text", "granskning", RED),
    FieldSpec("chief_title", "Befattning", "text", "granskning", RED),
    FieldSpec("chief_phone", "Ekonomichefens telefon inkl. riktnummer", "phone", "granskning", RED),
    FieldSpec("chief_email", "Ekonomichefens e-postadress", "email", "granskning", RED),
    # 5. Underskrift
    FieldSpec("signatory_name", "Namnförtydligande (behörig företrädare)", "text", "underskrift", BOTH),
    FieldSpec("signatory_title", "Företrädarens befattning", "text", "underskrift"),
    FieldSpec("requisition_sign_place", "Ort för rekvisitionen", "text", "underskrift"),
    FieldSpec("requisition_sign_date", "Datum för underskrift av rekvisitionen", "date", "underskrift"),
    FieldSpec("sign_place", "Ort för redovisningen", "text", "underskrift"),
    FieldSpec("sign_date", "Datum för underskrift av redovisningen", "date", "underskrift"),
)

FIELD_BY_NAME: dict[str, FieldSpec] = {f.name: f for f in FIELDS}


def field_named(text: str) -> FieldSpec:
    """The field a user named on the command line: its name or its Swedish label, in any case.

    An unknown name is a ValidationError that suggests the nearest names and labels.
    """
    wanted = text.strip().casefold()
    for f in FIELDS:
        if wanted in (f.name.casefold(), f.label.casefold()):
            return f
    known = {f.name.casefold(): f.name for f in FIELDS} | {f.label.casefold(): f.name for f in FIELDS}
    near = list(dict.fromkeys(known[k] for k in difflib.get_close_matches(wanted, known, n=3, cutoff=0.6)))
    hint = f" (menar du {' eller '.join([', '.join(near[:-1]), near[-1]] if len(near) > 1 else near)}?)" if near else ""
    raise ValidationError(
        f"Det finns inget fält som heter ”{text.strip()}”{hint}; alla fältnamn står i README under "
        "”Field names for set”."
    )


# Fields only the rekvisition prints: an agreement paid without one (no_requisition) does not ask for them.
REQUISITION_ONLY: tuple[str, ...] = (
    "requested_amount",
    "requisition_period_start",
    "requisition_period_end",
    "giro",
    "payment_reference",
    "requisition_sign_place",
    "requisition_sign_date",
)

GROUP_TITLES: dict[str, str] = {
    "kontakt": "1. Kontaktuppgifter",
    "bidrag": "2. Bidrag som ansökan avser",
    "utbetalning": "3. Uppgifter för utbetalning",
    "granskning": "4. Ekonomichefens granskning",
    "underskrift": "Underskrift av behörig företrädare",
}

# Fields copied from the last document into a new one ("prefilled from the last document").
CONTACT_FIELDS: tuple[str, ...] = (
    "recipient_name",
    "org_number",
    "contact_person",
    "postal_address",
    "phone",
    "fax",
    "email",
    "giro",
    "chief_name",
    "chief_title",
    "chief_phone",
    "chief_email",
    "signatory_name",
    "signatory_title",
    "requisition_sign_place",
    "sign_place",
)
