"""Every page and dialog of the window, opened over the example document, one at a time (for the small-screen
check and the keyboard walk). Each entry is shown as a user would meet it; the caller closes it."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog, QWidget, QWizard

from models.catalogue.catalogue import Catalogue
from models.demo.example import create_demo
from ui.document_view import PAGES
from ui.interaction import ScriptedInteraction
from ui.main_window import MainWindow
from ui.settings import Settings

LEDGER = (
    "Datum;Belopp;Konto;Text;Verifikation\n"
    "2024-03-01;1 200,00;7010;Lön distriktssköterska mars;V101\n"
    "2024-03-05;450,50;6540;Licens journalsystem;V102\n"
    "2024-03-31;-200,00;7010;Rättelse;V103\n"
)


Walk = Callable[[str, QWidget], None]


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def main_window(tmp: Path, catalogue: Catalogue) -> MainWindow:
    """The window with the example document (an RSS: it has the Kommuner page too)."""
    window = MainWindow(catalogue, Settings.load(), ScriptedInteraction())
    window.open_path(create_demo(tmp / "Exempel.bidrag", catalogue), remember=False)
    return window


def pages(window: MainWindow) -> Iterator[tuple[str, QWidget]]:
    """The start page, then each tab of the document (the window itself is what is sized)."""
    assert window.view is not None
    ctx, view = window.ctx, window.view
    window.stack.setCurrentWidget(window.start)
    yield "Start", window
    window.stack.setCurrentWidget(view)
    names = [n for n in (*PAGES[:2], "Kommuner", *PAGES[2:]) if n in view.tabs]
    assert ctx is not None
    for name in names:
        view.show_page(name)
        settle()
        yield name, window


def dialogs(window: MainWindow, tmp: Path, inside: Walk) -> Iterator[tuple[str, QWidget]]:
    """Every dialog and extra window, each shown; the caller closes it (``close_window``). A dialog that only
    lives while it runs is given to ``inside`` then."""
    ctx = window.ctx
    assert ctx is not None
    catalogue = window.catalogue
    streams, categories = list(ctx.doc.allocation()), ctx.doc.categories()
    from ui.import_dialog import ImportDialog

    ledger = tmp / "Huvudbok.csv"
    ledger.write_text(LEDGER, encoding="utf-8")
    dialog = ImportDialog(ctx, window)
    dialog.show()
    yield "Importera: 1 Fil", dialog
    assert dialog.load_file(ledger)
    for title in ("2 Kolumner", "3 Filter", "4 Sammanfattning"):
        assert dialog.next_step()
        settle()
        yield f"Importera: {title}", dialog
    close_window(dialog)

    from ui.cost_dialog import CostDialog

    yield "Kostnad", _shown(CostDialog(streams, categories, parent=window))

    from ui.wizard import NewDocumentWizard

    wizard = NewDocumentWizard(catalogue, window.settings, ScriptedInteraction(), window)
    wizard.show()
    yield "Ny redovisning: " + wizard.currentPage().title(), wizard
    close_window(wizard)

    from ui.agreements_dialog import AgreementsDialog

    yield "Överenskommelser", _shown(AgreementsDialog(catalogue, window.settings, ScriptedInteraction(), window))

    from models.catalogue.agreement_data import new_agreement_data
    from ui.table_import_dialog import TableImportDialog

    data = new_agreement_data(catalogue.agreement("gnv-2024"), "gnv-2026", "God och nära vård 2026", 2026)
    table = TableImportDialog(data, catalogue.recipients.values(), ScriptedInteraction(), window)
    yield "Tilldelningstabell", _shown(table)

    from ui.sign_dialog import SignDialog

    yield "Signera", _shown(SignDialog(ctx, parent=window))

    from exporters.verifying import SignatureCheck, Verification
    from ui.verify_dialog import VerifyDialog

    check = SignatureCheck("chief", "Per Håkansson", "Region Skåne", datetime(2025, 3, 20, 10, 0), True, True)
    yield "Kontrollera signerad PDF", _shown(VerifyDialog(Verification("blankett.pdf", [check]), "Exempel", window))

    from ui.plan_dialogs import ActivityDialog, RulesDialog, SpreadDialog

    yield "Ny aktivitet", _shown(ActivityDialog(streams, categories, window))
    yield "Fördela belopp", _shown(SpreadDialog("Mobila team", ["2024-01", "2024-02", "2024-03"], window))
    yield "Aktivitetsregler", _shown(RulesDialog([], ["Mobila team"], window))

    from ui.transfer_dialogs import PlanDialog, ReportDialog, RuleDialog, TransferDialog

    municipalities = ctx.doc.transfers.municipalities()
    yield "Planera vidareförmedling", _shown(PlanDialog(municipalities, ctx.summary().allocation_total, window))
    yield "Utbetalning till kommun", _shown(TransferDialog(municipalities, streams, window))
    yield "Återrapport från kommun", _shown(ReportDialog(municipalities, window))
    yield "Importregel", _shown(RuleDialog(municipalities, window))

    from ui.next_year_dialog import NextYearDialog

    yield "Ny redovisning från denna", _shown(NextYearDialog(ctx, window))

    from ui.printing import preview_form

    def look(dialog: QWidget) -> bool:  # the preview lives only while it runs (its printer is the caller's)
        dialog.show()
        settle()
        inside("Förhandsgranska utskrift", dialog)
        dialog.close()
        return False  # closed without printing

    ctx.interaction.choices.append(0)  # the form: Ekonomisk redovisning
    ctx.interaction.dialogs.append(look)
    assert preview_form(ctx, window) is not None

    from ui.help_window import HelpWindow

    yield "Handbok", _shown(HelpWindow(window))

    from ui.portfolio_view import PortfolioWindow

    portfolio = _shown(PortfolioWindow(window.settings, catalogue, ScriptedInteraction(), window))
    finish_reading(portfolio)
    yield "Alla bidrag", portfolio


def _shown(widget: QWidget) -> QWidget:
    widget.show()
    settle()
    return widget


def finish_reading(widget: QWidget) -> None:
    """Let the portfolio views inside ``widget`` finish reading their documents (a thread each)."""
    from ui.portfolio_view import PortfolioView

    end = time.monotonic() + 20
    while any(v.reader is not None for v in widget.findChildren(PortfolioView)) and time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def close_window(widget: QWidget) -> None:
    if isinstance(widget, QDialog | QWizard):
        widget.reject()
    widget.close()
    widget.deleteLater()
    settle()


def every_window(tmp: Path, catalogue: Catalogue, check: Walk) -> list[str]:
    """Call ``check(name, widget)`` for every page and dialog; the names seen, in order."""
    window = main_window(tmp, catalogue)
    window.show()
    finish_reading(window)
    seen = []
    for name, widget in pages(window):
        check(name, widget)
        seen.append(name)
    last = None

    def inside(name: str, widget: QWidget) -> None:
        check(name, widget)
        seen.append(name)

    for name, widget in dialogs(window, tmp, inside):
        check(name, widget)
        seen.append(name)
        if widget is not last and not name.startswith(("Importera", "Ny redovisning")):
            close_window(widget)
        last = widget
    window.close_document()
    window.close()
    return seen
