"""The agreement a document follows: its own stored copy, compared with the catalogue's (no Qt).

Every reader of a document's agreement (summary, report, export, the window) asks ``agreement_of``, which
answers from the document's copy, so a document opens and exports the same without the agreement file
and a later correction of the file never silently changes a submitted report. ``catalogue_version``
says when the catalogue holds a different version; ``take_catalogue_version`` adopts it (a history row).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from models.catalogue.catalogue import Agreement, Catalogue, Recipient
from models.errors import CatalogueError, DocumentError
from models.period import read_period

if TYPE_CHECKING:
    from models.storage.document_file import Document

COPY_WHAT = "Överenskommelsen i redovisningen"
PARTS = {
    "name": "namnet",
    "year": "året",
    "skr_arende": "SKR:s ärendenummer",
    "dnr": "diarienumret",
    "payer": "utbetalaren",
    "form": "blankettens lydelse",
    "annex": "bilagans namn",
    "no_requisition": "rekvisitionen",
    "period": "perioden",
    "deadlines": "sista dagarna",
    "streams": "strömmarna",
    "groups": "de publicerade totalerna",
    "tables": "fördelningstabellerna",
    "notes": "anteckningarna",
}


def differences(own: Agreement, newer: Agreement) -> list[str]:
    """What differs between two versions, in Swedish ("sista dagarna", "fördelningstabellerna")."""
    from models.catalogue.agreement_data import agreement_data

    a, b = agreement_data(own), agreement_data(newer)
    return [label for key, label in PARTS.items() if a.get(key) != b.get(key)]


@lru_cache(maxsize=16)
def _parse(text: str, recipients: tuple[Recipient, ...]) -> Agreement:
    import json

    from models.catalogue.check import agreement_from_data

    return agreement_from_data(json.loads(text), recipients, "redovisningens överenskommelse")


def stored_agreement(doc: Document, catalogue: Catalogue) -> Agreement | None:
    """The document's own copy, or None when it has none (a document older than the copies)."""
    text = doc.agreement.agreement_text()
    if text is None:
        return None
    try:
        return _parse(text, tuple(catalogue.recipients.values()))
    except (CatalogueError, ValueError):
        return None


def agreement_of(doc: Document, catalogue: Catalogue) -> Agreement:
    """The agreement the document follows: its copy, else the catalogue's version."""
    own = stored_agreement(doc, catalogue)
    if own is not None:
        return own
    if doc.agreement_id in catalogue.agreements:
        return catalogue.agreement(doc.agreement_id)
    raise DocumentError(
        f"Redovisningen följer överenskommelsen ”{doc.agreement_id}”, som varken finns i redovisningen eller i "
        "katalogen; importera överenskommelsen (Arkiv → Överenskommelser…) och öppna redovisningen igen."
    )


def report_period(doc: Document, catalogue: Catalogue) -> tuple[date, date]:
    """The document's report period, as every figure counts it: its fields, each end falling back to its
    agreement's period when empty or unreadable (``models.period.read_period``)."""
    return read_period(doc.fields(), agreement_of(doc, catalogue))


def store_copy_if_missing(doc: Document, catalogue: Catalogue) -> bool:
    """An older document opened for editing gets its copy from the catalogue (one history row). True if stored."""
    from models.catalogue.agreement_data import agreement_text

    if doc.readonly or doc.agreement.agreement_text() is not None or doc.agreement_id not in catalogue.agreements:
        return False
    agreement = catalogue.agreement(doc.agreement_id)
    doc.agreement.set_agreement_text(agreement_text(agreement), COPY_WHAT, "", f"{agreement.id} sparad från katalogen")
    return True


def catalogue_version(doc: Document, catalogue: Catalogue) -> Agreement | None:
    """The catalogue's version of the document's agreement when it differs from the document's copy."""
    from models.catalogue.agreement_data import agreement_text

    text = doc.agreement.agreement_text()
    if text is None or doc.agreement_id not in catalogue.agreements:
        return None
    newer = catalogue.agreement(doc.agreement_id)
    return None if agreement_text(newer) == text else newer


def take_catalogue_version(doc: Document, catalogue: Catalogue) -> str | None:
    """Replace the document's copy with the catalogue's version; returns the old copy's text (for undo)."""
    from models.catalogue.agreement_data import agreement_text

    newer = catalogue_version(doc, catalogue)
    if newer is None:
        return None
    old = doc.agreement.agreement_text()
    doc.agreement.set_agreement_text(agreement_text(newer), COPY_WHAT, "tidigare version", "katalogens version")
    return old


def restore_copy(doc: Document, text: str) -> None:
    """Put an earlier copy back (undo of ``take_catalogue_version``)."""
    doc.agreement.set_agreement_text(text, COPY_WHAT, "katalogens version", "tidigare version")
