"""The command line. Every command calls the same domain functions as the window.

Errors are one Swedish sentence on stderr and exit status 2; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from models.errors import Cancelled, UserError, ValidationError
from models.money import format_sek, parse_amount

log = logging.getLogger("bidragskollen")


# How the user starts the command line: the installed console program, or main.py from the sources.
PROG = "bidragskollen-cli" if getattr(sys, "frozen", False) else "main.py"
INVOKED = PROG if getattr(sys, "frozen", False) else "python main.py"


# argparse's own words (usage, help headings, its error messages) in Swedish, while this program parses.
_SWEDISH = {
    "usage: ": "användning: ",
    "positional arguments": "argument",
    "options": "flaggor",
    "show this help message and exit": "visa den här hjälpen och avsluta",
    "the following arguments are required: %s": "de här argumenten saknas: %s",
    "unrecognized arguments: %s": "okända argument: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ogiltigt val: %(value)r (välj bland %(choices)s)",
    "argument %(argument_name)s: %(message)s": "argumentet %(argument_name)s: %(message)s",
    "expected one argument": "ett värde behövs",
    "expected at least one argument": "minst ett värde behövs",
    "expected at most one argument": "högst ett värde får anges",
    "invalid %(type)s value: %(value)r": "ogiltigt värde: %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "tvetydig flagga: %(option)s kan vara %(matches)s",
    "not allowed with argument %s": "får inte användas tillsammans med %s",
    "one of the arguments %s is required": "ett av argumenten %s behövs",
    "ignored explicit argument %r": "värdet %r används inte",
}


@contextmanager
def _in_swedish() -> Iterator[None]:
    """argparse looks its messages up through its module's ``_`` when it words them: swapped only
    while this program parses, so other users of argparse in the process (pytest) keep theirs."""
    english = argparse._  # type: ignore[attr-defined]
    argparse._ = lambda message: _SWEDISH.get(message, english(message))  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = english  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        command = self.prog.split()[-1]
        command = "" if command == PROG else f" {command}"
        raise UserError(f"Fel i kommandot: {message}. Se {INVOKED}{command} --help.")


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _catalogue():
    from models.catalogue import load_catalogue

    return load_catalogue()


def _open(path: str, readonly: bool = False):
    from models.storage import Document

    return Document.open(path, readonly=readonly)


def _date(text: str) -> date:
    from models.validation import parse_date

    return parse_date(text)


def _pick(name: str, options: list[str], what: str) -> str:
    """Case-insensitive choice among the document's streams or categories."""
    for option in options:
        if option.casefold() == name.strip().casefold():
            return option
    raise ValidationError(f"{what} ”{name}” finns inte; välj en av: {', '.join(options)}.")


# -- commands -------------------------------------------------------------------------------
def cmd_catalogue(a: argparse.Namespace) -> int:
    from models.catalogue import catalogue_json

    cat = _catalogue()
    if a.agreement:
        agreement = cat.agreement(a.agreement)
        if a.json:
            _print_json(catalogue_json(agreement))
            return 0
        data = catalogue_json(agreement)
        print(f"{agreement.id}: {agreement.name} ({agreement.year})")
        for key, label in (
            ("requisition", "Rekvisition senast"),
            ("repayment", "Återbetalning senast"),
            ("report", "Ekonomisk redovisning senast"),
        ):
            print(f"  {label}: {data['deadlines'][key]}")
        print(f"  Strömmar: {', '.join(data['streams'])}")
        for w in data["warnings"]:
            print(f"  Varning: {w}")
        for r in data["recipients"]:
            total = format_sek(parse_amount(r["total"])) if r.get("total") else "anges av användaren"
            print(f"  {r['name']:<32} {r['kind']:<6} {r['county_code']}  {total:>18}")
        return 0
    if a.json:
        _print_json([catalogue_json(ag) for ag in cat.agreements.values()])
        return 0
    for ag in cat.agreements.values():
        print(f"{ag.id:<10} {ag.year}  {ag.name}")
    return 0


