"""The shape of a pasted allocation table: which lines are headings and which are rows (no Qt).

Three ways a table arrives as text: tab-separated (copied from Word or Excel, or a CSV or
spreadsheet file read into cells), one cell per line (some PDF readers), and text copied from a
PDF, where a row is its name followed by its values with single spaces between cells and between
thousands. This module only finds the parts; :mod:`models.catalogue.agreement_table` reads the values.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from models.errors import UserError

_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")
_CAPTION = re.compile(r"^\**\s*(bilaga|tabell)\b", re.IGNORECASE)
_SOURCE = re.compile(r"^\**\s*källa\b", re.IGNORECASE)
_TOTAL = re.compile(r"^\**\s*(totalt|summa|total|riket)\b", re.IGNORECASE)
# A PDF heading begins at one of these words (or a stream's name), written with a capital.
HEADING_WORDS = ("befolkning", "invånare", "folkmängd", "andel", "antal", "totalt", "summa", "utfall", "belopp")


class TableTextError(UserError):
    """A pasted table that cannot be read; the sentence names the line."""


def value_like(cell: str) -> bool:
    """A cell that holds a figure (digits, no letters): "2 455 914", "23,3%", "0,232"."""
    return bool(_DIGIT.search(cell)) and not _LETTER.search(cell.replace("kr", ""))


def is_total(name: str) -> bool:
    return bool(_TOTAL.match(name.strip()))


@dataclass(frozen=True)
class Line:
    number: int  # line (or spreadsheet row) number, from 1
    name: str  # the first cell: a recipient, or Totalt
    cells: tuple[str, ...] | None  # the values after the name, when the text gives cells
    tokens: tuple[str, ...] = ()  # PDF text: the tokens after the name, cells not yet known


@dataclass(frozen=True)
class Shape:
    headings: tuple[str, ...]
    lines: tuple[Line, ...]  # the recipient rows and the Totalt row, in order
    caption: str | None
    source: str | None
    pdf: bool


def _clean(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split()).strip("*").strip()


def shape_of_text(text: str) -> Shape:
    """Find the headings and rows in pasted text, whichever of the three ways it is written."""
    raw = [(i, line) for i, line in enumerate(text.splitlines(), 1) if line.strip()]
    if not raw:
        raise TableTextError("Texten är tom; klistra in tabellen med rubrikraden.")
    if any("\t" in line for _, line in raw):
        return shape_of_grid([(i, line.split("\t")) for i, line in raw])
    pdf_rows = sum(1 for _, line in raw if _pdf_row(line) is not None)
    single = sum(1 for _, line in raw if value_like(line))
    if pdf_rows >= 2 and pdf_rows >= single:
        return _shape_of_pdf(raw)
    if single:
        return _shape_of_cells(raw)
    raise TableTextError("Texten innehåller inga belopp; klistra in hela tabellen, rubriker och rader.")


def shape_of_grid(rows: Sequence[tuple[int, Sequence[object]]]) -> Shape:
    """Rows of cells: tab-separated text, CSV, or a spreadsheet's sheet."""
    caption = source = None
    headings: tuple[str, ...] | None = None
    lines: list[Line] = []
    for number, raw_cells in rows:
        cells = [_cell_text(c) for c in raw_cells]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue
        filled = [c for c in cells if c]
        if len(filled) == 1 and headings is None and _CAPTION.match(filled[0]):
            caption = filled[0]
            continue
        if _SOURCE.match(cells[0]):
            source = cells[0]
            continue
        if headings is None:
            if len(cells) < 2 or any(value_like(c) for c in cells[1:]):
                if len(filled) == 1 and caption and filled[0][:1].islower():
                    caption = f"{caption} {filled[0]}"  # the caption goes on over the next line
                    continue
                if len(filled) == 1:
                    continue  # a title line above the headings
                raise TableTextError(
                    f"Rad {number}: rubrikraden saknas före tabellens belopp; kopiera tabellen med rubrikerna."
                )
            headings = tuple(cells)
            continue
        if len(filled) == 1 and not value_like(filled[0]):
            continue  # a footnote or a blank-celled line
        if len(cells) > len(headings):
            raise TableTextError(
                f"Rad {number} har {len(cells)} celler men rubrikraden {len(headings)}; "
                "kontrollera att raden kopierades hel."
            )
        cells += [""] * (len(headings) - len(cells))
        lines.append(Line(number, cells[0], tuple(cells[1:])))
    if headings is None or not lines:
        raise TableTextError("Tabellen saknar rader med belopp under rubrikraden; kopiera hela tabellen.")
    return Shape(headings, tuple(lines), caption, source, pdf=False)


