"""The workbook as a finance chief and a mail preview see it: figures without recalculation, the
same fingerprint as the PDF, printed at 9 pt or more with every sheet's header and footer, the
rekvisition a draft unless it passes its checks, the ledger only when asked for, long text whole."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from decimal import Decimal

import openpyxl
import pytest
from helpers import catalogue
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from test_export_samples import FIELDS, sample_report
from test_form_layout import FREE, fields_with, filler, limit
from test_pdf_pages import make_doc

from exporters import DRAFT_MARK, DRAFT_NOTICES
from exporters.pdf import render_pdf
from exporters.run import export_document
from exporters.xlsx import render_xlsx

CENT = Decimal("0.01")


def _load(data: bytes, **kw):
    return openpyxl.load_workbook(io.BytesIO(data), **kw)


def _money(value) -> Decimal:
    return Decimal(str(value)).quantize(CENT)


@pytest.mark.parametrize("received", [None, Decimal("1000000.00")])
@pytest.mark.parametrize("agreement_id", ["gnv-2019", "gnv-2023"])
def test_a_viewer_that_does_not_recalculate_sees_every_figure_to_the_ore(agreement_id, received):
    report, costs = sample_report(agreement_id, received=received)
    data = render_xlsx(report, ledger=costs)
    cached = _load(data, data_only=True)["Ekonomisk redovisning"]
    got = [(c.value.strip(), _money(b.value)) for c, b in cached.iter_rows(max_col=2) if isinstance(b.value, float)]
    assert got == [(r.label.strip(), r.amount) for r in report.rows() if r.amount is not None]
    formulas = [b.value for _, b in _load(data)["Ekonomisk redovisning"].iter_rows(max_col=2)]
    sums = sum(1 for r in report.rows() if r.calc)
    assert sums >= 2 and sum(1 for f in formulas if isinstance(f, str) and f.startswith("=")) == sums  # formulas
    ledger = _load(data, data_only=True)["Kostnader"]
    total = next(row for row in ledger.iter_rows(values_only=True) if row[0] == "Summa")[1]
    assert _money(total) == sum((c.amount for c in costs), Decimal("0.00"))


def test_2019_shows_bidrag_minus_total_costs_negative_in_both_exports():
    report, costs = sample_report("gnv-2019", received=Decimal("1000000.00"))
    total = sum((c.amount for c in costs), Decimal("0.00"))
    assert report.row("unspent").amount == Decimal("1000000.00") - total < 0
    ws = _load(render_xlsx(report), data_only=True)["Ekonomisk redovisning"]
    row = next(r for r in ws.iter_rows(max_col=2) if str(r[0].value).startswith("Medel som inte har förbrukats"))
    assert _money(row[1].value) == Decimal("1000000.00") - total


def test_one_export_has_one_fingerprint_in_pdf_and_workbook_and_drafts_differ(tmp_path):
    doc = make_doc(tmp_path / "d.bidrag", "gnv-2024", "region-12")
    cat = catalogue()
    final = export_document(doc, cat, pdf=tmp_path / "f.pdf", xlsx=tmp_path / "f.xlsx", with_ledger=True)
    draft = export_document(doc, cat, pdf=tmp_path / "d.pdf", xlsx=tmp_path / "d.xlsx", draft=True, with_ledger=True)
    plain = export_document(doc, cat, pdf=tmp_path / "p.pdf", draft=True)
    rek = {d: export_document(doc, cat, form="rekvisition", pdf=tmp_path / "r.pdf", draft=d) for d in (False, True)}
    doc.close()
    assert len({final.fingerprint, draft.fingerprint, plain.fingerprint}) == 3
    for result, stem in ((final, "f"), (draft, "d")):
        wb = openpyxl.load_workbook(tmp_path / f"{stem}.xlsx")
        props = {p.name: p.value for p in wb.custom_doc_props.props}
        assert props["BidragskollenKontrollsumma"] == result.fingerprint
        assert props["BidragskollenUtkast"] == ("true" if result.draft else "false")
        assert props["BidragskollenKostnadsrader"] == "true"
        info = PdfReader(tmp_path / f"{stem}.pdf").metadata
        assert info["/BidragskollenKontrollsumma"] == result.fingerprint
        for ws in wb:  # the rekvisition's sheet carries the fingerprint of the rekvisition's own PDF
            fp = rek[result.draft].fingerprint if ws.title == "Rekvisition" else result.fingerprint
            assert f"Kontrollsumma {fp}" in ws.oddFooter.left.text
            assert "Organisationsnummer 222000-1362" in ws.oddHeader.left.text
            assert ws.oddHeader.right.text == "Sida &P av &N"


def test_the_ledger_sheet_only_when_asked_for_and_the_rekvisition_a_draft_until_it_passes(tmp_path):
    cat = catalogue()
    doc = make_doc(tmp_path / "d.bidrag", "gnv-2024", "region-12")
    doc.set_field("giro", "")  # the rekvisition needs it; the redovisning does not
    export_document(doc, cat, xlsx=tmp_path / "a.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "a.xlsx")
    assert wb.sheetnames == ["Ekonomisk redovisning", "Rekvisition"]
    assert wb["Rekvisition"]["A1"].value == DRAFT_MARK and "UTKAST" in wb["Rekvisition"].oddHeader.center.text
    assert wb["Ekonomisk redovisning"]["A1"].value != DRAFT_MARK
    assert "Bankgiro/Plusgiro saknas." in [c.value for c in wb["Rekvisition"]["A"]][:20] or any(
        "Bankgiro/Plusgiro saknas" in str(c.value) for c in wb["Rekvisition"]["A"]
    )
    doc.set_field("giro", FIELDS["giro"])
    export_document(doc, cat, xlsx=tmp_path / "b.xlsx", with_ledger=True)
    doc.close()
    wb = openpyxl.load_workbook(tmp_path / "b.xlsx")
    assert wb.sheetnames == ["Ekonomisk redovisning", "Rekvisition", "Kostnader"]
    assert wb["Rekvisition"]["A1"].value != DRAFT_MARK and not wb["Rekvisition"].oddHeader.center.text


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_prints_every_sheet_at_9_pt_or_more_with_the_signature_block_on_one_page(tmp_path):
    fields = {**FIELDS, "postal_address": "\n".join(f"Adressrad {i}" for i in range(12))}
    report, costs = sample_report("gnv-2023", fields=fields)
    rek, _ = sample_report("gnv-2023", "rekvisition")
    src = tmp_path / "bilaga1.xlsx"
    src.write_bytes(render_xlsx(report, ledger=costs[:150], others=[rek]))
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(src)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pages = PdfReader(tmp_path / "bilaga1.pdf").pages
    texts = []
    for page in pages:
        sizes: list[float] = []

        def seen(t, cm, tm, _font, size, sizes=sizes):
            if t.strip():
                sizes.append(size * tm[0] * cm[0])

        text = page.extract_text(visitor_text=seen)
        assert min(sizes) >= 8.95, f"text printed at {min(sizes):.1f} pt"
        assert "Kontrollsumma" in text and "Region Skåne" in text
        texts.append(" ".join(text.split()))
    signature = [i for i, t in enumerate(texts) if "Bidragstagaren intygar att lämnade uppgifter är riktiga." in t]
    assert signature
    for i in signature:
        assert "Datum" in texts[i] and "Underskrift" in texts[i] and "Namnförtydligande" in texts[i]
    assert "Fortsättning" in " ".join(texts)


LAYOUT = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("form", ["redovisning", "rekvisition"])
@LAYOUT
@given(data=st.data())
def test_any_lengths_the_fields_accept_fit_their_cells_and_continue_whole(form, data):
    variant = data.draw(st.sampled_from(["gnv-2019", "gnv-2020", "sjsv-2021", "gnv-2023"]), label="variant")
    spec = data.draw(st.sampled_from(FREE), label="field")
    text = filler(data.draw(st.integers(1, limit(spec.kind))), data.draw(st.integers(1, 60)), 5, spec.kind)
    report, _ = sample_report(variant, form, fields=fields_with({spec.name: text}))
    ws = _load(render_xlsx(report, draft=data.draw(st.booleans())))[
        "Ekonomisk redovisning" if form == "redovisning" else "Rekvisition"
    ]
    cells = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert all(len(v) <= 32767 for v in cells)
    assert all((d.height or 0) <= 409 for d in ws.row_dimensions.values())
    shown = " ".join(cells)
    words = re.compile(r"\b(\d+)ö")
    kept = normalized = " ".join(fields_with({spec.name: text})[spec.name].split())
    if any(r.key == spec.name or r.value == kept for r in report.rows()) and words.search(kept):
        # every numbered word of the field, once and in order, between its box and "Fortsättning"
        found = words.findall(shown)
        expected = words.findall(normalized)
        assert [w for w in found if w in set(expected)][-len(expected) :] == expected


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_costs_outside_the_period_are_listed_apart_and_the_appendix_total_is_the_forms(tmp_path):
    """The example document has costs dated outside its report period: the form leaves them out, and
    so do the appendix's and the Kostnader sheet's totals, which list them apart."""
    from datetime import date

    from models.demo.example import create_demo
    from models.money import format_sek
    from models.report import build_report
    from models.storage.document_file import Document

    cat = catalogue()
    doc = Document.open(create_demo(tmp_path / "demo.bidrag", cat, today=date(2025, 3, 14)))
    report = build_report(doc, cat)
    total, outside = report.figures["costs_total"], report.figures.get("outside_period", Decimal("0.00"))
    assert outside > 0, "the example is meant to have costs outside the period"
    (tmp_path / "in").mkdir()
    export_document(doc, cat, pdf=tmp_path / "r.pdf", xlsx=tmp_path / "in" / "r.xlsx", with_ledger=True)
    doc.close()
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(tmp_path / "r.pdf").pages)
    appendix = text[text.index("Bilaga: Kostnadsrader per ström") :].replace("\u00a0", " ")
    assert f"{format_sek(total, decimals=True)} Summa kostnader" in appendix
    assert "Utanför redovisningsperioden" in appendix
    assert f"{format_sek(outside, decimals=True)} Summa utanför perioden" in appendix

    def sums(path) -> tuple[Decimal, Decimal]:
        ws = openpyxl.load_workbook(path, data_only=True)["Kostnader"]
        rows = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0] in ("Summa", "Utanför")}
        return _money(rows["Summa"]), _money(rows["Utanför"])

    assert sums(tmp_path / "in" / "r.xlsx") == (total, outside)  # as stored
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--calc", "--convert-to",
         "xlsx", "--outdir", str(tmp_path / "out"), str(tmp_path / "in" / "r.xlsx")],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    assert sums(tmp_path / "out" / "r.xlsx") == (total, outside)  # as LibreOffice computes them


def test_a_draft_says_the_same_words_in_the_pdf_and_the_workbook_with_what_to_put_right():
    fields = {k: v for k, v in FIELDS.items() if k != "giro"}
    report, _ = sample_report("gnv-2024", "rekvisition", fields=fields)
    pdf = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(render_pdf(report, draft=True))).pages
    )
    cells = [c.value for row in _load(render_xlsx(report, draft=True))["Rekvisition"].iter_rows() for c in row]
    for words in (DRAFT_MARK, DRAFT_NOTICES, "• Bankgiro/Plusgiro saknas."):
        assert words in pdf and words in cells
    assert "ska inte undertecknas" not in pdf
    final = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(report))).pages)
    assert "UTKAST" not in final and DRAFT_NOTICES not in final
