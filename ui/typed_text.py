"""Text being typed when the document closes: read before the field commits, put back when the user
chooses to go on correcting ("Fortsätt rätta"), so what they wrote is in the field again, with the
cursor at its end, instead of the value the refused commit showed. A table cell's editor closes with its
commit: the cell is opened for editing again and gets the text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QPersistentModelIndex
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QPlainTextEdit, QScrollArea, QWidget
from shiboken6 import isValid

if TYPE_CHECKING:
    from ui.doc_context import DocContext
    from ui.interaction import Interaction

W = TypeVar("W", bound=QWidget)


@dataclass
class Typed:
    """A field and the text in it; for a table cell's editor also the table and the cell."""

    widget: QWidget
    text: str
    view: QAbstractItemView | None = None
    cell: QPersistentModelIndex | None = None


def _ancestor(widget: QWidget, kind: type[W]) -> W | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, kind):
        parent = parent.parentWidget()
    return parent


def read_typed(widget: QWidget | None) -> Typed | None:
    """The text of a single- or multi-line field (None for anything else: a date box, a button …)."""
    if isinstance(widget, QLineEdit):
        typed = Typed(widget, widget.text())
    elif isinstance(widget, QPlainTextEdit):
        typed = Typed(widget, widget.toPlainText())
    else:
        return None
    view = _ancestor(widget, QAbstractItemView)
    if view is not None and view.currentIndex().isValid():
        typed.view, typed.cell = view, QPersistentModelIndex(view.currentIndex())
    return typed


def _reopened(typed: Typed) -> QWidget | None:
    """A table cell's editor closed by its commit: the same cell opened for editing again."""
    view, cell = typed.view, typed.cell
    if view is None or cell is None or not isValid(view) or not cell.isValid():
        return None
    index = cell.model().index(cell.row(), cell.column())  # the cell where it is now (rows may have moved)
    view.setCurrentIndex(index)
    view.setFocus()
    view.edit(index)
    return view.indexWidget(index)


def put_back(typed: Typed | None) -> None:
    """Put the typed text back as if typed again (the field's live check runs) and give it the focus. A
    field that is gone meanwhile and was no table cell is passed over."""
    if typed is None:
        return
    widget: QWidget | None = typed.widget
    if widget is None or not isValid(widget) or not widget.isVisible():
        widget = _reopened(typed)
    if widget is None:
        return
    if isinstance(widget, QLineEdit):
        if widget.text() != typed.text:
            widget.selectAll()
            widget.insert(typed.text)  # an edit, not setText: textEdited runs the check, focus-out commits
        widget.setCursorPosition(len(typed.text))
    elif isinstance(widget, QPlainTextEdit):
        if widget.toPlainText() != typed.text:
            widget.setPlainText(typed.text)
        widget.moveCursor(QTextCursor.MoveOperation.End)
    widget.setFocus()
    scroll = _ancestor(widget, QScrollArea)
    if scroll is not None:  # a page that scrolls shows the field
        scroll.ensureWidgetVisible(widget)


def commit_typing(ctx: DocContext, interaction: Interaction) -> bool:
    """Before the document closes, the field being typed in commits (editingFinished) while the file is open.
    Text that could not be saved (no amount, a reversed period) is named with its reason, and the user
    chooses to close anyway (everything else is saved) or to go on correcting, in that field with the text
    as they typed it. True: go on closing."""
    focused = QApplication.focusWidget()
    if focused is None:
        return True
    typed = read_typed(focused)
    ctx.refusals = []
    try:
        focused.clearFocus()
    finally:
        refused, ctx.refusals = ctx.refusals, None
    if not refused or ctx.readonly:
        return True
    said = " ".join(f"{title}: {text}" for title, text in refused)
    if interaction.confirm(
        "Sparades inte",
        f"Det du skrev sist sparades inte. {said} Allt annat du har ändrat är sparat i filen. Vill du stänga ändå?",
        yes="Stäng ändå",
        no="Fortsätt rätta",
    ):
        return True
    put_back(typed)  # back to the field, with what was typed in it
    return False
