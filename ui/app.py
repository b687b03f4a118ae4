"""Start the window: Swedish locale and Qt translations, the log file, and a friendly error dialog."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from models.errors import UserError
from models.system.logsetup import hold_logging, setup_logging
from ui.interaction import Interaction

if TYPE_CHECKING:
    from ui.main_window import MainWindow

log = logging.getLogger("bidragskollen")

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def _where(tb: TracebackType | None) -> str:
    """The innermost frame in the program's own code: 'ui/overview_page.py, rad 42 (refresh)'."""
    root = Path(__file__).resolve().parent.parent
    where = ""
    for frame in traceback.extract_tb(tb):
        path = Path(frame.filename)
        try:
            rel = path.resolve().relative_to(root)
        except ValueError:
            continue
        if ".venv" not in rel.parts:
            where = f"{rel.as_posix()}, rad {frame.lineno} ({frame.name})"
    return where


def error_text(exc: BaseException, tb: TracebackType | None, log_path: Path) -> str:
    """The Swedish message for an unexpected error: what failed, where, and where the log is."""
    if isinstance(exc, UserError):
        return str(exc)
    what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    where = _where(tb)
    place = f" i {where}" if where else ""
    return (
        f"Ett oväntat fel inträffade{place}.\n\n{what}\n\n"
        "Det du redan har ändrat är sparat i filen. Om felet upprepas, skicka loggfilen till supporten:\n"
        f"{log_path}"
    )


def make_excepthook(interaction: Interaction, log_path: Path) -> ExceptHook:
    """sys.excepthook for the window: log the traceback, show one Swedish dialog, keep running."""
    showing = False

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        nonlocal showing
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        setup_logging()  # the error is written to the file even before the window has painted
        log.error("Oväntat fel", exc_info=(kind, exc, tb))
        if showing:  # an error while the dialog is up: logged, not stacked
            return
        showing = True
        try:
            interaction.error("Något gick fel", error_text(exc, tb, log_path))
        except Exception:  # the dialog itself failed: the log still has it
            log.exception("Feldialogen kunde inte visas")
        finally:
            showing = False

    return hook


def _install_translations(app: QApplication) -> None:
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_sv", "qt_sv"):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)


def run_gui(args: list[str]) -> int:
    """``python main.py [FILE | --demo]``: show the window and run until it is closed.

    Without a document the start page paints first, and the agreements, the team folder and any warning
    about the start come just after that paint (``MainWindow.first_painted``). A document to open needs its
    agreement before its pages are built, so then they come first and the window paints the document."""
    log_path = hold_logging()  # the file is opened after the first paint (models/system/logsetup.py)
    QLocale.setDefault(QLocale(QLocale.Language.Swedish, QLocale.Country.Sweden))
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "bidragskollen"])
    assert isinstance(app, QApplication)
    app.setApplicationName("Bidragskollen")
    app.setApplicationDisplayName("Bidragskollen")
    _install_translations(app)
    interaction = Interaction(None)
    sys.excepthook = make_excepthook(interaction, log_path)
    from ui.main_window import MainWindow

    window = MainWindow(interaction=interaction)  # no catalogue yet: read after the paint, or on first use
    interaction.parent = window
    if "--demo" in args or any(not a.startswith("-") for a in args):
        setup_logging()
        if not _read_catalogue(window, interaction):
            return 1
        window.show()
        _finish_start(window, interaction, args)
    else:

        def after_paint() -> None:
            setup_logging()
            if not window.isVisible():  # closed at once: nothing more to start
                return
            if not _read_catalogue(window, interaction):
                app.exit(1)
                return
            _finish_start(window, interaction, args)

        window.first_painted.connect(after_paint)
        window.show()
    code = app.exec()
    setup_logging()  # a window closed before its first paint still leaves its records in the file
    return code


def _read_catalogue(window: MainWindow, interaction: Interaction) -> bool:
    """The built-in and the user's own agreements; False, said in one dialog, when the program cannot run."""
    try:
        _ = window.catalogue  # read on first use
    except UserError as err:
        interaction.error("Bidragskollen kan inte starta", str(err))
        return False
    return True


def _finish_start(window: MainWindow, interaction: Interaction, args: list[str]) -> None:
    """What follows the catalogue: its warnings, the team folder (read in a thread), the document asked for."""
    catalogue = window.catalogue
    if catalogue.problems:  # a broken file of the user's own never stops the start: it is named and left out
        interaction.warn("Överenskommelser som inte används", "\n\n".join(catalogue.problems))
    if window.settings.team_folder:
        from ui.team_loader import TeamLoader

        loader = TeamLoader(catalogue, Path(window.settings.team_folder), window)
        loader.merged.connect(
            lambda problems: interaction.warn("Teammappen", "\n\n".join(problems)) if problems else None
        )
        loader.start()
    unknown = [a for a in args if a.startswith("-") and a != "--demo"]
    if unknown:
        interaction.warn(
            "Okänt val",
            f"Valet {' '.join(unknown)} känns inte igen; använd en fil, --demo eller inget alls.",
        )
    files = [a for a in args if not a.startswith("-")]
    if "--demo" in args:
        window.open_demo()
    elif files:
        window.open_path(Path(files[0]))
    log.info("Fönstret startat (%s)", " ".join(args) or "utan argument")
