"""Export one document's Bilaga 1: build the report, check it, render, write atomically, record.

The command line (``main.py export``) and the window call this same function.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from exporters.atomic import write_all_atomic
from models.errors import DocumentError, UserError
from models.fingerprint import WITH_LEDGER, fingerprint
from models.report import FORMS, Report, build_report, has_requisition

if TYPE_CHECKING:
    from models.catalogue.catalogue import Catalogue
    from models.storage.document_file import Document

log = logging.getLogger("bidragskollen.export")

Progress = Callable[[int, str], None]  # percent done, what is happening (Swedish)

NOT_RECORDED_READONLY = (
    "Exporten kunde inte antecknas i redovisningens historik eftersom redovisningen är öppnad skrivskyddad."
)
NOT_RECORDED_WRITE_PROTECTED = (
    "Exporten kunde inte antecknas i redovisningens historik eftersom redovisningsfilen är skrivskyddad."
)


class ExportRefused(UserError):
    """A final export with missing or invalid required fields."""

    def __init__(self, problems: list[str], form: str) -> None:
        self.problems = problems
        what = "rekvisitionen" if form == "rekvisition" else "den ekonomiska redovisningen"
        listing = " ".join(problems)
        super().__init__(
            f"Den slutliga versionen av {what} kan inte exporteras förrän detta är rättat: {listing} "
            "Exportera som utkast om du vill se blanketten ändå."
        )


class ExportCancelled(UserError):
    def __init__(self) -> None:
        super().__init__("Exporten avbröts; inga filer skrevs.")


@dataclass
class ExportResult:
    form: str
    fingerprint: str
    draft: bool
    paths: list[Path] = field(default_factory=list)
    report: Report | None = None
    recorded: bool = True  # noted in the document's export history
    note: str = ""  # one calm Swedish sentence for the user beside "the file is saved", or ""


def _check(cancel: Callable[[], bool] | None) -> None:
    if cancel is not None and cancel():
        raise ExportCancelled()


def _read_only_failure(err: BaseException) -> bool:
    """Whether writing failed because the document file (or its folder) cannot be written."""
    seen: BaseException | None = err
    for _ in range(10):  # the chain of causes is short; never follow a cycle
        if seen is None:
            break
        code = getattr(seen, "sqlite_errorcode", None) or 0
        if isinstance(seen, sqlite3.Error) and code & 0xFF == sqlite3.SQLITE_READONLY:
            return True  # and its extended codes: a write-protected file or folder
        seen = seen.__cause__ or seen.__context__
    return False


def _record(doc: Document, result: ExportResult, formats: str) -> None:
    """Note the export in the document; a read-only document gets a note for the user instead of an error."""
    if doc.readonly:
        result.recorded, result.note = False, NOT_RECORDED_READONLY
        return
    try:
        doc.record_export(result.form, result.fingerprint, formats, result.draft, result.paths)
    except (DocumentError, sqlite3.Error) as err:
        if not _read_only_failure(err):
            raise
        log.warning("Exporten kunde inte antecknas i %s: %s", doc.path, err)
        result.recorded, result.note = False, NOT_RECORDED_WRITE_PROTECTED


def export_document(
    doc: Document,
    catalogue: Catalogue,
    *,
    form: str = "redovisning",
    pdf: str | Path | None = None,
    xlsx: str | Path | None = None,
    draft: bool = False,
    with_ledger: bool = False,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
    today: date | None = None,
) -> ExportResult:
    """Write the PDF and/or xlsx of ``form``; a final export is refused while required fields are missing.

    Files are written only after every requested format has been rendered, each atomically, so a
    refusal, an error or a cancel leaves any earlier file untouched. The export is then noted in the
    document's history; a document opened read-only (or a write-protected file) still gets its files,
    with ``result.note`` saying that the export could not be noted.
    """
    if form not in FORMS:
        raise UserError(f"Okänd blankett ”{form}”: välj redovisning eller rekvisition.")
    if pdf is None and xlsx is None:
        raise UserError("Välj minst ett format: PDF eller Excel.")
    say = progress or (lambda _p, _t: None)
    say(5, "Sammanställer blanketten")
    report = build_report(doc, catalogue, form, today=today)
    if not draft and report.problems:
        raise ExportRefused(list(report.problems), form)
    # the appendix only when asked for, and only to the redovisning; one list for both formats
    ledger = list(doc.costs.iter_costs(order="date")) if with_ledger and form == "redovisning" else None
    fp = fingerprint(report, draft=draft, ledger=ledger)
    outputs: list[tuple[Path, bytes]] = []
    cut: list[str] = []  # texts longer than an Excel cell holds
    if pdf is not None:
        _check(cancel)
        say(20, "Skapar PDF")
        from exporters.pdf import render_pdf

        outputs.append((Path(pdf), render_pdf(report, draft=draft, ledger=ledger)))
    if xlsx is not None:
        _check(cancel)
        say(55, "Skapar Excel-arbetsbok")
        from exporters.xlsx import render_xlsx

        with_requisition = form == "redovisning" and has_requisition(doc, catalogue)
        others = [build_report(doc, catalogue, "rekvisition", today=today)] if with_requisition else []
        outputs.append((Path(xlsx), render_xlsx(report, draft=draft, ledger=ledger, others=others, cut=cut)))
    _check(cancel)
    say(90, "Sparar filerna")
    result = ExportResult(form=form, fingerprint=fp, draft=draft, report=report)
    result.paths.extend(write_all_atomic(outputs))  # both files staged before either replaces an old one
    formats = ",".join(p.suffix.lstrip(".").lower() or "fil" for p in result.paths)
    if ledger is not None:
        formats += f", {WITH_LEDGER}"  # so the overview compares with the fingerprint that was printed
    _record(doc, result, formats)  # drafts too, marked: the overview compares with finals
    if cut:
        said = (
            f"{len(cut)} {'text' if len(cut) == 1 else 'texter'} är längre än de 32 767 tecken en Excel-cell "
            "rymmer och har kortats i Excel-filen "
            f"(den första börjar ”{cut[0]}”); PDF-filen och redovisningen har hela texten."
        )
        result.note = f"{result.note} {said}".strip()
    say(100, "Klart")
    return result
