"""Where the seed texts are: ``../shared/seeds`` beside the repository, found one way by every test.

A test that reads them asks for the ``seeds`` fixture (``conftest.py``): without the seeds it is
skipped on a developer's machine, and FAILS in CI (``CI`` set), so a CI run never passes by skipping.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
SEED_2024 = SEEDS / "000_9bfa9fdac7f7e86a.txt"  # överenskommelsen God och nära vård 2024


def seeds_or_skip() -> Path:
    """The seeds folder; skips the test when it is missing, or fails it in CI."""
    if SEEDS.is_dir() and any(SEEDS.glob("*.txt")):
        return SEEDS
    message = f"the seed texts are not beside the repository ({SEEDS})"
    if os.environ.get("CI"):
        pytest.fail(f"{message}; CI must run every seed test")
    pytest.skip(message)
