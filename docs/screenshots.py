"""Grab every page of the window offscreen to docs/img/*.png, with the realistic example document,
and pages of the exported Bilaga 1 as they print (docs/img/bilaga*.png).

    .venv/bin/python docs/screenshots.py            # every picture
    .venv/bin/python docs/screenshots.py import     # only the pictures whose names start with "import"
    .venv/bin/python docs/screenshots.py bilaga     # only the Bilaga 1 pages (no window is opened)

Runs in a temporary home (BIDRAGSKOLLEN_HOME), so your own settings and documents are untouched.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "img"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["BIDRAGSKOLLEN_HOME"] = tempfile.mkdtemp(prefix="bidragskollen-shots-")

from PySide6.QtCore import QLocale  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from ui.interaction import ScriptedInteraction  # noqa: E402
from ui.wizard import NewDocumentWizard  # noqa: E402

if TYPE_CHECKING:
    from models.catalogue.catalogue import Catalogue
    from ui.main_window import MainWindow

SIZE = (1200, 800)
PDF_DPI = 50  # A4 at 50 dpi: 414 x 585 pixels, readable beside the README text
# (picture, agreement, recipient or None for the example document, form, page): one page of each
# variant of the form; 2024 uses the 2023 wording
PDF_PAGES = (
    ("bilaga1-2023-2024-sida1", "gnv-2024", None, "redovisning", 1),
    ("bilaga1-2023-2024-sida2", "gnv-2024", None, "redovisning", 2),
    ("bilaga1-2023-2024-rekvisition", "gnv-2024", None, "rekvisition", 1),
    ("bilaga1-2019-sida2", "gnv-2019", "region-12", "redovisning", 2),
    ("bilaga4-2020-sida1", "gnv-2020", "region-12", "redovisning", 1),
    ("bilaga1-2021-sida2", "sjsv-2021", "region-12", "redovisning", 2),
)
# the example's people at Region Skåne, for the agreements of 2019-2021 (no RSS streams in 2019)
REGION_FIELDS = {
    "recipient_name": "Region Skåne",
    "org_number": "232100-0255",
    "postal_address": "Regionhuset\n291 89 Kristianstad",
    "email": "anna.lindqvist@skane.exempel.se",
    "chief_email": "per.hakansson@skane.exempel.se",
    "signatory_title": "Regiondirektör",
    "sign_place": "Kristianstad",
    "requisition_sign_place": "Kristianstad",
}


def _settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def _wait(app: QApplication, seconds: float) -> None:
    import time

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.05)


SNAPSHOT = Path(os.environ["BIDRAGSKOLLEN_HOME"]) / "snapshot"  # the example folder before the first picture
PREFIX = [""]  # "dark_" while the dark pass runs (dark_pass): every picture is saved as dark_NAME.png


def _wanted(name: str) -> bool:
    prefixes = sys.argv[1:]
    return not prefixes or any((PREFIX[0] + name).startswith(p) for p in prefixes)


def _save(widget: QWidget, name: str, app: QApplication) -> Path:
    _settle(app)
    name = PREFIX[0] + name
    if not any(name.startswith(p) for p in sys.argv[1:] or [""]):
        return OUT / f"{name}.png"
    path = OUT / f"{name}.png"
    widget.grab().save(str(path))
    print(path.relative_to(ROOT))
    return path


def import_shots(window: MainWindow, app: QApplication) -> None:
    """The import dialog at the columns step (live preview) and at the summary, not committed."""
    from shots_ledger import demo_ledger
    from shots_open import opened

    from ui.import_dialog import ImportDialog

    ctx = opened(window)[0]

    ledger = demo_ledger(ctx.doc, ctx.doc.path.with_name("Huvudbok NV24 december 2024.csv"))
    dialog = ImportDialog(ctx, window)
    dialog.resize(1280, SIZE[1])  # wide enough for every preview column
    dialog.show()
    assert dialog.load_file(ledger)
    assert dialog.next_step()  # → 2. Kolumner
    _save(dialog, "import_mapping", app)
    assert dialog.next_step()  # → 3. Filter och kontoregler
    dialog.filters_step.object_edit.setText("Projekt=NV24")
    assert dialog.next_step()  # → 4. Sammanfattning
    dialog.import_button.setFocus()  # the default button, as after pressing Enter
    _save(dialog, "import_summary", app)
    dialog.reject()


def _older_example(path: Path, agreement_id: str, recipient_id: str, catalogue: Catalogue) -> Path:
    """The example's people and costs under an older agreement: two streams as the user enters them."""
    from dataclasses import replace
    from datetime import date

    from models.demo.example import FIELDS, SHARE_SPENT, generate_costs, scale_for
    from models.document import Payment
    from models.storage.document_file import Document

    year = catalogue.agreement(agreement_id).year
    fields = {**FIELDS, **REGION_FIELDS, "payment_reference": f"{agreement_id} Region Skåne"}
    fields["sign_date"] = f"{year + 1}-03-20"
    fields["requisition_sign_date"] = f"{year}-02-05"
    doc = Document.create(path, agreement_id, recipient_id, catalogue, fields=fields)
    try:
        allocation = dict(zip(list(doc.allocation())[:2], (Decimal("9000000"), Decimal("3500000")), strict=False))
        for stream, amount in allocation.items():
            doc.set_allocation(stream, amount)
        total = sum(allocation.values(), Decimal("0"))
        doc.set_field("requested_amount", str(total))
        doc.add_payment(Payment(date(year, 3, 1), total, "Utbetalning"))
        streams = list(allocation)
        spent = int(total * 100) * SHARE_SPENT[0] // SHARE_SPENT[1]  # in öre, as much as the example spends
        costs = [
            replace(c, stream=streams[i % len(streams)], date=c.date.replace(year=year))
            for i, c in enumerate(generate_costs(60, scale_for(60, spent)))
        ]
        doc.costs.add_costs(costs, file="Huvudbok (exempel).xlsx")
    finally:
        doc.close()
    return path


