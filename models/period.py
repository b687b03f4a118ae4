"""The report period, and the one rule of which costs it counts.

A cost dated before the period's first day or after its last is left out of every figure of the form,
the overview, the repayment and ``costs.total``, and listed apart (``Summary.outside_count`` and
``outside_total``). The SQL form of the same rule (``OUTSIDE_SQL``) lets the document sum those costs
through its date index; ``is_outside`` is the rule for one cost, used by the Kostnader view.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from models.catalogue.catalogue import Agreement

# Parameters: the period's first and last day, ISO text (dates are stored as ISO text, so text order is date order).
OUTSIDE_SQL = "(date < ? OR date > ?)"


def read_period(fields: dict[str, str], agreement: Agreement) -> tuple[date, date]:
    """The report period the fields say, each end falling back to the agreement year's when empty or unreadable."""
    ends = []
    for name, default in (("report_period_start", agreement.period_start), ("report_period_end", agreement.period_end)):
        try:
            ends.append(date.fromisoformat(fields.get(name) or "") if fields.get(name) else default)
        except ValueError:
            ends.append(default)
    return ends[0], ends[1]


def default_day(today: date, start: date, end: date) -> date:
    """The date a new payment starts from: today while the period runs, else the period's nearest end
    (a 2024 grant entered in 2026 starts from 2024-12-31, not from a day the grant knows nothing of)."""
    return min(max(today, start), end)


def outside_warning(day: date, start: date, end: date) -> str | None:
    """The sentence for a payment dated outside the period, or None: said, not refused (money may come late)."""
    if not is_outside(day, start, end):
        return None
    return (
        f"Datumet {day.isoformat()} ligger utanför redovisningsperioden {start.isoformat()} – {end.isoformat()}. "
        "Kontrollera att det är datumet då pengarna kom in."
    )


def is_outside(day: date, start: date, end: date) -> bool:
    """Whether a cost dated ``day`` falls outside the report period (and so is not counted)."""
    return day < start or day > end
