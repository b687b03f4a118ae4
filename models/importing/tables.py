"""Spreadsheets (xlsx, xls, ods) through python-calamine, with the file checked before it is opened."""

from __future__ import annotations

import logging
import os
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from models.errors import UserError
from models.importing.sheetbounds import check_xlsx_sheet, refuse_entities

# One row of a sheet as its reader gives it (calamine: str, int, float, bool, date, time, datetime,
# timedelta; a CSV file: str). The column readers try the all-text path first and fall back when Python
# raises TypeError, so a cell is typed Any.
SheetRow = list[Any]

# A zip that unpacks to more than this is refused before calamine sees it (zip bombs).
MAX_UNPACKED = 2_000_000_000
MAX_RATIO = 200
log = logging.getLogger("bidragskollen.import")


def zip_kind(path: Path) -> str:
    """ "xlsx" or "ods" for a zip container, after checking its sizes; UserError for any other zip."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            unpacked = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            mimetype = zf.read("mimetype")[:100] if "mimetype" in names else b""
            refuse_entities(zf, name)
    # ValueError: a damaged name (a member flagged UTF-8 whose bytes are not) raises UnicodeDecodeError
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError, zlib.error, EOFError, ValueError):
        raise UserError(f"Filen {name} är skadad och går inte att öppna; exportera den på nytt.") from None
    if unpacked > MAX_UNPACKED or (unpacked > MAX_RATIO * packed and unpacked > 50_000_000):
        raise UserError(f"Filen {name} packas upp till orimligt mycket data och öppnas inte av säkerhetsskäl.")
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        return "xlsx"
    if b"opendocument.spreadsheet" in mimetype or ("content.xml" in names and not mimetype):
        return "ods"
    if b"opendocument" in mimetype or "word/document.xml" in names:
        raise UserError(f"Filen {name} är ett textdokument, inget kalkylark; välj exporten från ekonomisystemet.")
    raise UserError(f"Filen {name} är en zip-fil men inget kalkylark; välj en xlsx-, ods-, CSV- eller SIE-fil.")


def read_workbook(path: Path, sheet: str | None, name: str = "") -> tuple[list[SheetRow], list[str], str]:
    """All rows of one sheet (the first visible one unless named), as calamine gives them.

    calamine's panics (``pyo3_runtime.PanicException``, a BaseException) on a damaged file are a refusal
    of the file like its errors; an xlsx sheet is measured before calamine reads it (``check_xlsx_sheet``).
    """
    name = name or path.name
    try:
        with _stderr_to_log():
            return _read_workbook(path, sheet, name)
    except UserError:
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # calamine's errors, and its panics on damaged files
        raise UserError(
            f"Filen {name} går inte att läsa som kalkylark; den kan vara skadad eller lösenordsskyddad."
        ) from None


@contextmanager
def _stderr_to_log() -> Iterator[None]:
    """calamine's panic hook writes its text to the process's stderr: while calamine reads, that goes to the
    log instead of the user's terminal (the user gets the refusal's one sentence)."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    with tempfile.TemporaryFile() as tmp:
        os.dup2(tmp.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            tmp.seek(0)
            said = tmp.read(4000)
            if said:
                log.warning("python-calamine: %s", said.decode("utf-8", "replace"))


def _read_workbook(path: Path, sheet: str | None, name: str) -> tuple[list[SheetRow], list[str], str]:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    open_ = True
    try:
        names = list(wb.sheet_names)
        if not names:
            raise UserError(f"Filen {name} innehåller inga blad.")
        if sheet is None:
            visible = [m.name for m in wb.sheets_metadata if str(m.visible).endswith("Visible")]
            chosen = visible[0] if visible else names[0]
        elif sheet in names:
            chosen = sheet
        elif sheet.isdigit() and 1 <= int(sheet) <= len(names):
            chosen = names[int(sheet) - 1]
        else:
            raise UserError(f"Bladet ”{sheet}” finns inte i {name}; välj ett av: {', '.join(names)}.")
        if zipfile.is_zipfile(path):
            check_xlsx_sheet(path, chosen, name)
        try:
            found = wb.get_sheet_by_name(chosen)
            wb.close()  # an ods workbook holds every sheet it read (500 MB for a million rows): freed first
            open_ = False
            rows = found.to_python(skip_empty_area=False)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:
            raise UserError(f"Bladet ”{chosen}” i {name} går inte att läsa; spara om filen och försök igen.") from None
    finally:
        if open_:
            wb.close()
    return rows, names, chosen
