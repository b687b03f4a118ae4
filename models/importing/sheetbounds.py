"""Limits every ledger reader keeps, and the measuring of an xlsx sheet before calamine reads it.

calamine holds a sheet as one dense block of its used range, sized by the sheet's ``<dimension>`` and
its cell addresses: a 5 KB file with one cell at XFD1048576 asks for billions of cells and aborts the
process. So the sheet's XML is streamed once first, its range and
number of cells counted, and a sheet past the limits is refused with a sentence. XML that declares
entities (a "billion laughs" bomb) is refused before anything reads it.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from models.errors import UserError
from models.words import number

MAX_ROWS = 2_000_000  # rows of a table, or #TRANS lines of an SIE file
MAX_COLUMNS = 1_000
# Rows × columns of a sheet's used range: calamine allocates every cell of it (about 40 bytes each, empty or
# not, with the rows Python then makes), so 16 000 000 stays under the 1 GB an import may take. A CSV file
# is held to the same number of cells.
MAX_CELLS = 16_000_000
_CHUNK = 1 << 20
# Cell and row addresses (r="AB12", r="12"): those in rows of a million or more, those in columns past Z, any.
_BIG_ROW = re.compile(rb'r="[A-Z]{0,3}([0-9]{7,})"')
_WIDE = re.compile(rb'r="([A-Z]{2,})[0-9]')
_ANY_ROW = re.compile(rb'r="[A-Z]{0,3}([0-9]+)"')
_ANY_COLUMN = re.compile(rb'r="([A-Z]{1,3})[0-9]')
_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_REL = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')


def column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def too_many_rows(name: str, rows: int) -> UserError:
    return UserError(
        f"Filen {name} har {number(rows)} rader; största tillåtna är {number(MAX_ROWS)}. Exportera en kortare period."
    )


def refuse_entities(zf: zipfile.ZipFile, name: str) -> None:
    """Refuse a workbook whose XML declares entities (a DOCTYPE): nothing we read needs one."""
    for info in zf.infolist():
        if info.filename.endswith((".xml", ".rels")) and info.file_size:
            with zf.open(info) as fh:
                head = fh.read(4096)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise UserError(
                    f"Filen {name} innehåller XML-deklarationer (entiteter) som kalkylark inte har; den öppnas inte."
                )


def _attrs(tag: bytes) -> dict[str, str]:
    return {
        k.decode("latin-1").split(":")[-1] if k != b"r:id" else "rid": html.unescape(v.decode("utf-8", "replace"))
        for k, v in _ATTR.findall(tag)
    }


def _sheet_part(zf: zipfile.ZipFile, sheet: str) -> str | None:
    """The zip member of the sheet named ``sheet``, from workbook.xml and its relationships."""
    try:
        book = zf.read("xl/workbook.xml")
        rels = zf.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return None
    targets = {}
    for tag in _REL.findall(rels):
        a = _attrs(tag)
        if "Id" in a and "Target" in a:
            targets[a["Id"]] = a["Target"]
    for tag in _SHEET.findall(book):
        a = _attrs(tag)
        if a.get("name") == sheet:
            target = targets.get(a.get("rid") or a.get("id", ""))
            if target is None:
                return None
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


def check_xlsx_sheet(path: Path, sheet: str, name: str) -> None:
    """Refuse an xlsx sheet whose cells span more than the limits, before calamine sees it."""
    with zipfile.ZipFile(path) as zf:
        part = _sheet_part(zf, sheet)
        members = [part] if part in zf.namelist() else [n for n in zf.namelist() if n.startswith("xl/worksheets/")]
        for member in members:
            _measure(zf, member, name, sheet)


def _chunks(zf: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    """The member's bytes in pieces that end before a "<", so no tag is cut in two."""
    tail = b""
    with zf.open(member) as fh:
        while chunk := fh.read(_CHUNK):
            data = tail + chunk
            cut = data.rfind(b"<")
            text, tail = (data, b"") if cut <= 0 else (data[:cut], data[cut:])
            yield text
    yield tail


def at_least(n: int) -> bytes:
    """A regex for a decimal number (without leading zeros) of ``n`` or more."""
    digits = str(n)
    k = len(digits)
    options = [b"[1-9][0-9]{%d,}" % k]  # more digits
    for i, d in enumerate(digits):
        if d != "9":
            options.append(b"%s[%d-9][0-9]{%d}" % (digits[:i].encode(), int(d) + 1, k - i - 1))
    options.append(digits.encode())
    return b"(?:" + b"|".join(options) + b")"


def _highest_letter(text: bytes, known: int) -> int:
    """The highest one-letter column (1 = A … 26 = Z) addressed in ``text``, if above ``known``."""
    while known < 26:
        found = re.search(rb'r="([' + _LETTERS[known:] + rb"])[0-9]", text)
        if found is None:
            break
        known = found[1][0] - 64
    return known


def _rows_past(zf: zipfile.ZipFile, member: str, rows: int) -> bool:
    """Whether any cell or row of the sheet is addressed past row ``rows`` (one scan; addresses that far are
    rare, so the scan stops at the first)."""
    past = re.compile(rb'r="[A-Z]{0,3}' + at_least(rows + 1) + rb'"')
    return any(past.search(text) for text in _chunks(zf, member))


def _measure(zf: zipfile.ZipFile, member: str, name: str, sheet: str) -> None:
    """calamine holds the range between the sheet's first and last cells densely. Counting every cell
    address would cost as much as calamine's read (docs/performance.md), so only the rare ones are looked
    at: rows of seven digits, columns of two or more letters (and then, for a sheet wider than Z, every
    row number), the highest column of one letter, and (when that many columns could reach the limit) any
    row past what they allow."""
    rows = columns = cells = letter = 0
    for text in _chunks(zf, member):
        cells += text.count(b"<c")
        rows = max(rows, text.count(b"<row"), max(map(int, _BIG_ROW.findall(text)), default=0))
        columns = max(columns, max(map(column_number, set(_WIDE.findall(text))), default=0))
        letter = _highest_letter(text, letter)
    if rows <= MAX_ROWS and columns > 0:  # wider than Z: the exact last row and column decide
        letters: set[bytes] = set()
        for text in _chunks(zf, member):
            rows = max(rows, max(map(int, _ANY_ROW.findall(text)), default=0))
            letters.update(_ANY_COLUMN.findall(text))
        columns = max(columns, max(map(column_number, letters), default=0))
    if not columns and cells:  # no cell addresses (rare): the cells follow each other, about this many a row
        columns = max(letter, min(26, -(-cells // max(rows, 1))))
    elif cells:
        columns = max(columns, letter, 1)
    if columns and rows <= MAX_CELLS // columns < 1_048_576 and _rows_past(zf, member, MAX_CELLS // columns):
        # A sparse sheet: few cells, but one far down (A1 and Z999999) makes the range that long.
        rows = MAX_CELLS // columns + 1
    if rows > MAX_ROWS:
        raise too_many_rows(name, rows)
    if columns > MAX_COLUMNS:
        raise UserError(
            f"Bladet ”{sheet}” i {name} sträcker sig över {number(columns)} kolumner; största tillåtna är "
            f"{number(MAX_COLUMNS)}. Ta bort tomma kolumner längst till höger eller exportera på nytt."
        )
    if max(cells, rows * columns) > MAX_CELLS:
        raise UserError(
            f"Bladet ”{sheet}” i {name} är för stort (minst {number(rows)} rader × {number(columns)} kolumner); "
            "exportera en kortare period eller färre kolumner."
        )
