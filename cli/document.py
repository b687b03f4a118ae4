"""Commands on the catalogue and one document: catalogue, new, set, add-cost, add-payment, summary, history."""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from cli.base import Commands, catalogue, open_document, parse_date, pick, print_json
from cli.plan import as_of, assign
from models.errors import ValidationError
from models.money import format_sek, parse_amount
from models.words import count

if TYPE_CHECKING:
    from models.catalogue.catalogue import Catalogue


def cmd_catalogue(a: argparse.Namespace) -> int:
    from models.catalogue.catalogue import ORIGINS, catalogue_json

    cat = catalogue()
    if a.agreement:
        agreement = cat.agreement(a.agreement)
        if a.json:
            print_json(catalogue_json(agreement))
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
        print_json([catalogue_json(ag) | {"origin": cat.origin(ag.id)} for ag in cat.agreements.values()])
        return 0
    width = max(len(i) for i in cat.agreements)
    print(f"{'id':<{width}}  år    {'källa':<8}  namn")
    for ag in cat.agreements.values():
        print(f"{ag.id:<{width}}  {ag.year}  {ORIGINS[cat.origin(ag.id)]:<8}  {ag.name}")
    for problem in cat.problems:
        print(f"Obs: {problem}", file=sys.stderr)
    return 0


def cmd_new(a: argparse.Namespace) -> int:
    from models.storage.document_file import Document

    cat = catalogue()
    agreement = cat.agreement(a.agreement)
    if a.previous:
        return _new_from(a, cat)
    if not a.recipient:
        raise ValidationError("Ange mottagaren med --recipient, eller förra årets redovisning med --from.")
    recipient = cat.find_recipient(a.recipient, a.kind)
    agreement.check_offers(recipient.kind)
    doc = Document.create(a.file, agreement.id, recipient.id, cat)
    with doc:
        total = sum(doc.allocation().values(), Decimal(0))
        print(f"Skapade {doc.path.name}: {agreement.name}, {recipient.name}, tilldelning {format_sek(total)}.")
    return 0


def _new_from(a: argparse.Namespace, cat: Catalogue) -> int:
    """``new --from``: next year's document from this year's (models/next_year.py)."""
    from models.next_year import costs_after_period, start_next_year

    recipient = cat.find_recipient(a.recipient, a.kind).id if a.recipient else None
    with open_document(a.previous, readonly=not a.move_costs) as previous:
        after = costs_after_period(previous)
        move = [c.id for c in after if c.id is not None] if a.move_costs else []
        result = start_next_year(previous, a.file, a.agreement, cat, recipient_id=recipient, move=move)
    print(result.summary())
    if after and not a.move_costs:
        dated = count(len(after), "kostnad är daterad", "kostnader är daterade")
        print(
            f"Obs: {dated} efter redovisningsperioden i {Path(a.previous).name}; "
            "lägg till --move-costs för att flytta dem till den nya redovisningen."
        )
    return 0


def cmd_set(a: argparse.Namespace) -> int:
    from models.fields import field_named

    pairs = []
    for item in a.assignments:
        if "=" not in item:
            raise ValidationError(
                f"”{item}” saknar likhetstecken; skriv FÄLT=VÄRDE, till exempel email=namn@region.se."
            )
        key, value = item.split("=", 1)
        pairs.append((key.strip(), value))
    with open_document(a.file) as doc:
        streams = list(doc.allocation())
        fields = []
        with doc.transaction():  # all or nothing
            for key, value in pairs:
                if key.startswith("allocation."):
                    doc.set_allocation(pick(key[len("allocation.") :], streams, "Strömmen"), value)
                else:
                    fields.append((field_named(key).name, value))
            doc.set_fields(fields)  # checked as the document will be after the whole command
    print(f"Sparade {len(pairs)} {'ändring' if len(pairs) == 1 else 'ändringar'}.")
    return 0


