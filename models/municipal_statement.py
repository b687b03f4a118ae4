""" "Underlag till kommunen": what one municipality received from the RSS under one agreement, what it
reported back and returned, and when its own report is due. Built here; ``exporters/statement_pdf.py``
lays it out on one page."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from models.doc_agreement import agreement_of, report_period
from models.errors import ValidationError
from models.period import is_outside
from models.transfers import TransferTable

if TYPE_CHECKING:
    from models.catalogue.catalogue import Agreement, Catalogue
    from models.storage.document_file import Document

REPORT_DUE_KEY = "municipal_report_due"


def transfer_table(doc: Document, catalogue: Catalogue) -> TransferTable:
    """The Kommuner table of an RSS document, counting paid transfers inside the report period only."""
    period = report_period(doc, catalogue)
    return doc.transfers.municipality_rows(period)


@dataclass(frozen=True)
class StatementLine:
    date: date
    amount: Decimal  # negative: returned to the RSS
    reference: str
    stream: str


@dataclass(frozen=True)
class Statement:
    rss_name: str
    municipality: str
    code: str
    agreement_name: str
    year: int
    dnr_agreement: str
    period_start: date
    period_end: date
    planned: Decimal
    lines: list[StatementLine] = field(default_factory=list)
    reported_used: Decimal = Decimal("0.00")
    report_due: date | None = None
    made: date | None = None

    @property
    def paid(self) -> Decimal:
        return sum((x.amount for x in self.lines if x.amount > 0), Decimal("0.00"))

    @property
    def returned(self) -> Decimal:
        return -sum((x.amount for x in self.lines if x.amount < 0), Decimal("0.00"))

    @property
    def net(self) -> Decimal:
        return self.paid - self.returned


def default_report_due(agreement: Agreement) -> date:
    """A month before the RSS's own report is due: the last day of the month before it (2025-02-28)."""
    report = agreement.deadlines["report"]
    before = report.replace(day=1) - timedelta(days=1)
    return before.replace(day=min(report.day, calendar.monthrange(before.year, before.month)[1]))


def report_due(doc: Document, agreement: Agreement) -> date:
    """When the municipalities' own reports are due to the RSS: as set on the Kommuner page, or the default."""
    text = doc.transfers.municipal_report_due()
    return date.fromisoformat(text) if text else default_report_due(agreement)


def build_statement(doc: Document, catalogue: Catalogue, code: str, today: date | None = None) -> Statement:
    """The statement for the municipality with ``code``, counting transfers inside the report period."""
    muni = doc.transfers.municipalities()
    m = muni.by_code.get(code)
    if m is None:
        raise ValidationError(f"Kommunkoden {code} hör inte till länet.")
    agreement = agreement_of(doc, catalogue)
    fields = doc.fields()
    start, end = report_period(doc, catalogue)
    lines = []
    for c in doc.transfers.transfer_costs():
        if is_outside(c.date, start, end):
            continue
        try:
            if muni.find(c.supplier).code != code:
                continue
        except ValidationError:
            continue
        lines.append(StatementLine(c.date, c.amount, c.voucher, c.stream))
    lines.sort(key=lambda x: (x.date, -x.amount))
    zero = Decimal("0.00")
    used = sum((r.used for r in doc.transfers.municipal_reports() if r.code == code), zero)
    return Statement(
        rss_name=fields.get("recipient_name") or catalogue.recipient(doc.recipient_id).name,
        municipality=m.name,
        code=m.code,
        agreement_name=fields.get("agreement_name") or agreement.name,
        year=agreement.year,
        dnr_agreement=fields.get("dnr_agreement", ""),
        period_start=start,
        period_end=end,
        planned=doc.transfers.transfer_plan().get(code, (zero, ""))[0],
        lines=lines,
        reported_used=used,
        report_due=report_due(doc, agreement),
        made=today or date.today(),
    )
