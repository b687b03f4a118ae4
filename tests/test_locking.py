"""Lock files beside documents: pure logic, no Qt."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta

from models.storage import locking
from models.storage.locking import LockInfo, acquire, lock_path, read_lock, release, take_over


def _write(doc, info: LockInfo) -> None:
    data = {"user": info.user, "computer": info.computer, "pid": info.pid, "time": info.time.isoformat()}
    lock_path(doc).write_text(json.dumps(data), encoding="utf-8")


def test_lock_file_sits_beside_the_document(tmp_path):
    doc = tmp_path / "Skåne 2024.bidrag"
    assert lock_path(doc) == tmp_path / "Skåne 2024.bidrag.lock"


def test_first_open_takes_the_lock_and_release_removes_it(tmp_path):
    doc = tmp_path / "a.bidrag"
    assert acquire(doc) is None
    info = read_lock(doc)
    assert info is not None and info.pid == os.getpid() and info.is_mine()
    release(doc)
    assert not lock_path(doc).exists()


def test_a_lock_held_by_someone_else_is_reported_with_name_and_time(tmp_path):
    doc = tmp_path / "a.bidrag"
    other = LockInfo("karin", "EKONOMI-PC", 4242, datetime(2025, 3, 2, 9, 14))
    _write(doc, other)
    holder = acquire(doc)
    assert holder == other
    assert holder.describe() == "karin på datorn EKONOMI-PC sedan 2025-03-02 09:14"
    release(doc)  # not ours: left alone
    assert read_lock(doc) == other


def test_lock_of_dead_process_on_this_computer_is_stale(tmp_path):
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(proc.stdout)
    info = LockInfo("anna", locking.computer_name(), dead_pid, datetime.now())
    assert info.is_stale()
    alive = LockInfo("anna", locking.computer_name(), os.getppid(), datetime.now())
    assert not alive.is_stale()


def test_lock_from_another_computer_is_stale_only_without_a_heartbeat():
    now = datetime(2025, 3, 2, 12, 0)
    beating = LockInfo("karin", "ANNAN-PC", 1, now - timedelta(hours=11), beat=now - timedelta(minutes=2))
    silent = LockInfo("karin", "ANNAN-PC", 1, now - timedelta(hours=11), beat=now - timedelta(minutes=11))
    assert not beating.is_stale(now)
    assert silent.is_stale(now)
    assert LockInfo("karin", "ANNAN-PC", 1, now + timedelta(days=400)).is_stale(now)  # dated in the future


def test_take_over_replaces_the_expected_lock_only(tmp_path):
    doc = tmp_path / "a.bidrag"
    stale = LockInfo("karin", "ANNAN-PC", 1, datetime(2020, 1, 1))
    _write(doc, stale)
    newer = LockInfo("olle", "TREDJE-PC", 2, datetime(2025, 1, 1))
    _write(doc, newer)
    assert take_over(doc, stale) == newer  # someone else got there first: nothing changes
    assert read_lock(doc) == newer
    assert take_over(doc, newer) is None
    assert read_lock(doc).is_mine()


def test_a_garbled_lock_file_still_counts_as_a_lock(tmp_path):
    doc = tmp_path / "a.bidrag"
    lock_path(doc).write_text("{inte json", encoding="utf-8")
    holder = acquire(doc)
    assert holder is not None and holder.user == "okänd användare"