def pdf_pages(folder: Path, demo: Path, catalogue: Catalogue) -> None:
    """One page of each variant of Bilaga 1, rendered by QtPdf as the export preview shows it."""
    from datetime import date

    from shots_pdf import pdf_page_png

    from exporters.pdf import render_pdf
    from models.report import build_report
    from models.storage.document_file import Document

    for name, agreement_id, recipient_id, form, page in PDF_PAGES:
        if not _wanted(name):
            continue
        path = demo if recipient_id is None else folder / f"{agreement_id}.bidrag"
        if not path.exists():
            _older_example(path, agreement_id, recipient_id or "", catalogue)
        doc = Document.open(path)
        try:
            report = build_report(doc, catalogue, form, today=date(2025, 3, 14))
        finally:
            doc.close()
        pdf_path = folder / f"{name}.pdf"
        pdf_path.write_bytes(render_pdf(report))
        out = OUT / f"{name}.png"
        pages = pdf_page_png(pdf_path, out, page=page, dpi=PDF_DPI)
        print(out.relative_to(ROOT), f"(sida {page} av {pages})")


def signing_shots(window: MainWindow, app: QApplication, folder: Path) -> None:
    """Export → Signera… filled in for the finance chief, and the answer of Kontrollera signerad PDF
    for the example signed by both, with certificates from a test CA made on the spot."""
    if not (_wanted("sign") or _wanted("verify")):
        return
    sys.path.insert(0, str(ROOT / "tests"))
    from pki import make_authority, write_p12
    from shots_open import opened

    from exporters.run import export_document
    from exporters.signing import p12_signer, sign_pdf
    from ui.sign_dialog import SignDialog
    from ui.verify_dialog import check_signed_pdf

    ctx = opened(window)[0]
    pdf = folder / "Ekonomisk redovisning 2024.pdf"
    export_document(ctx.doc, ctx.catalogue, pdf=pdf)
    dialog = SignDialog(ctx, pdf, window)
    dialog.p12.setText(str(folder / "per.hakansson.p12"))
    dialog.password.setText("lösenord")
    dialog.reason.setText("Granskad och godkänd")
    dialog.show()
    _save(dialog, "sign_dialog", app)
    dialog.reject()
    ca = make_authority("Region Skåne Test-CA")
    signed = folder / "Ekonomisk redovisning 2024-signerad.pdf"
    signers = ((pdf, "ekonomichef", "Per Håkansson"), (signed, "behorig_foretradare", "Maria Nilsson"))
    for source, field, name in signers:
        signer = p12_signer(write_p12(folder / f"{field}.p12", ca, name, "x"), "x")
        sign_pdf(source, signed, field, signer, doc=ctx.doc, catalogue=ctx.catalogue, location="Lund")
    answer = check_signed_pdf(window.interaction, ctx.catalogue, ctx, signed)
    assert answer is not None
    answer.resize(820, 250)
    answer.show()
    _save(answer, "verify_answer", app)
    answer.reject()


