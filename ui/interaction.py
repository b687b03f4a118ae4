"""Message boxes and file dialogs behind one small interface, so tests can answer them.

Views never call QMessageBox or QFileDialog directly: they call ``ctx.interaction``.
Tests pass a ``ScriptedInteraction`` that records every message and returns prepared answers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtWidgets  # the dialogs' classes are looked up when first shown, not at start-up

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QWidget

DOCUMENT_FILTER = "Bidragskollen-redovisning (*.bidrag)"


class Interaction:
    """The real dialogs. Every method blocks until the user answers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def info(self, title: str, text: str) -> None:
        QtWidgets.QMessageBox.information(self.parent, title, text)

    def warn(self, title: str, text: str) -> None:
        QtWidgets.QMessageBox.warning(self.parent, title, text)

    def error(self, title: str, text: str) -> None:
        QtWidgets.QMessageBox.critical(self.parent, title, text)

    def confirm(self, title: str, text: str, yes: str = "Ja", no: str = "Avbryt") -> bool:
        box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Question, title, text, parent=self.parent)
        yes_button = box.addButton(yes, QtWidgets.QMessageBox.ButtonRole.AcceptRole)
        box.addButton(no, QtWidgets.QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(yes_button)
        box.exec()
        return box.clickedButton() is yes_button

    def open_file(self, title: str, folder: str = "", filter: str = DOCUMENT_FILTER) -> Path | None:
        name, _ = QtWidgets.QFileDialog.getOpenFileName(self.parent, title, folder, filter)
        return Path(name) if name else None

    def save_file(self, title: str, suggestion: str = "", filter: str = DOCUMENT_FILTER) -> Path | None:
        name, _ = QtWidgets.QFileDialog.getSaveFileName(self.parent, title, suggestion, filter)
        return Path(name) if name else None

    def choose_folder(self, title: str, folder: str = "") -> Path | None:
        name = QtWidgets.QFileDialog.getExistingDirectory(self.parent, title, folder)
        return Path(name) if name else None

    def choose(self, title: str, text: str, items: Sequence[str]) -> int | None:
        """Pick one of ``items``; returns its index or None when cancelled."""
        if not items:
            return None
        item, ok = QtWidgets.QInputDialog.getItem(self.parent, title, text, list(items), 0, False)
        return list(items).index(item) if ok and item in items else None

    def run_dialog(self, dialog: QDialog) -> bool:
        """Show a prepared dialog (the print dialog, the print preview) until closed; True when accepted."""
        return dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted


class ScriptedInteraction(Interaction):
    """For tests: records messages, answers from prepared queues, never blocks.

    ``confirms`` / ``files`` / ``choices`` are consumed in order; an empty queue answers
    "cancel" (False / None).
    """

    def __init__(
        self,
        confirms: Sequence[bool] = (),
        files: Sequence[Path | None] = (),
        choices: Sequence[int | None] = (),
        dialogs: Sequence[Callable[[QDialog], bool]] = (),
    ) -> None:
        super().__init__(None)
        self.messages: list[tuple[str, str, str]] = []  # (kind, title, text)
        self.confirms = list(confirms)
        self.files = list(files)
        self.choices = list(choices)
        self.dialogs = list(dialogs)  # each does what the user would in the dialog and says if it was accepted

    def info(self, title: str, text: str) -> None:
        self.messages.append(("info", title, text))

    def warn(self, title: str, text: str) -> None:
        self.messages.append(("warn", title, text))

    def error(self, title: str, text: str) -> None:
        self.messages.append(("error", title, text))

    def confirm(self, title: str, text: str, yes: str = "Ja", no: str = "Avbryt") -> bool:
        self.messages.append(("confirm", title, text))
        return self.confirms.pop(0) if self.confirms else False

    def open_file(self, title: str, folder: str = "", filter: str = DOCUMENT_FILTER) -> Path | None:
        self.messages.append(("open_file", title, folder))
        return self.files.pop(0) if self.files else None

    def save_file(self, title: str, suggestion: str = "", filter: str = DOCUMENT_FILTER) -> Path | None:
        self.messages.append(("save_file", title, suggestion))
        return self.files.pop(0) if self.files else None

    def choose_folder(self, title: str, folder: str = "") -> Path | None:
        self.messages.append(("choose_folder", title, folder))
        return self.files.pop(0) if self.files else None

    def choose(self, title: str, text: str, items: Sequence[str]) -> int | None:
        self.messages.append(("choose", title, text))
        return self.choices.pop(0) if self.choices else None

    def run_dialog(self, dialog: QDialog) -> bool:
        self.messages.append(("dialog", dialog.windowTitle(), type(dialog).__name__))
        return self.dialogs.pop(0)(dialog) if self.dialogs else False

    def texts(self, kind: str | None = None) -> list[str]:
        return [t for k, _, t in self.messages if kind is None or k == kind]
