"""Typed doors to the few PySide6 calls whose shipped stubs say ``object`` where Qt returns something
precise. Each helper checks what it gets, so a wrong guess fails here, loudly, not later in a page."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import QFormLayout, QGridLayout

Index = QModelIndex | QPersistentModelIndex  # what Qt passes a model or a delegate as an index


def to_date(day: QDate) -> date:
    """A ``QDate`` as a ``datetime.date`` (``QDate.toPython`` is typed ``object``)."""
    return date(day.year(), day.month(), day.day())


def _position(layout: QGridLayout | QFormLayout, index: int) -> tuple[object, ...]:
    position = layout.getItemPosition(index)
    if not isinstance(position, tuple):
        raise TypeError(f"getItemPosition gav {position!r}")
    return position


def grid_cell(layout: QGridLayout, index: int) -> tuple[int, int]:
    """Row and column of item ``index`` in a grid (``getItemPosition`` is typed ``object``)."""
    row, column, _rows, _columns = _position(layout, index)
    assert isinstance(row, int) and isinstance(column, int)
    return row, column


def form_cell(layout: QFormLayout, index: int) -> tuple[int, int]:
    """Row and role (label 0, field 1, spanning 2) of item ``index`` in a form layout."""
    row, role = _position(layout, index)
    assert isinstance(row, int) and isinstance(role, QFormLayout.ItemRole)
    return row, role.value
