"""The PDF's canvas: pages held back until the end so each can say "Sida X av Y"."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from exporters import FONT

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

DrawPage = Callable[["Canvas", int, int], None]


def numbered_canvas(draw_page: DrawPage) -> type[Canvas]:
    """A canvas class that draws every page's header and footer (``draw_page(canvas, page, pages)``) at the end."""
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        _startPage: Callable[[], None]  # reportlab's own, left out of its stubs: the next page's fresh state

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("initialFontName", FONT)
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, 1):
                self.__dict__.update(state)
                draw_page(self, number, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas
