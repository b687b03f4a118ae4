"""An RSS's import rules and the municipalities' reports back: list, set a rule, delete one (the same
domain functions as the Kommuner page's Ta bort…)."""

from __future__ import annotations

import argparse

from cli.base import Commands, open_document, print_json
from models.errors import ValidationError
from models.transfer_items import parse_rule, pick_report, report_text, rule_text


def cmd_rules(a: argparse.Namespace) -> int:
    if a.set and a.delete:
        raise ValidationError("Ange antingen --set eller --delete, inte båda.")
    with open_document(a.file, readonly=not (a.set or a.delete)) as doc:
        muni = doc.transfers.municipalities()
        if a.delete:
            kind, value = parse_rule(a.delete)
            code = doc.transfers.delete_transfer_rule(kind, value)
            print(f"Tog bort importregeln {rule_text(kind, value, code, muni)}.")
            return 0
        if a.set:
            if not a.municipality:
                raise ValidationError("En regel behöver en kommun: ange --municipality NAMN eller kommunkod.")
            kind, value = parse_rule(a.set)
            m = muni.find(a.municipality)
            doc.transfers.set_transfer_rule(kind, value, m.code)
            print(f"Importregel: {rule_text(kind, value, m.code, muni)}.")
            return 0
        rules = doc.transfers.transfer_rules()
        if a.json:
            print_json([{"kind": k, "value": v, "code": c} for k, v, c in rules])
            return 0
        for k, v, c in rules:
            print(rule_text(k, v, c, muni))
        if not rules:
            print("Inga importregler.")
    return 0


def cmd_reports(a: argparse.Namespace) -> int:
    with open_document(a.file, readonly=a.delete is None) as doc:
        muni = doc.transfers.municipalities()
        reports = doc.transfers.municipal_reports()
        if a.delete is not None:
            report = pick_report(reports, a.delete)
            assert report.id is not None
            doc.transfers.delete_municipal_report(report.id)
            print(f"Tog bort återrapporten {report_text(report, muni)}.")
            return 0
        if a.json:
            print_json(
                [
                    {"number": i, "code": r.code, "date": str(r.date), "used": str(r.used), "returned": str(r.returned)}
                    | {"note": r.note}
                    for i, r in enumerate(reports, 1)
                ]
            )
            return 0
        for i, r in enumerate(reports, 1):
            print(f"{i}. {report_text(r, muni)}")
        if not reports:
            print("Inga återrapporter.")
    return 0


def register(commands: Commands) -> None:
    c = commands.add("rules", "visa, lägg till eller ta bort en RSS:s importregler för vidareförmedling", cmd_rules)
    c.add_argument("--set", metavar="REGEL", help="konto=KONTO eller objekt=OBJEKT: raderna blir utbetalningar")
    c.add_argument("--municipality", metavar="KOMMUN", help="kommunen som regeln pekar på (med --set)")
    c.add_argument("--delete", metavar="REGEL", help="ta bort regeln, t.ex. konto=4590")
    c.add_argument("--json", action="store_true", help="skriv ut som JSON")

    c = commands.add("reports", "visa eller ta bort kommunernas återrapporter (numrerade som listan)", cmd_reports)
    c.add_argument("--delete", metavar="NR", help="ta bort återrapporten med det numret; dess återbetalning följer med")
    c.add_argument("--json", action="store_true", help="skriv ut som JSON")
