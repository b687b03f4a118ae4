"""Arkiv → Återställ säkerhetskopia: pick one of the copies taken at open; it becomes a new file."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from models.errors import UserError
from models.storage.backups import list_backups, make_backup, restore_backup
from ui.interaction import Interaction

log = logging.getLogger("bidragskollen.ui")


def backup_on_open(path: Path) -> Path | None:
    """Take the copy at open; a failure is logged, never stops the user from working."""
    try:
        return make_backup(path)
    except Exception as err:  # disk full, permissions: the document itself is fine
        log.warning("Säkerhetskopia av %s kunde inte tas: %s", path, err)
        return None


def backup_in_background(path: Path) -> threading.Thread:
    """Take the copy at open without holding up the first paint (a large document takes a while to copy).

    Not a daemon thread: quitting waits for the copy, so no half-written backup is left behind.
    """
    thread = threading.Thread(target=backup_on_open, args=(path,), name="backup", daemon=False)
    thread.start()
    return thread


def restore_dialog(document: Path, interaction: Interaction) -> Path | None:
    """Let the user choose a backup of ``document``; returns the restored file (or None)."""
    backups = list_backups(document)
    if not backups:
        interaction.info(
            "Återställ säkerhetskopia",
            f"Det finns inga säkerhetskopior av ”{document.name}” ännu; en tas varje gång den öppnas.",
        )
        return None
    index = interaction.choose(
        "Återställ säkerhetskopia",
        f"Säkerhetskopior av ”{document.name}” (tagna när den öppnades).\n"
        "Den valda sparas som en ny fil bredvid originalet; originalet ändras inte.",
        [b.label() for b in backups],
    )
    if index is None:
        return None
    try:
        target = restore_backup(document, backups[index])
    except UserError as err:
        interaction.warn("Återställ säkerhetskopia", str(err))
        return None
    return target
