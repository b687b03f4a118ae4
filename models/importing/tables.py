"""Spreadsheets (xlsx, xls, ods) through python-calamine, with the file checked before it is opened."""

from __future__ import annotations

import zipfile
from pathlib import Path

from models.errors import UserError

# A zip that unpacks to more than this is refused before calamine sees it (zip bombs).
MAX_UNPACKED = 2_000_000_000
MAX_RATIO = 200


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
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError):
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


def read_workbook(path: Path, sheet: str | None) -> tuple[list[list[object]], list[str], str]:
    """All rows of one sheet (the first visible one unless named), as calamine gives them."""
    from python_calamine import CalamineWorkbook

    name = path.name
    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception:  # calamine raises its own error types for every kind of broken file
        raise UserError(
            f"Filen {name} går inte att läsa som kalkylark; den kan vara skadad eller lösenordsskyddad."
        ) from None
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
        try:
            rows = wb.get_sheet_by_name(chosen).to_python(skip_empty_area=False)
        except Exception:
            raise UserError(f"Bladet ”{chosen}” i {name} går inte att läsa; spara om filen och försök igen.") from None
    finally:
        wb.close()
    return rows, names, chosen
