"""The ``agreement`` commands: the user's own agreements (new, set, streams, export, import, delete, team-folder).

Other modules add actions to the same ``agreement`` group through ``actions(commands)``::

    from cli.agreement import actions
    def register(commands):
        c = actions(commands).add("table", "läs in en fördelningstabell", cmd_table)
        c.add_argument("agreement_id", metavar="ID")
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cli.base import Commands, Parser, Subcommands, catalogue
from models.errors import ValidationError

if TYPE_CHECKING:
    from models.catalogue.catalogue import Catalogue

_GROUP = "_agreement_actions"


class Actions:
    """The sub-commands of ``agreement``."""

    def __init__(self, sub: Subcommands) -> None:
        self._sub = sub

    def add(self, name: str, what: str, func: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        c = self._sub.add_parser(name, help=what, description=what[0].upper() + what[1:] + ".")
        c.set_defaults(func=func)
        return c


def actions(commands: Commands) -> Actions:
    """The ``agreement`` group's actions (made once, on first use, whichever module asks first)."""
    found = getattr(commands, _GROUP, None)
    if found is None:
        what = "skapa och ändra egna överenskommelser, dela dem med kollegor"
        c = commands.add("agreement", what, lambda _a: 0, file=None)
        sub = c.add_subparsers(dest="action", required=True, parser_class=Parser, metavar="ÅTGÄRD")
        found = Actions(sub)
        setattr(commands, _GROUP, found)
    return found


def _forms() -> tuple[str, ...]:
    from models.report import FORMS_DIR

    return tuple(sorted(p.stem for p in FORMS_DIR.glob("*.json")))


def _describe(agreement: object) -> str:
    from models.catalogue.catalogue import Agreement

    assert isinstance(agreement, Agreement)
    a = agreement
    streams = "; ".join(f"{s.name} ({', '.join(s.kinds)})" for s in a.stream_specs)
    return (
        f"{a.id}: {a.name} ({a.year}). Period {a.period_start} – {a.period_end}; rekvisition senast "
        f"{a.deadlines['requisition']}, återbetalning senast {a.deadlines['repayment']}, redovisning senast "
        f"{a.deadlines['report']}. Strömmar: {streams}." + (" Ingen rekvisition." if a.no_requisition else "")
    )


def cmd_new(a: argparse.Namespace) -> int:
    from models.catalogue.agreement_data import new_agreement_data, parse_year
    from models.catalogue.user import save_user_agreement

    cat = catalogue()
    template = cat.agreement(a.template) if a.template else cat.newest()
    data = new_agreement_data(
        template, a.agreement_id, a.name, parse_year(a.year), skr_arende=a.skr_arende, dnr=a.dnr, payer=a.payer
    )
    agreement = save_user_agreement(data, cat, replace=False)
    print(f"Skapade {_describe(agreement)}")
    return 0


def _own_data(cat: Catalogue, agreement_id: str) -> dict[str, Any]:
    from models.catalogue.agreement_data import agreement_data
    from models.catalogue.user import own_agreement

    return agreement_data(own_agreement(cat, agreement_id))


def cmd_set(a: argparse.Namespace) -> int:
    from models.catalogue.agreement_data import set_value
    from models.catalogue.user import save_user_agreement

    cat = catalogue()
    data = _own_data(cat, a.agreement_id)
    forms = _forms()
    for item in a.assignments:
        if "=" not in item:
            raise ValidationError(f"”{item}” saknar likhetstecken; skriv NYCKEL=VÄRDE, till exempel year=2026.")
        key, value = item.split("=", 1)
        data = set_value(data, key, value, forms=forms)
    agreement = save_user_agreement(data, cat)
    print(f"Sparade {_describe(agreement)}")
    return 0


def cmd_streams(a: argparse.Namespace) -> int:
    from models.catalogue.agreement_data import parse_stream, set_streams
    from models.catalogue.user import save_user_agreement

    cat = catalogue()
    data = set_streams(_own_data(cat, a.agreement_id), [parse_stream(s) for s in a.streams])
    agreement = save_user_agreement(data, cat)
    print(f"Sparade {_describe(agreement)}")
    return 0


def cmd_export(a: argparse.Namespace) -> int:
    from models.catalogue.user import export_agreement

    path = export_agreement(a.agreement_id, a.out, catalogue())
    print(f"Exporterade {a.agreement_id} till {path}.")
    return 0


def cmd_import(a: argparse.Namespace) -> int:
    from models.catalogue.user import import_agreement

    agreement = import_agreement(a.input, catalogue(), replace=a.replace)
    print(f"Importerade {_describe(agreement)}")
    return 0


def cmd_delete(a: argparse.Namespace) -> int:
    from models.catalogue.user import delete_user_agreement

    agreement = delete_user_agreement(a.agreement_id, catalogue())
    print(f"Tog bort {agreement.id}: {agreement.name}.")
    return 0


