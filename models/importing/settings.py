"""What an import is asked to do (``ImportOptions`` from the command line, ``ImportRequest`` from either the window or
the command line), the settings it takes from the document, and its report."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from models.doc_agreement import report_period
from models.document import CostRow, ImportBatch
from models.errors import UserError
from models.importing.ledger import RawLedger
from models.importing.mapping import (
    Filters,
    Mapping,
    Rule,
    auto_mapping,
    default_rules,
    parse_accounts,
    parse_object_filter,
)
from models.importing.plan import ImportPlan
from models.importing.profiles import Profile, load_profile, read_profile_file
from models.importing.values import CellError, parse_date_text
from models.money import from_ore, to_json

if TYPE_CHECKING:
    from models.catalogue.catalogue import Catalogue
    from models.storage.document_file import Document


@dataclass
class ImportReport:
    imported: int
    duplicates: int
    rejected: int
    filtered_out: int
    total: Decimal
    plan: ImportPlan
    batch: ImportBatch | None = None
    dry_run: bool = False
    format: str = ""
    listed: int = 0  # rows found to be duplicates, the ones imported anyway included


def check_targets(doc: Document, plan: ImportPlan) -> None:
    streams = set(doc.allocation())
    categories = set(doc.categories())
    # The plan's sums per (category, stream) name every pair its rows use (``summarize``); should they ever
    # not, the document refuses the rows anyway (``add_cost_rows`` checks each chunk).
    for stream in sorted({s for _c, s in plan.by_pair} - streams):
        raise UserError(
            f"Strömmen ”{stream}” finns inte i dokumentet; ändra regeln eller välj en av: {', '.join(sorted(streams))}."
        )
    for category in sorted({c for c, _s in plan.by_pair} - categories):
        raise UserError(
            f"Kostnadsslaget ”{category}” finns inte i dokumentet; ändra regeln eller lägg till kostnadsslaget."
        )


def _as_date(value: date | str | None, what: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return parse_date_text(value)
    except CellError:
        raise UserError(f"{what} ”{value}” är inget datum; skriv till exempel 2024-01-31.") from None


@dataclass
class ImportSettings:
    """How a ledger's rows become costs of a document: the command line's choices over the document's defaults."""

    mapping: Mapping
    filters: Filters
    rules: list[Rule]
    default_stream: str
    default_category: str


def profile_of(profile: str | None, mapping_file: str | Path | None) -> Profile | None:
    if profile and mapping_file:
        raise UserError("Ange antingen en profil eller en mappningsfil, inte båda.")
    if profile:
        return load_profile(profile)
    if mapping_file:
        return read_profile_file(mapping_file)
    return None


def import_defaults(doc: Document, headers: list[str], prof: Profile | None, catalogue: Catalogue) -> ImportSettings:
    """The mapping, filters and rules for a ledger with ``headers``: the profile's, else found from the headings
    and the document (its report period, categories and streams). The window shows these in its import
    dialog; the command line puts its options over them (``import_settings``)."""
    mapping: Mapping = prof.mapping if prof and prof.mapping.date else auto_mapping(headers)
    filters = copy.deepcopy(prof.filters) if prof else Filters()
    start, end = report_period(doc, catalogue)
    filters.date_from = filters.date_from or start
    filters.date_to = filters.date_to or end
    categories = doc.categories()
    rules: list[Rule] = list(prof.rules) if prof and prof.rules else default_rules(categories)
    streams = list(doc.allocation())
    if not streams:
        raise UserError("Dokumentet har inga strömmar att bokföra kostnader på; lägg in tilldelningen först.")
    default_category = "Övrigt" if "Övrigt" in categories else categories[-1]
    return ImportSettings(mapping, filters, rules, streams[0], default_category)


@dataclass
class ImportOptions:
    """The command line's choices for an import; each left out (None) is the profile's or the document's."""

    profile: str | None = None  # a saved profile's name
    mapping_file: str | Path | None = None  # a profile as a file
    sheet: str | None = None
    object_filter: str | None = None  # "6:GNV24", "Projekt=GNV24"
    accounts: str | None = None  # "4000-7999"; "" takes every account
    date_from: date | str | None = None
    date_to: date | str | None = None
    include_duplicates: str | None = None  # "all", "1,3-5": numbers in the listing of duplicates


@dataclass
class ImportRequest:
    """One import as the window and the command line both ask for it (``models.importing.stream.import_ledger``):
    the ledger read, how its rows become costs, the name the import is recorded under, and the duplicates to
    import anyway ("all", "1,3-5": their numbers in the listing, from 1)."""

    raw: RawLedger
    settings: ImportSettings
    file: str
    include_duplicates: str | None = None


def import_settings(
    doc: Document, raw: RawLedger, prof: Profile | None, options: ImportOptions, catalogue: Catalogue | None = None
) -> ImportSettings:
    """``import_defaults`` with the command line's options over them (``catalogue``: the full catalogue when
    not given)."""
    if catalogue is None:
        from models.catalogue.user import load_full_catalogue

        catalogue = load_full_catalogue()
    s = import_defaults(doc, raw.headers, prof, catalogue)
    if options.accounts is not None:
        s.filters.accounts = parse_accounts(options.accounts)
    if options.object_filter:
        s.filters.objects = [parse_object_filter(options.object_filter)]
    s.filters.date_from = _as_date(options.date_from, "Från-datumet") or s.filters.date_from
    s.filters.date_to = _as_date(options.date_to, "Till-datumet") or s.filters.date_to
    return s


def duplicate_json(number: int, r: CostRow) -> dict[str, object]:
    """One row the import calls a duplicate, as ``--json`` lists it (``number`` picks it for
    ``--include-duplicates``)."""
    return {
        "number": number,
        "date": r.date,
        "amount": to_json(from_ore(r.ore)),
        "account": r.account,
        "text": r.text,
        "voucher": r.voucher,
        "source": r.source,
    }


def import_report_json(report: ImportReport) -> dict[str, object]:
    """The report for ``--json``: amounts as strings with two decimals."""
    plan = report.plan
    return {
        "file": plan.file_name,
        "format": report.format,
        "dry_run": report.dry_run,
        "import_id": report.batch.id if report.batch else None,
        "imported": report.imported,
        "duplicates": report.duplicates,
        "rejected": report.rejected,
        "filtered_out": report.filtered_out,
        "total": to_json(report.total),
        "by_category": {k: to_json(v) for k, v in plan.by_category.items()},
        "by_stream": {k: to_json(v) for k, v in plan.by_stream.items()},
        "duplicate_rows": [duplicate_json(i, r) for i, r in enumerate(plan.duplicate_rows, 1)],
        "rejects": [{"row": r.row, "column": r.column, "value": r.value, "reason": r.reason} for r in plan.rejects],
    }