def agreement_shots(window: MainWindow, app: QApplication) -> None:
    """Arkiv → Överenskommelser… with a 2026 agreement made from the newest one, and the payment decisions
    and repayment under Uppgifter."""
    if not (_wanted("agreements") or _wanted("decisions")):
        return
    from datetime import date

    from PySide6.QtCore import QDate
    from shots_open import opened, show

    from ui.agreements_dialog import AgreementsDialog
    from ui.form_page import FormPage

    dialog = AgreementsDialog(window.catalogue, window.settings, window.interaction, window)
    if "psh-2026" in window.catalogue.agreements:  # made by the first pass: shown again (the dark pass)
        dialog.fill("psh-2026")
    else:
        dialog.new_agreement()
        e = dialog.editor
        e.id_edit.setText("psh-2026")
        e.name_edit.setText("Psykisk hälsa och suicidprevention 2026")
        e.year_spin.setValue(2026)
        e.skr_edit.setText("SKR2025/02817")
        e.dnr_edit.setText("S2025/04711")
        e.payer_box.setCurrentText("Kammarkollegiet")
        dialog.save()
    dialog.resize(1100, 600)
    dialog.show()
    dialog.tree.setFocus()
    dialog.editor.name_edit.setCursorPosition(0)
    _save(dialog, "agreements", app)
    dialog.reject()
    ctx = opened(window)[0]
    if not any(d.dnr == "S2024/00415" for d in ctx.doc.agreement.decisions()):
        from models.storage.agreement import Decision

        ctx.doc.agreement.add_decision(Decision("S2024/00415", date(2024, 2, 8), Decimal("128724464")))
        ctx.refresh()
    box = show(window, "Uppgifter", FormPage).decisions_box
    box.repaid.setDate(QDate(2025, 3, 20))
    box.resize(1000, box.sizeHint().height())
    _save(box, "decisions", app)


def plan_shots(window: MainWindow, app: QApplication, folder: Path, demo: Path, catalogue: Catalogue) -> None:
    """The Plan page and Översikt's forecast warning as of mid-September 2024, when four months are left
    to forecast, and the one-page Prognos PDF of the same day."""
    from datetime import date

    from PySide6.QtCore import QEvent
    from shots_open import opened, show
    from shots_pdf import pdf_page_png

    from exporters.prognos_pdf import render_prognos_pdf
    from models.prognos import build_prognos
    from ui.overview_page import OverviewPage
    from ui.plan_page import PlanPage

    ctx = opened(window)[0]
    ctx.as_of = date(2024, 9, 15)
    ctx.refresh()
    if _wanted("plan"):
        show(window, "Plan", PlanPage).wait_for_figures()  # the costs are read in the background
        _save(window, "plan", app)
    if _wanted("overview_forecast"):
        page = show(window, "Översikt", OverviewPage)
        page.wait_for_figures()  # the chart and the forecast are read in the background
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the replaced labels and axes go now
        _wait(app, 0.3)
        _save(window, "overview_forecast", app)
    if _wanted("prognos") and not PREFIX[0]:  # a PDF page: the same in either palette
        pdf_path = folder / "prognos.pdf"
        pdf_path.write_bytes(render_prognos_pdf(build_prognos(ctx.doc, catalogue, ctx.as_of)))
        pdf_page_png(pdf_path, OUT / "prognos.png", dpi=PDF_DPI)
    ctx.as_of = None
    ctx.refresh()


def window_shots(window: MainWindow, app: QApplication, folder: Path, path: Path, catalogue: Catalogue) -> None:
    """Every page of the example and the main dialogs (the example open in ``window``)."""
    from ui.overview_page import OverviewPage

    assert window.view is not None
    for name, slug in (
        ("Översikt", "overview"),
        ("Kostnader", "costs"),
        ("Uppgifter", "form"),
        ("Export", "export"),
        ("Historik", "history"),
    ):
        page = window.view.show_page(name)
        if slug == "overview":
            assert isinstance(page, OverviewPage)
            page.wait_for_figures()  # the chart is read in the background
        if slug == "export" and _wanted(slug):  # the preview is rendered off the GUI thread: give it time
            _wait(app, 6.0)
        _save(window, slug, app)
    plan_shots(window, app, folder, path, catalogue)
    if _wanted("next_year"):
        from shots_next_year import next_year_shot

        next_year_shot(window, app, _save)
    import_shots(window, app)
    if any(_wanted(n) for n in ("municipalities", "underlag", "portfolio")):
        from shots_rss import rss_shots

        rss_shots(window, app, _save, folder, None if PREFIX[0] else OUT)  # the PDF page once
    signing_shots(window, app, folder)
    if _wanted("agreement") and not PREFIX[0]:  # it saves a new agreement: once
        from shots_agreement_table import agreement_table_shots

        agreement_table_shots(window, app, _save)
    agreement_shots(window, app)
    wizard = NewDocumentWizard(window.catalogue, window.settings, ScriptedInteraction(), window)
    wizard.show()
    _save(wizard, "wizard_agreement", app)
    for _ in range(3):
        wizard.next()
    _save(wizard, "wizard_allocation", app)
    wizard.next()
    _save(wizard, "wizard_contact", app)
    wizard.reject()


