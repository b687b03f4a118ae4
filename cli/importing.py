"""The import command: costs from the finance system's ledger."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.base import Commands, parse_date, print_json
from models.errors import UserError
from models.money import format_sek, from_ore
from models.words import count, number


def cmd_import(a: argparse.Namespace) -> int:
    from models.importing import ImportOptions, import_report_json, run_import

    if a.profile and a.mapping:
        raise UserError("Ange antingen --profile eller --mapping, inte båda.")
    if not a.dry_run:
        from models.storage.locking import refuse_if_held

        refuse_if_held(a.file)
    options = ImportOptions(
        profile=a.profile,
        mapping_file=a.mapping,
        sheet=a.sheet,
        object_filter=a.object,
        accounts=a.accounts,
        date_from=parse_date(a.date_from) if a.date_from else None,
        date_to=parse_date(a.date_to) if a.date_to else None,
        include_duplicates=a.include_duplicates,
    )
    report = run_import(a.file, a.ledger, options, dry_run=a.dry_run)
    if a.rejects:
        report.plan.write_rejects_csv(Path(a.rejects))
    elif report.plan.rejects:
        for r in report.plan.rejects:
            print(f"Rad {r.row}, {r.column}: ”{r.value}”: {r.reason}", file=sys.stderr)
    if a.json:
        print_json(import_report_json(report))
        return 0
    verb = "Skulle importera" if a.dry_run else "Importerade"
    print(f"{verb} {count(report.imported, 'kostnad', 'kostnader')}, {format_sek(report.total)}.")
    print(f"Dubbletter som hoppades över: {number(report.duplicates)}. Avvisade rader: {number(report.rejected)}.")
    if report.duplicates:
        print("Dubbletterna, som redan finns i redovisningen (ta med dem med --include-duplicates 1,3-5 eller all):")
        for i, dup in enumerate(report.plan.duplicate_rows, 1):
            amount = format_sek(from_ore(dup.ore))
            where = f"konto {dup.account or '–'}  ver {dup.voucher or '–'}"
            print(f"  {i:>4}  {dup.date}  {amount:>16}  {where}  {dup.text}  ({dup.source})")
    return 0


def register(commands: Commands) -> None:
    c = commands.add("import", "importera kostnader från ekonomisystemet (xlsx, xls, ods, csv, SIE 4)", cmd_import)
    c.add_argument("ledger", metavar="LEDGER", help="exporten från ekonomisystemet")
    c.add_argument("--profile", metavar="NAMN", help="en sparad profil (mappning, filter och regler)")
    c.add_argument("--mapping", metavar="MAP.json", help="en profil som fil, t.ex. från en kollega")
    c.add_argument("--sheet", metavar="BLAD", help="bladet i en arbetsbok (namn eller nummer)")
    c.add_argument("--object", metavar="DIM:KOD", help="bara rader med objektet, t.ex. 6:GNV24 eller Projekt=GNV24")
    c.add_argument("--accounts", metavar="4000-7999", help="kontointervall (standard 4000-7999)")
    c.add_argument("--from", dest="date_from", metavar="DATUM", help="från och med (standard: periodens början)")
    c.add_argument("--to", dest="date_to", metavar="DATUM", help="till och med (standard: periodens slut)")
    c.add_argument("--dry-run", action="store_true", help="visa vad som skulle importeras, ändra inget")
    c.add_argument("--json", action="store_true", help="skriv ut resultatet som JSON")
    c.add_argument(
        "--include-duplicates",
        metavar="RADER",
        help="importera ändå dessa dubbletter, numrerade som i listan (t.ex. 1,3-5) eller all",
    )
    c.add_argument("--rejects", metavar="UT.csv", help="spara avvisade rader som CSV (annars till stderr)")
