"""Alla redovisningar in the window: read in the background without a lock, sorted by deadline with the
overdue ones marked, skipped files named, opened by a double-click, exported to xlsx; and on the start page."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from models.catalogue.check import load_catalogue
from models.storage.document_file import Document
from ui.interaction import ScriptedInteraction
from ui.main_window import MainWindow
from ui.portfolio_view import PortfolioView
from ui.settings import Settings


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.fixture
def folder(tmp_path: Path, catalogue) -> Path:
    share = tmp_path / "delad"
    share.mkdir()
    Document.create(share / "skane-2024.bidrag", "gnv-2024", "region-12", catalogue).close()
    old = Document.create(share / "skane-2019.bidrag", "gnv-2019", "region-12", catalogue)
    old.close()
    Document.create(share / "blekinge-2024.bidrag", "gnv-2024", "rss-10", catalogue).close()
    (share / "trasig.bidrag").write_bytes(b"ingen databas alls")
    return share


def test_the_folder_is_read_in_the_background_sorted_and_the_broken_file_named(qtbot, folder, catalogue) -> None:
    before = sorted(p.name for p in folder.iterdir())
    interaction = ScriptedInteraction(files=[folder])
    view = PortfolioView(Settings(), catalogue, interaction)
    qtbot.addWidget(view)
    view.choose_folder()
    assert view.reader is not None  # reading runs off the GUI thread
    qtbot.waitUntil(lambda: view.reader is None, timeout=20_000)
    names = [view.table.item(r, 0).text() for r in range(view.table.rowCount())]
    assert names[0] == "skane-2019.bidrag"  # its requisition date passed long ago: first, and marked
    assert view.table.item(0, 8).text().startswith("FÖRSENAD: 2019-12-01")
    assert set(names) == {"skane-2019.bidrag", "skane-2024.bidrag", "blekinge-2024.bidrag"}
    assert "Kunde inte läsas: trasig.bidrag" in view.status.text()
    assert sorted(p.name for p in folder.iterdir()) == before  # no lock file, nothing written
    opened: list[Path] = []
    view.open_requested.connect(opened.append)
    view.table.cellActivated.emit(1, 2)
    assert opened == [folder / names[1]]
    out = view.export(folder.parent / "lista.xlsx")
    assert out is not None
    ws = openpyxl.load_workbook(out).active
    assert ws.cell(5, 1).value == "skane-2019.bidrag" and ws.cell(5, 11).value == "ja"


def test_an_unreadable_folder_gets_a_sentence(qtbot, tmp_path, catalogue) -> None:
    settings = Settings(portfolio_folder=str(tmp_path / "borta"))
    view = PortfolioView(settings, catalogue, ScriptedInteraction())
    qtbot.addWidget(view)
    view.reload()  # the folder is listed in the reader's thread too
    qtbot.waitUntil(lambda: view.reader is None, timeout=20_000)
    assert "finns inte" in view.status.text()
    assert view.table.rowCount() == 0


def test_start_page_and_window_list_the_documents(qtbot, folder, catalogue) -> None:
    settings = Settings(portfolio_folder=str(folder))
    window = MainWindow(catalogue, settings, ScriptedInteraction())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.start.portfolio.result is not None, timeout=20_000)
    assert window.start.portfolio.table.rowCount() == 3
    window.show_portfolio()
    view = window.portfolio_window.view
    qtbot.waitUntil(lambda: view.result is not None, timeout=20_000)
    assert view.table.rowCount() == 3
    view.open_requested.emit(folder / "blekinge-2024.bidrag")
    assert window.ctx is not None and window.ctx.doc.is_rss
    assert "Kommuner" in window.view.tabs
    window.portfolio_window.close()
    window.close()


def test_an_unreadable_folder_is_named_beside_the_recent_documents(qtbot, tmp_path, folder, catalogue) -> None:
    recent = folder / "skane-2024.bidrag"
    settings = Settings(portfolio_folder=str(tmp_path / "borta"), recent_files=[str(recent)])
    view = PortfolioView(settings, catalogue, ScriptedInteraction())
    qtbot.addWidget(view)
    view.reload()
    qtbot.waitUntil(lambda: view.reader is None, timeout=20_000)
    assert [view.table.item(r, 0).text() for r in range(view.table.rowCount())] == ["skane-2024.bidrag"]
    assert "finns inte" in view.status.text() and "1 redovisning" in view.status.text()


def test_a_reading_asked_for_before_the_catalogue_waits_for_it(qtbot, folder, catalogue) -> None:
    """On the start page the list is asked for 300 ms after the window shows; the agreements are read after its
    first paint. A reading asked for before they are there starts when they come."""
    view = PortfolioView(Settings(portfolio_folder=str(folder)), None, ScriptedInteraction())
    qtbot.addWidget(view)
    view.reload()
    assert view.reader is None and view.status.text() == "Läser filerna…"
    view.set_catalogue(catalogue)
    assert view.reader is not None
    qtbot.waitUntil(lambda: view.reader is None, timeout=20_000)
    assert view.table.rowCount() == 3
