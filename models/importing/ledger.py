"""Open a ledger export of any supported kind, decided by its content, not only its name."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from models.errors import UserError
from models.importing.csvsniff import decode_text, read_csv_text
from models.importing.mapping import heading_score
from models.importing.sheetbounds import MAX_CELLS, MAX_COLUMNS, MAX_ROWS, too_many_rows
from models.importing.sie import SieFile, parse_sie_text
from models.importing.sie_encoding import decode_sie, looks_like_sie
from models.importing.tables import SheetRow, read_workbook, zip_kind
from models.importing.values import cell_text, number_to_decimal
from models.system.gcpause import gc_paused
from models.system.paths import shown_name
from models.words import number

MAX_BYTES = 200 * 1024 * 1024
SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"})
SIE_SUFFIXES = frozenset({".se", ".si", ".sie"})
TEXT_SUFFIXES = frozenset({".csv", ".txt"})
LEDGER_SUFFIXES = SPREADSHEET_SUFFIXES | SIE_SUFFIXES | TEXT_SUFFIXES  # what the import offers and takes dropped
SIE_HEADERS = ["Datum", "Verifikation", "Konto", "Belopp", "Text", "Objekt"]
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEADER_SCAN = 30


@dataclass
class RawLedger:
    """A ledger as read, before mapping. ``cells`` are the data rows below the heading row.

    Spreadsheet numbers are still the reader's floats in ``cells`` (only the mapped columns are
    converted: docs/performance.md); ``rows`` and ``preview`` give them as exact
    Decimals, and the pipeline converts the mapped columns through ``models.importing.values``.
    """

    kind: str  # "table" or "sie"
    headers: list[str]
    cells: list[SheetRow]
    sheet_names: list[str] = field(default_factory=list)
    sheet: str | None = None
    file_name: str = ""
    sie: SieFile | None = None
    first_row: int = 2  # the row number the user sees for cells[0]
    decimal: str = ","  # decimal mark of a text file
    delimiter: str = ""
    encoding: str = ""
    format: str = ""  # xlsx | xls | ods | csv | sie

    @property
    def rows(self) -> Iterator[SheetRow]:
        """Data rows with numbers as Decimal and empty cells as None."""
        if self.kind == "sie":
            yield from self._sie_rows()
            return
        for row in self.cells:
            yield [_clean(c) for c in row]

    def preview(self, n: int = 20) -> list[SheetRow]:
        out = []
        for row in self.rows:
            out.append(row)
            if len(out) >= n:
                break
        return out

    def __len__(self) -> int:
        return len(self.sie.transactions) if self.sie is not None else len(self.cells)

    def _sie_rows(self) -> Iterator[SheetRow]:
        assert self.sie is not None
        for t in self.sie.transactions:
            objects = " ".join(f"{d}:{c}" for d, c in t.objects)
            yield [t.date, f"{t.series} {t.vernr}", t.account, t.amount, t.text, objects]


def _clean(c: object) -> object:
    if isinstance(c, bool):
        return str(c)
    if isinstance(c, int | float):
        try:
            return number_to_decimal(c)
        except ValueError:
            return str(c)
    if c == "":
        return None
    return c


def _headers(row: SheetRow) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for i, c in enumerate(row, start=1):
        h = cell_text(c) or f"Kolumn {i}"
        base, n = h, 2
        while h in seen:
            h, n = f"{base} ({n})", n + 1
        seen.add(h)
        out.append(h)
    return out


def _heading_row(rows: Sequence[SheetRow]) -> int:
    """The heading row: the one with most known headings among the first rows, else the first non-empty."""
    best, best_score = -1, 0
    for i, row in enumerate(rows[:_HEADER_SCAN]):
        score = heading_score(row)
        if score > best_score:
            best, best_score = i, score
    if best < 0:
        best = next((i for i, r in enumerate(rows) if any(c not in ("", None) for c in r)), 0)
    return best


def _table(rows: list[SheetRow], name: str) -> RawLedger:
    """Find the heading row and split."""
    if len(rows) > MAX_ROWS:
        raise too_many_rows(name, len(rows))
    if rows and max(map(len, rows)) > MAX_COLUMNS:
        raise UserError(
            f"Filen {name} har rader med fler än {MAX_COLUMNS} kolumner och läses inte; exportera färre kolumner."
        )
    best = _heading_row(rows)
    headers = _headers(rows[best]) if rows else []
    width = len(headers)
    cells = rows[best + 1 :]
    widths = set(map(len, cells))
    if widths and max(widths) > width:
        width = max(widths)
        headers += [f"Kolumn {i}" for i in range(len(headers) + 1, width + 1)]
    if widths and min(widths) < width:
        for r in cells:  # ragged rows (CSV) get empty cells, so every mapped column exists
            if len(r) < width:
                r.extend([""] * (width - len(r)))
    return RawLedger("table", headers, cells, first_row=best + 2, file_name=name)


@gc_paused()
def read_ledger(
    path: str | Path,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> RawLedger:
    """Read a ledger export: xlsx/xls/ods, CSV or SIE 4. Raises UserError with one Swedish sentence."""
    p = Path(path)
    name = shown_name(p)
    try:
        size = p.stat().st_size
    except OSError:
        raise UserError(f"Filen {name} finns inte eller går inte att läsa.") from None
    if size > max_bytes:
        raise UserError(
            f"Filen {name} är {size // 1_000_000} MB; största tillåtna storlek är "
            f"{max_bytes // 1_000_000} MB. Exportera en kortare period."
        )
    if size == 0:
        raise UserError(f"Filen {name} är tom; exportera den på nytt.")
    try:
        with p.open("rb") as f:
            head = f.read(8192)
    except OSError:
        raise UserError(f"Filen {name} går inte att läsa.") from None
    suffix = p.suffix.lower()

    if head.startswith((b"PK\x03\x04", _OLE2)):
        kind = zip_kind(p) if head.startswith(b"PK") else "xls"
        rows, names, chosen = read_workbook(p, sheet, name)
        table = replace(_table(rows, name), sheet_names=names, sheet=chosen, format=kind)
        if len(names) <= 1:  # with more sheets, the user picks another one
            _refuse_headings_only(table, name)
        return table

    if head.startswith(b"%PDF"):
        raise UserError(
            f"Filen {name} är en PDF-fil (en utskrift), ingen export som går att läsa in; exportera huvudboken "
            "ur ekonomisystemet som Excel (xlsx), CSV eller SIE 4 och välj den filen."
        )

    if suffix in SPREADSHEET_SUFFIXES:
        low = head.lstrip().lower()
        if low.startswith((b"<!doctype html", b"<html", b"<?xml", b"<table")):
            what = "en webbsida (HTML) eller XML"
        elif b"\x00" in head:
            what = "inget kalkylark"
        else:
            what = "en textfil (CSV eller SIE)"
        raise UserError(
            f"Filen {name} heter {suffix} men är {what}; exportera som xlsx eller CSV, "
            "eller byt filändelse om den är en CSV-fil."
        )
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UserError(f"Filen {name} är varken kalkylark, CSV eller SIE; välj exporten från ekonomisystemet.")

    data = p.read_bytes()
    if looks_like_sie(head):
        if data.count(b"#TRANS") > MAX_ROWS:
            raise too_many_rows(name, data.count(b"#TRANS"))
        text, encoding = decode_sie(data)
        del data  # the file's bytes are not kept while it is read
        sie = parse_sie_text(text, encoding)
        return RawLedger("sie", list(SIE_HEADERS), [], file_name=name, sie=sie, encoding=sie.encoding, format="sie")
    if suffix in SIE_SUFFIXES:
        raise UserError(f"Filen {name} heter {suffix} men är ingen SIE-fil; exportera SIE 4 från ekonomisystemet.")
    text, used = decode_text(data, encoding)
    del data
    _check_text_size(text, name)
    rows, delim, decimal = read_csv_text(text)
    if not any(any(c for c in r) for r in rows):
        raise UserError(f"Filen {name} innehåller inga rader.")
    table = replace(_table(rows, name), delimiter=delim, decimal=decimal, encoding=used, format="csv")
    _refuse_headings_only(table, name)
    return table


def _refuse_headings_only(table: RawLedger, name: str) -> None:
    """Headings and nothing under them: say so, rather than ask for columns of an empty table."""
    if table.kind == "table" and table.headers and not len(table.cells):
        raise UserError(
            f"Filen {name} har rubriker men inga rader med bokföringar under dem; exportera huvudboken på nytt "
            "för en period som har kostnader."
        )


def _check_text_size(text: str, name: str) -> None:
    """Refuse a text file with more lines than ``MAX_ROWS`` or more separators than ``MAX_CELLS`` (50 MB of
    ``;`` would be 50 million cells) before it is split."""
    lines = text.count("\n")
    if lines > MAX_ROWS:
        raise too_many_rows(name, lines)
    if max(text.count(d) for d in ";,\t|") > MAX_CELLS:
        raise UserError(
            f"Filen {name} har fler än {number(MAX_CELLS)} celler och läses inte; exportera en kortare period."
        )
