"""Which column is what (mapping), which rows to take (filters), and where they go (rules)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from models.errors import UserError

ROLES: tuple[str, ...] = ("date", "voucher", "account", "amount", "debit", "credit", "text", "supplier")
ROLE_LABELS: dict[str, str] = {
    "date": "Datum",
    "voucher": "Verifikation",
    "account": "Konto",
    "amount": "Belopp",
    "debit": "Debet",
    "credit": "Kredit",
    "text": "Text",
    "supplier": "Leverantör",
}

# Normalized headings (lower case, letters and digits only), best first.
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "date": (
        "datum",
        "bokföringsdatum",
        "bokfdatum",
        "bokfdat",
        "bokförtdatum",
        "transaktionsdatum",
        "verifikationsdatum",
        "verdatum",
        "registreringsdatum",
        "date",
        "postingdate",
        "bookingdate",
        "transactiondate",
        "voucherdate",
        "accountingdate",
        "documentdate",
    ),
    "voucher": (
        "verifikation",
        "verifikationsnummer",
        "verifikationsnr",
        "vernr",
        "vernummer",
        "ver",
        "verifikat",
        "bilaga",
        "dokumentnummer",
        "löpnummer",
        "voucher",
        "voucherno",
        "vouchernumber",
        "documentnumber",
        "docno",
        "transno",
    ),
    "account": ("konto", "kontonr", "kontonummer", "baskonto", "account", "accountno", "accountnumber", "acct"),
    "amount": (
        "belopp",
        "beloppsek",
        "beloppkr",
        "bokförtbelopp",
        "summa",
        "utfall",
        "kostnad",
        "amount",
        "amountsek",
        "netamount",
        "sum",
        "value",
    ),
    "debit": ("debet", "debetbelopp", "debit", "debitamount", "dr"),
    "credit": ("kredit", "kreditbelopp", "credit", "creditamount", "cr"),
    "text": (
        "text",
        "verifikationstext",
        "transaktionstext",
        "vertext",
        "benämning",
        "beskrivning",
        "specifikation",
        "fritext",
        "kommentar",
        "description",
        "transactiontext",
        "narrative",
        "memo",
    ),
    "supplier": (
        "leverantör",
        "leverantörsnamn",
        "motpart",
        "motpartsnamn",
        "kundleverantör",
        "supplier",
        "suppliername",
        "vendor",
        "vendorname",
        "counterparty",
    ),
}
# Object columns and the SIE dimension they stand for (1 Kostnadsställe, 2 Kostnadsbärare, 6 Projekt).
_OBJECT_SYNONYMS: dict[str, tuple[str, ...]] = {
    "1": ("kostnadsställe", "kstl", "kst", "ansvar", "ansvarsenhet", "resultatenhet", "costcenter", "costcentre"),
    "2": ("kostnadsbärare",),
    "6": ("projekt", "projektnr", "projektnummer", "project", "projectno", "projectnumber"),
    "Aktivitet": ("aktivitet", "activity"),
    "Verksamhet": ("verksamhet",),
    "Objekt": ("objekt", "object"),
}
DIMENSION_NAMES: dict[str, str] = {"1": "Kostnadsställe", "2": "Kostnadsbärare", "6": "Projekt"}


def normalize_heading(text: object) -> str:
    return "".join(ch for ch in str(text).lower() if ch.isalnum())


_ALL_HEADINGS = frozenset(
    [s for syn in _SYNONYMS.values() for s in syn] + [s for syn in _OBJECT_SYNONYMS.values() for s in syn]
)


def heading_score(row: list[object]) -> int:
    """How many cells of a row are known headings: the heading row scores highest."""
    return sum(1 for c in row if isinstance(c, str) and normalize_heading(c) in _ALL_HEADINGS)


@dataclass
class Mapping:
    """Column headings for each role. ``amount`` or ``debit``/``credit`` carry the money."""

    date: str | None = None
    voucher: str | None = None
    account: str | None = None
    amount: str | None = None
    debit: str | None = None
    credit: str | None = None
    text: str | None = None
    supplier: str | None = None
    objects: dict[str, str] = field(default_factory=dict)  # dimension ("6" or a name) → heading
    negate: bool = False  # the export shows costs as negative amounts

    @classmethod
    def of(cls, columns: dict[str, str | None], objects: dict[str, str], negate: bool = False) -> Mapping:
        """A mapping from a heading (or None) per role of ``ROLES``."""
        c = columns.get
        return cls(
            date=c("date"),
            voucher=c("voucher"),
            account=c("account"),
            amount=c("amount"),
            debit=c("debit"),
            credit=c("credit"),
            text=c("text"),
            supplier=c("supplier"),
            objects=objects,
            negate=negate,
        )

    def columns(self) -> dict[str, str]:
        return {r: getattr(self, r) for r in ROLES if getattr(self, r)}

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {r: getattr(self, r) for r in ROLES}
        out["objects"] = dict(self.objects)
        out["negate"] = self.negate
        return out

    @classmethod
    def from_json(cls, data: object) -> Mapping:
        if not isinstance(data, dict):
            raise UserError("Kolumnmappningen i filen är felaktig; spara om profilen.")
        kwargs: dict[str, str | None] = {}
        for role in ROLES:
            value = data.get(role)
            if value is not None and not isinstance(value, str):
                raise UserError(f"Kolumnen för {ROLE_LABELS[role].lower()} i mappningen måste vara en rubrik.")
            kwargs[role] = value or None
        objects = data.get("objects") or {}
        if not isinstance(objects, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in objects.items()
        ):
            raise UserError("Objektkolumnerna i mappningen är felaktiga; ange dimension och rubrik.")
        return cls.of(kwargs, dict(objects), bool(data.get("negate", False)))


def auto_mapping(headers: list[str]) -> Mapping:
    """Guess the mapping from Swedish and English headings; the user can change every choice."""
    norm = [normalize_heading(h) for h in headers]
    used: set[int] = set()

    def find(synonyms: tuple[str, ...]) -> str | None:
        for syn in synonyms:
            for i, n in enumerate(norm):
                if i not in used and n == syn:
                    used.add(i)
                    return headers[i]
        for syn in synonyms:  # "Datum bokföring", "Belopp i SEK"
            if len(syn) < 4:
                continue
            for i, n in enumerate(norm):
                if i not in used and n.startswith(syn):
                    used.add(i)
                    return headers[i]
        return None

    found = {role: find(syn) for role, syn in _SYNONYMS.items()}
    if found["amount"] and (found["debit"] or found["credit"]):
        found["debit"] = found["credit"] = None  # one net amount column is safer than a half pair
    objects = {}
    for dim, syn in _OBJECT_SYNONYMS.items():
        col = find(syn)
        if col:
            objects[dim] = col
    return Mapping.of(found, objects)


# ---------------------------------------------------------------- filters and rules


@dataclass
class Filters:
    """Rows to take. Objects with the same dimension are alternatives; different dimensions must all hold."""

    accounts: list[tuple[int, int]] = field(default_factory=lambda: [(4000, 7999)])
    objects: list[tuple[str, str]] = field(default_factory=list)  # (dimension or heading, code)
    date_from: date | None = None
    date_to: date | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "accounts": [list(r) for r in self.accounts],
            "objects": [list(o) for o in self.objects],
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
        }

    @classmethod
    def from_json(cls, data: object) -> Filters:
        if not isinstance(data, dict):
            raise UserError("Filtren i profilen är felaktiga; spara om profilen.")
        try:
            accounts = [(int(lo), int(hi)) for lo, hi in data.get("accounts", [(4000, 7999)])]
            objects = [(str(d), str(c)) for d, c in data.get("objects", [])]
            date_from = date.fromisoformat(data["date_from"]) if data.get("date_from") else None
            date_to = date.fromisoformat(data["date_to"]) if data.get("date_to") else None
        except (TypeError, ValueError, OverflowError):  # OverflowError: a number like 1e400 or Infinity
            raise UserError(
                "Filtren i profilen är felaktiga; ange konton som intervall och datum som 2024-01-31."
            ) from None
        return cls(accounts, objects, date_from, date_to)


_RANGE = re.compile(r"^\s*(\d{1,10})\s*(?:[-–]\s*(\d{1,10}))?\s*$")


def parse_accounts(text: str) -> list[tuple[int, int]]:
    """ "4000-7999" or "4000-6999, 7010" → [(4000, 6999), (7010, 7010)]; "" → no account filter."""
    out: list[tuple[int, int]] = []
    for part in text.split(","):
        if not part.strip():
            continue
        m = _RANGE.match(part)
        if not m:
            raise UserError(f"”{part.strip()}” är inget kontointervall; skriv till exempel 4000-7999.")
        lo, hi = int(m[1]), int(m[2] or m[1])
        if lo > hi:
            raise UserError(f"Kontointervallet {lo}-{hi} är baklänges; skriv det lägsta kontot först.")
        out.append((lo, hi))
    return out


def parse_object_filter(text: str) -> tuple[str, str]:
    """ "6:GNV24" (SIE dimension 6, object GNV24) or "Projekt=GNV24" (column value)."""
    for sep in (":", "="):
        if sep in text:
            dim, code = text.split(sep, 1)
            if dim.strip() and code.strip():
                return dim.strip(), code.strip()
    raise UserError(f"”{text}” är inget objektfilter; skriv till exempel 6:GNV24 eller Projekt=GNV24.")


@dataclass
class Rule:
    """Accounts lo–hi (and text containing ``text_pattern``, if given) go to this category and stream."""

    accounts: tuple[int, int]
    text_pattern: str | None = None
    category: str | None = None
    stream: str | None = None

    def matches(self, account: int | None, text: str) -> bool:
        if account is None or not self.accounts[0] <= account <= self.accounts[1]:
            return False
        return not self.text_pattern or self.text_pattern.casefold() in text.casefold()

    def to_json(self) -> dict[str, object]:
        return {
            "accounts": list(self.accounts),
            "text_pattern": self.text_pattern,
            "category": self.category,
            "stream": self.stream,
        }

    @classmethod
    def from_json(cls, data: object) -> Rule:
        try:
            if not isinstance(data, dict):
                raise TypeError("a rule is an object")
            lo, hi = data["accounts"]
            rule = cls(
                (int(lo), int(hi)),
                data.get("text_pattern") or None,
                data.get("category") or None,
                data.get("stream") or None,
            )
        except (TypeError, ValueError, KeyError, AttributeError, OverflowError):
            raise UserError(
                "En kontoregel i profilen är felaktig; ange konton som intervall, t.ex. 7000-7699."
            ) from None
        for value in (rule.text_pattern, rule.category, rule.stream):
            if value is not None and not isinstance(value, str):
                raise UserError("En kontoregel i profilen är felaktig; kategori och text måste vara text.")
        return rule


# BAS-kontoplanen: first matching rule wins, the rest goes to the default category.
DEFAULT_RULES: tuple[Rule, ...] = (
    Rule((7610, 7629), category="Kompetenshöjande insatser"),  # utbildning, konferenser
    Rule((7000, 7699), category="Personal"),
    Rule((5000, 5299), category="Lokaler"),
    Rule((5420, 5429), category="IT och infrastruktur"),  # programvaror
    Rule((6210, 6259), category="IT och infrastruktur"),  # tele, data, kommunikation
    Rule((6540, 6549), category="IT och infrastruktur"),  # IT-tjänster
    Rule((6550, 6559), category="Köpta tjänster"),  # konsultarvoden
    Rule((4000, 4999), category="Köpta tjänster"),  # köpta varor och tjänster
)


def default_rules(categories: list[str]) -> list[Rule]:
    """The BAS rules whose category the document has (the others would put costs where there is none)."""
    return [r for r in DEFAULT_RULES if r.category in categories]
