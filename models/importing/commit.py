"""Putting a prepared import into a document (the window's), and the settings an import takes from the document."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from models.doc_agreement import report_period
from models.document import CostRow, ImportBatch
from models.duplicates import Existing, recount
from models.errors import UserError
from models.importing.ledger import RawLedger, read_ledger
from models.importing.mapping import (
    Filters,
    Mapping,
    Rule,
    auto_mapping,
    default_rules,
    parse_accounts,
    parse_object_filter,
)
from models.importing.pipeline import prepare_import
from models.importing.plan import ImportPlan, summarize
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


def commit_import(
    doc: Document,
    plan: ImportPlan,
    *,
    file: str,
    progress: Callable[[int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    unchanged_since: Existing | None = None,
) -> ImportBatch:
    """Add the plan's costs to the document as one import, in one transaction.

    The duplicate decision is made inside the import's write transaction (``BEGIN IMMEDIATE``): rows
    that reached the document since the plan was made (say, the same file imported twice at once, from
    two processes) are dropped again, so the second import stores nothing. A caller that planned
    against ``unchanged_since`` (the document's identities) skips the second read when the document
    says nothing has been written since they were read (``doc.costs.identities_current``).
    """
    plan.rows, marked = doc.transfers.mark_transfer_rows(plan.rows)
    if not marked:
        return _commit(doc, plan, file, progress, cancel, unchanged_since)
    # The RSS's rules (account or object → municipality) made some rows onward payments: their category is
    # added in the same transaction as the rows.
    summarize(plan)
    with doc.transaction():
        doc.transfers.ensure_transfer_category()
        return _commit(doc, plan, file, progress, cancel, unchanged_since)


def _commit(
    doc: Document,
    plan: ImportPlan,
    file: str,
    progress: Callable[[int], None] | None,
    cancel: Callable[[], bool] | None,
    unchanged_since: Existing | None,
) -> ImportBatch:
    check_targets(doc, plan)
    with doc.transaction():
        # Decided inside the write transaction: the document as it is now, not as it was when the plan was
        # made (another import of the same ledger, here or by a colleague, may have committed meanwhile).
        if unchanged_since is None or not doc.costs.identities_current():
            now: Existing = doc.costs.cost_identities()
            if now.state != plan.based_on or not plan.based_on:
                _recount(plan, now)
        return doc.costs.add_cost_rows(plan.rows, file=file, progress=progress, cancel=cancel)


def _recount(plan: ImportPlan, now: Existing) -> None:
    """Split the plan's rows again against the document as it is now. The duplicates the user chose to
    import anyway stay chosen."""
    forced = {id(r) for r in plan.forced}
    ordinary = [r for r in plan.duplicate_rows + plan.rows if id(r) not in forced]
    keyed = [r for r in ordinary if r.key in now.keys]
    fresh, dups = recount([r for r in ordinary if r.key not in now.keys], [], now.counts)
    if len(fresh) + len(plan.forced) != len(plan.rows):
        plan.rows, plan.duplicate_rows = fresh + plan.forced, dups + keyed
        plan.duplicates = len(plan.duplicate_rows)
        summarize(plan)
    plan.based_on = now.state


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


def import_settings(
    doc: Document,
    raw: RawLedger,
    prof: Profile | None,
    *,
    object_filter: str | None = None,
    accounts: str | None = None,
    date_from: date | str | None = None,
    date_to: date | str | None = None,
    catalogue: Catalogue | None = None,
) -> ImportSettings:
    """``import_defaults`` with the command line's options over them (``catalogue``: the full catalogue when
    not given)."""
    if catalogue is None:
        from models.catalogue.user import load_full_catalogue

        catalogue = load_full_catalogue()
    s = import_defaults(doc, raw.headers, prof, catalogue)
    if accounts is not None:
        s.filters.accounts = parse_accounts(accounts)
    if object_filter:
        s.filters.objects = [parse_object_filter(object_filter)]
    s.filters.date_from = _as_date(date_from, "Från-datumet") or s.filters.date_from
    s.filters.date_to = _as_date(date_to, "Till-datumet") or s.filters.date_to
    return s


def plan_for_document(
    doc: Document,
    ledger_path: str | Path,
    *,
    profile: str | None = None,
    mapping_file: str | Path | None = None,
    sheet: str | None = None,
    object_filter: str | None = None,
    accounts: str | None = None,
    date_from: date | str | None = None,
    date_to: date | str | None = None,
    progress: Callable[[int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    existing: Existing | None = None,
) -> tuple[ImportPlan, str]:
    """Read a ledger and prepare its import into ``doc`` with the command line's choices
    (``existing``: the document's ``cost_identities()`` when the caller has them already)."""
    prof = profile_of(profile, mapping_file)
    raw = read_ledger(ledger_path, sheet=sheet)
    s = import_settings(
        doc, raw, prof, object_filter=object_filter, accounts=accounts, date_from=date_from, date_to=date_to
    )
    plan = prepare_import(
        raw,
        s.mapping,
        s.filters,
        s.rules,
        default_stream=s.default_stream,
        default_category=s.default_category,
        existing=doc.costs.cost_identities() if existing is None else existing,
        progress=progress,
        cancel=cancel,
    )
    return plan, raw.format


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
