"""Commands for an RSS's onward payments and for every grant at a glance: municipalities, transfer, portfolio."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from cli.base import Commands, catalogue, open_document, parse_date, pick, print_json
from models.errors import UserError, ValidationError
from models.money import format_sek, parse_amount
from models.words import count, number

if TYPE_CHECKING:
    from models.storage.document_file import Document


def cmd_municipalities(a: argparse.Namespace) -> int:
    with open_document(a.file, readonly=True) as doc:
        items = list(doc.transfers.municipalities())
    if a.json:
        print_json([{"code": m.code, "name": m.name} for m in items])
        return 0
    for m in items:
        print(f"{m.code}  {m.name}")
    return 0


def _read_key(a: argparse.Namespace) -> tuple[str, Path | None]:
    words = a.key or []
    if not words:
        raise ValidationError("Ange en fördelningsnyckel: --key population FIL, --key equal eller --key amounts FIL.")
    kind = {"befolkning": "population", "lika": "equal", "belopp": "amounts"}.get(words[0], words[0])
    if kind == "equal":
        if len(words) > 1:
            raise ValidationError("Lika delar behöver ingen fil; skriv bara --key equal.")
        return kind, None
    if kind not in ("population", "amounts"):
        raise ValidationError(f"Okänd fördelningsnyckel ”{words[0]}”; välj population, equal eller amounts.")
    if len(words) != 2:
        raise ValidationError(f"Nyckeln {kind} behöver en fil med en rad per kommun: --key {kind} FIL.")
    return kind, Path(words[1])


def _split(a: argparse.Namespace, doc: Document) -> None:
    from models.transfers import describe_split, parse_key_table, split_total

    kind, key_file = _read_key(a)
    muni = doc.transfers.municipalities()
    figures = None
    if key_file is not None:
        try:
            text = key_file.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            text = key_file.read_text(encoding="cp1252")
        except OSError as err:
            raise UserError(f"Nyckelfilen {key_file} kan inte läsas ({err.strerror}).") from None
        figures = parse_key_table(text, muni)
    parts = split_total(a.split, kind, muni, figures)
    doc.transfers.set_transfer_plan(
        {p.municipality.code: (p.amount, p.note) for p in parts}, "Fördelning av vidareförmedling"
    )
    for p in parts:
        note = f"  ({p.note})" if p.note else ""
        print(f"{p.municipality.code}  {p.municipality.name:<20} {format_sek(p.amount):>18}{note}")
    print(describe_split(parts, kind))


def cmd_transfer(a: argparse.Namespace) -> int:
    with open_document(a.file) as doc:
        if a.split is not None:
            if a.municipality or a.amount:
                raise ValidationError("Ange antingen --split med --key eller --municipality med --amount, inte båda.")
            _split(a, doc)
            return 0
        if not a.municipality or a.amount is None:
            raise ValidationError("Ange kommunen och beloppet: --municipality NAMN --amount BELOPP.")
        m = doc.transfers.municipalities().find(a.municipality)
        if a.planned:
            amount = parse_amount(a.amount, allow_negative=False)
            doc.transfers.set_transfer_plan({m.code: (amount, "")})
            print(f"Planerat till {m.name}: {format_sek(amount)}.")
            return 0
        if not a.date:
            raise ValidationError(
                "En utbetalning till en kommun behöver ett datum: ange --date ÅÅÅÅ-MM-DD "
                "(eller --planned för ett planerat belopp)."
            )
        amount = parse_amount(a.amount)
        stream = pick(a.stream, list(doc.allocation()), "Strömmen") if a.stream else ""
        doc.transfers.add_transfer(m, amount, parse_date(a.date), stream=stream, reference=a.reference or "")
    if amount < 0:
        print(f"Registrerade återbetalning från {m.name}: {format_sek(-amount)}.")
    else:
        print(f"Registrerade utbetalning till {m.name}: {format_sek(amount)}.")
    return 0


def cmd_portfolio(a: argparse.Namespace) -> int:
    from models.portfolio import folder_files, portfolio_json, read_portfolio

    result = read_portfolio(folder_files(Path(a.folder)), catalogue())
    if a.json:
        print_json(portfolio_json(result))
        return 0
    for e in result.documents:
        when = f"{e.next_deadline_label} {e.next_deadline}" if e.next_deadline else "allt exporterat"
        mark = "FÖRSENAD " if e.overdue else ""
        print(
            f"{mark}{e.path.name}: {e.agreement_name}, {e.recipient}, {e.year}; tilldelat {format_sek(e.allocation)}, "
            f"förbrukat {format_sek(e.costs)}, kvar {format_sek(e.remaining)}; nästa: {when}"
        )
    for s in result.skipped:
        print(f"Hoppade över {s.path.name}: {s.reason}")
    n = len(result.documents)
    print(f"{count(n, 'redovisning', 'redovisningar')}, {number(len(result.skipped))} överhoppade.")
    return 0


def register(commands: Commands) -> None:
    c = commands.add("municipalities", "visa länets kommuner (bara för en RSS)", cmd_municipalities)
    c.add_argument("--json", action="store_true", help="skriv ut som JSON")

    c = commands.add("transfer", "vidareförmedla till en kommun, planera eller fördela en summa", cmd_transfer)
    c.add_argument("--municipality", metavar="KOMMUN", help="kommunens namn eller kommunkod, t.ex. Malmö eller 1280")
    c.add_argument("--amount", metavar="BELOPP", help='kronor, t.ex. "150 000"; negativt för en återbetalning')
    c.add_argument("--date", metavar="DATUM", help="utbetalningens datum (krävs utom med --planned)")
    c.add_argument("--planned", action="store_true", help="ett planerat belopp, ingen utbetalning")
    c.add_argument("--reference", metavar="REF", help="referens, t.ex. verifikationsnummer")
    c.add_argument("--stream", metavar="STRÖM", help="strömmen (den första om den utelämnas)")
    c.add_argument("--split", metavar="SUMMA", help='fördela en summa på länets kommuner, t.ex. "4 000 000"')
    c.add_argument(
        "--key",
        nargs="+",
        metavar="NYCKEL",
        help="fördelningsnyckel: population FIL, equal eller amounts FIL (en rad per kommun: namn;tal)",
    )

    c = commands.add("portfolio", "visa alla redovisningar i en mapp", cmd_portfolio, file=None)
    c.add_argument("folder", metavar="FOLDER", help="mappen med .bidrag-filer")
    c.add_argument("--json", action="store_true", help="skriv ut som JSON")