def cmd_refresh(a: argparse.Namespace) -> int:
    from cli.base import open_document
    from models.doc_agreement import agreement_of, catalogue_version, differences, take_catalogue_version

    cat = catalogue()
    with open_document(a.file, readonly=not a.take) as doc:
        newer = catalogue_version(doc, cat)
        if newer is None:
            print(f"{doc.path.name} följer samma version av {doc.agreement_id} som katalogen har.")
            return 0
        changed = ", ".join(differences(agreement_of(doc, cat), newer)) or "detaljer"
        if not a.take:
            print(f"Katalogen har en annan version av {newer.id} (skiljer sig: {changed}); --take använder den.")
            return 0
        take_catalogue_version(doc, cat)
    print(f"{doc.path.name} följer nu katalogens version av {newer.id} (ändrat: {changed}).")
    return 0


def cmd_team_folder(a: argparse.Namespace) -> int:
    from pathlib import Path

    from models.catalogue.user import set_team_folder, team_folder

    if a.clear:
        set_team_folder(None)
        print("Ingen teammapp används längre.")
    elif a.folder:
        folder = Path(a.folder)
        if not folder.is_dir():
            raise ValidationError(f"Mappen {folder} finns inte eller nås inte; kontrollera sökvägen.")
        set_team_folder(folder.resolve())
        print(f"Teammappen är nu {folder.resolve()}.")
    else:
        current = team_folder()
        print(f"Teammapp: {current}" if current else "Ingen teammapp är vald.")
    return 0


def register(commands: Commands) -> None:
    act = actions(commands)
    c = act.add("new", "skapa en egen överenskommelse från en mall (den nyaste om --from utelämnas)", cmd_new)
    c.add_argument("agreement_id", metavar="ID", help="den nya överenskommelsens id, t.ex. gnv-2026")
    c.add_argument("--from", dest="template", metavar="MALL", help="överenskommelsen att utgå från, t.ex. gnv-2024")
    c.add_argument("--name", required=True, metavar="NAMN", help="överenskommelsens namn")
    c.add_argument("--year", required=True, metavar="ÅR", help="året, t.ex. 2026; period och sista dagar följer det")
    c.add_argument("--skr-arende", metavar="NR", help="SKR:s ärendenummer, t.ex. SKR2025/01234")
    c.add_argument("--dnr", metavar="DNR", help="Regeringskansliets diarienummer för överenskommelsen")
    c.add_argument("--payer", metavar="VEM", help="utbetalare, t.ex. Kammarkollegiet (som mallen om utelämnad)")

    keys = "name, year, skr_arende, dnr, payer, form, annex, no_requisition, period.*, deadlines.*"
    c = act.add("set", f"ändra uppgifter i en egen överenskommelse: {keys}", cmd_set)
    c.add_argument("agreement_id", metavar="ID", help="en egen överenskommelse")
    c.add_argument("assignments", nargs="+", metavar="NYCKEL=VÄRDE", help="allt eller inget sparas")

    c = act.add("streams", "ange strömmarna och deras mottagartyper", cmd_streams)
    c.add_argument("agreement_id", metavar="ID", help="en egen överenskommelse")
    c.add_argument("streams", nargs="+", metavar="NAMN:TYPER", help='t.ex. "Nära vård:region,rss" "Ambulans:region"')

    c = act.add("export", "spara en överenskommelse i en fil att dela", cmd_export)
    c.add_argument("agreement_id", metavar="ID", help="överenskommelsen")
    c.add_argument("out", metavar="UT", help="filen (NAMN.overenskommelse.json) eller en mapp")

    c = act.add("import", "lägg till en överenskommelse från en delad fil", cmd_import)
    c.add_argument("input", metavar="FIL", help="en .overenskommelse.json-fil")
    c.add_argument("--replace", action="store_true", help="ersätt en egen överenskommelse med samma id")

    c = act.add("delete", "ta bort en egen överenskommelse", cmd_delete)
    c.add_argument("agreement_id", metavar="ID", help="en egen överenskommelse")

    c = act.add("refresh", "jämför en redovisnings överenskommelse med katalogens version", cmd_refresh)
    c.add_argument("file", metavar="FILE", help="redovisningen, en .bidrag-fil")
    c.add_argument("--take", action="store_true", help="använd katalogens version (en rad i historiken)")

    c = act.add("team-folder", "visa eller välj teammappen, en delad mapp med överenskommelser", cmd_team_folder)
    c.add_argument("folder", nargs="?", metavar="MAPP", help="mappen (utelämnad: visa den som gäller)")
    c.add_argument("--clear", action="store_true", help="använd ingen teammapp")
