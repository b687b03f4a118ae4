"""Lock files beside documents: who has a document open for editing, and since when.

``<name>.bidrag.lock`` is a small JSON file {user, computer, pid, time} beside the real file (a
symbolic link's target, so two names of one file share one lock). The files live on network shares,
so the lock is advisory and created with O_EXCL (atomic on SMB as well). The window that holds a lock
touches it every ``HEARTBEAT`` (its modification time is the heartbeat). A lock is stale, and may be
taken over after the user confirms, when it cannot be read or is empty, names a process that no
longer runs on this computer, is dated in the future, or has had no heartbeat for ``STALE_AFTER``
(a crashed window elsewhere, or a process id reused since). A lock that cannot be written in full (a
full disk) is removed again, never left empty.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from models.errors import DocumentError
from models.storage.clock import current_user

HEARTBEAT = timedelta(minutes=1)
STALE_AFTER = timedelta(minutes=10)
_CLOCK_SKEW = timedelta(hours=1)


def lock_path(document: Path) -> Path:
    real = Path(os.path.realpath(document))
    return real.with_name(real.name + ".lock")


def computer_name() -> str:
    try:
        return socket.gethostname() or "okänd dator"
    except OSError:
        return "okänd dator"


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this computer."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - Windows
        import ctypes

        kernel = ctypes.windll.kernel32
        handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


@dataclass(frozen=True)
class LockInfo:
    user: str
    computer: str
    pid: int
    time: datetime
    beat: datetime | None = field(default=None, compare=False)  # the lock file's last heartbeat (its mtime)
    readable: bool = field(default=True, compare=False)

    def describe(self) -> str:
        """'anna på datorn KOMMUN-PC sedan 2025-03-02 09:14'"""
        return f"{self.user} på datorn {self.computer} sedan {self.time:%Y-%m-%d %H:%M}"

    def is_mine(self) -> bool:
        return self.computer == computer_name() and self.pid == os.getpid()

    def is_stale(self, now: datetime | None = None) -> bool:
        now = now or datetime.now()
        if not self.readable or self.time > now + _CLOCK_SKEW:
            return True
        if now - max(self.beat or self.time, self.time) > STALE_AFTER:
            return True
        return self.computer == computer_name() and not pid_alive(self.pid)


def read_lock(document: Path) -> LockInfo | None:
    """The lock on ``document``, or None. An unreadable lock file counts as a lock of unknown origin."""
    path = lock_path(document)
    try:
        beat = datetime.fromtimestamp(path.stat().st_mtime)
        raw = json.loads(path.read_text(encoding="utf-8"))
        return LockInfo(
            str(raw["user"]), str(raw["computer"]), int(raw["pid"]), datetime.fromisoformat(raw["time"]), beat
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, OverflowError):
        try:
            mtime = datetime.fromtimestamp(path.stat().st_mtime)
        except (OSError, ValueError, OverflowError):
            return None
        return LockInfo("okänd användare", "okänd dator", 0, mtime, mtime, readable=False)


def _write_exclusive(path: Path, info: LockInfo) -> bool:
    data = {"user": info.user, "computer": info.computer, "pid": info.pid}
    data["time"] = info.time.isoformat(timespec="seconds")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return False
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False)
            fh.flush()
            os.fsync(fh.fileno())  # a full disk says so here, not later
    except BaseException:
        path.unlink(missing_ok=True)  # never an empty lock that everyone must wait out
        raise
    return True


def my_lock() -> LockInfo:
    return LockInfo(current_user(), computer_name(), os.getpid(), datetime.now().replace(microsecond=0))


def acquire(document: Path) -> LockInfo | None:
    """Take the lock. Returns None when it is ours now, else the holder's LockInfo.

    Raises OSError when the folder cannot be written at all (then open read-only).
    """
    path = lock_path(document)
    if _write_exclusive(path, my_lock()):
        return None
    holder = read_lock(document)
    if holder is None:  # released between the two calls
        return None if _write_exclusive(path, my_lock()) else read_lock(document)
    if holder.is_mine():
        return None
    return holder


def take_over(document: Path, expected: LockInfo) -> LockInfo | None:
    """Replace a (stale) lock the user agreed to take over. None when it is ours now.

    If someone else grabbed the lock in the meantime, their LockInfo is returned and nothing changes.
    """
    current = read_lock(document)
    if current is not None and current != expected:
        return current
    lock_path(document).unlink(missing_ok=True)
    return acquire(document)


def heartbeat(document: Path) -> None:
    """Touch our lock (its modification time), so others see the window is still there."""
    holder = read_lock(document)
    if holder is not None and holder.is_mine():
        try:
            os.utime(lock_path(document))
        except OSError:
            pass


def held_by_other(document: str | Path) -> LockInfo | None:
    """The live lock of another program on ``document``, or None."""
    holder = read_lock(Path(document))
    return holder if holder is not None and not holder.is_mine() and not holder.is_stale() else None


def refuse_if_held(document: str | Path) -> None:
    """For the command line: a write to a document another program has open for editing is refused, with who."""
    holder = held_by_other(document)
    if holder is not None:
        raise DocumentError(
            f"”{Path(document).name}” är öppen för redigering hos {holder.describe()}; ändringen gjordes inte. "
            "Gör ändringen där, eller vänta tills redovisningen har stängts."
        )


def release(document: Path) -> None:
    """Remove our own lock; a lock someone else took over is left alone."""
    holder = read_lock(document)
    if holder is not None and holder.is_mine():
        lock_path(document).unlink(missing_ok=True)
