"""Payment decisions and the repayment of one document: ``decision add/delete/list``, ``repayment set/clear``."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from cli.base import DOCUMENT_HELP, Commands, Parser, Subcommands, open_document, parse_date
from models.errors import ValidationError
from models.money import format_sek, parse_amount


def cmd_decision_add(a: argparse.Namespace) -> int:
    from models.storage.agreement import Decision

    with open_document(a.file) as doc:
        decision = Decision(a.dnr, parse_date(a.date), parse_amount(a.amount, allow_negative=False))
        doc.agreement.add_decision(decision)
    print(f"La till beslut om utbetalning {decision.describe()}.")
    return 0


def cmd_decision_delete(a: argparse.Namespace) -> int:
    with open_document(a.file) as doc:
        match = [d for d in doc.agreement.decisions() if d.dnr.casefold() == a.dnr.strip().casefold()]
        if not match or match[0].id is None:
            known = ", ".join(d.dnr for d in doc.agreement.decisions()) or "inga"
            raise ValidationError(f"Beslutet ”{a.dnr}” finns inte i redovisningen; där finns: {known}.")
        removed = doc.agreement.delete_decision(match[0].id)
    print(f"Tog bort beslutet {removed.describe()}.")
    return 0


def cmd_decision_list(a: argparse.Namespace) -> int:
    with open_document(a.file, readonly=True) as doc:
        decisions = doc.agreement.decisions()
    if not decisions:
        print("Inga beslut om utbetalning är registrerade.")
    for d in decisions:
        print(f"{d.dnr:<20} {d.date}  {format_sek(d.amount):>18}")
    return 0


def cmd_repayment_set(a: argparse.Namespace) -> int:
    from models.storage.agreement import Repayment

    with open_document(a.file) as doc:
        repayment = Repayment(parse_date(a.date), parse_amount(a.amount, allow_negative=False), a.reference or "")
        doc.agreement.set_repayment(repayment)
    print(f"Sparade återbetalningen {repayment.describe()}.")
    return 0


def cmd_repayment_clear(a: argparse.Namespace) -> int:
    with open_document(a.file) as doc:
        doc.agreement.set_repayment(None)
    print("Ingen återbetalning är registrerad längre.")
    return 0


def _group(commands: Commands, name: str, what: str) -> Subcommands:
    c = commands.add(name, what, lambda _a: 0, file=None)
    return c.add_subparsers(dest="action", required=True, parser_class=Parser, metavar="ÅTGÄRD")


def _action(
    sub: Subcommands, name: str, what: str, func: Callable[[argparse.Namespace], int]
) -> argparse.ArgumentParser:
    c = sub.add_parser(name, help=what, description=what[0].upper() + what[1:] + ".")
    c.add_argument("file", metavar="FILE", help=DOCUMENT_HELP)
    c.set_defaults(func=func)
    return c


def register(commands: Commands) -> None:
    sub = _group(commands, "decision", "regeringens beslut om utbetalning (flera per år går bra)")
    c = _action(sub, "add", "registrera ett beslut om utbetalning", cmd_decision_add)
    c.add_argument("--dnr", required=True, metavar="DNR", help="Regeringskansliets diarienummer, t.ex. S2026/01234")
    c.add_argument("--date", required=True, metavar="DATUM", help="beslutets datum, t.ex. 2026-02-12")
    c.add_argument("--amount", required=True, metavar="BELOPP", help='beslutat belopp i kronor, t.ex. "2 420 000 000"')
    c = _action(sub, "delete", "ta bort ett beslut", cmd_decision_delete)
    c.add_argument("--dnr", required=True, metavar="DNR", help="beslutets diarienummer")
    _action(sub, "list", "visa besluten", cmd_decision_list)

    sub = _group(commands, "repayment", "återbetalningen av medel som inte har förbrukats")
    c = _action(sub, "set", "registrera den gjorda återbetalningen", cmd_repayment_set)
    c.add_argument("--date", required=True, metavar="DATUM", help="betalningsdag, t.ex. 2027-03-20")
    c.add_argument("--amount", required=True, metavar="BELOPP", help="återbetalt belopp i kronor")
    c.add_argument("--reference", metavar="REF", help="betalningsreferens")
    _action(sub, "clear", "ta bort den registrerade återbetalningen", cmd_repayment_clear)