def dark_pass(window: MainWindow, app: QApplication, folder: Path, path: Path, catalogue: Catalogue) -> None:
    """The start page, every page and the main dialogs again under Windows' dark mode (``ui.theme.dark_palette``),
    each as dark_NAME.png beside NAME.png; Hjälp → Handbok shows these in dark mode."""
    from shots_look import pause

    from ui import theme

    light = QApplication.palette()
    QApplication.setPalette(theme.dark_palette())
    PREFIX[0] = "dark_"
    try:
        window.close_document()
        shutil.rmtree(folder)  # the documents as the light pictures began: what the light pass did is undone
        shutil.copytree(SNAPSHOT, folder)
        recent, window.settings.recent_files = window.settings.recent_files, []
        folder_setting, window.settings.portfolio_folder = window.settings.portfolio_folder, ""
        window.start.refresh()  # as a first start shows it: nothing opened yet
        window.start.wait()
        window.start.portfolio.reload()
        window.start.portfolio.wait()
        pause(app)
        _save(window, "start", app)
        window.settings.recent_files, window.settings.portfolio_folder = recent, folder_setting
        window.start.refresh()
        window.start.wait()
        window.start.portfolio.reload()
        window.start.portfolio.wait()
        pause(app)
        _save(window, "start_recent", app)
        window.open_path(path)
        pause(app)
        window_shots(window, app, folder, path, catalogue)
    finally:
        PREFIX[0] = ""
        QApplication.setPalette(light)


def main() -> int:
    QLocale.setDefault(QLocale(QLocale.Language.Swedish, QLocale.Country.Sweden))
    app = QApplication(sys.argv[:1])
    from models.catalogue.check import load_catalogue
    from models.demo.example import create_demo
    from models.system.paths import data_dir
    from ui.main_window import MainWindow
    from ui.settings import Settings

    OUT.mkdir(parents=True, exist_ok=True)
    catalogue = load_catalogue()
    folder = data_dir() / "Redovisningar"
    folder.mkdir(parents=True, exist_ok=True)
    path = create_demo(folder / "Skåne län 2024.bidrag", catalogue)
    pdf_pages(folder, path, catalogue)
    shutil.copytree(folder, SNAPSHOT)  # the dark pass starts from the same documents (no exports, no signatures)
    if sys.argv[1:] and all(p.startswith("bilaga") for p in sys.argv[1:]):
        return 0  # only Bilaga 1 pages were asked for: no window
    settings = Settings()
    window = MainWindow(catalogue, settings, ScriptedInteraction())
    window.resize(*SIZE)
    window.show()
    _save(window, "start", app)
    window.open_path(path)
    window.close_document()
    window.start.refresh()
    window.start.wait()  # the recent documents, described in the background
    window.start.portfolio.reload()  # the list of every redovisning, read in the background
    window.start.portfolio.wait()
    _save(window, "start_recent", app)
    window.open_path(path)
    window_shots(window, app, folder, path, catalogue)
    if _wanted("small"):  # the small laptop (docs/shots_look.py)
        from shots_ledger import demo_ledger
        from shots_look import small_shots
        from shots_open import opened

        small_shots(window, app, _save, demo_ledger(opened(window)[0].doc, folder / "Huvudbok för liten skärm.csv"))
    if not sys.argv[1:] or any(p.startswith("dark") for p in sys.argv[1:]):
        dark_pass(window, app, folder, path, catalogue)
    window.close()
    _wait(app, 1.0)  # let background workers finish before the process ends
    return 0


if __name__ == "__main__":
    sys.exit(main())
