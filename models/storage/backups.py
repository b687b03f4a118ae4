"""Copies of each document taken when it is opened: ``data_dir()/backups/<name>/<timestamp>.bidrag``.

The last ``KEEP`` copies per document are kept. Restoring writes a new file beside the original
and never replaces an existing file.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from models.errors import DocumentError
from models.system.paths import data_dir

KEEP = 10
STEP = 2048  # pages (8 MB) per step of the copy
STAMP = "%Y-%m-%d_%H%M%S"


@dataclass(frozen=True)
class Backup:
    path: Path
    time: datetime
    size: int

    def label(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M:%S} ({max(1, self.size // 1024)} kB)"


def backup_folder(document: Path) -> Path:
    """One folder per document: its name plus a short hash of the full path (two files may share a name)."""
    resolved = str(Path(document).resolve())
    digest = hashlib.sha1(resolved.encode("utf-8")).hexdigest()[:8]
    return data_dir() / "backups" / f"{Path(document).stem}-{digest}"


def _copy_consistent(source: Path, target: Path) -> None:
    """SQLite's backup API gives a consistent copy even while the file is open elsewhere. It copies ``STEP``
    pages at a time, releasing the file between steps, so an edit never waits for the whole copy (about a
    second for a million costs); the copy starts over when the file changed meanwhile."""
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst, pages=STEP, sleep=0.01)
        finally:
            dst.close()
    finally:
        src.close()


def make_backup(document: Path, now: datetime | None = None) -> Path:
    """Copy ``document`` into its backup folder and drop all but the newest ``KEEP`` copies."""
    now = now or datetime.now()
    folder = backup_folder(document)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{now.strftime(STAMP)}.bidrag"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{now.strftime(STAMP)}-{n}.bidrag"
    try:
        _copy_consistent(Path(document), target)
    except sqlite3.Error:
        shutil.copy2(document, target)
    for old in list_backups(document)[KEEP:]:
        old.path.unlink(missing_ok=True)
    return target


def list_backups(document: Path) -> list[Backup]:
    """The backups of ``document``, newest first."""
    folder = backup_folder(document)
    if not folder.is_dir():
        return []
    result = []
    for path in folder.glob("*.bidrag"):
        try:
            time = datetime.strptime(path.stem[: len("2025-01-01_000000")], STAMP)
            result.append(Backup(path, time, path.stat().st_size))
        except (ValueError, OSError):
            continue
    return sorted(result, key=lambda b: (b.time, b.path.name), reverse=True)


def restore_target(document: Path, backup: Backup) -> Path:
    """A free file name beside the original: 'Skåne 2024 (återställd 2025-03-02 0914).bidrag'."""
    document = Path(document)
    base = f"{document.stem} (återställd {backup.time:%Y-%m-%d %H%M})"
    target = document.with_name(base + document.suffix)
    n = 2
    while target.exists():
        target = document.with_name(f"{base} {n}{document.suffix}")
        n += 1
    return target


def restore_backup(document: Path, backup: Backup, target: Path | None = None) -> Path:
    """Copy ``backup`` to ``target`` (default: a new name beside the original). Never overwrites."""
    target = Path(target) if target else restore_target(document, backup)
    if target.exists():
        raise DocumentError(f"”{target.name}” finns redan; välj ett annat namn för den återställda kopian.")
    try:
        with backup.path.open("rb") as src, target.open("xb") as dst:
            shutil.copyfileobj(src, dst)
    except FileExistsError:
        raise DocumentError(f"”{target.name}” finns redan; välj ett annat namn för den återställda kopian.") from None
    except OSError as err:
        raise DocumentError(f"Säkerhetskopian kunde inte återställas till {target}: {err.strerror}.") from None
    return target
