"""What every command shares: the Swedish argparse, the document and catalogue openers, JSON output."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, NoReturn, Protocol

from cli.names import INVOKED, PROG
from models.errors import UserError, ValidationError

if TYPE_CHECKING:
    from models.catalogue.catalogue import Catalogue
    from models.storage.document_file import Document

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


_PLACEHOLDER = re.compile(r"(%\(\w+\)[sr]|%[sr])")


def _read_back(english: str) -> re.Pattern[str]:
    """A pattern that reads a worded argparse message back: each placeholder becomes a group, in order."""
    parts = _PLACEHOLDER.split(english)
    return re.compile("".join("(.*?)" if i % 2 else re.escape(p) for i, p in enumerate(parts)), re.S)


_MESSAGES = [(_read_back(en), _PLACEHOLDER.findall(en), sv) for en, sv in _SWEDISH.items() if "%" in en]
_HEADINGS = (
    (re.compile(r"^usage: "), "användning: "),
    (re.compile(r"(?m)^positional arguments:$"), "argument:"),
    (re.compile(r"(?m)^options:$"), "flaggor:"),
    (re.compile(r"show this help message and exit"), "visa den här hjälpen och avsluta"),
)


def swedish(message: str) -> str:
    """An argparse message in Swedish. argparse words its messages in English; the parser translates what it
    shows (``Parser.error``, ``format_usage``, ``format_help``), through public methods only."""
    for pattern, placeholders, sv in _MESSAGES:
        m = pattern.fullmatch(message)
        if m is not None:
            for placeholder, value in zip(placeholders, m.groups(), strict=True):
                sv = sv.replace(placeholder, swedish(value), 1)  # "argument X: invalid choice: …" within
            return sv
    return _SWEDISH.get(message, message)


def _swedish_help(text: str) -> str:
    for pattern, sv in _HEADINGS:
        text = pattern.sub(sv, text)
    return text


# An argument that begins with a minus and then reads as an amount ("-1234,50", "-1 234,50") is a value, not an
# option: argparse by itself knows only "-1234" and "-12.5".
_NEGATIVE_AMOUNT = re.compile(r"^-\d[\d \u00a0\u202f,.]*$")


def negative_amounts_as_values(argv: list[str]) -> list[str]:
    """``--amount -1234,50`` as ``--amount=-1234,50``: argparse takes a value written so, whatever it looks like."""
    out: list[str] = []
    for arg in argv:
        if out and _NEGATIVE_AMOUNT.match(arg) and out[-1].startswith("--") and "=" not in out[-1]:
            out[-1] = f"{out[-1]}={arg}"
        else:
            out.append(arg)
    return out


class Subcommands(Protocol):
    """What ``add_subparsers()`` returns, as the commands use it."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser: ...


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        command = self.prog.split()[-1]
        command = "" if command == PROG else f" {command}"
        raise UserError(f"Fel i kommandot: {swedish(message)}. Se {INVOKED}{command} --help.")

    def format_usage(self) -> str:
        return _swedish_help(super().format_usage())

    def format_help(self) -> str:
        return _swedish_help(super().format_help())


DOCUMENT_HELP = "redovisningen, en .bidrag-fil"


class Commands:
    """Adds commands to the top parser; each starts with the document it works on unless told otherwise."""

    def __init__(self, sub: Subcommands) -> None:
        self._sub = sub

    def add(
        self, name: str, what: str, func: Callable[[argparse.Namespace], int], file: str | None = DOCUMENT_HELP
    ) -> argparse.ArgumentParser:
        c = self._sub.add_parser(name, help=what, description=what[0].upper() + what[1:] + ".")
        if file:
            c.add_argument("file", metavar="FILE", help=file)
        c.set_defaults(func=func)
        return c


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def catalogue() -> Catalogue:
    """Built-in, user and team agreements (a broken user or team file is left out, not fatal)."""
    from models.catalogue.user import load_full_catalogue

    return load_full_catalogue()


def open_document(path: str, readonly: bool = False) -> Document:
    """Open a document; to change it, no other program may hold it (its lock file, ``models.storage.locking``)."""
    from models.storage.document_file import Document

    if not readonly:
        from models.storage.locking import refuse_if_held

        refuse_if_held(path)
    doc = Document.open(path, readonly=readonly)
    if not doc.readonly and doc.agreement.agreement_text() is None:  # older than the copies: it gets one now
        from models.doc_agreement import store_copy_if_missing

        store_copy_if_missing(doc, catalogue())
    if not doc.readonly:  # a move of costs to next year's document that a crash interrupted (models/next_year.py)
        from models.next_year import finish_pending_move

        if note := finish_pending_move(doc):
            print(f"Obs: {note}", file=sys.stderr)
    return doc


def parse_date(text: str) -> date:
    from models.validation import parse_date as parse

    return parse(text)


def pick(name: str, options: list[str], what: str) -> str:
    """Case-insensitive choice among the document's streams or categories."""
    for option in options:
        if option.casefold() == name.strip().casefold():
            return option
    raise ValidationError(f"{what} ”{name}” finns inte; välj en av: {', '.join(options)}.")
