"""Reading the team folder (perhaps a slow network share) in a thread, after the window's first paint."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from models.catalogue.catalogue import Agreement, Catalogue, Recipient
from models.catalogue.user import read_folder


class TeamLoader(QObject):
    """Reads ``folder`` off the main thread; ``merged`` is emitted (in the main thread) once the catalogue has it."""

    merged = Signal(list)  # the Swedish sentences of the team files that were refused

    def __init__(self, catalogue: Catalogue, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.folder = folder
        self._read.connect(self._merge)
        self._worker: threading.Thread | None = None  # not .thread: that is QObject.thread()

    _read = Signal(list, list)

    def start(self) -> None:
        recipients = tuple(self.catalogue.recipients.values())
        taken = dict(self.catalogue.origins)
        self._worker = threading.Thread(target=self._run, args=(recipients, taken), daemon=True, name="teammapp")
        self._worker.start()

    def _run(self, recipients: tuple[Recipient, ...], taken: dict[str, str]) -> None:
        if not self.folder.is_dir():
            problem = f"Teammappen {self.folder} finns inte eller nås inte just nu; dess överenskommelser visas inte."
            self._read.emit([], [problem])
            return
        found, problems = read_folder(self.folder, recipients, taken, "team")
        self._read.emit(found, problems)

    def _merge(self, found: list[Agreement], problems: list[str]) -> None:
        fresh = [a for a in found if a.id not in self.catalogue.agreements]  # saved meanwhile: the user's wins
        self.catalogue.add(fresh, "team", problems)
        self.merged.emit(problems)
