"""Every grant at a glance: the documents of a folder (and the recent ones), read-only, one line each.

Each file is opened read-only (SQLite ``mode=ro``), never with a lock file, and closed at once; a file
that cannot be read is skipped and named with the reason. The lines are sorted by the next deadline
still open, overdue first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from models.doc_agreement import agreement_of
from models.errors import Cancelled, UserError
from models.money import to_json

if TYPE_CHECKING:
    from models.catalogue.catalogue import Catalogue
    from models.tablesheet import TableSheet

SUFFIX = ".bidrag"
SHORT_LABELS = {"requisition": "Rekvisition", "report": "Redovisning", "repayment": "återbetalning"}


@dataclass(frozen=True)
class PortfolioEntry:
    path: Path
    agreement_id: str
    agreement_name: str
    recipient: str
    year: int
    allocation: Decimal
    costs: Decimal
    remaining: Decimal
    next_deadline: date | None  # the earliest deadline not yet settled by a final export
    next_deadline_label: str
    requisition_final: bool
    report_final: bool
    today: date

    @property
    def share_used(self) -> Decimal | None:
        """Costs as a share of the allocation (0.4 = 40 %), None without an allocation."""
        return (self.costs / self.allocation) if self.allocation else None

    @property
    def overdue(self) -> bool:
        return self.next_deadline is not None and self.next_deadline < self.today

    @property
    def days_left(self) -> int | None:
        return None if self.next_deadline is None else (self.next_deadline - self.today).days


@dataclass(frozen=True)
class Skipped:
    path: Path
    reason: str


@dataclass
class Portfolio:
    documents: list[PortfolioEntry] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def read_entry(path: Path, catalogue: Catalogue, today: date) -> PortfolioEntry:
    """One document's line, read-only. Raises UserError with the reason a file cannot be read."""
    from models.storage.document_file import Document
    from models.summary import compute_summary

    with Document.open(path, readonly=True) as doc:
        s = compute_summary(doc, catalogue, today)
        final = {e.form for e in doc.exports() if not e.draft}
        agreement = agreement_of(doc, catalogue)  # the document's own copy
    open_deadlines = [d for d in s.deadlines if not d.done]
    nxt = min(open_deadlines, key=lambda d: d.date, default=None)
    # the redovisning and the repayment are due the same day: "Redovisning och återbetalning"
    due = [d for d in open_deadlines if nxt is not None and d.date == nxt.date]
    label = " och ".join(SHORT_LABELS[d.key] for d in sorted(due, key=lambda d: list(SHORT_LABELS).index(d.key)))
    return PortfolioEntry(
        path=path,
        agreement_id=s.agreement_id,
        agreement_name=s.agreement_name,
        recipient=s.recipient_name,
        year=agreement.year,
        allocation=s.allocation_total,
        costs=s.costs_total,
        remaining=s.allocation_total - s.costs_total,
        next_deadline=nxt.date if nxt else None,
        next_deadline_label=label[:1].upper() + label[1:],
        requisition_final="rekvisition" in final,
        report_final="redovisning" in final,
        today=today,
    )


def folder_files(folder: Path) -> list[Path]:
    """The documents of a folder (not its subfolders), by name."""
    if not folder.is_dir():
        raise UserError(f"Mappen {folder} finns inte eller går inte att läsa; välj en annan mapp.")
    try:
        return sorted((p for p in folder.iterdir() if p.suffix.casefold() == SUFFIX), key=lambda p: p.name.casefold())
    except OSError as err:
        raise UserError(f"Mappen {folder} går inte att läsa ({err.strerror}); välj en annan mapp.") from None


def read_portfolio(
    paths: Iterable[Path],
    catalogue: Catalogue,
    *,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Portfolio:
    """Read every document of ``paths`` (each once), skipping and naming those that cannot be read."""
    today = today or date.today()
    seen: set[Path] = set()
    unique = []
    for p in paths:
        key = Path(p).resolve()
        if key not in seen:
            seen.add(key)
            unique.append(Path(p))
    result = Portfolio()
    for i, path in enumerate(unique, start=1):
        if cancel is not None and cancel():
            raise Cancelled("Läsningen avbröts.")
        try:
            result.documents.append(read_entry(path, catalogue, today))
        except UserError as err:
            result.skipped.append(Skipped(path, str(err)))
        except Exception as err:  # any damage in one file leaves the rest listed
            result.skipped.append(Skipped(path, f"{path.name} kan inte läsas ({type(err).__name__})."))
        if progress is not None:
            progress(i, len(unique))
    result.documents.sort(key=sort_key)
    return result


def sort_key(e: PortfolioEntry) -> tuple[int, date, str]:
    """Sorted by the next open deadline (overdue ones come first, as they are earliest); settled ones last."""
    return (e.next_deadline is None, e.next_deadline or date.max, e.path.name.casefold())


def portfolio_json(p: Portfolio) -> dict[str, object]:
    """``portfolio --json``: amounts as strings with two decimals, dates ISO."""
    return {
        "documents": [
            {
                "path": str(e.path),
                "agreement": e.agreement_id,
                "recipient": e.recipient,
                "year": e.year,
                "allocation": to_json(e.allocation),
                "costs": to_json(e.costs),
                "remaining": to_json(e.remaining),
                "next_deadline": e.next_deadline.isoformat() if e.next_deadline else None,
                "overdue": e.overdue,
                "requisition_final": e.requisition_final,
                "report_final": e.report_final,
            }
            for e in p.documents
        ],
        "skipped": [{"path": str(s.path), "reason": s.reason} for s in p.skipped],
    }


def portfolio_sheet(p: Portfolio, source: str) -> TableSheet:
    """The list of every redovisning as a spreadsheet, in the order shown."""
    from models.tablesheet import Column, TableSheet

    columns = [
        Column("Fil", "text", 18),
        Column("Överenskommelse", "text", 26),
        Column("Mottagare", "text", 18),
        Column("År", "count", 5),
        Column("Tilldelning", "amount", 20, total=True),
        Column("Förbrukat", "amount", 20, total=True),
        Column("Kvar", "amount", 20, total=True),
        Column("Andel förbrukad", "share", 9),
        Column("Nästa datum", "date", 12),
        Column("Avser", "text", 16),
        Column("Försenad", "text", 9),
        Column("Rekvisition slutlig", "text", 12),
        Column("Redovisning slutlig", "text", 12),
        Column("Sökväg", "text", 40, printed=False),  # the page has the file's name and the folder
    ]
    rows = [
        [
            e.path.name,
            e.agreement_name,
            e.recipient,
            e.year,
            e.allocation,
            e.costs,
            e.remaining,
            e.share_used,
            e.next_deadline,
            e.next_deadline_label,
            "ja" if e.overdue else "",
            "ja" if e.requisition_final else "nej",
            "ja" if e.report_final else "nej",
            str(e.path),
        ]
        for e in p.documents
    ]
    notes = [f"Kunde inte läsas: {s.path.name}: {s.reason}" for s in p.skipped]
    return TableSheet("Alla redovisningar", source, columns, rows, notes)