def cmd_add_cost(a: argparse.Namespace) -> int:
    from models.document import Cost

    with open_document(a.file) as doc:
        cost = Cost(
            date=parse_date(a.date),
            amount=parse_amount(a.amount),
            stream=pick(a.stream, list(doc.allocation()), "Strömmen") if a.stream else next(iter(doc.allocation())),
            category=pick(a.category, doc.categories(), "Kostnadsslaget"),
            text=a.text or "",
            voucher=a.voucher or "",
            supplier=a.supplier or "",
            account=a.account or "",
            source="inmatad",
        )
        with doc.transaction():  # the cost and its activity together, or nothing
            activity = assign(doc, doc.costs.add_cost(cost), a.activity)
    where = f"{cost.stream}, {cost.category}" + (f", {activity}" if activity else "")
    print(f"La till kostnad {cost.date} {format_sek(cost.amount)} ({where}).")
    return 0


def cmd_add_payment(a: argparse.Namespace) -> int:
    from models.doc_agreement import agreement_of
    from models.document import Payment
    from models.period import outside_warning, read_period

    with open_document(a.file) as doc:
        payment = Payment(parse_date(a.date), parse_amount(a.amount, allow_negative=False), a.note or "")
        doc.add_payment(payment)
        warning = outside_warning(payment.date, *read_period(doc.fields(), agreement_of(doc, catalogue())))
    print(f"La till utbetalning {payment.date} {format_sek(payment.amount)}.")
    if warning:
        print(f"Obs! {warning}", file=sys.stderr)
    return 0


def cmd_summary(a: argparse.Namespace) -> int:
    from models.deadlines import deadline_text
    from models.forecast import activities_json, forecast_flag, forecast_json, plan_status
    from models.municipal_statement import transfer_table
    from models.summary import compute_summary, summary_json
    from models.transfers import transfers_json

    cat = catalogue()
    today = as_of(a)
    with open_document(a.file, readonly=True) as doc:
        s = compute_summary(doc, cat, today)
        status = plan_status(doc, cat, today)
        transfers = transfer_table(doc, cat) if doc.is_rss else None  # an RSS's onward payments per municipality
    flag = forecast_flag(status)
    if a.json:
        data = summary_json(s)
        if transfers is not None:
            data["transfers"] = transfers_json(transfers)
        data["forecast"] = forecast_json(status)
        data["activities"] = activities_json(status)
        if flag:
            data["flags"].append({"key": "forecast_repayment", "text": flag, "count": 0})
        print_json(data)
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
    print(f"Summa kostnader: {format_sek(s.costs_total)} ({count(s.cost_count, 'rad', 'rader')})")
    if s.outside_count:
        outside = f"{format_sek(s.outside_total)} ({count(s.outside_count, 'rad', 'rader')})"
        print(f"Utanför redovisningsperioden, ej medräknade: {outside}")
    for cat_name, amount in s.costs_by_category.items():
        print(f"  {cat_name:<28} {format_sek(amount):>18}")
    print(f"Medel som inte har förbrukats: {format_sek(s.unspent)}")
    if s.self_financed:
        print(f"Egenfinansiering: {format_sek(s.self_financed)}")
    for d in s.deadlines:
        print(f"{d.label}: {d.date} ({deadline_text(d)})")
    print(f"Prognos per {status.as_of} för kostnaderna vid periodens slut: {format_sek(status.costs_at_end)}")
    for f in s.flags:
        print(f"Obs: {f.text}")
    if transfers is not None:
        print(
            f"Vidareförmedling till kommunerna: planerat {format_sek(transfers.total('planned'))}, "
            f"utbetalt {format_sek(transfers.total('paid'))}, återbetalt {format_sek(transfers.total('returned'))}."
        )
        for note in transfers.notes():
            print(f"Obs: {note}")
    if flag:
        print(f"Obs: {flag}")
    return 0


