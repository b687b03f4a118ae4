"""Tab order in reading order: top to bottom, left to right, as the layouts place the controls.

Qt's Tab order is the order the widgets were created in, so a control built after the dialog's buttons (a
wizard page, a row added to a table, a box inserted above) is reached after them. ``reading_order`` puts the
chain of a window part back in layout order: each layout's items row by row, the cell widgets of a table
right after the table, scrolling areas and tab pages from inside."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QFormLayout,
    QGridLayout,
    QLayout,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from ui.qt_types import form_cell, grid_cell


def tab_focus(widget: QWidget) -> bool:
    return (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) == Qt.FocusPolicy.TabFocus and widget.focusProxy() is None


def _layout_items(layout: QLayout) -> list[tuple[QWidget | None, QLayout | None]]:
    count = layout.count()
    if isinstance(layout, QGridLayout):
        grid = layout
        order = sorted(range(count), key=lambda i: grid_cell(grid, i))
    elif isinstance(layout, QFormLayout):
        form = layout
        order = sorted(range(count), key=lambda i: form_cell(form, i))
    else:
        order = list(range(count))
    items = [layout.itemAt(i) for i in order]
    return [(item.widget(), item.layout()) for item in items if item is not None]


def _in_layout(layout: QLayout) -> Iterator[QWidget]:
    for widget, inner in _layout_items(layout):
        if widget is not None:
            yield from _in_widget(widget)
        elif inner is not None:
            yield from _in_layout(inner)


def _children(widget: QSplitter | QTabWidget | QStackedWidget) -> Iterator[QWidget]:
    for i in range(widget.count()):
        child = widget.widget(i)
        if child is not None:
            yield from _in_widget(child)


def _in_widget(widget: QWidget, root: bool = False) -> Iterator[QWidget]:
    if widget.isWindow() and not root:
        return  # a dialog of its own
    if tab_focus(widget):
        yield widget
    if isinstance(widget, QScrollArea) and (content := widget.widget()) is not None:
        yield from _in_widget(content)
        return
    if isinstance(widget, QAbstractItemView):
        model = widget.model()
        if model is not None:
            for r in range(model.rowCount()):
                for c in range(model.columnCount()):
                    cell = widget.indexWidget(model.index(r, c))
                    if cell is not None:
                        yield from _in_widget(cell)
        return
    if isinstance(widget, QAbstractScrollArea):
        return
    if isinstance(widget, QSplitter):
        yield from _children(widget)
        return
    if isinstance(widget, QTabWidget | QStackedWidget):
        if isinstance(widget, QTabWidget):
            yield from _in_widget(widget.tabBar())
        yield from _children(widget)
        return
    layout = widget.layout()
    if layout is not None:
        yield from _in_layout(layout)


def reading_order(root: QWidget, then: Sequence[QWidget] = ()) -> list[QWidget]:
    """Set the Tab order of ``root``'s controls to their layout order, followed by ``then`` (a wizard's
    buttons, which live outside the page); returns that order."""
    order = [w for w in _in_widget(root, root=True) if w is not root] + list(then)
    for first, second in pairwise(order):
        QWidget.setTabOrder(first, second)
    return order
