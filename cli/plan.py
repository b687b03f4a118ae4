"""Commands on the activity plan: activity, plan (and the --activity of add-cost, the --as-of of summary)."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from cli.base import Commands, catalogue, open_document, parse_date, pick, print_json
from models.errors import ValidationError
from models.money import format_sek, parse_amount, to_json
from models.words import count, number

if TYPE_CHECKING:
    from models.forecast import PlanStatus
    from models.storage.document_file import Document


def as_of(a: argparse.Namespace) -> date:
    """--as-of fixes "today" for the forecast; today's date without it."""
    return parse_date(a.as_of) if getattr(a, "as_of", None) else date.today()


def assign(doc: Document, cost_id: int, name: str | None) -> str:
    """add-cost --activity: put the new cost in the named activity (the caller's transaction)."""
    if not name:
        return ""
    act = doc.plan.find_activity(name)
    doc.plan.set_cost_activity([cost_id], act.id)
    return act.name


def _rules(items: list[str]) -> list[tuple[str, str]]:
    from models.storage.activities import RULE_KINDS

    words = {"objekt": "object", "projekt": "object", "konto": "account", "text": "text"} | {k: k for k in RULE_KINDS}
    out = []
    for item in items:
        kind, sep, pattern = item.partition("=")
        if not sep or kind.strip().casefold() not in words:
            raise ValidationError(
                f"”{item}” är ingen regel; skriv objekt=KOD, konto=7010 (eller 7000-7099) eller text=ORD."
            )
        out.append((words[kind.strip().casefold()], pattern))
    return out


def cmd_activity(a: argparse.Namespace) -> int:
    from models.storage.activities import ActivityRule

    with open_document(a.file) as doc, doc.transaction():  # all or nothing
        try:
            act = doc.plan.find_activity(a.name)
            if a.stream:
                raise ValidationError(f"Aktiviteten ”{act.name}” finns redan; välj ett annat namn.")
            created = False
        except ValidationError:
            if not a.stream:
                raise ValidationError(
                    f"Aktiviteten ”{a.name.strip()}” finns inte; ange --stream för att lägga till den."
                ) from None
            stream = pick(a.stream, list(doc.allocation()), "Strömmen")
            category = pick(a.category, doc.categories(), "Kostnadsslaget") if a.category else ""
            act = doc.plan.add_activity(a.name, stream, category)
            created = True
        rules = _rules(a.rule or [])
        if rules:
            doc.plan.set_activity_rules([*doc.plan.activity_rules(), *(ActivityRule(k, p, act.name) for k, p in rules)])
    if created:
        print(f"La till aktiviteten {act.name} ({act.stream}{', ' + act.category if act.category else ''}).")
    if rules:
        print(f"La till {count(len(rules), 'regel', 'regler')} för {act.name}.")
    return 0


def _list(doc: Document, status: PlanStatus, as_json: bool) -> None:
    from models.forecast import activities_json, forecast_json, month_label

    plan = doc.plan.plan()
    if as_json:
        acts = activities_json(status)
        for item, v in zip(acts, status.activities, strict=True):
            item["category"] = v.activity.category
            item["months"] = {m: to_json(plan[(v.activity.id, m)]) for m in status.months if (v.activity.id, m) in plan}
        print_json(
            {
                "months": status.months,
                "complete_months": status.complete,
                "activities": acts,
                "rules": [
                    {"kind": r.kind, "pattern": r.pattern, "activity": r.activity} for r in doc.plan.activity_rules()
                ],
                "forecast": forecast_json(status),
            }
        )
        return
    if not status.activities:
        print("Inga aktiviteter ännu; lägg till en med kommandot activity.")
    last = month_label(status.months[status.complete - 1]) if status.complete else "ingen hel månad ännu"
    print(f"Plan och utfall till och med {last} (per {status.as_of}):")
    for v in status.activities:
        print(
            f"  {v.activity.name:<34} {v.activity.stream:<12} plan hela perioden {format_sek(v.planned_total):>16}"
            f"  plan hittills {format_sek(v.planned_to_date):>16}  utfall {format_sek(v.actual_to_date):>16}"
            f"  avvikelse {format_sek(v.variance):>16}"
        )
    for f in status.streams:
        if f.unassigned_to_date:
            print(f"  Utan aktivitet ({f.stream}): {format_sek(f.unassigned_to_date)}")
    print(f"Prognos för kostnaderna vid periodens slut: {format_sek(status.costs_at_end)}")
    if status.unspent_at_end:
        print(f"Prognos för medel att återbetala: {format_sek(status.unspent_at_end)}")
    if status.self_financed_at_end:
        print(f"Prognos för egenfinansiering: {format_sek(status.self_financed_at_end)}")
    print(f"Metod: {status.method}")


