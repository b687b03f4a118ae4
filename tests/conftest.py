"""Test set-up: headless Qt, and every test with its own config and data directories."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402
from seeds import seeds_or_skip  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory, monkeypatch):
    """platformdirs answers from these variables on Linux: no test touches the real user's files."""
    base = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(base / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "cache"))
    monkeypatch.setenv("BIDRAGSKOLLEN_HOME", str(base / "app"))
    yield


@pytest.fixture
def seeds():
    """The seed texts' folder (``tests/seeds.py``): skipped without them, a failure in CI."""
    return seeds_or_skip()
