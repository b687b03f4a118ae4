"""The "Prognos" export: the plan, the variance and the forecast of one document as plain data.

``build_prognos`` computes nothing new: it takes ``models.forecast.plan_status`` and the names the
pages print. ``exporters/prognos_xlsx.py`` and ``exporters/prognos_pdf.py`` only lay it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from models.doc_agreement import agreement_of
from models.forecast import PlanStatus, month_label, plan_status
from models.money import ZERO

if TYPE_CHECKING:
    from models.catalogue.catalogue import Catalogue
    from models.storage.document_file import Document


@dataclass(frozen=True)
class Prognos:
    recipient: str
    agreement: str
    status: PlanStatus

    @property
    def title(self) -> str:
        return f"Prognos per {self.status.as_of}"

    @property
    def subtitle(self) -> str:
        start, end = self.status.period
        return f"{self.recipient} · {self.agreement} · redovisningsperiod {start} – {end}"

    @property
    def month_labels(self) -> list[str]:
        return [month_label(m) for m in self.status.months]

    @property
    def last_complete(self) -> str:
        s = self.status
        return month_label(s.months[s.complete - 1]) if s.complete else "ingen hel månad ännu"

    def plan_rows(self) -> list[tuple[str, str, list[Decimal | None]]]:
        return [
            (v.activity.name, v.activity.stream, [v.planned.get(m) for m in self.status.months])
            for v in self.status.activities
        ]

    def actual_rows(self) -> list[tuple[str, str, list[Decimal]]]:
        """Actual costs per activity and month, then the costs of each stream that are in no activity."""
        s = self.status
        rows = [(v.activity.name, v.activity.stream, [v.actual.get(m, ZERO) for m in s.months]) for v in s.activities]
        assigned = {
            st.stream: [
                sum((v.actual.get(m, ZERO) for v in s.activities if v.activity.stream == st.stream), ZERO)
                for m in s.months
            ]
            for st in s.streams
        }
        for st in s.streams:
            rest = [f.actual - a for f, a in zip(st.months, assigned[st.stream], strict=True)]
            if any(rest):
                rows.append(("Utan aktivitet", st.stream, rest))
        return rows

    def forecast_rows(self) -> list[tuple[str, list[Decimal]]]:
        return [(f.stream, [m.forecast for m in f.months]) for f in self.status.streams]


def build_prognos(doc: Document, catalogue: Catalogue, as_of: date | None = None) -> Prognos:
    doc.refuse_unchecked()  # an export: never before the check of the costs has passed
    agreement = agreement_of(doc, catalogue)  # the document's own copy of its agreement
    name = doc.field("recipient_name") or catalogue.recipient(doc.recipient_id).name
    return Prognos(name, doc.field("agreement_name") or agreement.name, plan_status(doc, catalogue, as_of))


def cumulative_series(status: PlanStatus) -> dict[str, list[tuple[int, Decimal]]]:
    """The chart's points (month number 0…n, cumulative kronor): actual to date, the plan, the forecast
    from the last complete month on, and the line it is held against. The window and the PDF draw these."""
    n = len(status.months)
    actual, plan, forecast = [(0, ZERO)], [(0, ZERO)], []
    spent = planned = ZERO
    for i in range(n):
        planned += sum((s.months[i].planned or ZERO for s in status.streams), ZERO)
        plan.append((i + 1, planned))
        if i < status.complete:
            spent += sum((s.months[i].actual for s in status.streams), ZERO)
            actual.append((i + 1, spent))
    if status.complete < n:
        total = spent
        forecast.append((status.complete, total))
        for i in range(status.complete, n):
            total += sum((s.months[i].forecast for s in status.streams), ZERO)
            forecast.append((i + 1, total))
    return {"actual": actual, "plan": plan, "forecast": forecast, "allocation": [(0, status.base), (n, status.base)]}
