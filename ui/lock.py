"""Opening a document with its lock file: editable if free, read-only (with who and since when) if not."""

from __future__ import annotations

import errno
import logging
from dataclasses import dataclass
from pathlib import Path

from models.storage import locking
from models.storage.document_file import Document
from models.storage.locking import LockInfo
from ui.interaction import Interaction

log = logging.getLogger("bidragskollen.ui")


@dataclass
class Opened:
    doc: Document
    holder: LockInfo | None  # who holds the lock when we opened read-only because of it


def open_document(
    path: Path, interaction: Interaction, *, want_readonly: bool = False, check_costs: str = "now"
) -> Opened:
    """Open ``path``, taking its lock. Raises DocumentError (a Swedish sentence) when it cannot be opened.
    ``check_costs`` as ``Document.open``'s: the window passes "auto" and checks a large file's costs afterwards
    (``ui.costs_check``)."""
    path = Path(path)
    if want_readonly:
        return Opened(Document.open(path, readonly=True, check_costs=check_costs), None)
    if not path.is_file():  # let the domain word the error; no lock file for a missing document
        return Opened(Document.open(path, check_costs=check_costs), None)
    try:
        holder = locking.acquire(path)
    except OSError as err:
        log.warning("Låsfil kunde inte skapas för %s: %s", path, err)
        why = "Disken är full" if err.errno == errno.ENOSPC else f"Mappen {path.parent} går inte att skriva i"
        interaction.warn("Skrivskyddad", f"{why}, så redovisningen öppnas skrivskyddad.")
        return Opened(Document.open(path, readonly=True, check_costs=check_costs), None)
    if holder is not None and holder.is_stale():
        take = interaction.confirm(
            "Ta över låset?",
            f"Redovisningen ”{path.name}” är markerad som öppen av {holder.describe()}, "
            "men det ser ut som om programmet avslutades utan att stänga den. "
            "Ta över och öppna den för redigering? Gör det bara om du vet att ingen annan arbetar i den.",
            yes="Ta över",
            no="Öppna skrivskyddad",
        )
        if take:
            holder = locking.take_over(path, holder)
    if holder is not None:
        interaction.info(
            "Öppnad skrivskyddad",
            f"”{path.name}” är redan öppen hos {holder.describe()}. "
            "Den öppnas skrivskyddad; välj Arkiv → Öppna för redigering när den har stängts där.",
        )
        return Opened(Document.open(path, readonly=True, check_costs=check_costs), holder)
    try:
        doc = Document.open(path, check_costs=check_costs)
    except BaseException:
        locking.release(path)
        raise
    if doc.readonly:  # the file itself is write-protected
        locking.release(path)
        interaction.info(
            "Öppnad skrivskyddad",
            f"Filen ”{path.name}” är skrivskyddad, så redovisningen öppnas skrivskyddad. "
            "Ta bort skrivskyddet i filens egenskaper och öppna den igen för att ändra i den.",
        )
    return Opened(doc, None)


def reopen_for_editing(path: Path, interaction: Interaction) -> Document | None:
    """Try to take the lock of an open read-only document; None (with a message) if still locked."""
    try:
        holder = locking.acquire(path)
    except OSError as err:
        why = "Disken är full" if err.errno == errno.ENOSPC else f"Mappen {path.parent} går inte att skriva i"
        interaction.warn("Skrivskyddad", f"{why}; redovisningen förblir skrivskyddad.")
        return None
    if (
        holder is not None
        and holder.is_stale()
        and interaction.confirm(
            "Ta över låset?",
            f"Låset är från {holder.describe()} och ser övergivet ut. Ta över det?",
            yes="Ta över",
            no="Avbryt",
        )
    ):
        holder = locking.take_over(path, holder)
    if holder is not None:
        interaction.info(
            "Fortfarande öppen",
            f"”{path.name}” är fortfarande öppen hos {holder.describe()}; den förblir skrivskyddad.",
        )
        return None
    try:
        return Document.open(path)
    except BaseException:
        locking.release(path)
        raise


def close_document(doc: Document) -> None:
    """Close the file and give back our lock (if it was ours)."""
    path, readonly = doc.path, doc.readonly
    doc.close()
    if not readonly:
        locking.release(path)
