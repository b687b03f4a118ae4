"""Plain data of a redovisning document. Storage lives in models/storage/document_file.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple

DEFAULT_CATEGORIES: tuple[str, ...] = (
    "Personal",
    "Kompetenshöjande insatser",
    "IT och infrastruktur",
    "Köpta tjänster",
    "Lokaler",
    "Övrigt",
)


@dataclass
class Cost:
    """One cost row. ``source`` says where it came from, in words the finance chief can follow."""

    date: date
    amount: Decimal
    stream: str
    category: str
    text: str = ""
    voucher: str = ""
    supplier: str = ""
    account: str = ""
    object: str = ""
    source: str = ""
    source_key: str = ""
    import_id: int | None = None
    id: int | None = None
    activity_id: int | None = None  # the activity it belongs to (models/storage/activities.py); None: not assigned


class CostRow(NamedTuple):
    """A cost as an import makes it and ``add_cost_rows`` stores it: in the order of the columns, the
    date as ISO text and the amount in öre (a tuple, so 100 000 of them are cheap to build and store)."""

    date: str
    ore: int
    stream: str
    category: str
    text: str = ""
    voucher: str = ""
    supplier: str = ""
    account: str = ""
    object: str = ""
    source: str = ""
    key: str = ""  # the source key (``Cost.source_key``)


@dataclass
class Payment:
    date: date
    amount: Decimal
    note: str = ""
    id: int | None = None


@dataclass
class HistoryEntry:
    time: datetime
    user: str
    action: str
    what: str
    old: str
    new: str
    id: int | None = None


@dataclass
class ExportRecord:
    time: datetime
    user: str
    form: str
    fingerprint: str
    formats: str
    draft: bool
    id: int | None = None


@dataclass
class CostFilter:
    """What the Kostnader view shows. Empty values filter nothing."""

    text: str = ""
    stream: str = ""
    category: str = ""
    date_from: date | None = None
    date_to: date | None = None
    import_id: int | None = None
    activity_id: int | None = None  # an activity's id, or NO_ACTIVITY: the costs in no activity


NO_ACTIVITY = 0  # CostFilter.activity_id of the costs without an activity (SQLite ids start at 1)


@dataclass
class ImportBatch:
    """What an import added, so it can be undone in one step."""

    id: int
    file: str
    added: int
    total: Decimal
    cost_ids: list[int] = field(default_factory=list)
