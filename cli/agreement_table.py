"""``agreement table``: read an allocation table into one of the user's own agreements."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.agreement import actions
from cli.base import Commands, catalogue, print_json
from models.errors import UserError
from models.words import count


def cmd_table(a: argparse.Namespace) -> int:
    from models.catalogue.agreement_data import agreement_data
    from models.catalogue.agreement_table import read_pasted_table, read_table_file
    from models.catalogue.table_checks import parse_totals, table_json, table_text, table_warnings, with_table
    from models.catalogue.user import own_agreement, save_user_agreement

    cat = catalogue()
    agreement = cat.agreement(a.agreement_id) if a.dry_run else own_agreement(cat, a.agreement_id)
    specs, recipients = agreement.stream_specs, cat.recipients.values()
    if a.input == "-":
        table = read_pasted_table(sys.stdin.read(), a.kind, specs, recipients)
    else:
        if not Path(a.input).is_file():
            raise UserError(f"Filen {a.input} finns inte; ange tabellen som en .txt-, .csv-, .xlsx- eller .ods-fil.")
        table = read_table_file(Path(a.input), a.kind, specs, recipients)
    questions = table.questions()
    if questions:
        more = f" (och {count(len(questions) - 1, 'rad', 'rader')} till)" if len(questions) > 1 else ""
        first = questions[0][1].rstrip(".?")
        raise UserError(
            f"Tabellen sparades inte: {first[0].lower()}{first[1:]}{more}; skriv raden med tabbar mellan "
            "cellerna och rätt namn, eller läs in tabellen i fönstret (Arkiv → Överenskommelser…)."
        )
    typed = parse_totals(a.total or [], specs, a.kind)
    warnings = table_warnings(table, agreement.id, specs, typed, len(cat.recipients) // 2)
    if not a.dry_run:
        save_user_agreement(with_table(agreement_data(agreement), table, typed), cat)
    if a.json:
        print_json(table_json(table, warnings))
        return 0
    for line in table_text(table):
        print(line)
    for warning in warnings:
        print(f"Varning: {warning}")
    rows = len(table.recipient_rows)
    done = "Provkörning: ingenting sparades" if a.dry_run else f"Sparade tabellen i {agreement.id}"
    print(f"{done} ({rows} {'rad' if rows == 1 else 'rader'}).")
    return 0


def register(commands: Commands) -> None:
    what = "läs in en fördelningstabell (inklistrad text, .txt, .csv, .xlsx eller .ods) i en egen överenskommelse"
    c = actions(commands).add("table", what, cmd_table)
    c.add_argument("agreement_id", metavar="ID", help="en egen överenskommelse")
    c.add_argument("--kind", required=True, choices=("region", "rss"), help="tabellens mottagare")
    c.add_argument("input", metavar="FILE", help="tabellen, rubriker med; - läser texten från standard in")
    c.add_argument(
        "--total",
        action="append",
        metavar="STRÖM=BELOPP",
        help='summa enligt överenskommelsens text, t.ex. "Nära vård=2 420 000 000" eller "Totalt=…" (flera går)',
    )
    c.add_argument("--json", action="store_true", help="skriv resultatet som JSON")
    c.add_argument("--dry-run", action="store_true", help="visa bara tabellen och varningarna; spara ingenting")
