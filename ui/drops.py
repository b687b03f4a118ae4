"""Files dragged onto the window or the import dialog: a document opens, a ledger export is imported.

What kind of file a dropped name is, and the one sentence for a file of another kind, live here so
the main window and the import dialog's file page say the same. Which names are ledger exports is
the import's own list (``models.importing.LEDGER_SUFFIXES``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QStatusBar, QWidget

from models.importing import LEDGER_SUFFIXES
from models.system.paths import EXTENSION
from ui.doc_context import DocContext

STATUS_MS = 15000  # how long a sentence about a dropped file stays in the status bar
ONE_AT_A_TIME = "Dra en fil i taget: en redovisning (.bidrag) eller en huvudbok från ekonomisystemet."


def dropped_paths(mime: QMimeData) -> list[Path]:
    """The local files of a drag (links and text are no files)."""
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]


def is_document(path: Path) -> bool:
    return path.suffix.lower() == EXTENSION


def is_ledger(path: Path) -> bool:
    return path.suffix.lower() in LEDGER_SUFFIXES


def not_a_ledger(path: Path) -> str:
    """The sentence for a file that is no ledger export, dropped where the import would take one."""
    if is_document(path):
        return (
            f"”{path.name}” är en redovisning, ingen huvudbok. Dra den till huvudfönstret för att öppna den, "
            "eller välj huvudboken från ekonomisystemet här."
        )
    return (
        f"”{path.name}” är ingen huvudbok som kan importeras. Exportera huvudboken ur ekonomisystemet som "
        "Excel (xlsx, xls, ods), CSV eller SIE 4 och dra den filen hit."
    )


class PageTabs(Protocol):
    def show_page(self, name: str) -> QWidget: ...


class DropTarget(Protocol):
    """What the main window offers a drop (ui/main_window.py)."""

    ctx: DocContext | None

    @property
    def view(self) -> PageTabs | None: ...  # the open document's tabs (ui/document_view.py)

    def open_path(self, path: Path | str, *, remember: bool = True) -> bool: ...
    def statusBar(self) -> QStatusBar: ...


@runtime_checkable
class LedgerImporter(Protocol):
    """What the Kostnader page offers a dropped ledger (ui/costs_page.py, which imports this module)."""

    def import_ledger(self, path: Path | None = None) -> None: ...


def accepts(mime: QMimeData) -> bool:
    """Any local file is taken, so that one of the wrong kind gets a sentence instead of silence."""
    return bool(dropped_paths(mime))


def drop_on_window(window: DropTarget, mime: QMimeData) -> bool:
    """Open a dropped document, or import a dropped ledger into the open one; True when taken."""
    paths = dropped_paths(mime)
    if not paths:
        return False
    if len(paths) > 1:
        _say(window, ONE_AT_A_TIME)
        return False
    path = paths[0]
    if is_document(path):
        return window.open_path(path)
    if not is_ledger(path):
        _say(
            window,
            f"”{path.name}” kan inte tas emot här: dra hit en redovisning (.bidrag) för att öppna den, "
            "eller en huvudbok (Excel, CSV eller SIE) för att importera kostnaderna.",
        )
        return False
    if window.ctx is None or window.view is None:
        _say(window, f"Öppna först den redovisning som kostnaderna i ”{path.name}” hör till, och dra sedan filen hit.")
        return False
    page = window.view.show_page("Kostnader")
    if not isinstance(page, LedgerImporter):
        raise TypeError(f"Sidan Kostnader är en {type(page).__name__}")
    page.import_ledger(path)  # the import, started with that file
    return True


def _say(window: DropTarget, text: str) -> None:
    window.statusBar().showMessage(text, STATUS_MS)
