"""SIE 4 (4E export and 4I import files): vouchers, transactions, accounts, dimensions, objects.

Only ``#TRANS`` rows count. By the SIE 4B spec ``#RTRANS`` is a supplementary row that is always
followed by an identical ``#TRANS`` (for readers that do not know it), and ``#BTRANS`` is a removed
row that is no part of the voucher's balance: both are skipped, so nothing is counted twice.
Amounts have a decimal point; strings are quoted with ``\\"`` escapes; the spec's encoding is PC8
(CP437) but exporters write cp1252 and UTF-8 too, so the bytes decide.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from models.errors import UserError
from models.importing.sie_encoding import decode_sie
from models.money import finer_than_ore

ORE = Decimal("0.01")
_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|(\{)|(\})|([^\s{}"]+)')
_AMOUNT = re.compile(r"^-?\d{1,13}(\.\d+)?$")
# What follows the amount where the transaction date belongs, yet is a number: the rest of an amount written
# with a thousands space ("1 234.50", "1 234,5"), which would otherwise be read as 1 kr.
_SPLIT_AMOUNT = re.compile(r"^[-+]?[0-9.,]+$")
MAX_LINE = 100_000
_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_UNESCAPE = re.compile(r"\\(.)")
# The common shapes of #VER and #TRANS lines, read in one match; anything else takes the tokenizer. A text must
# be quoted here (an unquoted one, or a word where the date belongs, goes to the tokenizer: "1 234.50" too).
_COMMON_VER = re.compile(
    r'#VER\s+("?)([^\s"{}]*)\1\s+("?)([^\s"{}]*)\3\s+"?(\d{8})"?(?:\s+"([^"\\]*)"(?:\s[^"{}]*)?)?\s*'
)
_COMMON_TRANS = re.compile(
    r'#TRANS\s+"?(\d+)"?\s+\{([^{}"]*(?:"[^"\\{}]*"[^{}"]*)*)\}\s*(-?\d{1,13}(?:\.\d{1,2})?)'
    r'(?:\s+(\d{8}|"\d{8}"|"")(?:\s+"([^"\\]*)"(?:\s[^"{}]*)?)?)?\s*'
)


class SieTrans(NamedTuple):
    line: int  # line number in the file, 1-based
    series: str
    vernr: str
    position: int  # position among the voucher's #TRANS rows, 1-based
    account: str
    objects: tuple[tuple[str, str], ...]  # ((dim, code), ...)
    ore: int  # the amount in öre: debit positive, credit negative
    date: date
    text: str

    @property
    def amount(self) -> Decimal:
        return (Decimal(self.ore) / 100).quantize(ORE)


@dataclass
class SieReject:
    line: int
    column: str
    value: str
    reason: str


@dataclass
class SieFile:
    encoding: str = ""
    program: str = ""
    format: str = ""
    sietype: str = ""
    company: str = ""
    orgnr: str = ""
    years: dict[int, tuple[date, date]] = field(default_factory=dict)  # #RAR 0 = this year
    accounts: dict[str, str] = field(default_factory=dict)
    dims: dict[str, str] = field(default_factory=dict)
    objects: dict[tuple[str, str], str] = field(default_factory=dict)
    vouchers: int = 0
    transactions: list[SieTrans] = field(default_factory=list)
    rejects: list[SieReject] = field(default_factory=list)


def _tokens(line: str) -> list[object]:
    """Split a line into words, quoted strings and brace lists (lists become Python lists)."""
    out: list[object] = []
    stack: list[list[object]] = []
    for m in _TOKEN.finditer(line):
        quoted, opening, closing, word = m.groups()
        if opening:
            stack.append([])
            continue
        if closing:
            if stack:
                inner = stack.pop()
                (stack[-1] if stack else out).append(inner)
            else:
                out.append("}")
            continue
        value = _UNESCAPE.sub(r"\1", quoted) if quoted is not None else word
        (stack[-1] if stack else out).append(value)
    while stack:  # an unclosed list ends at the end of the line
        inner = stack.pop()
        (stack[-1] if stack else out).append(inner)
    return out


def _ore(amount_text: str) -> int:
    """ "-1234.5" (at most two decimals, as _COMMON_TRANS allows) in öre: -123450."""
    whole, _, frac = amount_text.partition(".")
    return int(whole + (frac + "00")[:2])


def _sie_date(text: object) -> date | None:
    if not isinstance(text, str):
        return None
    m = _DATE.match(text)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _word(tokens: list[object], i: int) -> str:
    word = tokens[i] if i < len(tokens) else None
    return word if isinstance(word, str) else ""


def _objects(value: object) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list):
        return ()
    words = [w for w in value if isinstance(w, str)]
    return tuple((words[i], words[i + 1]) for i in range(0, len(words) - 1, 2))


class _Parser:
    def __init__(self, sie: SieFile) -> None:
        self.sie = sie
        self.ver: tuple[str, str, date | None, str, int] | None = None  # series, nr, date, text, line
        self.in_block = False
        self.trans_index = 0
        self.object_cache: dict[str, tuple[tuple[str, str], ...]] = {}
        self.date_cache: dict[str, date | None] = {}

    def reject(self, line: int, column: str, value: str, reason: str) -> None:
        self.sie.rejects.append(SieReject(line, column, value, reason))

    def header(self, tag: str, t: list[object], no: int) -> None:
        sie = self.sie
        if tag == "#KONTO":
            sie.accounts[_word(t, 1)] = _word(t, 2)
        elif tag == "#DIM" or tag == "#UNDERDIM":
            sie.dims[_word(t, 1)] = _word(t, 2)
        elif tag == "#OBJEKT":
            sie.objects[(_word(t, 1), _word(t, 2))] = _word(t, 3)
        elif tag == "#RAR":
            start, end = _sie_date(_word(t, 2)), _sie_date(_word(t, 3))
            try:
                year = int(_word(t, 1))
            except ValueError:
                return
            if start and end:
                sie.years[year] = (start, end)
        elif tag == "#PROGRAM":
            sie.program = " ".join(w for w in t[1:3] if isinstance(w, str))
        elif tag == "#FORMAT":
            sie.format = _word(t, 1)
        elif tag == "#SIETYP":
            sie.sietype = _word(t, 1)
        elif tag == "#FNAMN":
            sie.company = _word(t, 1)
        elif tag == "#ORGNR":
            sie.orgnr = _word(t, 1)

    def start_ver(self, t: list[object], no: int) -> None:
        series, nr = _word(t, 1), _word(t, 2)
        d = _sie_date(_word(t, 3))
        if d is None:
            self.reject(no, "verdatum", _word(t, 3), f"Verifikation {series} {nr} har inget giltigt datum.")
        self.ver = (series, nr, d, _word(t, 4), no)
        self.trans_index = 0
        self.sie.vouchers += 1

    def trans(self, t: list[object], no: int) -> None:
        if self.ver is None:
            self.reject(no, "#TRANS", "", "Transaktionen står utanför en verifikation (#VER).")
            return
        series, nr, ver_date, ver_text, _ = self.ver
        self.trans_index += 1
        account = _word(t, 1)
        rest = t[2:]
        objects: tuple[tuple[str, str], ...] = ()
        if rest and isinstance(rest[0], list):
            objects = _objects(rest[0])
            rest = rest[1:]
        amount_text = rest[0] if rest and isinstance(rest[0], str) else ""
        where = f"ver {series} {nr}"
        if not account.isdigit():
            self.reject(no, "konto", account, f"Kontonumret saknas eller är fel ({where}).")
            return
        if not _AMOUNT.match(amount_text):
            self.reject(no, "belopp", amount_text, f"Beloppet går inte att läsa ({where}).")
            return
        after = rest[1] if len(rest) > 1 else ""
        if isinstance(after, str) and _SPLIT_AMOUNT.match(after) and not _DATE.match(after):
            shown = f"{amount_text} {after}"
            self.reject(
                no, "belopp", shown, f"Beloppet ”{shown}” är inte ett enda tal; skriv det utan mellanrum ({where})."
            )
            return
        amount = Decimal(amount_text)
        if finer_than_ore(amount):
            self.reject(no, "belopp", amount_text, f"Beloppet har fler än två decimaler ({where}).")
            return
        trans_date = _sie_date(rest[1]) if len(rest) > 1 else None
        d = trans_date or ver_date
        if d is None:
            return  # the voucher's missing date is already listed
        text = rest[2] if len(rest) > 2 and isinstance(rest[2], str) and rest[2] else ver_text
        self._add(
            series, nr, no, account, objects, int(amount.quantize(ORE, rounding=ROUND_HALF_UP).scaleb(2)), d, text
        )

    def _add(
        self,
        series: str,
        nr: str,
        no: int,
        account: str,
        objects: tuple[tuple[str, str], ...],
        ore: int,
        d: date,
        text: str,
    ) -> None:
        """A transaction of the open voucher (series ``series``, number ``nr``), at its place among its rows."""
        self.sie.transactions.append(SieTrans(no, series, nr, self.trans_index, account, objects, ore, d, text))

    def common_trans(self, m: re.Match[str], no: int, ver: tuple[str, str, date | None, str, int]) -> None:
        account, inner, amount_text, trans_date, text = m.groups()
        series, nr, ver_date, ver_text, _ = ver
        self.trans_index += 1
        objects = self.object_cache.get(inner)
        if objects is None:
            objects = self.object_cache[inner] = _objects(_tokens("{" + inner + "}")[0])
        d = ver_date
        if trans_date and trans_date != '""':
            d = self._date(trans_date.strip('"')) or ver_date
        if d is None:
            return  # the voucher's missing date is already listed
        self._add(series, nr, no, account, objects, _ore(amount_text), d, text or ver_text)

    def _date(self, text: str) -> date | None:
        try:
            return self.date_cache[text]
        except KeyError:
            d = self.date_cache[text] = _sie_date(text)
            return d

    def common_ver(self, m: re.Match[str], no: int) -> None:
        _, series, _, nr, day, text = m.groups()
        d = self._date(day)
        if d is None:
            self.reject(no, "verdatum", day, f"Verifikation {series} {nr} har inget giltigt datum.")
        self.ver = (series, nr, d, text or "", no)
        self.trans_index = 0
        self.sie.vouchers += 1

    def line(self, raw: str, no: int) -> None:
        s = raw.strip()
        if not s:
            return
        if len(s) > MAX_LINE:  # no SIE post is this long; its brace lists would be read without end
            self.reject(no, s[:20].split()[0], "", "Raden är längre än 100 000 tecken och läses inte.")
            return
        if s.startswith("#TRANS") and self.ver is not None:
            m = _COMMON_TRANS.fullmatch(s)
            if m:
                self.common_trans(m, no, self.ver)
                return
        elif s.startswith("#VER") and not self.in_block:
            m = _COMMON_VER.fullmatch(s)
            if m:
                self.common_ver(m, no)
                if s.endswith("{"):
                    self.in_block = True
                return
        if s == "{":
            if self.ver is None or self.in_block:
                self.reject(no, "{", s, "Klammern står inte efter en verifikation (#VER).")
            self.in_block = True
            return
        if s == "}":
            self.in_block = False
            self.ver = None
            return
        if not s.startswith("#"):
            return  # stray text: the spec says readers ignore what they do not know
        t = _tokens(s)
        tag = str(t[0]).upper()
        if tag == "#VER":
            if self.in_block:
                self.reject(no, "#VER", "", "Föregående verifikation saknar avslutande klammer }.")
                self.in_block = False
            self.start_ver(t, no)
            if s.endswith("{"):
                self.in_block = True
        elif tag == "#TRANS":
            self.trans(t, no)
        elif tag in ("#RTRANS", "#BTRANS"):
            return
        elif not self.in_block:
            self.header(tag, t, no)


def parse_sie(data: bytes) -> SieFile:
    """Parse a SIE 4 file line by line. Bad transactions are listed in ``rejects``; the rest is read."""
    text, encoding = decode_sie(data)
    return parse_sie_text(text, encoding)


SEGMENT = 4_000_000  # characters split into lines at a time


def _segments(text: str, size: int) -> Iterator[str]:
    """``text`` in pieces of about ``size`` characters, each ending at a line break, so the lines of one
    piece at a time exist (a whole file's lines took several times the file's size)."""
    start = 0
    while len(text) - start > size:
        cut = text.find("\n", start + size)
        if cut < 0:
            break
        yield text[start : cut + 1]
        start = cut + 1
    yield text[start:] if start else text


def parse_sie_text(text: str, encoding: str = "") -> SieFile:
    """``parse_sie`` of a decoded file, read a piece at a time (``_segments``) and numbered as a whole."""
    sie = SieFile(encoding=encoding)
    parser = _Parser(sie)
    no = 1
    for piece in _segments(text, SEGMENT):
        lines = piece.splitlines()
        for k, raw in enumerate(lines, start=no):
            parser.line(raw, k)
        no += len(lines)
    if parser.in_block and parser.ver is not None:
        series, nr, _, _, line = parser.ver
        sie.rejects.append(
            SieReject(line, "#VER", f"{series} {nr}", "Filen slutar mitt i verifikationen; den saknar }.")
        )
    if not sie.transactions and not sie.accounts and not sie.sietype and not sie.vouchers:
        raise UserError("Filen innehåller inga SIE-poster; välj en SIE 4-fil (.se eller .si) från ekonomisystemet.")
    return sie
