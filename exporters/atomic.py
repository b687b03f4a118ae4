"""Write files so that each is either the old one or the whole new one, never half of either.

An export of several files (PDF and xlsx) stages all of them first, each written and synced to a
temporary file beside its target, and only then moves them into place one after the other: a kill
while rendering or staging leaves none of the new files (the next export removes its temporary
files), and no PDF appears without its xlsx except in the moment between two renames. A target that
is a symbolic link keeps its link: the file it points to is replaced.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from pathlib import Path

from models.errors import UserError

# A temporary file of ours this old belongs to an export that was killed (staging takes seconds).
_LEFTOVER_AFTER = 600.0


def write_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path``: temp file in the same folder, fsync, then ``os.replace``."""
    return write_all_atomic([(Path(path), data)])[0]


def write_all_atomic(outputs: list[tuple[Path, bytes]]) -> list[Path]:
    """Write every (path, data): all staged and synced first, then each moved into place. Returns the paths."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in outputs:
            staged.append(_stage(Path(path), data))
        for i, (real, tmp) in enumerate(staged):
            try:
                tmp.replace(real)
            except OSError as exc:
                staged = staged[i:]
                raise _failed(real, exc) from None
    except BaseException:
        for _real, tmp in staged:
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise
    for folder in {real.parent for real, _tmp in staged}:
        _fsync_dir(folder)
    return [Path(path) for path, _data in outputs]


def _real_target(path: Path) -> Path:
    """The file a symbolic link points to (so the link stays a link), else the path itself."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _stage(path: Path, data: bytes) -> tuple[Path, Path]:
    target = _real_target(path)
    folder = target.parent if str(target.parent) else Path()
    _remove_leftovers(folder, target.name)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        if getattr(exc, "errno", None) == 28:  # ENOSPC
            raise _failed(path, exc) from None
        raise UserError(f"Det går inte att skriva i mappen {folder}: {exc.strerror}.") from None
    tmp_path = Path(tmp)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            with contextlib.suppress(OSError):
                tmp_path.chmod(target.stat().st_mode & 0o777)
        else:
            with contextlib.suppress(OSError):
                tmp_path.chmod(0o666 & ~_umask())
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp_path.unlink()
        raise _failed(target, exc) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp_path.unlink()
        raise
    return target, tmp_path


def _failed(target: Path, exc: OSError) -> UserError:
    if isinstance(exc, PermissionError):
        return UserError(f"Filen {target.name} kan inte ersättas; stäng den om den är öppen i ett annat program.")
    if exc.errno == 28:  # ENOSPC
        return UserError(f"Disken är full, så {target.name} kunde inte skrivas; frigör utrymme och försök igen.")
    return UserError(f"Filen {target.name} kunde inte skrivas: {exc.strerror}.")


def _remove_leftovers(folder: Path, name: str) -> None:
    """Temporary files an earlier, killed export of ``name`` left behind."""
    limit = time.time() - _LEFTOVER_AFTER
    with contextlib.suppress(OSError):
        for old in folder.glob(f".{name}.*.tmp"):
            with contextlib.suppress(OSError):
                if old.stat().st_mtime < limit:
                    old.unlink()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
