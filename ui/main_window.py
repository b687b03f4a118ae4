"""The main window: the start page, or the open document's pages in tabs, with the menus."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import QMainWindow, QStackedWidget

from models.errors import UserError
from models.system.paths import data_dir
from ui.interaction import Interaction
from ui.screen_fit import fit_to_screen
from ui.settings import Settings
from ui.start_page import StartPage

# Start-up (issue 14): what the start page does not show is imported when it is first used, and nothing before
# the first paint touches the ``Qt`` namespace (docs/performance.md, *Start-up*).
if TYPE_CHECKING:  # the document's side is imported when a document opens, not at start-up
    from models.catalogue.catalogue import Catalogue
    from models.storage.document_file import Document
    from ui.costs_check import CostsCheck
    from ui.doc_context import DocContext
    from ui.document_view import DocumentView

log = logging.getLogger("bidragskollen.ui")

APP_TITLE = "Bidragskollen"


class MainWindow(QMainWindow):
    first_painted = Signal()  # once, just after the window's first paint has reached the screen

    def __init__(
        self,
        catalogue: Catalogue | None = None,
        settings: Settings | None = None,
        interaction: Interaction | None = None,
    ) -> None:
        """``catalogue`` None: the agreements are read on first use (``run_gui`` reads them after the first
        paint), and the start page describes its documents then."""
        super().__init__()
        self._catalogue = catalogue
        self._painted = False
        self.settings = settings if settings is not None else Settings.load()
        self.interaction = interaction or Interaction(self)
        self.ctx: DocContext | None = None
        self.view: DocumentView | None = None
        self.costs_check: CostsCheck | None = None  # a large document's costs, checked after it is shown
        self.setAcceptDrops(True)
        self.setAccessibleName("Bidragskollen")
        self.stack = QStackedWidget()
        self.start = StartPage(self.settings, catalogue, interaction=self.interaction)
        self.start.portfolio.open_requested.connect(self.open_path)
        self.start.new_requested.connect(self.new_document)
        self.start.open_requested.connect(self.open_dialog)
        self.start.demo_requested.connect(self.open_demo)
        self.start.recent_chosen.connect(self.open_path)
        self.stack.addWidget(self.start)
        self.setCentralWidget(self.stack)
        self.first_painted.connect(self.start.painted)
        self._build_menus()
        self._restore_geometry()
        self._update_state()

    @property
    def catalogue(self) -> Catalogue:
        """The agreements (built-in and the user's own; the team folder's are merged in by ``run_gui``)."""
        if self._catalogue is None:
            from models.catalogue.user import load_full_catalogue

            self._catalogue = load_full_catalogue(team=False)
            self.start.set_catalogue(self._catalogue)
        return self._catalogue

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_painted.emit)  # once this paint is flushed to the screen

    # -- menus ----------------------------------------------------------------------------
    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            # the same as setShortcut(), which would build PySide's Qt enums before the first paint
            action.setShortcuts([QKeySequence(shortcut)])
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        arkiv = bar.addMenu("&Arkiv")
        self.act_new = self._action("&Ny redovisning…", self.new_document, QKeySequence.StandardKey.New)
        self.act_open = self._action("Ö&ppna…", self.open_dialog, QKeySequence.StandardKey.Open)
        self.recent_menu = arkiv.addMenu("&Senaste")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.act_edit = self._action("Öppna för &redigering", self.reopen_for_editing)
        self.act_restore = self._action("Åte&rställ säkerhetskopia…", self.restore_backup)
        self.act_agreements = self._action("Överens&kommelser…", self.agreements_dialog)
        self.act_portfolio = self._action("&Alla redovisningar…", self.show_portfolio, "Ctrl+Shift+A")
        self.act_print = self._action("Skriv &ut…", self.print_form, QKeySequence.StandardKey.Print)
        self.act_preview = self._action("&Förhandsgranska utskrift…", lambda: self.print_form(preview=True))
        self.act_close = self._action("S&täng", self.close_document, QKeySequence.StandardKey.Close)
        self.act_quit = self._action("A&vsluta", self.close, "Ctrl+Q")
        self.act_next_year = self._action("Ny redovisning från &denna…", self.next_year)
        arkiv.aboutToShow.connect(lambda: self.act_next_year.setEnabled(self.ctx is not None))
        arkiv.addAction(self.act_new)
        arkiv.addAction(self.act_next_year)
        arkiv.addAction(self.act_open)
        arkiv.addMenu(self.recent_menu)
        arkiv.addAction(self.act_portfolio)
        arkiv.addSeparator()
        arkiv.addAction(self.act_edit)
        arkiv.addAction(self.act_restore)
        self.act_verify = self._action("&Kontrollera signerad PDF…", self.verify_signed)
        arkiv.addAction(self.act_verify)
        arkiv.addAction(self.act_agreements)
        arkiv.addSeparator()
        arkiv.addAction(self.act_print)
        arkiv.addAction(self.act_preview)
        arkiv.addSeparator()
        arkiv.addAction(self.act_close)
        arkiv.addAction(self.act_quit)
        redigera = bar.addMenu("&Redigera")
        self.act_undo = self._action("&Ångra", self.undo, "Ctrl+Z")
        self.act_redo = self._action("&Gör om", self.redo, "Ctrl+Y")
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        redigera.addAction(self.act_undo)
        redigera.addAction(self.act_redo)
        redigera.addSeparator()
        self.act_find = self._action("&Sök bland kostnaderna", self.find_costs, QKeySequence.StandardKey.Find)
        redigera.addAction(self.act_find)
        export = bar.addMenu("E&xport")
        self.act_sign = self._action("&Signera…", self.sign_pdf)
        export.addAction(self.act_sign)
        hjalp = bar.addMenu("&Hjälp")
        self.act_help = self._action("&Handbok", self.show_help, "F1")
        hjalp.addAction(self.act_help)
        hjalp.addAction(self._action("&Om Bidragskollen", self.about))

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        if not self.settings.recent_files:
            empty = self.recent_menu.addAction("(inga ännu)")
            empty.setEnabled(False)
        for i, path in enumerate(self.settings.recent_files):
            prefix = f"&{i + 1} " if i < 9 else ""
            action = self.recent_menu.addAction(prefix + Path(path).name)
            action.setToolTip(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_path(Path(p)))

    # -- state ----------------------------------------------------------------------------
    def _update_state(self) -> None:
        has_doc = self.ctx is not None
        readonly = self.ctx is not None and self.ctx.readonly
        checking = self.ctx is not None and self.ctx.doc.costs_unchecked  # ui/costs_check.py
        acts = (self.act_close, self.act_restore, self.act_sign, self.act_print, self.act_preview, self.act_find)
        for action in acts:
            action.setEnabled(has_doc)
        self.act_edit.setEnabled(bool(readonly) and not checking)
        self.act_edit.setVisible(bool(readonly) and not checking)
        self._update_undo()
        if not has_doc:
            self.setWindowTitle(APP_TITLE)
            return
        ctx = self.ctx
        assert ctx is not None
        try:
            who = ctx.doc.field("recipient_name") or ctx.recipient.name
        except UserError:
            who = ctx.doc.recipient_id
        suffix = " [kontrolleras – ändringar och export väntar]" if checking else " [skrivskyddad]" if readonly else ""
        self.setWindowTitle(f"{ctx.doc.path.stem} – {who} – {APP_TITLE}{suffix}")

    def _update_undo(self) -> None:
        stack = self.ctx.undo_stack if self.ctx else None
        can_undo = bool(stack and stack.canUndo())
        can_redo = bool(stack and stack.canRedo())
        self.act_undo.setEnabled(can_undo)
        self.act_redo.setEnabled(can_redo)
        self.act_undo.setText(f"&Ångra {stack.undoText()}" if can_undo and stack else "&Ångra")
        self.act_redo.setText(f"&Gör om {stack.redoText()}" if can_redo and stack else "&Gör om")

    def undo(self) -> None:
        if self.ctx:
            self.ctx.step(undo=True)

    def redo(self) -> None:
        if self.ctx:
            self.ctx.step(undo=False)

    # -- opening and closing --------------------------------------------------------------
    def open_dialog(self) -> None:
        folder = self.settings.last_folder or str(Path.home())
        path = self.interaction.open_file("Öppna redovisning", folder)
        if path is not None:
            self.open_path(path)

    def open_demo(self) -> None:
        from models.demo.example import fresh_demo

        try:
            path = fresh_demo(self.catalogue)
        except UserError as err:
            self.interaction.warn("Exemplet", str(err))
            return
        self.open_path(path)

    def open_path(self, path: Path | str, *, remember: bool = True) -> bool:
        """Open a document (closing the current one). False, with a message, when it cannot be opened."""
        path = Path(path)
        if self.ctx is not None and self.ctx.doc.path.resolve() == path.resolve():
            return True
        if not self.close_document():
            return False
        from ui import lock
        from ui.backups import backup_in_background

        try:
            opened = lock.open_document(path, self.interaction, check_costs="auto")
        except UserError as err:
            self.interaction.warn("Kunde inte öppna", str(err))
            if not path.exists():
                self.settings.remove_recent(path)
                self.settings.save()
                self.start.refresh()
            return False
        self._backup = backup_in_background(path)
        self._show_document(opened.doc)
        if remember and path.resolve().parent != (data_dir() / "demo").resolve():  # the example is no user file
            self.settings.add_recent(path)
            self.settings.last_folder = str(path.parent)
            self.settings.save()
        return True

    def _show_document(self, doc: Document) -> None:
        from ui.costs_check import check_in_background
        from ui.doc_context import DocContext
        from ui.document_view import DocumentView

        ctx = DocContext(doc, self.catalogue, self.settings, self.interaction, self)
        self.ctx = ctx
        ctx.undo_stack.indexChanged.connect(lambda _i: self._update_undo())
        ctx.changed.connect(self._update_state)
        ctx.readonly_changed.connect(lambda _r: self._update_state())
        self.view = DocumentView(ctx)
        self.stack.addWidget(self.view)
        self.stack.setCurrentWidget(self.view)
        self.costs_check = check_in_background(self, ctx)  # a large file's costs: edits wait for the check
        self._update_state()

    def close_document(self) -> bool:
        if self.ctx is None:
            return True
        from ui.typed_text import commit_typing

        if not commit_typing(self.ctx, self.interaction) or not self._confirm_invalid_fields(self.ctx):
            return False
        ctx, view = self.ctx, self.view
        self.ctx = self.view = None
        if self.costs_check is not None:  # closed while its costs were being checked
            self.costs_check.clear()
        self._remember_contact(ctx)
        ctx.closed = True
        ctx.undo_stack.clear()
        from ui import lock

        lock.close_document(ctx.doc)
        if view is not None:
            self.stack.removeWidget(view)
            view.deleteLater()
        ctx.deleteLater()
        self.start.refresh()
        self.stack.setCurrentWidget(self.start)
        self._update_state()
        return True

    def _confirm_invalid_fields(self, ctx: DocContext) -> bool:
        """Closing with values kept as typed but invalid asks first: they stay saved, marked, until corrected."""
        from models.fields import FIELD_BY_NAME
        from models.words import count

        try:
            invalid = ctx.doc.invalid_fields()
        except Exception:  # a document that cannot be read any more: nothing to ask about
            return True
        if not invalid or ctx.readonly:
            return True
        names = ", ".join(FIELD_BY_NAME[n].label for n in invalid if n in FIELD_BY_NAME)
        what = count(len(invalid), "uppgift är ogiltig", "uppgifter är ogiltiga")
        return self.interaction.confirm(
            "Ogiltiga uppgifter",
            f"{what} ({names}). De är sparade som du skrev dem men måste rättas innan blanketten kan "
            "exporteras slutligt. Vill du stänga ändå?",
            yes="Stäng ändå",
            no="Fortsätt rätta",
        )

    def _remember_contact(self, ctx: DocContext) -> None:
        """The next new document is prefilled from this one's contact details (never from the example)."""
        from models.prefill import remembered_contact

        try:
            contact = remembered_contact(ctx.doc)
        except Exception:  # a document that cannot be read any more: keep the old values
            return
        if contact:
            self.settings.last_contact = contact
            self.settings.save()

    def reopen_for_editing(self) -> None:
        if self.ctx is None or not self.ctx.doc.readonly:
            return
        path = self.ctx.doc.path
        from ui import lock
        from ui.backups import backup_in_background

        try:
            doc = lock.reopen_for_editing(path, self.interaction)
        except UserError as err:
            self.interaction.warn("Öppna för redigering", str(err))
            return
        if doc is None:
            return
        self.ctx.doc.close()
        self.ctx.replace_document(doc)
        self._backup = backup_in_background(path)
        self._update_state()

    def new_document(self) -> None:
        from ui.wizard import NewDocumentWizard

        wizard = NewDocumentWizard(self.catalogue, self.settings, self.interaction, self)
        if wizard.exec() and wizard.created is not None:
            self.open_path(wizard.created)

    def next_year(self) -> None:
        """Arkiv → Ny redovisning från denna…: next year's document from the open one."""
        from ui import next_year_dialog

        next_year_dialog.start(self)

    def agreements_dialog(self) -> None:
        from ui.agreements_dialog import AgreementsDialog

        self.agreements = AgreementsDialog(self.catalogue, self.settings, self.interaction, self)
        self.agreements.finished.connect(self._agreements_closed)
        self.agreements.open()  # on closing, the open document's notice checks the catalogue's version again

    def _agreements_closed(self) -> None:
        from ui.changes import AGREEMENT, change

        if self.ctx is not None:  # the open document's notice checks the catalogue's version again
            self.ctx.refresh(change(AGREEMENT))

    def wait_for_backup(self) -> None:
        """Block until the copy taken at open is written (the restore list must include it)."""
        backup = getattr(self, "_backup", None)
        if backup is not None:
            backup.join()

    def restore_backup(self) -> None:
        if self.ctx is None:
            return
        self.wait_for_backup()
        from ui.backups import restore_dialog

        target = restore_dialog(self.ctx.doc.path, self.interaction)
        if target is not None and self.interaction.confirm(
            "Säkerhetskopian är återställd",
            f"Säkerhetskopian sparades som ”{target.name}” i {target.parent}. Vill du öppna den nu?",
            yes="Öppna",
            no="Inte nu",
        ):
            self.open_path(target)

    def sign_pdf(self) -> None:
        """Export → Signera…: sign an exported PDF of the open document."""
        from ui.sign_dialog import SignDialog

        if self.ctx is not None:
            SignDialog(self.ctx, parent=self).exec()

    def print_form(self, preview: bool = False) -> None:
        """Arkiv → Skriv ut… (Ctrl+P) and Förhandsgranska utskrift…, through ui/printing.py."""
        from ui import printing

        if self.ctx is not None:
            (printing.preview_form if preview else printing.print_form)(self.ctx, self)

    def verify_signed(self) -> None:
        """Arkiv → Kontrollera signerad PDF…: against the open document, if any."""
        from ui.verify_dialog import check_signed_pdf

        dialog = check_signed_pdf(self.interaction, self.catalogue, self.ctx)
        if dialog is not None:
            dialog.setParent(self, dialog.windowFlags())
            dialog.exec()

    def show_portfolio(self) -> None:
        """The window "Alla redovisningar" (ui/portfolio_view.py), one at a time."""
        from ui.portfolio_view import PortfolioWindow

        window = getattr(self, "portfolio_window", None)
        if window is None:
            window = PortfolioWindow(self.settings, self.catalogue, self.interaction, self)
            window.view.open_requested.connect(self.open_path)
            self.portfolio_window = window
        window.show()
        window.raise_()
        window.activateWindow()

    def about(self) -> None:
        from ui.help_window import about_text

        self.interaction.info("Om Bidragskollen", about_text())

    def show_help(self) -> None:
        """Hjälp → Handbok (F1): the guide, at the section for the page in front of the user."""
        from models.system.guide import section_for_page
        from ui.help_window import HelpWindow

        page = self.view.current_name() if self.view is not None else None
        if getattr(self, "help_window", None) is None:
            try:
                self.help_window = HelpWindow(self)
            except UserError as err:
                self.interaction.warn("Handbok", str(err))
                return
        self.help_window.open_at(section_for_page(page))

    def find_costs(self) -> None:  # not find(): that is QWidget.find()
        """Redigera → Sök (Ctrl+F): the costs' search box."""
        from PySide6.QtCore import Qt

        if self.view is None:
            return
        page = self.view.show_page("Kostnader")
        search = getattr(page, "search", None)
        if search is not None:
            search.setFocus(Qt.FocusReason.ShortcutFocusReason)
            search.selectAll()

    # -- drag and drop (ui/drops.py), geometry, closing ------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        from ui import drops  # the import's file kinds: read when something is dragged, not at start-up

        if drops.accepts(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        event.acceptProposedAction()
        from ui import drops

        drops.drop_on_window(self, event.mimeData())

    def _restore_geometry(self) -> None:
        if self.settings.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(self.settings.window_geometry.encode("ascii")))
        else:
            fit_to_screen(self, 1100, 720)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.close_document():  # the user chose to go on correcting invalid values
            event.ignore()
            return
        self.start.portfolio.cancel()
        self.settings.window_geometry = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
        self.settings.save()
        event.accept()