def _cell_text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():  # a spreadsheet's number
        return str(int(cell))
    if isinstance(cell, float):
        return str(cell).replace(".", ",")
    return _clean(str(cell))


def _shape_of_cells(raw: list[tuple[int, str]]) -> Shape:
    """One cell per line: the headings, then each row's cells, as many as there are headings."""
    caption = None
    start = 0
    while start < len(raw) and _CAPTION.match(raw[start][1].strip()):
        caption = _clean(raw[start][1])
        start += 1
    first_value = next(i for i in range(start, len(raw)) if value_like(raw[i][1]))
    headings = tuple(_clean(line) for _, line in raw[start : first_value - 1])
    if len(headings) < 2:
        number = raw[first_value][0]
        raise TableTextError(f"Rad {number}: rubrikerna saknas före tabellens första belopp; kopiera rubrikerna med.")
    width = len(headings)
    lines: list[Line] = []
    source = None
    i = first_value - 1
    while i < len(raw):
        number, name = raw[i]
        if _SOURCE.match(name.strip()):
            source = _clean(name)
            break
        if lines and is_total(lines[-1].name):
            i += 1  # footnotes after the Totalt row
            continue
        cells = [_clean(line) for _, line in raw[i + 1 : i + width]]
        if value_like(name) or len(cells) < width - 1 or not all(value_like(c) for c in cells):
            raise TableTextError(
                f"Rad {number} (”{_clean(name)}”): en rad ska vara ett namn följt av {width - 1} värden, en cell "
                "per rad; kontrollera att hela tabellen kopierades."
            )
        lines.append(Line(number, _clean(name), tuple(cells)))
        i += width
    return Shape(headings, tuple(lines), caption, source, pdf=False)


def _pdf_row(line: str) -> tuple[str, tuple[str, ...]] | None:
    """(name, tokens after it) for a row of PDF text: a name, then only figures; else None."""
    tokens = _clean(line).split()
    first = next((i for i, t in enumerate(tokens) if not _LETTER.search(t)), None)
    if not first or not any(_DIGIT.search(t) for t in tokens[first:]):
        return None
    rest: list[str] = []
    for token in tokens[first:]:
        if _LETTER.search(token) and token.casefold() != "kr":
            return None
        if token in ("%", "kr") and rest:
            rest[-1] += token if token == "%" else ""
            continue
        rest.append(token)
    return " ".join(tokens[:first]), tuple(rest)


def _shape_of_pdf(raw: list[tuple[int, str]]) -> Shape:
    caption = source = None
    heading_text: list[str] = []
    lines: list[Line] = []
    pending: list[str] = []  # a name wrapped onto the line before its figures
    for number, text in raw:
        row = _pdf_row(text)
        clean = _clean(text)
        if row is not None and not lines and _heading_like(row[0]):
            row = None  # "Befolkning november 2023" on a line of its own is a heading, not a row
        if row is None:
            if _SOURCE.match(clean):
                source = clean
            elif not lines and _CAPTION.match(clean):
                caption = clean
            elif not lines and caption and not heading_text and clean[:1].islower():
                caption = f"{caption} {clean}"  # the caption goes on over the next line
            elif not lines:
                heading_text.append(clean)
            elif not is_total(lines[-1].name):
                pending.append(clean)
            continue
        name, tokens = row
        if pending:
            name = " ".join((*pending, name))
            pending = []
        lines.append(Line(number, name, None, tokens))
    if not heading_text:
        raise TableTextError(
            f"Rad {raw[0][0]}: rubrikraden saknas; kopiera tabellen med rubrikerna (”Region … Totalt”)."
        )
    return Shape(tuple(heading_text), tuple(lines), caption, source, pdf=True)


def _heading_like(name: str) -> bool:
    return "(" in name or any(w.startswith(HEADING_WORDS) for w in name.casefold().split())


def split_headings(text: str, names: Sequence[str]) -> tuple[str, ...]:
    """Split PDF heading text into headings: a heading begins at a capitalised heading word or stream name."""
    starts = tuple(n.casefold() for n in names) + HEADING_WORDS
    words = text.split()
    headings: list[list[str]] = [[]]
    for i, word in enumerate(words):
        rest = " ".join(words[i:]).casefold()
        begins = word[:1].isupper() and any(rest.startswith(s) for s in starts)
        after_unit = i > 0 and words[i - 1].endswith(")") and word[:1].isupper()
        if headings[-1] and (begins or after_unit):
            headings.append([])
        headings[-1].append(word)
    return tuple(" ".join(h) for h in headings)
