"""Deleting a saved import profile from the import dialog, as an undoable step of the open document's
window. A profile is the user's, kept beside the documents (``models.importing.profiles``), not in one;
the document the import was for records the deletion in its history, and undo saves the profile again."""

from __future__ import annotations

from models.importing import Profile, delete_profile, save_profile
from ui.changes import Change, change
from ui.doc_context import DocCommand, DocContext


class DeleteProfileCommand(DocCommand):
    def __init__(self, ctx: DocContext, name: str) -> None:
        super().__init__(ctx, f"Ta bort importprofil {name}")
        self.name = name
        self.profile: Profile | None = None

    def apply(self) -> None:
        self.profile = delete_profile(self.name)
        self.ctx.doc.note("tagit bort", f"Importprofil {self.name}")

    def revert(self) -> None:
        assert self.profile is not None
        save_profile(self.profile)
        self.ctx.doc.note("återställt", f"Importprofil {self.name}")

    def change(self) -> Change:
        return change()
