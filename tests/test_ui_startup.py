"""Start-up: folders on a slow network share (Alla redovisningar, the recent list) are read after the window
has painted, in threads; the window does not wait for them."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from models.catalogue.check import load_catalogue
from models.storage.document_file import Document
from ui.interaction import ScriptedInteraction
from ui.main_window import MainWindow
from ui.settings import Settings


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def test_a_slow_share_does_not_hold_up_the_window(qtbot, tmp_path, catalogue, monkeypatch) -> None:
    share = tmp_path / "nätverksmapp"
    share.mkdir()
    path = share / "skane-2024.bidrag"
    Document.create(path, "gnv-2024", "region-12", catalogue).close()
    settings = Settings(portfolio_folder=str(share), recent_files=[str(path)])
    settings.save()

    gate = threading.Event()  # every read under the share waits here until the test lets it through
    readers: list[str] = []

    def slowed(original):
        def read(self, *args, **kwargs):
            if share == self or share in self.parents:
                readers.append(threading.current_thread().name)
                gate.wait(10)
            return original(self, *args, **kwargs)

        return read

    for name in ("is_file", "is_dir", "iterdir", "exists", "stat"):
        monkeypatch.setattr(Path, name, slowed(getattr(Path, name)))

    window = MainWindow(catalogue, Settings.load(), ScriptedInteraction())
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(400)  # the list of every redovisning starts 300 ms after the first paint
    QApplication.processEvents()
    assert readers, "the share was never read"
    assert threading.main_thread().name not in readers  # every read of the share ran in a thread
    item = window.start.recent.item(0)
    assert item.text() == f"skane-2024.bidrag\n{share}"  # named at once, described when read
    gate.set()
    qtbot.waitUntil(lambda: "senast ändrad" in window.start.recent.item(0).text(), timeout=10_000)
    assert "Region Skåne" in window.start.recent.item(0).text()
    portfolio = window.start.portfolio
    qtbot.waitUntil(lambda: portfolio.reader is None and portfolio.table.rowCount() == 1, timeout=20_000)
    assert portfolio.table.item(0, 0).text() == "skane-2024.bidrag"
    window.close()


def test_a_recent_file_that_is_gone_is_marked_when_read(qtbot, tmp_path, catalogue) -> None:
    gone = tmp_path / "borttagen.bidrag"
    Settings(recent_files=[str(gone)]).save()
    window = MainWindow(catalogue, Settings.load(), ScriptedInteraction())
    qtbot.addWidget(window)
    window.start.wait()
    assert window.start.recent.item(0).text() == f"borttagen.bidrag\n{tmp_path} – filen hittas inte"
