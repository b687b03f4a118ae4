"""What a new document takes from the user's last one: only from real documents, and only what travels.

When a document is closed, its contact details are remembered (``remembered_contact``) unless it is
the example (``Document.example``): the demo's people and Region Skåne's numbers must never reach a
real form. A new document takes them back (``prefill_for``), except the recipient-bound fields
(organisationsnummer, bankgiro, betalningsreferens, the recipient's name) when it is for another
recipient. The wizard shows every carried field for review before the document is created.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.fields import CONTACT_FIELDS

if TYPE_CHECKING:
    from models.storage.document_file import Document

RECIPIENT_KEY = "_recipient"  # the recipient the remembered details belong to
RECIPIENT_BOUND = ("recipient_name", "org_number", "giro", "payment_reference")
EXAMPLE_DOMAIN = ".exempel.se"  # the example's e-mail addresses: details saved from it by an older version


def remembered_contact(doc: Document) -> dict[str, str] | None:
    """The contact details a closed document leaves for the next new one; None for the example, and for a
    document whose costs were never checked (``Document.costs_unchecked``: closed, or refused, meanwhile)."""
    if doc.example or doc.costs_unchecked:
        return None
    values = doc.fields()
    contact = {n: values[n] for n in CONTACT_FIELDS if values.get(n)}
    if not contact:
        return None
    return {**contact, RECIPIENT_KEY: doc.recipient_id}


def prefill_for(last: dict[str, str], recipient_id: str) -> dict[str, str]:
    """The remembered details a new document for ``recipient_id`` takes (nothing from the example)."""
    if any(last.get(n, "").endswith(EXAMPLE_DOMAIN) for n in ("email", "chief_email")):
        return {}
    same = last.get(RECIPIENT_KEY) == recipient_id
    return {n: v for n in CONTACT_FIELDS if (v := last.get(n)) and (same or n not in RECIPIENT_BOUND)}
