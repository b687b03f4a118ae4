"""The README's layout table matches the tree: every package is listed, every file it names exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _layout_rows() -> list[tuple[list[str], str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = line.split("|")
        if line.startswith("| `") and len(cells) >= 4:
            rows.append((re.findall(r"`([^`]+)`", cells[1]), cells[2]))
    return rows


def test_every_folder_of_the_layout_exists_and_every_package_is_listed() -> None:
    rows = _layout_rows()
    listed = {name.rstrip("/") for names, _what in rows for name in names}
    assert all((ROOT / name).exists() for name in listed), sorted(n for n in listed if not (ROOT / n).exists())
    packages = {str(p.parent.relative_to(ROOT)) for p in (ROOT / "models").rglob("__init__.py")}
    assert packages - listed == set()


def test_the_files_a_package_row_names_are_in_that_package() -> None:
    missing = []
    for names, what in _layout_rows():
        folder = names[0].rstrip("/")
        if len(names) != 1 or not folder.startswith("models"):
            continue
        for file in re.findall(r"`([a-z_]+\.py)`", what):
            if not (ROOT / folder / file).is_file():
                missing.append(f"{folder}/{file}")
    assert missing == []
