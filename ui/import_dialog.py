"""Importera kostnader: file → columns with preview → filters and rules → summary → import.

Reading, the summary and the import run off the GUI thread (``ui.worker.run_task``) with a progress
bar and Avbryt. The summary is a dry run of the command line's import (``import_ledger``, a part of the
file at a time) and the import is that import, in one transaction, held to the summary the user saw;
the finished import goes on the undo stack as one ``ImportCommand``, so Ctrl+Z removes it in one step.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from models.document import ImportBatch
from models.errors import Cancelled, UserError
from models.importing import (
    LEDGER_SUFFIXES,
    ImportPlan,
    ImportReport,
    ImportRequest,
    ImportSettings,
    Mapping,
    Profile,
    RawLedger,
    SummaryChanged,
    default_rules,
    export_profile,
    import_defaults,
    import_ledger,
    import_profile,
    list_profiles,
    load_profile,
    read_ledger,
    save_profile,
)
from models.system.paths import shown_name
from models.words import count
from ui.cost_commands import ImportCommand
from ui.doc_context import DocContext
from ui.import_file_step import FileStep
from ui.import_filters_step import FiltersStep
from ui.import_mapping_step import MappingStep, preview_plan
from ui.import_summary_step import SummaryStep
from ui.screen_fit import fit_to_screen
from ui.worker import CancelCheck, Progress, Task, run_task

T = TypeVar("T")

log = logging.getLogger("bidragskollen.ui.import")

LEDGER_FILTER = f"Huvudbok ({' '.join(f'*{s}' for s in sorted(LEDGER_SUFFIXES))});;Alla filer (*)"
PROFILE_FILTER = "Importprofil (*.json)"
CSV_FILTER = "CSV för Excel (*.csv)"
STEP_TITLES = ("1. Välj fil", "2. Kolumner", "3. Filter och kontoregler", "4. Sammanfattning")


class ImportDialog(QDialog):
    """``ImportDialog(ctx).exec()``; tests call ``load_file``, ``next_step`` and ``do_import``."""

    def __init__(self, ctx: DocContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Importera kostnader")
        fit_to_screen(self, 980, 680)
        self.raw: RawLedger | None = None
        self.path: Path | None = None
        self.mapping = Mapping()
        self.plan: ImportPlan | None = None  # the summary's: sums, duplicates, rejects (not the rows)
        self.summary: ImportReport | None = None  # the dry run the summary step shows
        self.request: ImportRequest | None = None  # what that dry run was asked
        self.batch: ImportBatch | None = None
        self.on_task: Callable[[Task], None] | None = None  # tests: hold or cancel the running task
        doc = ctx.doc
        self.streams = list(doc.allocation())
        self.categories = doc.categories()

        self.file_step = FileStep()
        self.mapping_step = MappingStep()
        self.filters_step = FiltersStep(self.streams, self.categories)
        self.summary_step = SummaryStep()
        self.summary_step.choice_changed.connect(self._enable_import)
        self.stack = QStackedWidget()
        for step in (self.file_step, self.mapping_step, self.filters_step, self.summary_step):
            self.stack.addWidget(step)
        self.step_label = QLabel()
        font = self.step_label.font()
        font.setBold(True)
        self.step_label.setFont(font)

        self.back_button = QPushButton("< &Tillbaka")
        self.next_button = QPushButton("&Nästa >")
        self.import_button = QPushButton("&Importera")
        self.cancel_button = QPushButton("Avbryt")
        self.back_button.clicked.connect(self.previous_step)
        self.next_button.clicked.connect(self.next_step)
        self.import_button.clicked.connect(self.do_import)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.back_button, self.next_button, self.import_button, self.cancel_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.step_label)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)

        self.file_step.choose_button.clicked.connect(self.choose_file)
        self.file_step.dropped.connect(self._file_dropped)
        self.file_step.sheet_box.currentTextChanged.connect(self._sheet_changed)
        self.file_step.profile_box.currentIndexChanged.connect(lambda _i: self.apply_profile())
        self.file_step.import_profile_button.clicked.connect(self.import_profile_file)
        self.file_step.export_profile_button.clicked.connect(self.export_profile_file)
        self.file_step.delete_profile_button.clicked.connect(self.delete_chosen_profile)
        for box in (*self.mapping_step.boxes.values(), self.mapping_step.object_box):
            box.currentIndexChanged.connect(lambda _i: self.update_preview())
        self.mapping_step.negate_box.toggled.connect(lambda _on: self.update_preview())
        self.summary_step.save_rejects_button.clicked.connect(self.save_rejects)
        self.summary_step.save_profile_button.clicked.connect(self.save_current_profile)
        self.file_step.set_profiles(list_profiles())
        self._show_step(0)

    # -- navigation -----------------------------------------------------------------------
    def step(self) -> int:
        return self.stack.currentIndex()

    def _show_step(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.step_label.setText(STEP_TITLES[index])
        self.back_button.setEnabled(index > 0)
        self.next_button.setVisible(index < 3)
        self.next_button.setEnabled(self.raw is not None)
        self.import_button.setVisible(index == 3)
        self._enable_import()
        default = self.import_button if index == 3 else self.next_button
        default.setDefault(True)
        if default.isEnabled():  # Enter goes on; the hidden button's focus must not land in a table
            default.setFocus()

    def _enable_import(self) -> None:
        chosen = self.summary_step.chosen_count()
        self.import_button.setEnabled(self.step() == 3 and bool(self.summary and (self.summary.imported or chosen)))

    def previous_step(self) -> None:
        if self.step() > 0:
            self._show_step(self.step() - 1)

    def next_step(self) -> bool:
        """Go on one step; False (with a message) when something must be fixed first."""
        step = self.step()
        if self.raw is None:
            return False
        if step == 0:
            self.update_preview()
        elif step == 1:
            self.mapping = self.current_mapping()
        elif step == 2 and not self.make_plan():
            return False
        if step < 3:
            self._show_step(step + 1)
        return True

    def warn(self, err: UserError) -> None:
        self.ctx.interaction.warn("Importera kostnader", str(err))

    def _run(self, label: str, fn: Callable[[Progress, CancelCheck], T], maximum: int = 0) -> T:
        return run_task(self, label, fn, maximum=maximum, title="Importera kostnader", on_start=self.on_task)

    # -- file and profile -----------------------------------------------------------------
    def choose_file(self) -> None:
        folder = getattr(self.ctx.settings, "last_folder", "") or str(self.ctx.doc.path.parent)
        path = self.ctx.interaction.open_file("Välj huvudbok från ekonomisystemet", folder, LEDGER_FILTER)
        if path is not None:
            self.load_file(path)

    def _file_dropped(self, path: Path) -> None:
        if self.step() == 0:  # the file page only: later pages belong to the file already read
            self.load_file(path)

    def load_file(self, path: Path, sheet: str | None = None) -> bool:
        try:
            raw = self._run(f"Läser {Path(path).name}…", lambda _p, _c: read_ledger(path, sheet=sheet))
        except (Cancelled, UserError) as err:
            if isinstance(err, UserError):
                self.warn(err)
            return False
        self.raw, self.path = raw, Path(path)
        self.file_step.path_edit.setText(str(path))
        self.file_step.show_ledger(raw)
        self.apply_profile()
        self._show_step(self.step())
        return True

    def _sheet_changed(self, sheet: str) -> None:
        if self.path is not None and self.raw is not None and sheet and sheet != self.raw.sheet:
            self.load_file(self.path, sheet)

    def apply_profile(self) -> None:
        """Fill mapping, filters and rules from the chosen profile (or recognise the columns): the same
        defaults as the command line's import (``import_defaults``)."""
        name = self.file_step.profile_name()
        profile: Profile | None = None
        if name:
            try:
                profile = load_profile(name)
            except UserError as err:
                self.warn(err)
        headers = self.raw.headers if self.raw else []
        try:
            s = import_defaults(self.ctx.doc, headers, profile, self.ctx.catalogue)
        except UserError as err:  # no streams to book costs on
            self.warn(err)
            return
        self.mapping = s.mapping
        self.filters_step.show_settings(s.filters, s.rules, s.default_stream, s.default_category)
        if self.raw is not None:
            self.mapping_step.show_columns(self.raw, self.mapping)

    def current_profile(self, name: str) -> Profile:
        filters = self.filters_step.filters()
        filters.date_from = filters.date_to = None  # the period comes from each document
        return Profile(name, self.current_mapping(), filters, self.filters_step.rule_list())

    def save_current_profile(self) -> bool:
        name = " ".join(self.summary_step.profile_name.text().split())
        if not name:
            self.ctx.interaction.warn("Spara profil", "Skriv ett namn på profilen, till exempel ekonomisystemets namn.")
            return False
        try:
            save_profile(self.current_profile(name))
        except UserError as err:
            self.warn(err)
            return False
        self.file_step.set_profiles(list_profiles(), name)
        self.ctx.interaction.info("Spara profil", f"Profilen ”{name}” är sparad och kan väljas nästa gång.")
        return True

    def import_profile_file(self) -> None:
        path = self.ctx.interaction.open_file("Hämta importprofil", "", PROFILE_FILTER)
        if path is None:
            return
        try:
            profile = import_profile(path)
        except UserError as err:
            self.warn(err)
            return
        self.file_step.set_profiles(list_profiles(), profile.name)
        self.apply_profile()

    def export_profile_file(self) -> None:
        name = self.file_step.profile_name()
        try:
            profile = load_profile(name) if name else self.current_profile("Importprofil")
        except UserError as err:
            self.warn(err)
            return
        path = self.ctx.interaction.save_file("Dela importprofil", f"{profile.name}.json", PROFILE_FILTER)
        if path is None:
            return
        try:
            export_profile(profile, path)
        except UserError as err:
            self.warn(err)

    def delete_chosen_profile(self) -> bool:
        """Ta bort profil…: asked first, one undoable step of the document's window (Redigera → Ångra)."""
        from ui.profile_commands import DeleteProfileCommand

        name = self.file_step.profile_name()
        if not name:
            return False
        question = (
            f"Vill du ta bort importprofilen ”{name}” från den här datorn? Den kan då inte väljas vid import "
            "till någon redovisning. Du kan ångra med Ctrl+Z när importfönstret är stängt."
        )
        if not self.ctx.interaction.confirm("Ta bort profil", question, yes="Ta bort", no="Avbryt"):
            return False
        if not self.ctx.push(DeleteProfileCommand(self.ctx, name)):
            return False
        self.file_step.set_profiles(list_profiles())
        self.apply_profile()
        return True

    # -- mapping and preview --------------------------------------------------------------
    def current_mapping(self) -> Mapping:
        if self.raw is None or self.raw.kind == "sie":
            return self.mapping
        return self.mapping_step.mapping(self.mapping)

    def update_preview(self) -> None:
        if self.raw is None:
            return
        try:
            rules = self.filters_step.rule_list()
        except UserError:
            rules = default_rules(self.categories)
        try:
            plan = preview_plan(
                self.raw,
                self.current_mapping(),
                rules,
                self.filters_step.stream_box.currentText(),
                self.filters_step.category_box.currentText(),
            )
        except UserError as err:
            self.mapping_step.show_preview(self.raw, None, str(err))
            return
        self.mapping_step.show_preview(self.raw, plan)

    # -- plan, rejects, commit ------------------------------------------------------------
    def current_request(self) -> ImportRequest:
        """The import the steps describe (the file, its columns, the filters and rules)."""
        assert self.raw is not None and self.path is not None
        settings = ImportSettings(
            self.current_mapping(),
            self.filters_step.filters(),
            self.filters_step.rule_list(),
            self.filters_step.stream_box.currentText(),
            self.filters_step.category_box.currentText(),
        )
        return ImportRequest(self.raw, settings, shown_name(self.path))

    def make_plan(self) -> bool:
        """The summary: a dry run of the import, the file read a part at a time (nothing is written)."""
        assert self.raw is not None
        doc = self.ctx.doc
        try:
            request = self.current_request()

            def work(progress: Progress, cancel: CancelCheck) -> ImportReport:
                return import_ledger(doc, request, dry_run=True, progress=progress, cancel=cancel)

            self.summary = self._run("Förbereder importen…", work, maximum=len(self.raw))
        except Cancelled:
            return False
        except UserError as err:
            self.warn(err)
            return False
        self.request, self.plan = request, self.summary.plan
        self.summary_step.show_report(self.summary)
        self._enable_import()
        return True

    def save_rejects(self) -> None:
        if not self.plan or not self.plan.rejects or self.path is None:
            return
        suggestion = str(self.path.with_name(f"{self.path.stem} avvisade rader.csv"))
        path = self.ctx.interaction.save_file("Spara avvisade rader", suggestion, CSV_FILTER)
        if path is None:
            return
        try:
            self.plan.write_rejects_csv(path)
        except UserError as err:
            self.warn(err)

    def do_import(self) -> bool:
        """The import the summary showed, in one transaction off the GUI thread; undo removes it in one step.
        Should the document have changed since the summary so that other rows are duplicates (another
        process imported meanwhile), nothing is imported and the summary is made again."""
        summary, request = self.summary, self.request
        if summary is None or request is None or self.path is None:
            return False
        if self.ctx.refuse_if_readonly():
            return False
        n = summary.imported + self.summary_step.chosen_count()
        if not n:
            return False
        request = replace(request, include_duplicates=self.summary_step.choice())
        doc, name = self.ctx.doc, request.file

        def work(progress: Progress, cancel: CancelCheck) -> ImportReport:
            return import_ledger(doc, request, expect=summary, progress=progress, cancel=cancel)

        try:
            report = self._run(f"Importerar {count(n, 'kostnad', 'kostnader')}…", work, maximum=n)
        except Cancelled:
            self.ctx.refresh()
            self.ctx.interaction.info("Importen avbröts", "Importen avbröts; dokumentet är oförändrat.")
            return False
        except SummaryChanged as err:
            self.ctx.refresh()
            self.warn(err)
            self.make_plan()
            return False
        except UserError as err:
            self.ctx.refresh()
            self.warn(err)
            return False
        batch = report.batch
        if batch is None:  # every row turned out to be a duplicate after all
            return False
        self.batch = batch
        self.ctx.push(ImportCommand(self.ctx, batch.id, name, batch.added))
        if hasattr(self.ctx.settings, "last_folder"):
            self.ctx.settings.last_folder = str(self.path.parent)
        self.accept()
        return True
