"""The fingerprint of an exported Bilaga 1: one definition, used by both exports, the window and the signing check.

Twelve hex digits of a SHA-256 over everything the paper shows: every label, text and figure of the
report (``Report.to_dict``, which leaves out the day it was made), whether it is a draft, and every
row of the ledger appendix when one is included. A draft and a final export of the same figures get
different fingerprints, and so do an export with and one without the appendix, so a signed or
scanned copy is matched to exactly what was exported.

The PDF stores it in its Info dictionary and XMP packet (exporters/pdffields.py), the workbook in
its document properties, together with the form, the draft flag and whether the appendix is included.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from models.money import to_json

if TYPE_CHECKING:
    from models.catalogue.catalogue import Catalogue
    from models.storage.document_file import Document

# noted in an export's formats ("pdf,xlsx, med kostnadsrader") when the ledger appendix was included
WITH_LEDGER = "med kostnadsrader"


def recorded_with_ledger(formats: str) -> bool:
    """Whether an export noted with these formats included the ledger appendix."""
    return WITH_LEDGER in formats


def ledger_fields(cost: Any) -> tuple[str, ...]:
    """What the appendix prints of one cost row, as text."""
    when = cost.date.isoformat() if isinstance(cost.date, date) else str(cost.date)
    return (
        when,
        to_json(cost.amount),
        cost.stream or "",
        cost.category or "",
        cost.text or "",
        cost.voucher or "",
        cost.supplier or "",
        cost.account or "",
        cost.object or "",
        cost.source or "",
    )


def fingerprint(report: Any, *, draft: bool = False, ledger: Iterable[Any] | None = None) -> str:
    """The 12 hex digits printed on every page of ``report`` exported as draft or final, with or
    without the ledger appendix ``ledger`` (cost rows): the same paper gives the same digits."""
    head = {"report": report.to_dict(), "draft": bool(draft), "ledger": ledger is not None}
    h = hashlib.sha256(json.dumps(head, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8"))
    if ledger is not None:
        for cost in ledger:
            h.update("\x1f".join(ledger_fields(cost)).encode("utf-8"))
            h.update(b"\x1e")
    return h.hexdigest()[:12]


def document_fingerprint(
    doc: Document, catalogue: Catalogue, form: str, *, draft: bool = False, ledger: bool = False, report: Any = None
) -> str:
    """The fingerprint a document's ``form`` has now, exported as draft or final, with or without the
    ledger appendix (``report``: the document's report of that form, when already built)."""
    from models.report import build_report

    report = report if report is not None else build_report(doc, catalogue, form)
    return fingerprint(report, draft=draft, ledger=doc.costs.iter_costs(order="date") if ledger else None)
