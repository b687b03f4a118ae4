"""Grab every page of the window offscreen to docs/img/*.png, with the realistic example document.

    .venv/bin/python docs/screenshots.py

Runs in a temporary home (BIDRAGSKOLLEN_HOME), so your own settings and documents are untouched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "img"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["BIDRAGSKOLLEN_HOME"] = tempfile.mkdtemp(prefix="bidragskollen-shots-")

from PySide6.QtCore import QLocale  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

SIZE = (1200, 800)


def _settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def _wait(app: QApplication, seconds: float) -> None:
    import time

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.05)


def _save(widget: QWidget, name: str, app: QApplication) -> Path:
    _settle(app)
    path = OUT / f"{name}.png"
    widget.grab().save(str(path))
    print(path.relative_to(ROOT))
    return path


def main() -> int:
    QLocale.setDefault(QLocale(QLocale.Language.Swedish, QLocale.Country.Sweden))
    app = QApplication(sys.argv[:1])
    from models.catalogue import load_catalogue
    from models.demo import create_demo
    from models.paths import data_dir
    from ui.interaction import ScriptedInteraction
    from ui.main_window import MainWindow
    from ui.settings import Settings
    from ui.wizard import NewDocumentWizard

    OUT.mkdir(parents=True, exist_ok=True)
    catalogue = load_catalogue()
    folder = data_dir() / "Redovisningar"
    folder.mkdir(parents=True, exist_ok=True)
    path = create_demo(folder / "Skåne län 2024.bidrag", catalogue)
    settings = Settings()
    window = MainWindow(catalogue, settings, ScriptedInteraction())
    window.resize(*SIZE)
    window.show()
    _save(window, "start", app)
    window.open_path(path)
    window.close_document()
    window.start.refresh()
    _save(window, "start_recent", app)
    window.open_path(path)
    assert window.view is not None
    for name, slug in (
        ("Översikt", "overview"),
        ("Kostnader", "costs"),
        ("Uppgifter", "form"),
        ("Export", "export"),
        ("Historik", "history"),
    ):
        window.view.show_page(name)
        if slug == "export":  # the preview is rendered off the GUI thread: give it time
            _wait(app, 6.0)
        _save(window, slug, app)
    wizard = NewDocumentWizard(catalogue, settings, ScriptedInteraction(), window)
    wizard.show()
    _save(wizard, "wizard_agreement", app)
    for _ in range(3):
        wizard.next()
    _save(wizard, "wizard_allocation", app)
    wizard.next()
    _save(wizard, "wizard_contact", app)
    wizard.reject()
    window.close()
    _wait(app, 1.0)  # let background workers finish before the process ends
    return 0


if __name__ == "__main__":
    sys.exit(main())
