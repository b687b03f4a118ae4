"""An agreement's allocation table from what the user has: pasted text or a file (no Qt).

The user copies the table from the agreement (PDF or Word), headings included, or picks a .txt,
.csv, .xlsx or .ods file. :func:`read_pasted_table` reads it into a :class:`PastedTable`: columns
matched to the agreement's streams, rows matched to recipients, and for text copied from a PDF
each row split into numbers (:mod:`models.catalogue.table_split`). Rows the reader cannot decide on its own
(several splits add up, none does, or an unknown name) are :meth:`PastedTable.questions`; the
window asks them, the command line names them. The result is a table in the catalogue's own file
format (docs/agreement-format.md), checked by the catalogue's own checks
(:func:`models.catalogue.check.published_differences`): a table that does not add up is kept as
published, and the agreement shows the warning every time it is loaded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from models.catalogue.catalogue import KIND_LABELS, KINDS, Column, Recipient, Stream, Table, TableRow
from models.catalogue.pasted_text import (
    Line,
    Shape,
    TableTextError,
    is_total,
    shape_of_grid,
    shape_of_text,
    split_headings,
)
from models.catalogue.recipient_match import RecipientMatcher
from models.catalogue.table_split import Reading, Sums, readings, solve
from models.errors import UserError
from models.words import count

Cell = str | int | None


@dataclass(frozen=True)
class PastedRow:
    line: int  # where the row is in the pasted text or file, from 1
    name: str  # as printed
    recipient: Recipient | None  # None for the Totalt row and for an unknown name
    suggestion: Recipient | None  # the nearest known name, for an unknown one
    choices: tuple[Reading, ...]  # the ways to read the row's values (one when the text has cells)
    values: Reading | None  # the reading chosen; None while the user must choose
    total_row: bool = False

    @property
    def decided(self) -> bool:
        return self.values is not None and (self.total_row or self.recipient is not None)


@dataclass(frozen=True)
class PastedTable:
    kind: str
    caption: str
    source: str | None
    columns: tuple[Column, ...]  # the recipient column first, as in the catalogue
    rows: tuple[PastedRow, ...]  # recipient rows, then the Totalt row when the table has one

    @property
    def recipient_rows(self) -> tuple[PastedRow, ...]:
        return tuple(r for r in self.rows if not r.total_row)

    @property
    def total(self) -> PastedRow | None:
        return next((r for r in self.rows if r.total_row), None)

    def questions(self) -> list[tuple[int, str]]:
        """(row index, Swedish sentence) for every row the user must decide before the table is used."""
        out = []
        for i, row in enumerate(self.rows):
            where = f"Rad {row.line} (”{row.name}”)"
            if not row.total_row and row.recipient is None:
                hint = f"; menar du {row.suggestion.name}?" if row.suggestion else "; välj mottagaren."
                out.append((i, f"{where}: ”{row.name}” är ingen känd {KIND_LABELS[self.kind]}{hint}"))
            if row.values is None and len(row.choices) > 1 and self._adds_up(row.choices[0]):
                out.append((i, f"{where} kan delas på {len(row.choices)} sätt som alla summerar; välj rätt."))
            elif row.values is None:
                out.append((i, f"{where} går inte att dela så att beloppen summerar; välj hur raden ska läsas."))
        return out

    def _adds_up(self, reading: Reading) -> bool:
        return _sums(self.columns).row_fits(reading)

    @property
    def ready(self) -> bool:
        return not self.questions()

    def choose(self, index: int, values: Reading) -> PastedTable:
        """The user's reading of row ``index`` (one of its choices, or typed in full)."""
        row = self.rows[index]
        if len(values) != len(self.columns) - 1:
            raise UserError(f"Rad {row.line} ska ha {count(len(self.columns) - 1, 'värde', 'värden')}.")
        return self._with(index, replace(row, values=tuple(values)))

    def assign(self, index: int, recipient: Recipient) -> PastedTable:
        """The user says which recipient row ``index`` is."""
        if recipient.kind != self.kind:
            raise UserError(f"{recipient.name} är ingen {KIND_LABELS[self.kind]}; välj en mottagare av rätt typ.")
        taken = next((r for r in self.recipient_rows if r.recipient and r.recipient.id == recipient.id), None)
        if taken is not None and taken is not self.rows[index]:
            raise UserError(f"{recipient.name} finns redan på rad {taken.line}; välj en annan mottagare.")
        return self._with(index, replace(self.rows[index], recipient=recipient, suggestion=None))

    def _with(self, index: int, row: PastedRow) -> PastedTable:
        rows = list(self.rows)
        rows[index] = row
        return replace(self, rows=tuple(rows))

    def table(self, table_id: str | None = None) -> Table:
        """The table as the catalogue holds it; only when every question is answered."""
        if not self.ready:
            raise UserError(self.questions()[0][1])
        rows = []
        for row in self.recipient_rows:
            assert row.recipient is not None and row.values is not None
            rows.append(TableRow(row.recipient, (self.printed_name(row), *row.values)))
        total = self.total
        return Table(
            id=table_id or self.table_id,
            caption=self.caption,
            kind=self.kind,
            role="allocation",
            stream=None,
            label=None,
            source=self.source,
            columns=self.columns,
            rows=tuple(rows),
            total=(total.name, *total.values) if total and total.values else None,
        )

    @property
    def table_id(self) -> str:
        match = re.match(r"\W*bilaga\s+(\d+)", self.caption, re.IGNORECASE)
        return f"bilaga-{match.group(1)}" if match else f"tabell-{self.kind}"

    def printed_name(self, row: PastedRow) -> str:
        """The name as printed when the catalogue's file format accepts it, else the recipient's name."""
        assert row.recipient is not None
        return row.name if _strict_match(row.name, row.recipient) else row.recipient.name

    def table_data(self, table_id: str | None = None) -> dict[str, Any]:
        """The table in the agreement file format (docs/agreement-format.md)."""
        t = self.table(table_id)
        data: dict[str, Any] = {
            "id": t.id,
            "caption": t.caption,
            "kind": t.kind,
            "role": "allocation",
            "stream": None,
            "columns": [{"heading": c.heading, "key": c.key} for c in t.columns],
            "rows": [list(r.values) for r in t.rows],
            "total": list(t.total) if t.total is not None else None,
        }
        if t.source:
            data["source"] = t.source
        return data

    def allocation(self) -> dict[str, dict[str, Decimal]]:
        """Each recipient's amount per stream, by the recipient's name."""
        t = self.table()
        out = {}
        for row in t.rows:
            out[row.recipient.name] = {
                c.stream or "": Decimal(int(v or 0)) for c, v in zip(t.columns, row.values, strict=True) if c.stream
            }
        return out