def cmd_history(a: argparse.Namespace) -> int:
    from models.history_text import find_kind, history_lines

    kind = find_kind(a.kind or "")
    with open_document(a.file, readonly=True) as doc:
        entries = doc.history()
    lines = history_lines(entries, catalogue(), search=a.search or "", kind=kind)
    for line in lines[: a.limit] if a.limit else lines:
        change = f" – {line.change}" if line.change else ""  # as the window's two columns, on one line
        print(f"{line.when}  {line.user:<12} {line.text}{change}")
    return 0


def register(commands: Commands) -> None:
    c = commands.add("catalogue", "visa överenskommelserna och deras fördelning", cmd_catalogue, file=None)
    c.add_argument("--agreement", metavar="ID", help="bara den här överenskommelsen, t.ex. gnv-2024")
    c.add_argument("--json", action="store_true", help="skriv ut som JSON")

    c = commands.add("new", "skapa en ny redovisning", cmd_new, file="den nya filen (skrivs aldrig över)")
    c.add_argument("--agreement", required=True, metavar="ID", help="överenskommelsen, t.ex. gnv-2024")
    c.add_argument("--recipient", metavar="NAMN", help='mottagaren, t.ex. "Region Skåne" (med --from: som förra året)')
    c.add_argument("--kind", choices=["region", "rss"], help="region eller RSS, när namnet inte avgör det")
    c.add_argument(
        "--from",
        dest="previous",
        metavar="FÖRRA.bidrag",
        help="förra årets redovisning: kontaktuppgifter, ekonomichef, företrädare, aktiviteter och regler följer med",
    )
    c.add_argument(
        "--move-costs",
        action="store_true",
        help="flytta kostnaderna som är daterade efter förra årets redovisningsperiod till den nya redovisningen",
    )

    c = commands.add("set", "ändra fält: FÄLT=VÄRDE (se README), allocation.STRÖM=BELOPP", cmd_set)
    c.add_argument("assignments", nargs="+", metavar="FÄLT=VÄRDE", help="ett eller flera fält; allt eller inget ändras")

    c = commands.add("add-cost", "lägg till en kostnad", cmd_add_cost)
    c.add_argument("--date", required=True, metavar="DATUM", help="t.ex. 2024-03-31")
    c.add_argument("--amount", required=True, metavar="BELOPP", help='kronor, t.ex. "1 234,50"')
    c.add_argument("--stream", metavar="STRÖM", help="strömmen (den första om den utelämnas)")
    c.add_argument("--category", required=True, metavar="SLAG", help="kostnadsslaget, t.ex. Personal")
    c.add_argument("--text", help="beskrivning")
    c.add_argument("--voucher", metavar="VER", help="verifikationsnummer")
    c.add_argument("--supplier", metavar="LEV", help="leverantör")
    c.add_argument("--account", metavar="KONTO", help="konto i ekonomisystemet")
    c.add_argument("--activity", metavar="AKTIVITET", help="aktiviteten i planen som kostnaden hör till")

    c = commands.add("add-payment", "registrera en utbetalning från Kammarkollegiet", cmd_add_payment)
    c.add_argument("--date", required=True, metavar="DATUM", help="t.ex. 2024-02-15")
    c.add_argument("--amount", required=True, metavar="BELOPP", help="kronor")
    c.add_argument("--note", metavar="TEXT", help="anteckning")

    c = commands.add("summary", "visa var pengarna står", cmd_summary)
    c.add_argument("--json", action="store_true", help="skriv ut som JSON")
    c.add_argument("--as-of", metavar="DATUM", help="räkna prognosen och dagarna kvar per det här datumet (i dag)")

    c = commands.add("history", "visa ändringshistoriken", cmd_history)
    c.add_argument("--limit", type=int, metavar="ANTAL", help="bara de senaste ändringarna")
    c.add_argument("--search", metavar="TEXT", help="bara ändringar som innehåller orden, t.ex. kontaktperson")
    c.add_argument(
        "--kind", metavar="SORT", help="bara en sorts ändringar: fält, kostnader, import, export, betalningar, …"
    )
