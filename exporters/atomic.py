"""Write a file so that it is either the old one or the whole new one, never half of either."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from models.errors import UserError


def write_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path``: temp file in the same folder, fsync, then ``os.replace``."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
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
        tmp_path.replace(target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp_path.unlink()
        if isinstance(exc, PermissionError):
            raise UserError(
                f"Filen {target.name} kan inte ersättas; stäng den om den är öppen i ett annat program."
            ) from None
        raise UserError(f"Filen {target.name} kunde inte skrivas: {exc.strerror}.") from None
    _fsync_dir(folder)
    return target


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
