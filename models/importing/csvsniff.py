"""Text exports: guess the encoding, the delimiter and the decimal mark, then split into rows."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from models.errors import UserError

DELIMITERS = (";", "\t", ",", "|")
_SAMPLE_LINES = 50
# Bytes cp1252 leaves undefined: a file holding them is read as latin-1.
_CP1252_HOLES = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")  # looked for one by one: a quick scan each
_CP1252_ONLY = tuple(bytes([b]) for b in range(0x80, 0xA0))  # where cp1252 and latin-1 differ (memchr each)


@dataclass(frozen=True)
class CsvDialect:
    encoding: str
    delimiter: str
    decimal: str  # "," or "."


def decode_text(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode a text file: UTF-8 with or without BOM, else cp1252 (latin-1 for its holes)."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise UserError(f"Teckenkodningen ”{encoding}” finns inte; välj till exempel utf-8 eller cp1252.") from None
        except UnicodeDecodeError:
            raise UserError(
                f"Filen går inte att läsa som {encoding}; välj en annan teckenkodning eller låt programmet gissa."
            ) from None
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise UserError("Filen ser ut att vara UTF-16 men går inte att läsa; spara om den som UTF-8.") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if not any(b in data for b in _CP1252_ONLY):
        # No byte in 0x80-0x9F, where cp1252 has its quotes, dashes and €: the two agree on every byte,
        # and latin-1 is a plain copy where cp1252 looks each byte up.
        return data.decode("latin-1"), "cp1252"
    if any(hole in data for hole in _CP1252_HOLES):
        return data.decode("latin-1"), "latin-1"
    return data.decode("cp1252"), "cp1252"


def _first_lines(text: str, n: int) -> list[str]:
    lines: list[str] = []
    start = 0
    while len(lines) < n:
        end = text.find("\n", start)
        if end < 0:
            if start < len(text):
                lines.append(text[start:])
            break
        lines.append(text[start:end])
        start = end + 1
    return lines


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the same number (>1) of fields most often."""
    sample = "\n".join(_first_lines(text, _SAMPLE_LINES))
    best, best_score = ";", (0, 0)
    for delim in DELIMITERS:
        try:
            rows = [r for r in csv.reader(io.StringIO(sample), delimiter=delim) if any(c.strip() for c in r)]
        except csv.Error:
            continue
        if not rows:
            continue
        counts: dict[int, int] = {}
        for r in rows:
            counts[len(r)] = counts.get(len(r), 0) + 1
        width, freq = max(counts.items(), key=lambda kv: (kv[1] * (kv[0] > 1), kv[0]))
        if width < 2:
            continue
        score = (freq, width)
        if score > best_score:
            best, best_score = delim, score
    return best


_COMMA_DEC = re.compile(r"^[-+(]?[\d .\u00a0\u202f]*\d,\d{1,2}\)?-?$")
_POINT_DEC = re.compile(r"^[-+(]?[\d ,\u00a0\u202f]*\d\.\d{1,2}\)?-?$")


def sniff_decimal(rows: list[list[str]], delimiter: str) -> str:
    """ "," when the cells show decimal commas (1 234,50), "." when they show points (1234.50)."""
    comma = point = 0
    for row in rows:
        for cell in row:
            c = cell.strip()
            if not c or len(c) > 24:
                continue
            if _COMMA_DEC.match(c):
                comma += 1
            elif _POINT_DEC.match(c):
                point += 1
    if comma == point:
        return "." if delimiter == "," else ","
    return "," if comma > point else "."


def read_csv_text(text: str, delimiter: str | None = None) -> tuple[list[list[str]], str, str]:
    """Split text into rows of stripped strings; returns (rows, delimiter, decimal mark)."""
    if "\x00" in text:
        raise UserError("Filen innehåller binära data och är ingen textfil (CSV); välj exporten från ekonomisystemet.")
    delim = delimiter or sniff_delimiter(text)
    csv.field_size_limit(10_000_000)
    try:
        rows = [[c.strip() for c in r] for r in csv.reader(io.StringIO(text, newline=""), delimiter=delim)]
    except csv.Error as err:
        raise UserError(f"Filen går inte att läsa som CSV ({err}); kontrollera att den är en textexport.") from None
    decimal = sniff_decimal(rows[:200], delim)
    return rows, delim, decimal
