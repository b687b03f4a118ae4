"""Screenshots of an RSS's onward payments and of every grant at a glance (called by docs/screenshots.py).

The example (Skåne län 2024) on the Kommuner page with Lund selected, the plan dialog splitting
90 000 000 kr by population with the rounding shown, the one-page "Underlag till kommunen" for Lund,
and the window "Alla redovisningar" over the folder of examples.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from ui.main_window import MainWindow

Save = Callable[[QWidget, str, QApplication], Path]


def population_key() -> str:
    from models.demo.rss import POPULATION

    return "Kommun\tBefolkning\n" + "\n".join(f"{name}\t{n:,}".replace(",", " ") for name, n in POPULATION.items())


def rss_shots(window: MainWindow, app: QApplication, save: Save, folder: Path, out: Path | None) -> None:
    """Needs the example open in ``window``; ``out``: where the PDF page goes (None: not again)."""
    from decimal import Decimal

    from shots_open import opened, show

    from ui.municipalities_page import MunicipalitiesPage
    from ui.transfer_dialogs import PlanDialog

    page = show(window, "Kommuner", MunicipalitiesPage)
    lund = next(i for i, r in enumerate(page.model.rows) if r.name == "Lund")
    page.view.selectRow(lund)
    page.view.scrollTo(page.model.index(lund, 0))
    save(window, "municipalities", app)
    dialog = PlanDialog(opened(window)[0].doc.transfers.municipalities(), Decimal("90000000"), window)
    dialog.paste.setPlainText(population_key())
    dialog.preview()
    dialog.resize(700, 640)
    dialog.show()
    save(dialog, "municipalities_plan", app)
    dialog.reject()
    statement = folder / "Underlag Lund 2024.pdf"
    if out is not None and page.export_statement(statement) is not None:
        _pdf_png(statement, out / "underlag_kommun.png")
    _more_documents(folder)
    window.settings.portfolio_folder = str(folder)
    window.show_portfolio()
    portfolio = window.portfolio_window
    portfolio.view.reload()
    portfolio.view.wait()
    portfolio.resize(1200, 420)
    save(portfolio, "portfolio", app)
    portfolio.close()


def _more_documents(folder: Path) -> None:
    """Two more grants in the folder, so the list has something to sort: a region's 2023 document and
    a county's 2024 document whose rekvisition was exported as final."""
    from models.catalogue.check import load_catalogue
    from models.storage.document_file import Document

    catalogue = load_catalogue()
    for name, agreement, recipient, final in (
        ("Region Skåne 2023.bidrag", "gnv-2023", "region-12", False),
        ("Blekinge län 2024.bidrag", "gnv-2024", "rss-10", True),
    ):
        if (folder / name).exists():
            continue
        with Document.create(folder / name, agreement, recipient, catalogue) as doc:
            if final:
                doc.record_export("rekvisition", "exempel", "pdf", False)


def _pdf_png(pdf_path: Path, target: Path) -> None:
    from shots_pdf import pdf_page_png

    pdf_page_png(pdf_path, target, dpi=80)
    print(target.name)
