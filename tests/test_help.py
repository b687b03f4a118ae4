"""Help inside the program: the guide shipped and shown (Hjälp → Handbok, F1 on each page), the Om box
with version, licence and paths, one version everywhere, Ctrl+F to the search box."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from models.catalogue.check import load_catalogue
from models.demo.example import create_demo
from models.system.guide import (
    PAGE_SECTIONS,
    for_display,
    guide_path,
    heading_for_anchor,
    headings,
    read_guide,
    section_for_page,
)
from models.system.version import LICENCE, VERSION
from ui.interaction import ScriptedInteraction
from ui.main_window import MainWindow
from ui.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def _window(qtbot, catalogue, ui=None):
    window = MainWindow(catalogue, Settings.load(), ui or ScriptedInteraction())
    qtbot.addWidget(window)
    return window


def test_every_page_has_a_guide_section_that_exists():
    from ui.document_view import PAGES

    assert set(PAGES) | {"Kommuner", "Start"} <= set(PAGE_SECTIONS)
    titles = {title for _level, title in headings(read_guide())}
    for page, section in PAGE_SECTIONS.items():
        assert section in titles, f"{page}: avsnittet {section!r} finns inte i handboken"


def test_the_guide_table_of_contents_links_resolve():
    text = read_guide()
    links = re.findall(r"\]\(#([^)]+)\)", text)
    assert len(links) >= 10
    for link in links:
        assert heading_for_anchor(text, link) is not None, link


def test_every_heading_survives_into_the_help_window(qtbot):
    from ui.help_window import HelpWindow

    window = HelpWindow()
    qtbot.addWidget(window)
    shown = [block.text().strip() for block in window._heading_blocks()]
    assert shown == [title for _level, title in headings(read_guide())]
    assert "<img" not in for_display('a\n\n<img src="../img/x.png" alt="X" width="420">\n')
    assert "![X](../img/x.png)" in for_display('<img src="../img/x.png" alt="X" width="420">')


def test_a_missing_guide_is_one_sentence(tmp_path):
    from models.errors import UserError

    with pytest.raises(UserError, match="installera om"):
        read_guide(tmp_path / "saknas.md")


def test_one_version_everywhere():
    out = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == f"Bidragskollen {VERSION}"
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in pyproject["project"] and pyproject["project"]["dynamic"] == ["version"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "models.system.version.VERSION"}
    spec = (ROOT / "packaging" / "bidragskollen.spec").read_text(encoding="utf-8")
    assert '"models" / "system" / "version.py"' in spec
    workflow = (ROOT / ".github" / "workflows" / "windows-build.yml").read_text(encoding="utf-8")
    assert "models\\system\\version.py" in workflow and "pyproject" not in workflow
    installer = (ROOT / "packaging" / "installer.iss").read_text(encoding="utf-8")
    assert VERSION not in installer.split("#ifndef AppVersion")[1].split("#endif")[0]


def test_licence_file_is_the_eupl():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "EUROPEAN UNION PUBLIC LICENCE v. 1.2" in text
    assert LICENCE == "EUPL-1.2"
    assert "EUPL" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_bundle_and_installer_carry_the_guide():
    spec = (ROOT / "packaging" / "bidragskollen.spec").read_text(encoding="utf-8")
    assert '"docs" / "guide"' in spec and '"docs" / "img"' in spec
    assert guide_path().is_file()
    # every picture the guide shows is there to be shipped
    for name in re.findall(r"\(\.\./img/([^)]+)\)", read_guide()):
        assert (ROOT / "docs" / "img" / name).is_file(), name


def test_about_box_names_version_licence_and_paths(qtbot, catalogue):
    ui = ScriptedInteraction()
    w = _window(qtbot, catalogue, ui)
    w.about()
    text = ui.texts("info")[-1]
    from models.system.logsetup import setup_logging
    from models.system.paths import data_dir
    from ui.settings import settings_path

    assert f"Version {VERSION}" in text
    assert "EUPL-1.2" in text
    assert str(settings_path()) in text
    assert str(setup_logging()) in text
    assert str(data_dir() / "backups") in text


def test_handbok_shows_the_guide_with_its_pictures(qtbot, catalogue, tmp_path):
    w = _window(qtbot, catalogue)
    w.show_help()
    help_window = w.help_window
    browser = help_window.browser
    assert "Bidragskollen – användarhandledning" in browser.toPlainText()
    assert help_window.current_heading() == "1. Året i korthet"  # no document: the year at a glance
    # the pictures load: the start page screenshot is an image resource of the document
    fmt_names = []
    block = browser.document().begin()
    while block.isValid():
        for frag in _fragments(block):
            if frag.charFormat().isImageFormat():
                fmt_names.append(frag.charFormat().toImageFormat().name())
        block = block.next()
    assert any(name.endswith("start.png") for name in fmt_names)
    # a link in the table of contents goes to its section
    help_window.follow_link("#7-exportera-bilaga-1")
    assert help_window.current_heading() == "7. Exportera Bilaga 1"
    help_window.grab().save(str(tmp_path / "help.png"))


def _activate(qtbot, w):
    from PySide6.QtWidgets import QApplication

    w.show()
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)


def _fragments(block):
    it = block.begin()
    while not it.atEnd():
        yield it.fragment()
        it += 1


def test_f1_opens_the_section_of_the_page_in_front(qtbot, catalogue, tmp_path):
    doc = create_demo(tmp_path / "Exempel.bidrag", catalogue)
    w = _window(qtbot, catalogue)
    _activate(qtbot, w)
    qtbot.keyClick(w.focusWidget() or w, Qt.Key.Key_F1)
    assert w.help_window.current_heading() == section_for_page("Start")
    assert w.open_path(doc)
    for page in ("Kostnader", "Plan", "Uppgifter", "Export", "Historik", "Översikt"):
        w.view.show_page(page)
        w.act_help.trigger()
        assert w.help_window.current_heading() == PAGE_SECTIONS[page], page
    assert w.help_window.isVisible()
    w.close()


def test_ctrl_f_reaches_the_search_box(qtbot, catalogue, tmp_path):
    doc = create_demo(tmp_path / "Exempel.bidrag", catalogue)
    w = _window(qtbot, catalogue)
    _activate(qtbot, w)
    assert not w.act_find.isEnabled()  # nothing to search without a document
    assert w.open_path(doc)
    form = w.view.show_page("Uppgifter")
    form.setFocus()
    qtbot.keyClick(w.focusWidget() or w, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    costs = w.view.page("Kostnader")
    assert w.view.currentWidget() is w.view.tabs["Kostnader"]
    qtbot.waitUntil(lambda: costs.search.hasFocus())
    w.close()