def cmd_new(a: argparse.Namespace) -> int:
    from models.storage import Document

    cat = _catalogue()
    agreement = cat.agreement(a.agreement)
    recipient = cat.find_recipient(a.recipient, a.kind)
    doc = Document.create(a.file, agreement.id, recipient.id, cat)
    with doc:
        total = sum(doc.allocation().values())
        print(f"Skapade {doc.path.name}: {agreement.name}, {recipient.name}, tilldelning {format_sek(total)}.")
    return 0


def cmd_set(a: argparse.Namespace) -> int:
    from models.fields import FIELD_BY_NAME

    pairs = []
    for item in a.assignments:
        if "=" not in item:
            raise ValidationError(
                f"”{item}” saknar likhetstecken; skriv FÄLT=VÄRDE, till exempel email=namn@region.se."
            )
        key, value = item.split("=", 1)
        pairs.append((key.strip(), value))
    with _open(a.file) as doc:
        streams = list(doc.allocation())
        with doc.transaction():  # all or nothing
            for key, value in pairs:
                if key.startswith("allocation."):
                    doc.set_allocation(_pick(key[len("allocation.") :], streams, "Strömmen"), value)
                elif key in FIELD_BY_NAME:
                    doc.set_field(key, value)
                else:
                    raise ValidationError(f"Det finns inget fält som heter ”{key}”; fältnamnen står i README.")
    print(f"Sparade {len(pairs)} {'ändring' if len(pairs) == 1 else 'ändringar'}.")
    return 0


def cmd_add_cost(a: argparse.Namespace) -> int:
    from models.document import Cost

    with _open(a.file) as doc:
        cost = Cost(
            date=_date(a.date),
            amount=parse_amount(a.amount),
            stream=_pick(a.stream, list(doc.allocation()), "Strömmen") if a.stream else next(iter(doc.allocation())),
            category=_pick(a.category, doc.categories(), "Kostnadsslaget"),
            text=a.text or "",
            voucher=a.voucher or "",
            supplier=a.supplier or "",
            account=a.account or "",
            source="inmatad",
        )
        doc.add_cost(cost)
    print(f"La till kostnad {cost.date} {format_sek(cost.amount)} ({cost.stream}, {cost.category}).")
    return 0


def cmd_add_payment(a: argparse.Namespace) -> int:
    from models.document import Payment

    with _open(a.file) as doc:
        payment = Payment(_date(a.date), parse_amount(a.amount, allow_negative=False), a.note or "")
        doc.add_payment(payment)
    print(f"La till utbetalning {payment.date} {format_sek(payment.amount)}.")
    return 0


def cmd_summary(a: argparse.Namespace) -> int:
    from models.summary import compute_summary, summary_json

    cat = _catalogue()
    with _open(a.file, readonly=True) as doc:
        s = compute_summary(doc, cat)
    if a.json:
        _print_json(summary_json(s))
        return 0
    print(f"{s.agreement_name}")
    print(f"Mottagare: {s.recipient_name}   Period: {s.period_start} – {s.period_end}")
    print(f"Tilldelning: {format_sek(s.allocation_total)}")
    for st in s.streams:
        print(
            f"  {st.stream:<24} tilldelat {format_sek(st.allocated):>18}  förbrukat {format_sek(st.costs):>18}"
            f"  kvar {format_sek(st.remaining):>18}"
        )
    print(f"Erhållet bidrag: {format_sek(s.received)}")
    print(f"Summa kostnader: {format_sek(s.costs_total)} ({_count(s.cost_count)} rader)")
    for cat_name, amount in s.costs_by_category.items():
        print(f"  {cat_name:<28} {format_sek(amount):>18}")
    print(f"Medel som inte har förbrukats: {format_sek(s.unspent)}")
    if s.self_financed:
        print(f"Egenfinansiering: {format_sek(s.self_financed)}")
    for d in s.deadlines:
        left = f"{d.days_left} dagar kvar" if d.days_left >= 0 else f"passerad för {-d.days_left} dagar sedan"
        print(f"{d.label}: {d.date} ({left})")
    for f in s.flags:
        print(f"Obs: {f.text}")
    return 0


