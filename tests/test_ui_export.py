"""The Export page: preview, final PDF and Excel, refusal with missing fields, draft, open, cancel."""

from __future__ import annotations

import threading
import zipfile

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QUrl

from models.catalogue.check import load_catalogue
from models.demo.example import create_demo
from models.errors import UserError
from models.storage.document_file import Document
from ui import worker
from ui.doc_context import DocContext
from ui.export_page import ExportPage
from ui.interaction import ScriptedInteraction
from ui.settings import Settings


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


class _Page(ExportPage):
    """The Export page with the system's file opener replaced by a list of what it was asked to open."""

    def __init__(self, ctx: DocContext) -> None:
        super().__init__(ctx)
        self.opened: list[QUrl] = []

    def open_url(self, url: QUrl) -> bool:
        self.opened.append(url)
        return True


def _page(qtbot, doc, catalogue, interaction):
    ctx = DocContext(doc, catalogue, Settings(), interaction)
    page = _Page(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    return page


@pytest.fixture
def demo(tmp_path, catalogue):
    doc = Document.open(create_demo(tmp_path / "demo.bidrag", catalogue))
    yield doc
    doc.close()


@pytest.fixture
def empty(tmp_path, catalogue):
    doc = Document.create(tmp_path / "tom.bidrag", "gnv-2024", "rss-12", catalogue)
    yield doc
    doc.close()


def test_preview_shows_pdf_pages(qtbot, demo, catalogue):
    page = _page(qtbot, demo, catalogue, ScriptedInteraction())
    with qtbot.waitSignal(page.preview_ready, timeout=20000):
        page.show()
    assert page.pdf.pageCount() >= 1
    assert "Utkast" in page.preview_status.text()
    assert "ifyllda" in page.problems.text()
    with qtbot.waitSignal(page.preview_ready, timeout=20000):
        page.form_box.setCurrentIndex(1)  # Rekvisition
    assert page.pdf.pageCount() >= 1
    page.wait_for_threads()


def test_export_pdf_and_excel_then_open(qtbot, tmp_path, demo, catalogue):
    pdf, xlsx = tmp_path / "ut" / "redovisning.pdf", tmp_path / "ut" / "redovisning.xlsx"
    pdf.parent.mkdir()
    interaction = ScriptedInteraction(files=[pdf, xlsx])
    page = _page(qtbot, demo, catalogue, interaction)
    done = page.export_final("redovisning", "pdf")
    assert done is not None and done.paths == [pdf]
    reader = PdfReader(str(pdf))
    text = "".join(p.extract_text() for p in reader.pages)
    assert "Kommunförbundet Skåne" in text
    assert "UTKAST" not in text
    assert page.done_frame.isVisibleTo(page)
    assert not page.done_note.isVisibleTo(page)  # noted in the history: nothing more to say
    page.open_exported_file()
    page.open_exported_folder()
    assert [u.toLocalFile() for u in page.opened] == [str(pdf), str(pdf.parent)]
    page.ledger_box.setChecked(True)
    done = page.export_final("redovisning", "xlsx")
    assert done is not None
    with zipfile.ZipFile(xlsx) as z:
        assert "xl/workbook.xml" in z.namelist()
    assert [e.formats for e in demo.exports()] == ["pdf", "xlsx, med kostnadsrader"]
    assert page.history.topLevelItemCount() == 2
    assert page.history.topLevelItem(0).text(2) == "Slutlig"
    assert done.fingerprint in page.history.topLevelItem(0).text(4)


def test_read_only_document_exports_the_final_form_with_a_calm_note(qtbot, tmp_path, catalogue):
    path = create_demo(tmp_path / "låst.bidrag", catalogue)
    pdf = tmp_path / "redovisning.pdf"
    interaction = ScriptedInteraction(files=[pdf])
    with Document.open(path, readonly=True) as doc:
        page = _page(qtbot, doc, catalogue, interaction)
        assert page.pdf_button.isEnabled()
        page.pdf_button.click()
        assert interaction.texts("warn") == [] and interaction.texts("error") == []
        assert "UTKAST" not in "".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
        assert page.done_frame.isVisibleTo(page)
        assert page.done_label.text().startswith("Exporten är sparad: redovisning.pdf")
        assert page.done_note.isVisibleTo(page)
        assert page.done_note.text() == (
            "Exporten kunde inte antecknas i redovisningens historik eftersom redovisningen är öppnad skrivskyddad."
        )
        assert page.history.topLevelItemCount() == 0
    with Document.open(path) as doc:
        assert doc.exports() == []


def test_missing_fields_refused_in_swedish_and_draft_offered(qtbot, tmp_path, empty, catalogue):
    draft = tmp_path / "utkast.pdf"
    interaction = ScriptedInteraction(confirms=[False, True], files=[draft])
    page = _page(qtbot, empty, catalogue, interaction)
    assert page.export_final("redovisning", "pdf") is None
    refusal = interaction.texts("confirm")[0]
    assert "Organisationsnummer saknas." in refusal
    assert "utkast" in refusal
    assert not draft.exists()
    done = page.export_final("redovisning", "pdf")  # this time yes: a draft
    assert done is not None and done.draft
    text = "".join(p.extract_text() for p in PdfReader(str(draft)).pages)
    assert "UTKAST" in text
    assert all(e.draft for e in empty.exports())  # never recorded as a final export


def test_requisition_and_draft_buttons_ask_for_a_file(qtbot, tmp_path, demo, catalogue):
    interaction = ScriptedInteraction(files=[tmp_path / "rekvisition", None])
    page = _page(qtbot, demo, catalogue, interaction)
    page.requisition_button.click()
    assert (tmp_path / "rekvisition.pdf").is_file()
    assert demo.exports()[-1].form == "rekvisition"
    page.draft_button.click()  # the file dialog is cancelled: nothing happens
    assert len(demo.exports()) == 1


def test_cancelled_export_writes_nothing(qtbot, tmp_path, demo, catalogue, monkeypatch):
    target = tmp_path / "avbruten.pdf"
    interaction = ScriptedInteraction(files=[target])
    page = _page(qtbot, demo, catalogue, interaction)
    real = worker.run_task

    def cancel_first(parent, label, fn, **kw):
        return real(parent, label, fn, on_start=lambda task: task.cancel(), **kw)

    monkeypatch.setattr("ui.export_page.run_task", cancel_first)
    assert page.export_final("redovisning", "pdf") is None
    assert not target.exists()
    assert demo.exports() == []
    assert "avbröts" in interaction.texts("info")[-1]


def test_worker_runs_off_gui_thread_and_returns_errors(qtbot):
    seen = {}

    def work(progress, cancel):
        seen["thread"] = threading.current_thread()
        for i in range(5):
            progress(i)
        return 42

    assert worker.run_task(None, "Räknar…", work, maximum=5) == 42
    assert seen["thread"] is not threading.main_thread()

    def fails(progress, cancel):
        raise UserError("Filen är trasig.")

    with pytest.raises(UserError, match="Filen är trasig"):
        worker.run_task(None, "Läser…", fails)


def test_a_final_export_with_the_cost_rows_is_not_reported_as_changed_until_a_cost_changes(
    qtbot, tmp_path, demo, catalogue
):
    """The fingerprint covers the appendix, so Översikt compares with the one that was printed."""
    from exporters.run import export_document
    from ui.overview_page import changed_since_export

    ctx = DocContext(demo, catalogue, Settings(), ScriptedInteraction())
    result = export_document(demo, catalogue, pdf=tmp_path / "r.pdf", with_ledger=True)
    assert demo.exports()[-1].formats == "pdf, med kostnadsrader"
    assert changed_since_export(ctx) is None
    page = _page(qtbot, demo, catalogue, ScriptedInteraction())
    page._show_fingerprint(_report(demo, catalogue))
    assert f"Med kostnadsrader: {result.fingerprint}. Samma som den slutliga exporten" in page.fingerprint_label.text()
    cost = next(demo.costs.iter_costs())
    demo.costs.update_cost(cost.id, text=cost.text + " (rättad)")  # no figure changes, the appendix does
    assert changed_since_export(ctx).startswith("Ändrad sedan versionen som exporterades")


def _report(doc, catalogue):
    from models.report import build_report

    return build_report(doc, catalogue, "redovisning")
