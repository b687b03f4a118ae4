"""Text being typed when the document closes: read before the field commits, put back when the user
chooses to go on correcting ("Fortsätt rätta"), so what they wrote is in the field again, with the
cursor at its end, instead of the value the refused commit showed."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QScrollArea, QWidget
from shiboken6 import isValid


@dataclass
class Typed:
    """A field and the text in it."""

    widget: QWidget
    text: str


def read_typed(widget: QWidget | None) -> Typed | None:
    """The text of a single- or multi-line field (None for anything else: a date box, a button …)."""
    if isinstance(widget, QLineEdit):
        return Typed(widget, widget.text())
    if isinstance(widget, QPlainTextEdit):
        return Typed(widget, widget.toPlainText())
    return None


def put_back(typed: Typed | None) -> None:
    """Put the typed text back as if typed again (the field's live check runs) and give it the focus. A
    field that is gone meanwhile (a table cell's editor closes with its commit) is passed over."""
    if typed is None or not isValid(typed.widget):
        return
    widget = typed.widget
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
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is not None:  # a page that scrolls shows the field
        parent.ensureWidgetVisible(widget)
