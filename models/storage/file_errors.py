"""What the user is told when a document file cannot be read or written: one Swedish sentence each."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from models.errors import DocumentError


def quoted(path: Path) -> str:
    return f"”{path.name}”"


# A file whose last change was interrupted keeps a journal that only a writer can roll back.
HOT_JOURNAL = (
    "{name} avbröts mitt i en ändring och har en journalfil kvar som bara kan återställas av den som öppnar "
    "filen för redigering; öppna den för redigering en gång (i fönstret eller med set), sedan går den att läsa."
)

# A large document's costs are checked after it is shown (``Document.open(check_costs="later")``).
UNCHECKED = (
    "{name} kontrolleras fortfarande (varje kostnad läses igenom när en stor redovisning öppnas); "
    "vänta tills kontrollen är klar och försök sedan igen."
)
TOTALS_READONLY = (
    "Summorna som sparats i {name} stämmer inte med kostnaderna; öppna den för redigering "
    "en gång så räknas de om (det antecknas i historiken)."
)


def hot_journal(path: Path) -> bool:
    try:
        return Path(f"{path}-journal").stat().st_size > 0
    except OSError:
        return False


def write_error(path: Path, err: sqlite3.Error) -> DocumentError:
    """What SQLite's refusal to write ``path`` means for the user, in one sentence; nothing was changed."""
    code = (getattr(err, "sqlite_errorcode", None) or 0) & 0xFF
    if code == sqlite3.SQLITE_FULL:
        return DocumentError(
            f"Disken är full, så ändringen i {quoted(path)} sparades inte; frigör utrymme och försök igen."
        )
    if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_IOERR):
        return DocumentError(
            f"{quoted(path)} går inte att skriva till (filen eller mappen är skrivskyddad, eller nätverket borta); "
            "ändringen sparades inte."
        )
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return DocumentError(f"{quoted(path)} är upptagen av ett annat program just nu; försök igen.")
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return DocumentError(f"{quoted(path)} är skadad; ändringen sparades inte. Återställ en säkerhetskopia.")
    return DocumentError(f"Ändringen i {quoted(path)} kunde inte sparas ({err}); ingenting ändrades.")
