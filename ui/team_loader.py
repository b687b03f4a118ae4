"""Reading the team folder (perhaps a slow network share) in a background job (``ui.doc_reader``), after the
window's first paint."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from models.catalogue.catalogue import Agreement, Catalogue, Recipient
from models.catalogue.user import read_folder
from ui.doc_reader import Job, Reading


def read_team_folder(
    folder: Path, recipients: tuple[Recipient, ...], taken: dict[str, str]
) -> tuple[list[Agreement], list[str]]:
    """In the job's thread: the agreements found in ``folder`` and the sentences of the files refused."""
    if not folder.is_dir():
        return [], [f"Teammappen {folder} finns inte eller nås inte just nu; dess överenskommelser visas inte."]
    found, problems = read_folder(folder, recipients, taken, "team")
    return list(found), list(problems)


class TeamLoader(QObject):
    """Reads ``folder`` off the main thread; ``merged`` is emitted (in the main thread) once the catalogue has it."""

    merged = Signal(list)  # the Swedish sentences of the team files that were refused

    def __init__(self, catalogue: Catalogue, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.folder = folder
        self.reading = Reading(self, self._merge)

    def start(self) -> None:
        recipients = tuple(self.catalogue.recipients.values())
        taken, folder = dict(self.catalogue.origins), self.folder
        self.reading.start_job(lambda _job: read_team_folder(folder, recipients, taken))

    def _merge(self, job: Job[tuple[list[Agreement], list[str]]]) -> None:
        if job.stopped:
            return
        found, problems = job.result
        fresh = [a for a in found if a.id not in self.catalogue.agreements]  # saved meanwhile: the user's wins
        self.catalogue.add(fresh, "team", problems)
        self.merged.emit(problems)
