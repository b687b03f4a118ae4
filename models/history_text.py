"""The history in plain Swedish: one line per change, with its kind, for the Historik page and ``history``.

The history table keeps what each change wrote (action, what, old, new). This module reads it the way a
coordinator would: names instead of internal ids ("Redovisningen skapades: God och nära vård 2024,
Region Skåne", not "gnv-2024 / rss-12"), a date kept apart from the amount beside it ("2024-02-15,
128 724 464 kr"), the Ekonomichefens bedömning as "Alt 1", and the file an export wrote. Rows
written by earlier versions read the same way. ``KINDS`` are the filter's choices.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from models.document import HistoryEntry
from models.errors import ValidationError
from models.fields import FIELD_BY_NAME

if TYPE_CHECKING:
    from models.catalogue.catalogue import Catalogue

# kind → the filter's label; the order of the window's list and of ``history --kind``
KINDS: dict[str, str] = {
    "fält": "Uppgifter i blanketten",
    "kostnader": "Kostnader",
    "import": "Import",
    "export": "Export",
    "betalningar": "Betalningar och beslut",
    "plan": "Plan och aktiviteter",
    "kommuner": "Kommuner",
    "dokument": "Dokumentet",
}

EXPORT_FILES_SEP = "): "  # "redovisning (slutlig, pdf): C:\\...\\Bilaga 1.pdf": the files, named since this version

_ACTIONS = {
    "skapad": "Skapat",
    "ändrat": "Ändrat",
    "lagt till": "Lagt till",
    "tagit bort": "Tagit bort",
    "återställt": "Återställt",
    "importerat": "Importerat",
    "ångrat import": "Ångrat importen av",
    "återställt import": "Gjort om importen av",
    "exporterat": "Exporterat",
    "reparerat": "Reparerat",
    "sorterat": "Sorterat",
    "signerat": "Signerat",
    "kontrollerat": "Kontrollerat",
    "flyttat": "Flyttat",
    "överfört": "Överfört",
    "avbrutet": "Avbrutet",
}
_PAYMENTS = ("Utbetalning", "Beslut om utbetalning", "Återbetalning", "Tilldelning")
_MUNICIPAL = ("Återrapport", "Importregel", "Planerad vidareförmedling", "Fördelning", "Kommunernas", "Vidareförmedl")
_PLAN = ("Aktivitet", "Plan", "Kostnader till aktiviteter")
_AMOUNT = r"-?\d{1,3}(?:[ \u00a0\u202f]\d{3})*(?:,\d{2})? kr"
_DATE_AMOUNT = re.compile(rf"\b(\d{{4}}-\d{{2}}-\d{{2}}) ({_AMOUNT})")
_AMOUNT_TEXT = re.compile(rf"^(\d{{4}}-\d{{2}}-\d{{2}}, {_AMOUNT}) (\S)")
_FORMATS = {"pdf,xlsx": "PDF och Excel", "pdf": "PDF", "xlsx": "Excel"}
_SINGULAR = {"kostnader": "kostnad", "regler": "regel", "kommuner": "kommun", "månader": "månad"}
_ONE = re.compile(rf"(?<![\d,])1 ({'|'.join(_SINGULAR)})\b")
_IDS = re.compile(r"^(\S+) / (\S+)$")
_CHOICES = {"alt1": "Alt 1 (redovisningen är riktig)", "alt2": "Alt 2 (avvikelser)"}
_LABELS = {f.label for f in FIELD_BY_NAME.values()}


@dataclass(frozen=True)
class HistoryLine:
    """One history row as the user reads it."""

    when: str  # "2024-03-01 14:05"
    user: str
    kind: str  # a key of KINDS
    text: str  # what was done, in words
    change: str  # "gammalt → nytt", or ""

    def matches(self, search: str = "", kind: str = "") -> bool:
        """Whether the line belongs to ``kind`` (empty: any) and holds every word of ``search`` (any case)."""
        if kind and self.kind != kind:
            return False
        hay = f"{self.when} {self.user} {self.text} {self.change}".casefold()
        return all(word in hay for word in search.casefold().split())


def kind_of(entry: HistoryEntry) -> str:
    """Which of KINDS a history row belongs to."""
    action, what = entry.action, entry.what
    if action in ("flyttat", "avbrutet"):
        return "kostnader"
    if action in ("skapad", "överfört", "reparerat", "signerat", "kontrollerat"):
        return "dokument"
    if action == "exporterat":
        return "export"
    if action in ("importerat", "ångrat import", "återställt import"):
        return "import"
    if what.startswith(_PAYMENTS):
        return "betalningar"
    if what.startswith(_MUNICIPAL):
        return "kommuner"
    if what.startswith("Aktivitet för") or what in ("Kostnad", "Kostnader", "Kostnadsslag"):
        return "kostnader"
    if what.startswith(_PLAN):
        return "plan"
    if what.startswith("Överenskommelsen"):
        return "dokument"
    return "fält"


def _value(what: str, value: str) -> str:
    """A stored value as the user reads it: a choice in words, a date apart from its amount."""
    if what == FIELD_BY_NAME["attestation"].label:
        return _CHOICES.get(value, value)
    text = _DATE_AMOUNT.sub(r"\1, \2", value.replace("\n", " "))
    text = _ONE.sub(lambda m: f"1 {_SINGULAR[m.group(1)]}", text)  # "1 kostnader" written by earlier versions
    return _AMOUNT_TEXT.sub(r"\1, \2", text)  # a cost: "2024-03-01, 1 234,50 kr, Nära vård/Personal …"


def _created(entry: HistoryEntry, catalogue: Catalogue | None) -> str:
    match = _IDS.match(entry.new)
    if match is None or catalogue is None:  # written as names (since this version), or no catalogue at hand
        return f"Redovisningen skapades: {entry.new}" if entry.new else "Redovisningen skapades"
    agreement_id, recipient_id = match.groups()
    agreement = catalogue.agreements.get(agreement_id)
    recipient = catalogue.recipients.get(recipient_id)
    names = [agreement.name if agreement else agreement_id, recipient.name if recipient else recipient_id]
    return f"Redovisningen skapades: {', '.join(names)}"


def _export(entry: HistoryEntry) -> tuple[str, str]:
    form, sep, files = entry.what.partition(EXPORT_FILES_SEP)
    head = f"{form})" if sep else form
    for short, name in _FORMATS.items():
        head = head.replace(short, name)
    change = [f"till {files}"] if files else []
    change += [f"fingeravtryck {entry.new}"] if entry.new else []
    if head.endswith(", utskrift)"):  # printed (ui/printing.py): noted like an export, read as what it was
        return f"Skrivit ut: {head.removesuffix(', utskrift)')})", "; ".join(change)
    return f"Exporterat: {head}", "; ".join(change)


def describe(entry: HistoryEntry, catalogue: Catalogue | None = None) -> HistoryLine:
    """The row in plain Swedish; ``catalogue`` turns the ids of a creation row into names."""
    when = entry.time.strftime("%Y-%m-%d %H:%M")
    kind = kind_of(entry)
    if entry.action == "skapad":
        return HistoryLine(when, entry.user, kind, _created(entry, catalogue), "")
    if entry.action == "exporterat":
        text, change = _export(entry)
        return HistoryLine(when, entry.user, kind, text, change)
    verb = _ACTIONS.get(entry.action, entry.action.capitalize())
    text = f"{verb}: {entry.what}" if entry.what else verb
    old, new = _value(entry.what, entry.old), _value(entry.what, entry.new)
    if old and new:
        change = f"{old} → {new}"
    elif entry.action in ("tagit bort", "ångrat import") or (old and entry.what in _LABELS):
        change = old + (" → (tomt)" if entry.what in _LABELS else "")
    else:
        change = new
    return HistoryLine(when, entry.user, kind, text, change)


def history_lines(
    entries: list[HistoryEntry], catalogue: Catalogue | None = None, *, search: str = "", kind: str = ""
) -> list[HistoryLine]:
    """The rows in plain Swedish that match ``search`` and ``kind`` (both empty: all), in the given order."""
    lines = (describe(e, catalogue) for e in entries)
    return [line for line in lines if line.matches(search, kind)]


def find_kind(text: str) -> str:
    """The kind a user typed (key or label, any case; "" for all); a ValidationError names the choices."""
    wanted = text.strip().casefold()
    if wanted in ("", "alla"):
        return ""
    for key, label in KINDS.items():
        if wanted in (key, label.casefold()):
            return key
    raise ValidationError(f"Det finns ingen sorts ändring som heter ”{text}”; välj en av: {', '.join(KINDS)}.")
