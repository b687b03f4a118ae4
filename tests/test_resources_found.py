"""Every file shipped with the program is found one way (``models.system.paths.program_dir``): in the
checkout, and in a PyInstaller bundle where ``sys._MEIPASS`` names the folder."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import exporters
from models.catalogue.check import default_directory
from models.municipalities import load_municipalities
from models.report import FORMS_DIR
from models.system.guide import docs_dir
from models.system.paths import program_dir, resources_dir

ROOT = Path(__file__).resolve().parent.parent


def test_in_the_checkout_every_shipped_folder_is_under_the_program_folder():
    assert program_dir() == ROOT
    assert default_directory() == resources_dir() == ROOT / "resources"
    assert resources_dir() / "forms" == FORMS_DIR and resources_dir() / "fonts" == exporters.FONTS_DIR
    assert docs_dir() == ROOT / "docs"
    assert len(load_municipalities()) == 290


def test_in_a_bundle_the_catalogue_municipalities_and_guide_come_from_it(tmp_path, monkeypatch):
    (tmp_path / "resources").mkdir()
    (tmp_path / "resources" / "municipalities.csv").write_text(
        "kommunkod;kommun;länskod\n1280;Malmö;12\n", encoding="utf-8"
    )
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert program_dir() == tmp_path
    assert default_directory() == tmp_path / "resources" and docs_dir() == tmp_path / "docs"
    assert [m.name for m in load_municipalities()] == ["Malmö"]


def test_no_module_finds_a_shipped_folder_by_itself():
    own = []
    for folder in ("models", "exporters", "ui", "cli"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if path.name != "paths.py" and re.search(r"_MEIPASS|__file__\)[^\n]*\"(resources|docs)\"", text):
                own.append(path.relative_to(ROOT).as_posix())
    assert own == []
