"""Every control reachable by keyboard, in reading order, with a name a screen reader can say: the Tab chain
walked on every page and dialog (over the example document)."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from every_window import every_window
from helpers import catalogue
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QToolBar,
    QWidget,
)

CONTROLS = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QTextEdit,
    QPlainTextEdit,
    QAbstractItemView,
    QTabBar,
)
INNARDS = (QComboBox, QAbstractSpinBox, QAbstractItemView, QTabBar, QToolBar, QLineEdit)  # their parts are no stops


def tab_chain(window: QWidget) -> list[QWidget]:
    """The widgets Tab stops at, in order: Qt's rule (QWidget::focusNextPrevChild) over the focus chain."""
    chain, widget = [], window.nextInFocusChain()
    while widget is not window and widget not in chain:
        if (
            widget.window() is window
            and (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) == Qt.FocusPolicy.TabFocus
            and widget.focusProxy() is None
            and widget.isVisibleTo(window)
            and widget.isEnabled()
        ):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def controls(window: QWidget) -> list[QWidget]:
    """Every visible, enabled control a user can operate (not the parts of a combo box, table or tab bar)."""
    found = []
    for w in window.findChildren(QWidget):
        if not isinstance(w, CONTROLS) or w.window() is not window or not w.isVisibleTo(window) or not w.isEnabled():
            continue
        parent = w.parentWidget()
        while parent is not None and parent is not window and not isinstance(parent, INNARDS):
            parent = parent.parentWidget()
        if parent is None or parent is window:
            found.append(w)
    return found


def accessible_name(widget: QWidget) -> str:
    face = QAccessible.queryAccessibleInterface(widget)
    return face.text(QAccessible.Text.Name).replace("&", "").strip() if face is not None else ""


def where(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())


def label(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    shown = text() if callable(text) else ""
    return f"{type(widget).__name__} {widget.objectName() or shown[:30]!r}"


def walk_problems(window: QWidget) -> dict[str, list[str]]:
    chain = tab_chain(window)
    out = {
        "not reached by Tab": [label(w) for w in controls(window) if w not in chain],
        "no accessible name": [label(w) for w in chain if not accessible_name(w)],
        # reading order: the next stop is below, on the same line, or in a column to the right
        "goes back up": [
            f"{label(a)} → {label(b)}"
            for a, b in pairwise(chain)
            if where(b, window).top() < where(a, window).top() - 4
            and where(b, window).left() < where(a, window).right()
            and a.isVisible()
            and b.isVisible()
        ],
    }
    return {k: v for k, v in out.items() if v}


def test_every_page_and_dialog_is_walked_by_tab_in_reading_order_with_names(tmp_path: Path, qapp) -> None:
    problems: dict[str, dict[str, list[str]]] = {}
    stops: dict[str, int] = {}

    def check(name: str, window: QWidget) -> None:
        stops[name] = len(tab_chain(window))
        found = walk_problems(window)
        if found:
            problems[name] = found

    seen = every_window(tmp_path, catalogue(), check)
    assert len(seen) >= 25
    assert stops["Uppgifter"] > 40 and stops["Importera: 3 Filter"] > 10
    assert not problems, "\n".join(f"{n}: {p}" for n, p in problems.items())


def test_tab_key_moves_through_the_import_dialog_as_the_chain_says(tmp_path: Path, qtbot) -> None:
    from helpers import new_document

    from ui.doc_context import DocContext
    from ui.import_dialog import ImportDialog
    from ui.interaction import ScriptedInteraction
    from ui.settings import Settings

    ctx = DocContext(new_document(tmp_path), catalogue(), Settings(), ScriptedInteraction())
    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    chain = tab_chain(dialog)
    chain[0].setFocus()
    visited = [QApplication.focusWidget()]
    for _ in range(len(chain) - 1):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    assert visited == chain
    assert dialog.cancel_button in visited and dialog.file_step.choose_button in visited
