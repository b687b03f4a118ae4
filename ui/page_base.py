"""The set-up the scrolling document pages share: a frameless scroll area around one column of content."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from ui.doc_context import DocContext


class ScrollPage(QScrollArea):
    """A page over the open document whose content (``self.body``, laid out by ``self.outer``) scrolls."""

    def __init__(self, ctx: DocContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.body = QWidget()
        self.setWidget(self.body)
        self.outer = QVBoxLayout(self.body)