def cmd_history(a: argparse.Namespace) -> int:
    with _open(a.file, readonly=True) as doc:
        for h in doc.history(a.limit):
            change = f"{h.old} → {h.new}" if h.old or h.new else ""
            print(f"{h.time:%Y-%m-%d %H:%M}  {h.user:<12} {h.action:<10} {h.what}  {change}")
    return 0


def cmd_export(a: argparse.Namespace) -> int:
    from exporters.run import export_document

    if not a.pdf and not a.xlsx:
        raise UserError("Ange --pdf FIL.pdf och/eller --xlsx FIL.xlsx.")
    cat = _catalogue()
    with _open(a.file) as doc:
        result = export_document(
            doc, cat, form=a.form, pdf=a.pdf, xlsx=a.xlsx, draft=a.draft, with_ledger=a.with_ledger
        )
    for path in result.paths:
        print(f"Skrev {path}")
    print(f"Fingeravtryck: {result.fingerprint}{' (utkast)' if a.draft else ''}")
    if result.note:
        print(result.note, file=sys.stderr)  # the files are written: a note, not an error (exit 0)
    return 0


def cmd_import(a: argparse.Namespace) -> int:
    from models.importing import import_report_json, run_import

    if a.profile and a.mapping:
        raise UserError("Ange antingen --profile eller --mapping, inte båda.")
    report = run_import(
        a.file,
        a.ledger,
        profile=a.profile,
        mapping_file=a.mapping,
        sheet=a.sheet,
        object_filter=a.object,
        accounts=a.accounts,
        date_from=_date(a.date_from) if a.date_from else None,
        date_to=_date(a.date_to) if a.date_to else None,
        dry_run=a.dry_run,
    )
    if a.rejects:
        report.plan.write_rejects_csv(Path(a.rejects))
    elif report.plan.rejects:
        for r in report.plan.rejects:
            print(f"Rad {r.row}, {r.column}: ”{r.value}”: {r.reason}", file=sys.stderr)
    if a.json:
        _print_json(import_report_json(report))
        return 0
    verb = "Skulle importera" if a.dry_run else "Importerade"
    print(f"{verb} {_count(report.imported)} kostnader, {format_sek(report.total)}.")
    print(f"Dubbletter som hoppades över: {_count(report.duplicates)}. Avvisade rader: {_count(report.rejected)}.")
    return 0


def _count(n: int) -> str:
    """A count as Swedish text writes it: 100 000."""
    return f"{n:,}".replace(",", " ")