def _strict_match(name: str, recipient: Recipient) -> bool:
    def plain(s: str) -> str:
        return " ".join(s.split()).casefold()

    return plain(name) in {plain(s) for s in (recipient.name, recipient.id, *recipient.aliases)}


# -- columns ----------------------------------------------------------------------------------
def _slug(heading: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", heading.casefold()).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    return "_".join(words[:2]) or "kolumn"


def _bare(heading: str) -> str:
    text = re.sub(r"\(.*?\)", " ", heading.casefold().replace("*", ""))
    text = re.sub(r"\b(kronor|kr|tkr|sek)\b", " ", text)
    return " ".join(text.split())


def column_keys(headings: Sequence[str], streams: Sequence[Stream], kind: str) -> tuple[Column, ...]:
    """Each heading's key: the recipient first, then streams, Totalt, population, counts and texts."""
    columns = [Column(headings[0], "recipient")]
    for heading in headings[1:]:
        bare = _bare(heading)
        stream = max(
            (s for s in streams if bare == s.name.casefold() or bare.startswith(s.name.casefold() + " ")),
            key=lambda s: len(s.name),
            default=None,
        )
        if stream is not None:
            if kind not in stream.kinds:
                raise TableTextError(
                    f"Kolumnen ”{heading}” är strömmen {stream.name}, som inte gäller {KIND_LABELS[kind]} i "
                    "överenskommelsen; ändra strömmarnas mottagare först."
                )
            key = f"stream:{stream.name}"
        elif re.match(r"(totalt|summa|total)\b", bare):
            key = "total"
        elif re.match(r"(befolkning|invånare|folkmängd|antal invånare)\b", bare):
            key = "population"
        elif re.match(r"(andel|procent)\b", bare) or "%" in heading:
            key = f"text:{_slug(heading)}"
        elif re.match(r"antal\b", bare):
            key = f"count:{_slug(heading)}"
        else:
            names = ", ".join(s.name for s in streams if kind in s.kinds)
            raise TableTextError(
                f"Kolumnen ”{heading}” motsvarar ingen av överenskommelsens strömmar ({names}); "
                "lägg till strömmen eller ändra rubriken i den inklistrade texten."
            )
        if any(c.key == key for c in columns):
            key = f"{key}_{len(columns)}" if key.startswith(("text:", "count:")) else key
            if any(c.key == key for c in columns):
                raise TableTextError(f"Två kolumner i rubrikraden avser ”{heading}”; ta bort den ena.")
        columns.append(Column(heading, key))
    if not any(c.stream for c in columns):
        raise TableTextError(
            "Rubrikraden nämner ingen av överenskommelsens strömmar; kopiera rubrikerna med "
            "(till exempel ”Nära vård (kronor)”)."
        )
    return tuple(columns)


def _sums(columns: Sequence[Column]) -> Sums:
    values = columns[1:]
    keys = [c.key for c in values]
    return Sums(
        streams=tuple(i for i, c in enumerate(values) if c.stream),
        total=keys.index("total") if "total" in keys else None,
        summed=tuple(i for i, c in enumerate(values) if c.summed),
    )


# -- reading ----------------------------------------------------------------------------------
def read_pasted_table(text: str, kind: str, streams: Sequence[Stream], recipients: Iterable[Recipient]) -> PastedTable:
    """Read pasted text (tab-separated, one cell per line, or copied from a PDF)."""
    return _read(shape_of_text(text), kind, streams, recipients)


def read_table_file(path: Path, kind: str, streams: Sequence[Stream], recipients: Iterable[Recipient]) -> PastedTable:
    """Read a .txt, .csv, .xlsx or .ods file with the table."""
    from models.importing.csvsniff import decode_text, read_csv_text
    from models.importing.tables import read_workbook, zip_kind

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"Filen {path.name} kan inte läsas ({exc.strerror}).") from None
    if data[:4] == b"PK\x03\x04":
        zip_kind(path)
        cells, _, _ = read_workbook(path, None)
        return _read(shape_of_grid(list(enumerate(cells, 1))), kind, streams, recipients)
    text, _ = decode_text(data)
    if path.suffix.casefold() == ".csv" and "\t" not in text:
        rows, _, _ = read_csv_text(text)
        return _read(shape_of_grid(list(enumerate(rows, 1))), kind, streams, recipients)
    return _read(shape_of_text(text), kind, streams, recipients)


