"""Write files so that each is either the old one or the whole new one, never half of either.

An export of several files (PDF and xlsx) stages all of them first, each written and synced beside its
target, and only then moves them into place one after the other, the PDF last: a kill while rendering
or staging leaves none of the new files, and a PDF (the file a person prints and signs) never appears
before its xlsx; two files cannot appear in one step on any file system, so for an instant the new xlsx
stands beside the old PDF. On Linux a staged file has no name until its rename (``O_TMPFILE``, given a
name by ``link`` just before): a killed export leaves no temporary file; elsewhere (Windows) the next
export removes the temporary files of one that was killed. A target that is a symbolic link keeps its
link: the file it points to is replaced.
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
    """Write every (path, data): all staged and synced first, then each moved into place, a PDF after the
    other files. Returns the paths in the order given."""
    staged: list[tuple[Path, Path | int]] = []
    try:
        for path, data in outputs:
            staged.append(_stage(Path(path), data))
        staged.sort(key=lambda s: s[0].suffix.lower() == ".pdf")  # stable: the PDF last
        for i, (real, tmp) in enumerate(staged):
            try:
                _publish(real, tmp)
            except OSError as exc:
                staged = staged[i:]
                raise _failed(real, exc) from None
    except BaseException:
        for _real, tmp in staged:
            _discard(tmp)
        raise
    for folder in {real.parent for real, _tmp in staged}:
        _fsync_dir(folder)
    return [Path(path) for path, _data in outputs]


def _publish(real: Path, tmp: Path | int) -> None:
    """Move a staged file into place: a named one by rename, a nameless one (``O_TMPFILE``) by giving it a
    temporary name and renaming that at once."""
    if isinstance(tmp, Path):
        tmp.replace(real)
        return
    name = real.with_name(f".{real.name}.{os.getpid()}.{time.monotonic_ns()}.tmp")
    folder = os.open(real.parent if str(real.parent) else ".", os.O_RDONLY)
    try:  # linkat(…, AT_SYMLINK_FOLLOW): Python calls plain link(), which cannot follow /proc's link, without a dir_fd
        os.link(f"/proc/self/fd/{tmp}", name.name, src_dir_fd=folder, dst_dir_fd=folder, follow_symlinks=True)
    finally:
        os.close(folder)
    try:
        name.replace(real)
    except BaseException:
        with contextlib.suppress(OSError):
            name.unlink()
        raise
    os.close(tmp)


def _discard(tmp: Path | int) -> None:
    with contextlib.suppress(OSError):
        if isinstance(tmp, Path):
            tmp.unlink()
        else:
            os.close(tmp)


def _nameless(folder: Path) -> int | None:
    """A file in ``folder`` without a name (Linux ``O_TMPFILE``), or None where there is none."""
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag or not Path("/proc/self/fd").is_dir():
        return None
    try:
        return os.open(folder, flag | os.O_WRONLY, 0o666)
    except OSError:  # a file system without it (some network shares): a named temporary file instead
        return None


def _real_target(path: Path) -> Path:
    """The file a symbolic link points to (so the link stays a link), else the path itself."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _stage(path: Path, data: bytes) -> tuple[Path, Path | int]:
    """``data`` written and synced beside ``path``'s real file: (that file, the staged file or its descriptor)."""
    target = _real_target(path)
    folder = target.parent if str(target.parent) else Path()
    _remove_leftovers(folder, target.name)
    fd = _nameless(folder)
    staged: Path | int
    if fd is not None:
        staged = fd
    else:
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        except OSError as exc:
            if getattr(exc, "errno", None) == 28:  # ENOSPC
                raise _failed(path, exc) from None
            raise UserError(f"Det går inte att skriva i mappen {folder}: {exc.strerror}.") from None
        staged = Path(tmp)
    try:
        written = 0
        while written < len(data):
            written += os.write(fd, memoryview(data)[written:])
        os.fsync(fd)
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
        with contextlib.suppress(OSError):
            if isinstance(staged, Path):
                staged.chmod(mode)
            else:
                os.fchmod(fd, mode)
        if isinstance(staged, Path):
            os.close(fd)
    except OSError as exc:
        _discard(staged)
        if isinstance(staged, Path):
            with contextlib.suppress(OSError):
                os.close(fd)
        raise _failed(target, exc) from None
    except BaseException:
        _discard(staged)
        raise
    return target, staged


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
