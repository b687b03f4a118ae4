"""The open document of the window the screenshots are taken in, typed: its context, its pages and a
page as the class it is (``DocumentView.show_page`` returns a plain ``QWidget``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from ui.doc_context import DocContext
    from ui.document_view import DocumentView
    from ui.main_window import MainWindow

Page = TypeVar("Page", bound=QWidget)


def opened(window: MainWindow) -> tuple[DocContext, DocumentView]:
    """The window's document and its pages; a picture that needs a document when none is open is a bug."""
    if window.ctx is None or window.view is None:
        raise RuntimeError("Skärmbilden behöver en öppen redovisning.")
    return window.ctx, window.view


def show(window: MainWindow, name: str, kind: type[Page]) -> Page:
    """Bring page ``name`` to the front and return it as a ``kind``."""
    page = opened(window)[1].show_page(name)
    if not isinstance(page, kind):
        raise TypeError(f"Sidan {name} är en {type(page).__name__}, inte en {kind.__name__}.")
    return page
