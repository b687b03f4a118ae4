"""The top parser: every command group's module registers its commands here, and ``run`` runs one."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sqlite3
import sys
from pathlib import Path

from cli.base import Commands, Parser, negative_amounts_as_values
from cli.names import PROG
from models.errors import Cancelled, UserError
from models.system.version import VERSION

log = logging.getLogger("bidragskollen")

# The command groups, in the order their commands are listed by --help.
GROUPS: tuple[str, ...] = ("cli.document", "cli.importing", "cli.export", "cli.agreement", "cli.rss", "cli.signing")
GROUPS += ("cli.agreement_table",)
GROUPS += ("cli.decisions",)
GROUPS += ("cli.plan",)
GROUPS += ("cli.rss_items", "cli.profiles")


def build_parser() -> argparse.ArgumentParser:
    p = Parser(prog=PROG, description="Bidragskollen: statsbidrag enligt överenskommelserna med SKR.")
    p.add_argument(
        "--version", action="version", version=f"Bidragskollen {VERSION}", help="visa programmets version och avsluta"
    )
    sub = p.add_subparsers(dest="command", required=True, parser_class=Parser, metavar="KOMMANDO")
    commands = Commands(sub)
    for group in GROUPS:
        importlib.import_module(group).register(commands)
    return p


WAIT_FOR_WRITERS_S = 600  # a command waits this long for another process's import (models/storage/busy.py)


def _waiting(path: Path) -> None:
    print(
        f"{path.name} används just nu av en annan import eller ändring; väntar tills den är klar (högst 10 minuter) …",
        file=sys.stderr,
        flush=True,
    )


def run(argv: list[str]) -> int:
    from models.storage.busy import wait_as_usual, wait_longer
    from models.system.logsetup import setup_logging

    log_file = setup_logging()
    wait_longer(WAIT_FOR_WRITERS_S, _waiting)
    try:
        _check_text(argv)
        args = build_parser().parse_args(negative_amounts_as_values(argv))
        return int(args.func(args) or 0)
    except (Cancelled, UserError) as err:
        print(str(err), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Avbrutet.", file=sys.stderr)
        return 2
    except (sqlite3.DatabaseError, UnicodeDecodeError) as err:  # a page damaged past what opening checks
        log.exception("damaged document in %s", argv[:1])
        print(
            f"Redovisningen är skadad och kunde inte läsas ({type(err).__name__}); återställ en säkerhetskopia.",
            file=sys.stderr,
        )
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
    finally:
        wait_as_usual()


def _check_text(argv: list[str]) -> None:
    """An argument with bytes that are not UTF-8 is refused unless it names an existing file (whose name is
    then shown and stored with U+FFFD in their place): such text cannot be stored in a document."""
    from models.system.paths import shown_name, undecodable

    for arg in argv:
        if undecodable(arg) and not os.path.lexists(arg):
            raise UserError(
                f"Argumentet ”{shown_name(arg)}” innehåller tecken som inte är giltig text (UTF-8); "
                "skriv om det, eller byt namn på filen."
            )
