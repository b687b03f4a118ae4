"""Where the money stands: computed from a document, never stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Deadline:
    key: str  # requisition | repayment | report
    label: str  # Swedish: "Rekvisition", "Återbetalning", "Ekonomisk redovisning"
    date: date
    days_left: int  # negative when passed


@dataclass(frozen=True)
class StreamSummary:
    stream: str
    allocated: Decimal
    costs: Decimal
    remaining: Decimal  # allocated - costs (may be negative)


@dataclass(frozen=True)
class Flag:
    """A warning for the overview and ``summary --json``: key is stable, text is Swedish."""

    key: str
    text: str
    count: int = 0


@dataclass(frozen=True)
class Summary:
    agreement_id: str
    agreement_name: str
    recipient_id: str
    recipient_name: str
    recipient_kind: str
    period_start: date
    period_end: date
    allocation_total: Decimal
    allocation: dict[str, Decimal]  # per stream, in the agreement's stream order
    received: Decimal  # sum of payments
    costs_total: Decimal
    costs_by_stream: dict[str, Decimal]
    costs_by_category: dict[str, Decimal]  # in the document's category order, then others
    costs_by_stream_category: dict[tuple[str, str], Decimal]
    cost_count: int
    unspent: Decimal  # max(received - costs, 0): to repay
    self_financed: Decimal  # max(costs - received, 0): egenfinansiering
    streams: list[StreamSummary] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
