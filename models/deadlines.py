"""The deadlines of a redovisning and what settles each: one rule for the overview's cards, ``summary`` and the
portfolio. No Qt.

The rekvisition and the ekonomisk redovisning are settled by their final export. The repayment is its own duty
(repay to Kammarkollegiet by 31 March what was not used): it is settled by a recorded repayment that covers what
is left, or by there being nothing to repay once the report period has ended.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from models.money import format_sek
from models.storage.agreement import Repayment

LABELS = {
    "requisition": "Rekvisition",
    "repayment": "Återbetalning av medel som inte har förbrukats",
    "report": "Ekonomisk redovisning",
}
# The form whose final export settles a deadline; the repayment is settled by the repayment itself.
SETTLED_BY_EXPORT = {"requisition": "rekvisition", "report": "redovisning"}


@dataclass(frozen=True)
class Deadline:
    key: str  # requisition | repayment | report
    label: str  # Swedish: "Rekvisition", "Återbetalning …", "Ekonomisk redovisning"
    date: date
    days_left: int  # negative when passed
    done: bool = False  # settled: by a final export, or (the repayment) repaid or nothing to repay
    settled: str = ""  # how it was settled, in Swedish: "slutlig version exporterad", "återbetalt 2025-03-20" …
    missing: str = "inte exporterat"  # what is missing while it is not settled, said once it has passed


def repayment_state(
    received: Decimal, unspent: Decimal, repayment: Repayment | None, period_end: date, today: date
) -> tuple[bool, str, str]:
    """(done, settled, missing) of the repayment deadline: what is left to repay against what was repaid.

    Nothing to repay settles it only once the report period has ended (costs may still come) and money has been
    received: with no payment recorded the program cannot tell, and says so."""
    paid = repayment.amount if repayment is not None else Decimal("0.00")
    if repayment is not None and paid >= unspent:
        return True, f"återbetalt {repayment.date}", ""
    if repayment is not None:
        return False, "", f"{format_sek(unspent - paid)} återstår att återbetala"
    if received == 0:
        return False, "", "ingen utbetalning registrerad"
    if unspent == 0 and today > period_end:
        return True, "inget att återbetala", ""
    return False, "", "inte återbetalat"


def deadlines(
    agreement_deadlines: dict[str, date],
    no_requisition: bool,
    final_forms: set[str],
    repayment: tuple[bool, str, str],
    today: date,
) -> list[Deadline]:
    """The document's deadlines by date, each settled or not (``repayment``: ``repayment_state``'s answer)."""
    out = []
    for key, when in sorted(agreement_deadlines.items(), key=lambda kv: kv[1]):
        if key == "requisition" and no_requisition:  # paid on a decision: no rekvisition
            continue
        if key == "repayment":
            done, settled, missing = repayment
        else:
            done = SETTLED_BY_EXPORT[key] in final_forms
            settled, missing = ("slutlig version exporterad", "") if done else ("", "inte exporterat")
        out.append(Deadline(key, LABELS[key], when, (when - today).days, done, settled, missing))
    return out


def days_text(days: int) -> str:
    """'i dag', 'i morgon', 'om 12 dagar', 'passerat för 3 dagar sedan'."""
    if days == 0:
        return "i dag"
    if days == 1:
        return "i morgon"
    if days > 0:
        return f"om {days} dagar"
    return f"passerat för {-days} {'dag' if days == -1 else 'dagar'} sedan"


def deadline_text(deadline: Deadline) -> str:
    """What a deadline says beside its date: the days left and how it was settled, or that it passed unsettled
    ('passerat – inte exporterat', 'passerat – inte återbetalat')."""
    if deadline.done:
        return f"{days_text(deadline.days_left)} – {deadline.settled}"
    if deadline.days_left < 0:
        return f"passerat – {deadline.missing}"
    return days_text(deadline.days_left)