def _read(shape: Shape, kind: str, streams: Sequence[Stream], recipients: Iterable[Recipient]) -> PastedTable:
    if kind not in KINDS:
        raise UserError(f"Okänd mottagartyp ”{kind}”; välj region eller rss.")
    names = [s.name for s in streams]
    headings = split_headings(" ".join(shape.headings), names) if shape.pdf else shape.headings
    columns = column_keys(headings, streams, kind)
    texts = [c.type in ("text", "recipient") for c in columns[1:]]
    options: list[list[Reading]] = []
    for line in shape.lines:
        found = readings(line.tokens, texts) if line.cells is None else [_cells(line, columns)]
        if not found:
            raise TableTextError(
                f"Rad {line.number} (”{line.name}”) passar inte rubrikerna ({len(columns)} kolumner); "
                "kontrollera raden, eller klistra in tabellen med tabbar mellan cellerna."
            )
        options.append(found)
    totals = [i for i, line in enumerate(shape.lines) if is_total(line.name)]
    if len(totals) > 1:
        raise TableTextError(f"Rad {shape.lines[totals[1]].number}: tabellen har två Totalt-rader; ta bort den ena.")
    order = [i for i in range(len(shape.lines)) if i not in totals] + totals
    outcome = solve(
        [options[i] for i in order if i not in totals], options[totals[0]] if totals else None, _sums(columns)
    )
    matcher = RecipientMatcher(recipients, kind)
    rows: list[PastedRow] = []
    seen: dict[str, int] = {}
    for position, i in enumerate(order):
        line = shape.lines[i]
        total_row = i in totals
        recipient = None if total_row else matcher.find(line.name)
        if recipient is not None and recipient.id in seen:
            raise TableTextError(
                f"Rad {seen[recipient.id]} och rad {line.number} avser båda {recipient.name}; ta bort den ena."
            )
        if recipient is not None:
            seen[recipient.id] = line.number
        rows.append(
            PastedRow(
                line=line.number,
                name=line.name,
                recipient=recipient,
                suggestion=None if total_row or recipient else matcher.nearest(line.name),
                choices=outcome.choices[position],
                values=outcome.chosen[position],
                total_row=total_row,
            )
        )
    caption = shape.caption or f"Fördelning till {'regionerna' if kind == 'region' else 'länen (RSS)'}"
    return PastedTable(kind, caption, shape.source, columns, tuple(rows))


def _cells(line: Line, columns: Sequence[Column]) -> Reading:
    out: list[Cell] = []
    for column, cell in zip(columns[1:], line.cells or (), strict=True):
        digits = re.sub(r"[\s\u00a0\u202f]|kr$", "", cell)
        if not cell and not is_total(line.name):
            raise TableTextError(
                f"Rad {line.number} (”{line.name}”) saknar ett värde i kolumnen ”{column.heading}”; "
                "kontrollera att hela raden kopierades."
            )
        if column.type == "text" or not cell:
            out.append(cell or None)
        elif re.fullmatch(r"\d+", digits):
            out.append(int(digits))
        else:
            raise TableTextError(
                f"Rad {line.number}, kolumnen ”{column.heading}”: ”{cell}” är inget heltal; "
                "skriv beloppet i hela kronor som i överenskommelsen."
            )
    return tuple(out)