# -- parser ---------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog=PROG, description="Bidragskollen: statsbidrag enligt överenskommelserna med SKR.")
    p.add_argument(
        "--version", action="version", version="Bidragskollen 0.1.0", help="visa programmets version och avsluta"
    )
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar="KOMMANDO")
    doc = "redovisningen, en .bidrag-fil"

    def command(name: str, what: str, file: str | None = doc) -> argparse.ArgumentParser:
        """A command; all but ``catalogue`` start with the document they work on."""
        c = sub.add_parser(name, help=what, description=what[0].upper() + what[1:] + ".")
        if file:
            c.add_argument("file", metavar="FILE", help=file)
        return c

    c = command("catalogue", "visa överenskommelserna och deras fördelning", file=None)
    c.add_argument("--agreement", metavar="ID", help="bara den här överenskommelsen, t.ex. gnv-2024")
    c.add_argument("--json", action="store_true", help="skriv ut som JSON")
    c.set_defaults(func=cmd_catalogue)

    c = command("new", "skapa en ny redovisning", file="den nya filen (skrivs aldrig över)")
    c.add_argument("--agreement", required=True, metavar="ID", help="överenskommelsen, t.ex. gnv-2024")
    c.add_argument("--recipient", required=True, metavar="NAMN", help='mottagaren, t.ex. "Region Skåne"')
    c.add_argument("--kind", choices=["region", "rss"], help="region eller RSS, när namnet inte avgör det")
    c.set_defaults(func=cmd_new)

    c = command("set", "ändra fält: FÄLT=VÄRDE (se README), allocation.STRÖM=BELOPP")
    c.add_argument("assignments", nargs="+", metavar="FÄLT=VÄRDE", help="ett eller flera fält; allt eller inget ändras")
    c.set_defaults(func=cmd_set)

    c = command("add-cost", "lägg till en kostnad")
    c.add_argument("--date", required=True, metavar="DATUM", help="t.ex. 2024-03-31")
    c.add_argument("--amount", required=True, metavar="BELOPP", help='kronor, t.ex. "1 234,50"')
    c.add_argument("--stream", metavar="STRÖM", help="strömmen (den första om den utelämnas)")
    c.add_argument("--category", required=True, metavar="SLAG", help="kostnadsslaget, t.ex. Personal")
    c.add_argument("--text", help="beskrivning")
    c.add_argument("--voucher", metavar="VER", help="verifikationsnummer")
    c.add_argument("--supplier", metavar="LEV", help="leverantör")
    c.add_argument("--account", metavar="KONTO", help="konto i ekonomisystemet")
    c.set_defaults(func=cmd_add_cost)

    c = command("add-payment", "registrera en utbetalning från Kammarkollegiet")
    c.add_argument("--date", required=True, metavar="DATUM", help="t.ex. 2024-02-15")
    c.add_argument("--amount", required=True, metavar="BELOPP", help="kronor")
    c.add_argument("--note", metavar="TEXT", help="anteckning")
    c.set_defaults(func=cmd_add_payment)

    c = command("summary", "visa var pengarna står")
    c.add_argument("--json", action="store_true", help="skriv ut som JSON")
    c.set_defaults(func=cmd_summary)

    c = command("history", "visa ändringshistoriken")
    c.add_argument("--limit", type=int, metavar="ANTAL", help="bara de senaste ändringarna")
    c.set_defaults(func=cmd_history)

    c = command("export", "exportera Bilaga 1 som PDF och/eller Excel")
    c.add_argument("--form", choices=["redovisning", "rekvisition"], default="redovisning", help="vilken blankett")
    c.add_argument("--pdf", metavar="UT.pdf", help="skriv PDF hit")
    c.add_argument("--xlsx", metavar="UT.xlsx", help="skriv Excel hit")
    c.add_argument("--draft", action="store_true", help="exportera ett UTKAST även om uppgifter saknas")
    c.add_argument("--with-ledger", action="store_true", help="bifoga alla kostnadsrader")
    c.set_defaults(func=cmd_export)

    c = command("import", "importera kostnader från ekonomisystemet (xlsx, xls, ods, csv, SIE 4)")
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
    c.add_argument("--rejects", metavar="UT.csv", help="spara avvisade rader som CSV (annars till stderr)")
    c.set_defaults(func=cmd_import)
    return p


def run_cli(argv: list[str]) -> int:
    from models.logsetup import setup_logging

    log_file = setup_logging()
    try:
        with _in_swedish():
            args = build_parser().parse_args(argv)
        return int(args.func(args) or 0)
    except Cancelled as err:
        print(str(err), file=sys.stderr)
        return 2
    except UserError as err:
        print(str(err), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Avbrutet.", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader went away (… | head): nothing more to say, and no one to say it to
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit's flush is quiet
        return 1
    except Exception as err:  # never a traceback in the user's face: it goes to the log
        log.exception("unexpected error in %s", argv[:1])
        print(
            f"Ett oväntat fel inträffade ({type(err).__name__}); detaljer finns i loggfilen {log_file}.",
            file=sys.stderr,
        )
        return 2
