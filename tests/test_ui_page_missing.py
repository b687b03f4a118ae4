"""A page module that cannot be imported (a packaging error) is an error, not a page "not ready yet"."""

from __future__ import annotations

import sys

import pytest

from models.catalogue.check import load_catalogue
from models.demo.example import create_demo
from ui.interaction import ScriptedInteraction
from ui.main_window import MainWindow
from ui.settings import Settings


def test_a_page_that_cannot_be_imported_raises_instead_of_showing_a_placeholder(qtbot, tmp_path, monkeypatch):
    catalogue = load_catalogue()
    demo = create_demo(tmp_path / "Skåne 2024.bidrag", catalogue)
    window = MainWindow(catalogue, Settings.load(), ScriptedInteraction())
    qtbot.addWidget(window)
    assert window.open_path(demo)
    monkeypatch.setitem(sys.modules, "ui.history_page", None)  # as if the bundle had left the module out
    with pytest.raises(ImportError):
        window.view.tabs["Historik"].ensure()
    assert window.view.tabs["Historik"].page is None  # nothing pretends to be the page
    monkeypatch.delitem(sys.modules, "ui.history_page")
    page = window.view.tabs["Historik"].ensure()
    assert type(page).__name__ == "HistoryPage"
    window.close()
