"""The export command: Bilaga 1 as PDF and Excel."""

from __future__ import annotations

import argparse
import sys

from cli.base import Commands, catalogue, open_document
from models.errors import UserError


def cmd_export(a: argparse.Namespace) -> int:
    from exporters.run import export_document

    if not a.pdf and not a.xlsx:
        raise UserError("Ange --pdf FIL.pdf och/eller --xlsx FIL.xlsx.")
    cat = catalogue()
    from models.storage.locking import held_by_other

    # held by the window: the files are written all the same, the export noted there instead (result.note)
    with open_document(a.file, readonly=held_by_other(a.file) is not None) as doc:
        result = export_document(
            doc, cat, form=a.form, pdf=a.pdf, xlsx=a.xlsx, draft=a.draft, with_ledger=a.with_ledger
        )
    for path in result.paths:
        print(f"Skrev {path}")
    print(f"Fingeravtryck: {result.fingerprint}{' (utkast)' if a.draft else ''}")
    report = result.report
    notices = [*(report.problems if a.draft else ()), *report.warnings] if report else []
    for notice in notices:  # also printed on the draft itself
        print(f"Obs: {notice}", file=sys.stderr)
    if result.note:
        print(result.note, file=sys.stderr)  # the files are written: a note, not an error (exit 0)
    return 0


def register(commands: Commands) -> None:
    c = commands.add("export", "exportera Bilaga 1 som PDF och/eller Excel", cmd_export)
    c.add_argument("--form", choices=["redovisning", "rekvisition"], default="redovisning", help="vilken blankett")
    c.add_argument("--pdf", metavar="UT.pdf", help="skriv PDF hit")
    c.add_argument("--xlsx", metavar="UT.xlsx", help="skriv Excel hit")
    c.add_argument("--draft", action="store_true", help="exportera ett UTKAST även om uppgifter saknas")
    c.add_argument("--with-ledger", action="store_true", help="bifoga alla kostnadsrader")
