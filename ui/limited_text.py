"""Single-line fields whose text the model limits: an edit (typing, a paste, a drop) that would make the
text longer than the limit is refused whole, with the model's sentence, and the field keeps what it had.
Without this a QLineEdit cuts a paste at 32 767 characters without a word."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QLineEdit

from models.validation import input_refused


class LengthGuard(QValidator):
    """Refuses text longer than ``limit`` (a longer value already there may still be shortened)."""

    def __init__(self, edit: QLineEdit, limit: int, label: str, on_refused: Callable[[str], None]) -> None:
        super().__init__(edit)
        self.limit = limit
        self._before = len(edit.text())
        edit.textChanged.connect(self._remember)
        edit.inputRejected.connect(lambda: on_refused(input_refused(label, limit)))
        edit.setValidator(self)

    def _remember(self, text: str) -> None:
        self._before = len(text)

    def allow(self, text: str) -> None:
        """The program is about to show ``text`` (a stored value, which may be longer than the limit)."""
        self._before = len(text)

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        if len(text) > self.limit and len(text) > self._before:
            return QValidator.State.Invalid, text, pos
        return QValidator.State.Acceptable, text, pos
