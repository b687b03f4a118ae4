"""Every import, the window's and the command line's: a ledger prepared and stored a part at a time, inside one
write transaction (``import_ledger``); a dry run the same way, storing nothing (the window's summary,
``import --dry-run``).

A million-row ledger held as one plan (every row a tuple of eleven values, its source text and key) took
more memory than the file itself several times over. Here the rows read from the file are cut into parts
(``PART`` rows each), and each part is mapped, filtered, checked for duplicates and written before the next
is prepared, so only one part's rows exist at a time. All parts go into one import, in one ``BEGIN
IMMEDIATE`` transaction: the duplicate decision reads the document inside it (a colleague's import of the
same ledger, committed a moment before, is seen), and a refusal or a cancel anywhere leaves the document as
it was. The rows of one identity are counted across the parts (``Existing.seen``), so the result is the one
a single plan of the whole file would give (tested against it).

The window shows a dry run's summary before it imports. The import then compares what it found with that
summary (``ImportPlan.fingerprint``, inside its transaction): had another process imported or edited costs
in between so that other rows are now duplicates, nothing is stored and ``SummaryChanged`` says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from hashlib import blake2b
from pathlib import Path
from typing import TYPE_CHECKING

from models.document import CostRow, ImportBatch
from models.duplicates import Held, parse_choice
from models.errors import UserError
from models.importing.ledger import RawLedger, read_ledger
from models.importing.pipeline import prepare_import
from models.importing.plan import ImportPlan, RowSpool, set_sums, summarize
from models.importing.settings import (
    ImportOptions,
    ImportReport,
    ImportRequest,
    check_targets,
    import_settings,
    profile_of,
)
from models.money import from_ore
from models.system.gcpause import gc_paused
from models.system.paths import shown_name

if TYPE_CHECKING:
    from models.catalogue.catalogue import Catalogue
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


class SummaryChanged(UserError):
    """The document changed between the summary the user saw and the import: nothing was imported."""


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
        request: ImportRequest,
        existing: Held,
        cancel: Callable[[], bool] | None,
        progress: Callable[[int], None] | None = None,
        dry_run: bool = False,
    ) -> None:
        self.doc, self.raw, self.settings, self.cancel = doc, request.raw, request.settings, cancel
        self.choice = _Choice(request.include_duplicates)
        self.progress = progress  # rows of the file read (a dry run's; an import's progress is add_cost_rows')
        raw = request.raw
        self.existing = existing  # asked a part at a time, in file order
        self.plan = ImportPlan(file_name=raw.file_name, based_on=existing.state, duplicate_rows=RowSpool())
        self.imported = 0
        self.listed = 0  # duplicates found so far, the ones taken anyway included
        self.forced = 0  # duplicates taken anyway
        self.dry_run = dry_run
        self._by_pair: dict[tuple[str, str], Decimal] = {}
        self._duplicate_ore = 0
        self._digest = blake2b(digest_size=16)

    def __len__(self) -> int:  # at most this many rows (add_cost_rows sizes its index rebuild by it)
        return len(self.raw)

    def __iter__(self) -> Iterator[CostRow]:
        done = 0
        for part in ledger_parts(self.raw, PART):
            rows = self._prepare(part, done)
            done += len(part)
            self.imported += len(rows)
            yield from rows
        self.choice.check(self.listed)
        self._finish()

    def _prepare(self, part: RawLedger, done: int) -> list[CostRow]:
        s, plan, progress = self.settings, self.plan, self.progress
        got = prepare_import(
            part,
            s.mapping,
            s.filters,
            s.rules,
            default_stream=s.default_stream,
            default_category=s.default_category,
            existing=self.existing,
            progress=None if progress is None else lambda n: progress(done + n),
            cancel=self.cancel,
        )
        first = self.listed  # the number in the whole file's listing of this part's first duplicate
        self.listed += len(got.duplicate_rows)
        self._digest.update("\x1e".join(map(tuple.__repr__, got.duplicate_rows)).encode() + b"\x1d")
        picked: set[int] = set()
        if self.choice.text:
            numbers = self.choice.numbers
            picked = set(range(len(got.duplicate_rows))) if numbers is None else {i - first for i in numbers}
            forced = [r for i, r in enumerate(got.duplicate_rows) if i in picked]
            got.rows.extend(forced)
            self.forced += len(forced)
        left = [r for i, r in enumerate(got.duplicate_rows) if i not in picked]
        plan.duplicate_rows.extend(left)
        self._duplicate_ore += sum(r.ore for r in left)
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
        plan.duplicate_total = from_ore(self._duplicate_ore)
        plan.fingerprint = self._digest.hexdigest()
        set_sums(plan, dict(self._by_pair))

    def outcome(self) -> tuple[object, ...]:
        """What decides which rows are imported, the duplicates taken anyway left out (``ImportReport.outcome``)."""
        plan = self.plan
        return self.imported - self.forced, self.listed, plan.fingerprint, plan.filtered_out, len(plan.rejects)


def _outcome(report: ImportReport) -> tuple[object, ...]:
    plan = report.plan
    forced = report.listed - plan.duplicates
    return report.imported - forced, report.listed, plan.fingerprint, plan.filtered_out, len(plan.rejects)


@gc_paused()
def import_ledger(
    doc: Document,
    request: ImportRequest,
    *,
    dry_run: bool = False,
    expect: ImportReport | None = None,
    progress: Callable[[int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> ImportReport:
    """Import ``request``'s ledger into ``doc`` a part at a time, in one transaction; or, with ``dry_run``,
    say what it would do and store nothing (``progress``: rows read for a dry run, rows stored for an import).
    ``expect``: the dry run the user saw. Should the import find other duplicates than it did (the document
    changed meanwhile), nothing is stored and ``SummaryChanged`` is raised."""
    batch: ImportBatch | None = None
    if dry_run:
        with doc.costs.held_identities() as held:
            rows = _Streamed(doc, request, held, cancel, progress, dry_run=True)
            for _row in rows:
                pass
    else:
        try:
            with doc.transaction(), doc.costs.held_identities() as held:
                # Decided inside the write transaction: the document as it is now (another import of the
                # same ledger, here or by a colleague, may have committed a moment ago).
                rows = _Streamed(doc, request, held, cancel)
                batch = doc.costs.add_cost_rows(rows, file=request.file, progress=progress, cancel=cancel)
                if expect is not None and rows.outcome() != _outcome(expect):
                    raise SummaryChanged(
                        "Redovisningen har ändrats sedan sammanfattningen visades (någon annan har importerat "
                        "eller ändrat kostnader), så andra rader är nu dubbletter; ingenting importerades. "
                        "Se den nya sammanfattningen och välj Importera igen."
                    )
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
        format=request.raw.format,
        listed=rows.listed,
    )


def import_request(
    doc: Document, ledger_path: str | Path, options: ImportOptions | None = None, catalogue: Catalogue | None = None
) -> ImportRequest:
    """Read a ledger and ask for its import into ``doc`` with ``options`` (the command line's) over the document's
    defaults."""
    options = options or ImportOptions()
    prof = profile_of(options.profile, options.mapping_file)
    _Choice(options.include_duplicates)  # a malformed choice is refused before anything is read
    raw = read_ledger(ledger_path, sheet=options.sheet)
    settings = import_settings(doc, raw, prof, options, catalogue)
    return ImportRequest(raw, settings, shown_name(Path(ledger_path)), options.include_duplicates)


def run_import(
    doc_path: str | Path,
    ledger_path: str | Path,
    options: ImportOptions | None = None,
    *,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> ImportReport:
    """The command line's ``import``: open the document, read the ledger, and ``import_ledger`` it with
    ``options`` over the document's defaults."""
    from models.storage.document_file import Document

    options = options or ImportOptions()
    profile_of(options.profile, options.mapping_file)  # a missing profile is named before the document is opened
    _Choice(options.include_duplicates)
    with Document.open(doc_path) as doc:
        # The ledger is read before the document is locked for writing.
        request = import_request(doc, ledger_path, options)
        return import_ledger(doc, request, dry_run=dry_run, progress=progress, cancel=cancel)