def cmd_plan(a: argparse.Namespace) -> int:
    from models.forecast import plan_status
    from models.plan_tools import import_plan, month_range, profile_from, read_plan_file, spread_even, spread_profile
    from models.storage.activities import month_key

    cat = catalogue()
    if a.xlsx or a.pdf:
        from exporters.prognos_run import export_prognos

        with open_document(a.file, readonly=True) as doc:
            written = export_prognos(doc, cat, as_of=as_of(a), xlsx=a.xlsx, pdf=a.pdf)
        print(f"Sparade prognosen: {', '.join(str(p) for p in written)}.")
        return 0
    if a.list:
        with open_document(a.file, readonly=True) as doc:
            _list(doc, plan_status(doc, cat, as_of(a)), a.json)
        return 0
    if a.import_file:
        with open_document(a.file) as doc:
            year = plan_status(doc, cat, as_of(a)).period[0].year
            rows = read_plan_file(a.import_file, year)
            added, old = import_plan(doc, rows)
        print(
            f"Läste planen för {count(len(rows), 'aktivitet', 'aktiviteter')} "
            f"({number(len(old))} månadsbelopp); {count(len(added), 'ny aktivitet', 'nya aktiviteter')}."
        )
        return 0
    if a.apply_rules:
        with open_document(a.file) as doc:
            moved = doc.plan.apply_activity_rules()
        print(f"Sorterade {moved} kostnader till aktiviteter.")
        return 0
    if not a.activity:
        raise ValidationError("Ange --activity NAMN (eller --list, --import, --apply-rules); se plan --help.")
    with open_document(a.file) as doc:
        act = doc.plan.find_activity(a.activity)
        if a.spread is not None:
            if not (a.from_month and a.to_month):
                raise ValidationError("Ange --from och --to, till exempel --from 2024-01 --to 2024-12.")
            months = month_range(a.from_month, a.to_month)
            amount = parse_amount(a.spread, allow_negative=False)
            if a.profile:
                with open_document(a.profile, readonly=True) as previous:
                    values = spread_profile(amount, months, profile_from(previous, act.stream, act.name))
            else:
                values = spread_even(amount, months)
            doc.plan.set_plan({(act.id, m): v for m, v in values.items()})
            print(f"Planerade {format_sek(amount)} för {act.name} över {count(len(months), 'månad', 'månader')}.")
            return 0
        if not (a.month and a.amount is not None):
            raise ValidationError("Ange --month och --amount, eller --spread med --from och --to.")
        month = month_key(a.month)
        value = None if a.amount.strip() == "" else parse_amount(a.amount, allow_negative=False)
        doc.plan.set_plan({(act.id, month): value})
    print(f"Planerade {format_sek(value) if value is not None else 'inget'} för {act.name} {month}.")
    return 0


def register(commands: Commands) -> None:
    what = "lägg till en aktivitet i planen, eller regler som sorterar kostnader till den"
    c = commands.add("activity", what, cmd_activity)
    c.add_argument("name", metavar="NAMN", help='aktivitetens namn, t.ex. "Mobila närvårdsteam"')
    c.add_argument("--stream", metavar="STRÖM", help="strömmen aktiviteten hör till (krävs för en ny aktivitet)")
    c.add_argument("--category", metavar="SLAG", help="kostnadsslaget den mest bokförs på (frivilligt)")
    c.add_argument(
        "--rule",
        action="append",
        metavar="TYP=MÖNSTER",
        help="importregel: objekt=KOD, konto=7010 eller 7000-7099, text=ORD (* för vad som helst); kan upprepas",
    )

    c = commands.add("plan", "planera aktiviteternas belopp per månad, eller visa plan, utfall och prognos", cmd_plan)
    c.add_argument("--activity", metavar="NAMN", help="aktiviteten som planeras")
    c.add_argument("--month", metavar="ÅÅÅÅ-MM", help="månaden, t.ex. 2024-03")
    c.add_argument("--amount", metavar="BELOPP", help='planerat belopp för månaden ("" tar bort planen)')
    c.add_argument("--spread", metavar="BELOPP", help="fördela ett belopp över månaderna --from till --to")
    c.add_argument("--from", dest="from_month", metavar="ÅÅÅÅ-MM", help="första månaden att fördela på")
    c.add_argument("--to", dest="to_month", metavar="ÅÅÅÅ-MM", help="sista månaden att fördela på")
    c.add_argument(
        "--profile", metavar="FJOLÅRET.bidrag", help="fördela efter förra årets kostnader per månad i stället för jämnt"
    )
    c.add_argument("--import", dest="import_file", metavar="PLAN.xlsx", help="läs planen från en xlsx- eller csv-fil")
    c.add_argument("--apply-rules", action="store_true", help="sortera kostnader utan aktivitet efter reglerna")
    c.add_argument("--list", action="store_true", help="visa plan, utfall, avvikelse och prognos")
    c.add_argument("--xlsx", metavar="UT.xlsx", help="spara plan, avvikelse och prognos som Excel-blad")
    c.add_argument("--pdf", metavar="UT.pdf", help="spara prognosen som en sida PDF för styrgruppen")
    c.add_argument("--json", action="store_true", help="med --list: skriv ut som JSON")
    c.add_argument("--as-of", metavar="DATUM", help="räkna prognosen per det här datumet (i dag om det utelämnas)")
