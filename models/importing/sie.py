"""SIE 4 (4E export and 4I import files): vouchers, transactions, accounts, dimensions, objects.

Only ``#TRANS`` rows count. By the SIE 4B spec ``#RTRANS`` is a supplementary row that is always
followed by an identical ``#TRANS`` (for readers that do not know it), and ``#BTRANS`` is a removed
row that is no part of the voucher's balance: both are skipped, so nothing is counted twice.
Amounts have a decimal point; strings are quoted with ``\\"`` escapes; the spec's encoding is PC8
(CP437) but exporters write cp1252 and UTF-8 too, so the bytes decide.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from itertools import accumulate, chain, compress, repeat
from operator import add, is_not, methodcaller
from typing import Any, NamedTuple, overload

from models.errors import UserError
from models.importing.pipeline_columns import amounts_in_ore, distinct
from models.importing.sie_encoding import decode_sie

ORE = Decimal("0.01")
_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|(\{)|(\})|([^\s{}"]+)')
_AMOUNT = re.compile(r"^-?\d{1,13}(\.\d+)?$")
# What follows the amount where the transaction date belongs, yet is a number: the rest of an amount written
# with a thousands space ("1 234.50", "1 234,5"), which would otherwise be read as 1 kr.
_SPLIT_AMOUNT = re.compile(r"^[-+]?[0-9.,]+$")
MAX_LINE = 100_000
_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_UNESCAPE = re.compile(r"\\(.)")
# The common shapes of #VER and #TRANS lines, read in one match; anything else takes the tokenizer.
_FAST_VER = re.compile(r'#VER\s+("?)([^\s"{}]*)\1\s+("?)([^\s"{}]*)\3\s+"?(\d{8})"?(?:\s+"([^"\\]*)")?(?:\s[^"{}]*)?')
_FAST_TRANS = re.compile(
    r'#TRANS\s+"?(\d+)"?\s+\{([^{}"]*(?:"[^"\\{}]*"[^{}"]*)*)\}\s*(-?\d{1,13}(?:\.\d{1,2})?)'
    r'(?!\s+(?!(?:\d{8}|"\d{8}"|"")(?:\s|$))[-+\d.,])'  # an amount split in two ("1 234.50"): the line reader
    r'(?:\s+(\d{8}|"\d{8}"|"")(?:\s+"([^"\\]*)")?)?(?:\s[^"{}]*)?'
)
# Whole vouchers in the common shape (the #VER line, "{", #TRANS lines, "}") are cut out of the text by
# one regex split and read a column at a time when their #VER line fits _FAST_VER and every #TRANS line
# fits _TRANS_LINE; any other voucher, and whatever lies between vouchers, is read line by line.
_TRANS_LINE = (  # starts with its literal, so the regex engine jumps from one #TRANS to the next
    r'#TRANS[ \t]+"?([0-9]+)"?[ \t]+\{([^{}"\n]*(?:"[^"\\{}\n]*"[^{}"\n]*)*)\}[ \t]*'
    r'(-?[0-9]{1,13}(?:\.[0-9]{1,2})?)(?![ \t]+(?!(?:[0-9]{8}|"[0-9]{8}"|"")[ \t\n])[-+0-9.,])'
    r'(?:[ \t]+([0-9]{8}|"[0-9]{8}"|"")(?:[ \t]+"([^"\\\n]*)")?)?(?:[ \t][^"{}\n]*)?\n'
)  # [0-9], not \d: a class test per character where \d asks Unicode (a third of the time); other digits
# are rare enough for the line reader
_BLOCK = re.compile(  # groups: the voucher without its last line break, its #VER line, its #TRANS lines, the break
    r"^([ \t]*(#VER[^\n]*)\n[ \t]*\{[ \t]*\n((?:[ \t]*#TRANS[^\n]*\n)*)[ \t]*\}[ \t]*)(\n|\Z)", re.M
)
_TRANS_IN_BLOCK = re.compile(_TRANS_LINE)
# Characters str.splitlines() also breaks lines at: a file holding any is read line by line only.
_OTHER_BREAKS = ("\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


class SieTrans(NamedTuple):  # a tuple: 150 000 of them are built in a blink
    line: int  # line number in the file, 1-based
    series: str
    vernr: str
    index: int  # position among the voucher's #TRANS rows, 1-based
    account: str
    objects: tuple[tuple[str, str], ...]  # ((dim, code), ...)
    ore: int  # the amount in öre: debit positive, credit negative
    date: date
    text: str

    @property
    def amount(self) -> Decimal:
        return (Decimal(self.ore) / 100).quantize(ORE)


class TransList(Sequence[SieTrans]):
    """The transactions of a file, held as one list per field; a ``SieTrans`` is made when looked at."""

    def __init__(self) -> None:
        self.columns: tuple[list[Any], ...] = tuple([] for _ in SieTrans._fields)

    def __len__(self) -> int:
        return len(self.columns[0])

    @overload
    def __getitem__(self, i: int) -> SieTrans: ...
    @overload
    def __getitem__(self, i: slice) -> list[SieTrans]: ...
    def __getitem__(self, i: int | slice) -> SieTrans | list[SieTrans]:
        if isinstance(i, slice):
            return list(map(SieTrans._make, zip(*(c[i] for c in self.columns), strict=True)))
        return SieTrans._make(c[i] for c in self.columns)

    def __iter__(self) -> Iterator[SieTrans]:
        return map(SieTrans._make, zip(*self.columns, strict=True))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def append(self, t: SieTrans) -> None:
        for column, value in zip(self.columns, t, strict=True):
            column.append(value)

    def extend(self, columns: Iterable[list[Any]]) -> None:
        for column, values in zip(self.columns, columns, strict=True):
            column.extend(values)


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
    transactions: Sequence[SieTrans] = field(default_factory=TransList)
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


def _unindented(text: str) -> str:
    """``text`` without white space at the start of its lines (SIE files often indent #TRANS)."""
    if text[:1] in (" ", "\t") or "\n " in text or "\n\t" in text:
        return "\n".join(map(str.lstrip, text.split("\n")))
    return text


def _ore(amount_text: str) -> int:
    """ "-1234.5" (at most two decimals, as the fast patterns allow) in öre: -123450."""
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
    if i < len(tokens) and isinstance(tokens[i], str):
        return tokens[i]  # type: ignore[return-value]
    return ""


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
        if amount.as_tuple().exponent < -2 and amount != amount.quantize(ORE):
            self.reject(no, "belopp", amount_text, f"Beloppet har fler än två decimaler ({where}).")
            return
        trans_date = _sie_date(rest[1]) if len(rest) > 1 else None
        d = trans_date or ver_date
        if d is None:
            return  # the voucher's missing date is already listed
        text = rest[2] if len(rest) > 2 and isinstance(rest[2], str) and rest[2] else ver_text
        self._add(no, account, objects, int(amount.quantize(ORE, rounding=ROUND_HALF_UP).scaleb(2)), d, text)

    def _add(self, no: int, account: str, objects: tuple[tuple[str, str], ...], ore: int, d: date, text: str) -> None:
        """A transaction of the open voucher (``self.ver``), at its place among the voucher's rows."""
        series, nr, _, _, _ = self.ver  # type: ignore[misc]
        self.sie.transactions.append(SieTrans(no, series, nr, self.trans_index, account, objects, ore, d, text))

    def fast_trans(self, m: re.Match[str], no: int) -> None:
        account, inner, amount_text, trans_date, text = m.groups()
        _, _, ver_date, ver_text, _ = self.ver  # type: ignore[misc]
        self.trans_index += 1
        objects = self.object_cache.get(inner)
        if objects is None:
            objects = self.object_cache[inner] = _objects(_tokens("{" + inner + "}")[0])
        d = ver_date
        if trans_date and trans_date != '""':
            d = self._date(trans_date.strip('"')) or ver_date
        if d is None:
            return  # the voucher's missing date is already listed
        self._add(no, account, objects, _ore(amount_text), d, text or ver_text)

    def _date(self, text: str) -> date | None:
        try:
            return self.date_cache[text]
        except KeyError:
            d = self.date_cache[text] = _sie_date(text)
            return d

    def blocks(
        self,
        lines: list[int],
        vers: list[re.Match[str]],
        bodies: list[str],
        counts: list[int],
        found: list[tuple[str, ...]] | None = None,
    ) -> None:
        """Whole vouchers: the line of each #VER, its _FAST_VER match, its #TRANS lines and their number
        (and, when the caller has them, the _TRANS_IN_BLOCK matches of all the #TRANS lines)."""
        if not lines:
            return
        self.sie.vouchers += len(lines)
        series, numbers, days, ver_texts = zip(*map(methodcaller("group", 2, 4, 5, 6), vers), strict=True)
        ver_dates = list(map(self._date, days))
        if None in ver_dates:
            for no, s, nr, day, d in zip(lines, series, numbers, days, ver_dates, strict=True):
                if d is None:
                    self.reject(no, "verdatum", day, f"Verifikation {s} {nr} har inget giltigt datum.")

        def per_trans(column: Iterable[Any]) -> list[Any]:
            return list(chain.from_iterable(map(repeat, column, counts)))

        if found is None:
            found = _TRANS_IN_BLOCK.findall(_unindented("".join(bodies)))
        if not found:
            return
        accounts, inners, amounts, trans_dates, texts = zip(*found, strict=True)
        index = list(chain.from_iterable(map(range, repeat(1), map(add, counts, repeat(1)))))
        line = list(map(add, per_trans(map(add, lines, repeat(1))), index))
        objects = distinct(inners, lambda inner: _objects(_tokens("{" + inner + "}")[0]))
        own = distinct(trans_dates, lambda d: self._date(d.strip('"')) if d and d != '""' else None)
        dates = [o or v for o, v in zip(own, per_trans(ver_dates), strict=True)]
        texts = [t or v for t, v in zip(texts, per_trans(v or "" for v in ver_texts), strict=True)]
        ores = amounts_in_ore(amounts, ".")  # the pattern allows at most two decimals: every one is read
        columns = [line, per_trans(series), per_trans(numbers), index, list(accounts), objects, ores, dates, texts]
        if None in dates:  # a voucher without a valid date, and a #TRANS without its own: listed already
            keep = list(map(is_not, dates, repeat(None)))
            columns = [list(compress(c, keep)) for c in columns]
        self.sie.transactions.extend(columns)  # type: ignore[attr-defined]

    def lines(self, text: str, no: int) -> int:
        """``text`` line by line from line ``no``; returns the number of the line after it."""
        for raw in text.splitlines():
            self.line(raw, no)
            no += 1
        return no

    def text(self, text: str) -> None:
        """Every line of ``text``: runs of whole vouchers by ``blocks``, the rest by ``line``."""
        parts = _BLOCK.split(text)
        if len(parts) == 1:  # no voucher of the usual shape
            self.lines(text, 1)
            return
        gaps, wholes, vers, bodies, ends = (parts[k::5] for k in range(5))
        matches = list(map(_FAST_VER.fullmatch, map(str.strip, vers)))
        counts = list(map(str.count, bodies, repeat("\n")))
        found = _TRANS_IN_BLOCK.findall(_unindented("".join(bodies)))
        no = 1
        head_read = False
        if len(found) == sum(counts):
            if None not in matches and not any(gaps[1:-1]):  # the usual file: a head, then only vouchers
                no = self.lines(gaps[0], 1)
                head_read = True
                if not self.in_block:
                    lines = list(accumulate(map(add, counts, repeat(3)), initial=no))
                    self.blocks(lines[:-1], matches, bodies, counts, found)
                    self.ver = None
                    self.lines(gaps[-1], lines[-1])
                    return
            fits: Iterable[bool] = map(is_not, matches, repeat(None))
        else:  # some #TRANS line needs the line reader: find its voucher
            fits = [
                m is not None and len(_TRANS_IN_BLOCK.findall(_unindented(b))) == c
                for m, b, c in zip(matches, bodies, counts, strict=True)
            ]
        run: tuple[list[int], list[re.Match[str]], list[str], list[int]] = ([], [], [], [])
        for k, fit in enumerate(fits):
            if gaps[k] or not fit:
                self.blocks(*run)
                run = ([], [], [], [])
                if k or not head_read:
                    no = self.lines(gaps[k], no)
            if fit and not self.in_block:  # (an earlier voucher still open: the line reader reports it)
                for column, value in zip(run, (no, matches[k], bodies[k], counts[k]), strict=True):
                    column.append(value)  # type: ignore[attr-defined]
                self.ver = None  # as after the "}" that closes it
                no += counts[k] + 3
            else:
                no = self.lines(wholes[k] + ends[k], no)
        self.blocks(*run)
        self.lines(gaps[-1], no)

    def fast_ver(self, m: re.Match[str], no: int) -> None:
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
            m = _FAST_TRANS.fullmatch(s)
            if m:
                self.fast_trans(m, no)
                return
        elif s.startswith("#VER") and not self.in_block:
            m = _FAST_VER.fullmatch(s)
            if m:
                self.fast_ver(m, no)
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


def parse_sie(data: bytes, *, whole_vouchers: bool = True) -> SieFile:
    """Parse a SIE 4 file. Bad transactions are listed in ``rejects``; the rest is read.

    ``whole_vouchers=False`` reads every line by itself (the tests compare the two ways).
    """
    text, encoding = decode_sie(data)
    sie = SieFile(encoding=encoding)
    parser = _Parser(sie)
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    if whole_vouchers and not any(c in text for c in _OTHER_BREAKS):
        parser.text(text)
    else:
        for no, raw in enumerate(text.splitlines(), start=1):
            parser.line(raw, no)
    if parser.in_block and parser.ver is not None:
        series, nr, _, _, line = parser.ver
        sie.rejects.append(
            SieReject(line, "#VER", f"{series} {nr}", "Filen slutar mitt i verifikationen; den saknar }.")
        )
    if not sie.transactions and not sie.accounts and not sie.sietype and not sie.vouchers:
        raise UserError("Filen innehåller inga SIE-poster; välj en SIE 4-fil (.se eller .si) från ekonomisystemet.")
    return sie
