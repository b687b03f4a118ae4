"""The command line's import: a ledger prepared and stored a part at a time, inside one write transaction.

A million-row ledger held as one plan (every row a tuple of eleven values, its source text and key) took
more memory than the file itself several times over. Here the rows read from the file are cut into parts
(``PART`` rows each), and each part is mapped, filtered, checked for duplicates and written before the next
is prepared, so only one part's rows exist at a time. All parts go into one import, in one ``BEGIN
IMMEDIATE`` transaction: the duplicate decision reads the document inside it (a colleague's import of the
same ledger, committed a moment before, is seen), and a refusal or a cancel anywhere leaves the document as
it was. The rows of one identity are counted across the parts (``Existing.seen``), so the result is the one
a single plan of the whole file would give (tested against it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from models.document import CostRow, ImportBatch
from models.duplicates import Existing, parse_choice
from models.importing.commit import ImportReport, ImportSettings, check_targets, import_settings, profile_of
from models.importing.ledger import RawLedger, read_ledger
from models.importing.pipeline import prepare_import
from models.importing.plan import ImportPlan, set_sums, summarize
from models.storage.sourcekeys import holds_table_keys
from models.system.gcpause import gc_paused
from models.system.paths import shown_name

if TYPE_CHECKING:
    from models.storage.document_file import Document

PART = 100_000  # rows of the file per part


def ledger_parts(raw: RawLedger, size: int = PART) -> Iterator[RawLedger]:
    """``raw`` cut into ledgers of at most ``size`` rows, in file order, each numbering its rows as the file
    does (a SIE file's rejected lines come with the first part)."""
    n = len(raw)
    if n <= size:
        yield raw
        return
    sie = raw.sie
    for start in range(0, n, size):
        stop = start + size
        if sie is not None:
            part = sie.transactions[start:stop]
            yield replace(raw, sie=replace(sie, transactions=part, rejects=sie.rejects if start == 0 else []))
        else:
            yield replace(raw, cells=raw.cells[start:stop], first_row=raw.first_row + start)


class _NothingNew(Exception):
    """Every row was a duplicate, filtered or refused: the transaction is rolled back, no empty import kept."""


@dataclass
class _Choice:
    """The duplicates to import anyway, by their numbers in the whole file's listing (from 1)."""

    text: str | None
    numbers: set[int] | None = None  # 0-based; None: all

    def __post_init__(self) -> None:
        if self.text and self.text.replace(" ", "").lower() not in ("all", "alla"):
            self.numbers = set(parse_choice(self.text, 10**12))

    def check(self, found: int) -> None:
        """Refuse numbers past the duplicates the file turned out to have, with ``parse_choice``'s sentence."""
        if self.text and (found == 0 or (self.numbers and max(self.numbers) >= found)):
            parse_choice(self.text, found)


class _Streamed:
    """The rows of a ledger's parts as ``add_cost_rows`` takes them, prepared one part at a time while it
    reads; the summary, duplicates and rejects of every part are gathered in ``plan`` (without its rows)."""

    def __init__(
        self,
        doc: Document,
        raw: RawLedger,
        settings: ImportSettings,
        existing: Existing,
        choice: _Choice,
        cancel: Callable[[], bool] | None,
        dry_run: bool = False,
    ) -> None:
        self.doc, self.raw, self.settings, self.choice, self.cancel = doc, raw, settings, choice, cancel
        # A document holding the source keys of spreadsheet rows (models.storage.sourcekeys) numbers a file's identical
        # rows across the whole file: such a file is prepared as one part.
        whole = raw.kind != "sie" and holds_table_keys(existing.keys)
        self.size = max(len(raw), 1) if whole else PART
        self.existing = existing._replace(seen={})
        self.plan = ImportPlan(file_name=raw.file_name, based_on=existing.state)
        self.imported = 0
        self.listed = 0  # duplicates found so far, the ones taken anyway included
        self.dry_run = dry_run
        self._by_pair: dict[tuple[str, str], Decimal] = {}

    def __len__(self) -> int:  # at most this many rows (add_cost_rows sizes its index rebuild by it)
        return len(self.raw)

    def __iter__(self) -> Iterator[CostRow]:
        for part in ledger_parts(self.raw, self.size):
            rows = self._prepare(part)
            self.imported += len(rows)
            yield from rows
        self.choice.check(self.listed)
        self._finish()

    def _prepare(self, part: RawLedger) -> list[CostRow]:
        s, plan = self.settings, self.plan
        got = prepare_import(
            part,
            s.mapping,
            s.filters,
            s.rules,
            default_stream=s.default_stream,
            default_category=s.default_category,
            existing=self.existing,
            cancel=self.cancel,
        )
        first = self.listed  # the number in the whole file's listing of this part's first duplicate
        self.listed += len(got.duplicate_rows)
        picked: set[int] = set()
        if self.choice.text:
            numbers = self.choice.numbers
            picked = set(range(len(got.duplicate_rows))) if numbers is None else {i - first for i in numbers}
            forced = [r for i, r in enumerate(got.duplicate_rows) if i in picked]
            got.rows.extend(forced)
            plan.forced.extend(forced)
        plan.duplicate_rows.extend(r for i, r in enumerate(got.duplicate_rows) if i not in picked)
        if not self.dry_run:  # the RSS's rules (account or object → municipality) make some rows onward payments
            got.rows, marked = self.doc.transfers.mark_transfer_rows(got.rows)
            if marked:
                self.doc.transfers.ensure_transfer_category()
        summarize(got)
        check_targets(self.doc, got)
        plan.rejects.extend(got.rejects)
        plan.filtered_out += got.filtered_out
        for pair, amount in got.by_pair.items():
            self._by_pair[pair] = self._by_pair.get(pair, Decimal("0.00")) + amount
        return got.rows

    def _finish(self) -> None:
        """The plan's sums over every part; its duplicates the ones not taken."""
        plan = self.plan
        plan.duplicates = len(plan.duplicate_rows)
        set_sums(plan, dict(self._by_pair))


@gc_paused()
def run_import(
    doc_path: str | Path,
    ledger_path: str | Path,
    *,
    profile: str | None = None,
    mapping_file: str | Path | None = None,
    sheet: str | None = None,
    object_filter: str | None = None,
    accounts: str | None = None,
    date_from: date | str | None = None,
    date_to: date | str | None = None,
    dry_run: bool = False,
    include_duplicates: str | None = None,
    progress: Callable[[int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> ImportReport:
    """The command line's ``import``: read, map, filter, and (unless ``dry_run``) store, a part at a time.
    ``include_duplicates`` ("all", "1,3-5": numbers in the listing of duplicates) imports those anyway."""
    from models.storage.document_file import Document

    prof = profile_of(profile, mapping_file)
    choice = _Choice(include_duplicates)
    with Document.open(doc_path) as doc:
        raw = read_ledger(ledger_path, sheet=sheet)  # read before the document is locked for writing
        settings = import_settings(
            doc, raw, prof, object_filter=object_filter, accounts=accounts, date_from=date_from, date_to=date_to
        )
        batch: ImportBatch | None = None
        if dry_run:
            rows = _Streamed(doc, raw, settings, doc.costs.cost_identities(), choice, cancel, dry_run=True)
            for _row in rows:
                pass
        else:
            try:
                with doc.transaction():
                    # Decided inside the write transaction: the document as it is now (another import of the
                    # same ledger, here or by a colleague, may have committed a moment ago).
                    rows = _Streamed(doc, raw, settings, doc.costs.cost_identities(), choice, cancel)
                    name = shown_name(Path(ledger_path))
                    batch = doc.costs.add_cost_rows(rows, file=name, progress=progress, cancel=cancel)
                    if not batch.added:
                        raise _NothingNew
            except _NothingNew:
                batch = None
    plan = rows.plan
    done = batch is not None or dry_run
    return ImportReport(
        imported=rows.imported if done else 0,
        duplicates=plan.duplicates,
        rejected=len(plan.rejects),
        filtered_out=plan.filtered_out,
        total=plan.total if done else Decimal("0.00"),
        plan=plan,
        batch=batch,
        dry_run=dry_run,
        format=raw.format,
    )
