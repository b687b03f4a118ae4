"""The seed texts are found one way (``tests/seeds.py``), and a CI run cannot pass by skipping them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import seeds as seeds_module
from seeds import seeds_or_skip

TESTS = Path(__file__).resolve().parent


def test_without_the_seeds_a_developer_skips_and_ci_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(seeds_module, "SEEDS", tmp_path / "saknas")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        seeds_or_skip()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run every seed test"):
        seeds_or_skip()


def test_the_seeds_are_looked_for_beside_the_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert TESTS.parent.parent / "shared" / "seeds" == seeds_module.SEEDS
    (tmp_path / "000_x.txt").write_text("Överenskommelse", encoding="utf-8")
    monkeypatch.setattr(seeds_module, "SEEDS", tmp_path)
    monkeypatch.setenv("CI", "true")
    assert seeds_or_skip() == tmp_path


def test_no_test_names_a_seeds_folder_of_its_own() -> None:
    pattern = re.compile(r"""["']shared["']|shared/seeds""")
    own = [
        p.name
        for p in TESTS.glob("*.py")
        if p.name not in ("seeds.py", "test_seeds_found.py") and pattern.search(p.read_text("utf-8"))
    ]
    assert own == []
