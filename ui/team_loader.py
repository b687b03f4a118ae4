"""Reading the team folder (perhaps a slow network share) in a background job (``ui.doc_reader``), after the
window's first paint.

A read from a share that stops answering blocks in the operating system and cannot be stopped. The program's
exit waits for its jobs (``ui.doc_reader.wait_all``), so the folder is read in a daemon thread of its own,
which the job waits for while watching its stop flag: a stopped job ends at once and the exit leaves the hung
read behind instead of waiting for it."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from models.catalogue.catalogue import Agreement, Catalogue, Recipient
from models.catalogue.user import read_folder
from models.errors import Cancelled
from ui.doc_reader import Job, Reading

Found = tuple[list[Agreement], list[str]]


def read_team_folder(
    folder: Path, recipients: tuple[Recipient, ...], taken: dict[str, str]
) -> tuple[list[Agreement], list[str]]:
    """In the job's thread: the agreements found in ``folder`` and the sentences of the files refused."""
    if not folder.is_dir():
        return [], [f"Teammappen {folder} finns inte eller nås inte just nu; dess överenskommelser visas inte."]
    found, problems = read_folder(folder, recipients, taken, "team")
    return list(found), list(problems)


def read_unless_stopped(
    job: Job[Found], folder: Path, recipients: tuple[Recipient, ...], taken: dict[str, str]
) -> Found:
    """``read_team_folder`` in a daemon thread; ``Cancelled`` as soon as the job is stopped, even while the read
    hangs (the thread is left to the operating system, and dies with the process)."""
    got: list[Found] = []
    failed: list[BaseException] = []

    def read() -> None:
        try:
            got.append(read_team_folder(folder, recipients, taken))
        except BaseException as err:  # handed to the job's thread, which reports it as its own
            failed.append(err)

    reader = threading.Thread(target=read, name="teammappen", daemon=True)
    reader.start()
    while reader.is_alive():
        if job.stop.wait(0.05):
            raise Cancelled
    if failed:
        raise failed[0]
    return got[0]


class TeamLoader(QObject):
    """Reads ``folder`` off the main thread; ``merged`` is emitted (in the main thread) once the catalogue has it."""

    merged = Signal(list)  # the Swedish sentences of the team files that were refused

    def __init__(self, catalogue: Catalogue, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.folder = folder
        self.reading: Reading[Found] = Reading(self, self._merge)

    def start(self) -> None:
        recipients = tuple(self.catalogue.recipients.values())
        taken, folder = dict(self.catalogue.origins), self.folder
        self.reading.start_job(lambda job: read_unless_stopped(job, folder, recipients, taken))

    def _merge(self, job: Job[Found]) -> None:
        if job.stopped:
            return
        found, problems = job.result
        fresh = [a for a in found if a.id not in self.catalogue.agreements]  # saved meanwhile: the user's wins
        self.catalogue.add(fresh, "team", problems)
        self.merged.emit(problems)
