"""Importera kostnader: file → columns with preview → filters and rules → summary → import.

Reading, preparing and committing run off the GUI thread (``ui.worker.run_task``) with a progress
bar and Avbryt. The commit is one transaction (``commit_import``); the finished import goes on the
undo stack as one ``ImportCommand``, so Ctrl+Z removes the whole import in one step.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from models.errors import Cancelled, UserError
from models.importing import (
    LEDGER_SUFFIXES,
    ImportPlan,
    Mapping,
    Profile,
    RawLedger,
    commit_import,
    default_rules,
    export_profile,
    import_defaults,
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
from ui.import_summary_step import SummaryStep, plan_in_background
from ui.screen_fit import fit_to_screen
from ui.worker import Task, run_task

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
        self.plan: ImportPlan | None = None
        self.batch: Any = None
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
        chosen = self.summary_step.chosen_duplicates()
        self.import_button.setEnabled(self.step() == 3 and bool(self.plan and (self.plan.rows or chosen)))

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

    def _run(self, label: str, fn: Any, maximum: int = 0) -> Any:
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
    def make_plan(self) -> bool:
        assert self.raw is not None
        try:
            filters = self.filters_step.filters()
            rules = self.filters_step.rule_list()
            work = plan_in_background(
                self.raw,
                self.current_mapping(),
                filters,
                rules,
                self.filters_step.stream_box.currentText(),
                self.filters_step.category_box.currentText(),
                self.ctx.doc.costs.cost_identities(),
            )
            self.plan = self._run("Förbereder importen…", work, maximum=len(self.raw))
        except Cancelled:
            return False
        except UserError as err:
            self.warn(err)
            return False
        self.summary_step.show_plan(self.plan)
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
        """Commit the plan in one transaction off the GUI thread; undo removes it in one step."""
        if self.plan is None or self.path is None:
            return False
        if self.ctx.refuse_if_readonly():
            return False
        chosen = self.summary_step.chosen_duplicates()
        if chosen:  # duplicates the user chose to import anyway
            self.plan.include_duplicates(chosen)
            self.summary_step.show_plan(self.plan)
        if not self.plan.candidates:
            return False
        doc, plan, name = self.ctx.doc, self.plan, shown_name(self.path)

        def work(progress: Any, cancel: Any) -> Any:
            return commit_import(doc, plan, file=name, progress=progress, cancel=cancel)

        try:
            what = count(len(plan.candidates), "kostnad", "kostnader")
            batch = self._run(f"Importerar {what}…", work, maximum=len(plan.candidates))
        except Cancelled:
            self.ctx.refresh()
            self.ctx.interaction.info("Importen avbröts", "Importen avbröts; dokumentet är oförändrat.")
            return False
        except UserError as err:
            self.ctx.refresh()
            self.warn(err)
            return False
        self.batch = batch
        self.ctx.push(ImportCommand(self.ctx, batch.id, name, batch.added))
        if hasattr(self.ctx.settings, "last_folder"):
            self.ctx.settings.last_folder = str(self.path.parent)
        self.accept()
        return True
