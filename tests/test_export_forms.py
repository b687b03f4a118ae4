"""Bilaga 1 for each of the five agreements, both forms, PDF and Excel, from a real document file.

Read back with pypdf and openpyxl: every label of the year's variant is there, the distinguishing
labels of the other variants are not, and every figure equals the model's.
"""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from exporters.run import ExportRefused, export_document
from models.catalogue.check import load_catalogue
from models.document import Cost, Payment
from models.fingerprint import fingerprint
from models.money import format_sek
from models.report import build_report, load_wording, variant_labels
from models.storage.document_file import Document

AGREEMENTS = ["gnv-2019", "gnv-2020", "sjsv-2021", "gnv-2023", "gnv-2024"]
VARIANTS = ["2019", "2020", "2021", "2023"]
FIELDS = {
    "org_number": "232100-0255",
    "contact_person": "Åsa Öberg",
    "postal_address": "Box 1, 291 89 Kristianstad",
    "phone": "044-309 30 00",
    "email": "asa.oberg@skane.se",
    "dnr_agreement": "S2024/00123",
    "dnr_payment": "S2024/00456",
    "giro": "5050-1055",
    "payment_reference": "Bidrag Skåne",
    "attestation": "alt1",
    "chief_name": "Göran Ärlig",
    "chief_title": "Ekonomidirektör",
    "chief_phone": "040-675 30 00",
    "chief_email": "goran.arlig@skane.se",
    "signatory_name": "Märta Ödman",
    "sign_date": "2025-03-14",
}
CATEGORIES = ["Personal", "Kompetenshöjande insatser", "IT och infrastruktur", "Köpta tjänster"]


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def make_doc(path: Path, catalogue, agreement_id: str, *, fields=FIELDS, n: int = 40) -> Document:
    agreement = catalogue.agreement(agreement_id)
    recipient = catalogue.find_recipient("Region Skåne")
    doc = Document.create(path, agreement_id, recipient.id, catalogue)
    for name, value in fields.items():
        doc.set_field(name, value)
    streams = list(agreement.streams_for("region"))
    for s in streams[:2]:
        if not doc.allocation().get(s):
            doc.set_allocation(s, "1 000 000")
    doc.add_payment(Payment(date(agreement.year, 2, 1), Decimal("1500000.00")))
    for i in range(n):
        doc.costs.add_cost(
            Cost(
                date=date(agreement.year, 1 + i % 12, 1 + i % 27),
                amount=Decimal(10000 + i * 1234) + Decimal(i % 100) / 100,
                stream=streams[i % min(2, len(streams))],
                category=CATEGORIES[i % len(CATEGORIES)],
                text=f"Insats {i} på vårdcentralen i Hörby",
                voucher=f"V{i}",
            )
        )
    return doc


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return norm(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def expected_labels(variant: str, form: str, chief: str) -> list[str]:
    words = load_wording(variant)[form]
    labels = variant_labels(variant, form)
    if form == "redovisning":  # Alt 1 is chosen: N.N. is replaced by the chief's name
        alt1 = words["granskning"]["alt1"]
        labels = [lab.replace("N.N.", chief, 1) if lab == alt1 else lab for lab in labels]
    return [norm(lab) for lab in labels]


def foreign_labels(variant: str, form: str) -> list[str]:
    """Labels of other variants that are not part of any label of this one."""
    mine = [norm(x) for x in variant_labels(variant, form) + list(load_wording(variant)["intro"])]
    out = set()
    for other in VARIANTS:
        if other == variant:
            continue
        for lab in variant_labels(other, form) + list(load_wording(other)["intro"]):
            lab = norm(lab.replace("{year}", "2023"))
            if not any(lab in m for m in mine):
                out.add(lab)
    return sorted(out)


def eval_cell(ws, ref: str) -> Decimal:
    """Evaluate the few formulas the exporter writes (SUM of cells, MAX(a-b,0), =cell)."""
    value = ws[ref].value
    if not isinstance(value, str):
        return Decimal(str(value))
    if m := re.fullmatch(r"=SUM\((.*)\)", value):
        return sum((eval_cell(ws, r) for r in m.group(1).split(",")), Decimal("0"))
    if m := re.fullmatch(r"=MAX\((B\d+)-(B\d+),0\)", value):
        return max(eval_cell(ws, m.group(1)) - eval_cell(ws, m.group(2)), Decimal("0"))
    if m := re.fullmatch(r"=(B\d+)-(B\d+)", value):
        return eval_cell(ws, m.group(1)) - eval_cell(ws, m.group(2))
    if value == "=0":
        return Decimal("0")
    if m := re.fullmatch(r"=(B\d+)", value):
        return eval_cell(ws, m.group(1))
    raise AssertionError(f"unexpected formula {value}")


def sheet_amounts(ws) -> list[tuple[str, Decimal]]:
    """(label in column A, evaluated amount in column B), top to bottom."""
    out = []
    for row in range(1, ws.max_row + 1):
        label, value = ws[f"A{row}"].value, ws[f"B{row}"].value
        if (
            label
            and isinstance(value, (int, float, Decimal, str))
            and (not isinstance(value, str) or value.startswith("="))
        ):
            out.append((label.strip(), eval_cell(ws, f"B{row}")))
    return out


@pytest.mark.parametrize("agreement_id", AGREEMENTS)
@pytest.mark.parametrize("form", ["redovisning", "rekvisition"])
def test_each_agreement_exports_its_own_wording_and_the_models_figures(tmp_path, catalogue, agreement_id, form):
    import openpyxl

    doc = make_doc(tmp_path / "d.bidrag", catalogue, agreement_id)
    variant = catalogue.agreement(agreement_id).form
    result = export_document(
        doc, catalogue, form=form, pdf=tmp_path / "out.pdf", xlsx=tmp_path / "out.xlsx", with_ledger=True
    )
    report = build_report(doc, catalogue, form)
    ledger_rows = list(doc.costs.iter_costs(order="date")) if form == "redovisning" else None
    assert result.fingerprint == fingerprint(report, ledger=ledger_rows)
    text = pdf_text((tmp_path / "out.pdf").read_bytes())
    wb = openpyxl.load_workbook(tmp_path / "out.xlsx")
    ws = wb["Ekonomisk redovisning" if form == "redovisning" else "Rekvisition"]
    sheet_text = norm(" ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None))
    for label in expected_labels(variant, form, "Göran Ärlig"):
        assert label in text, f"PDF lacks {label!r}"
        assert label in sheet_text, f"xlsx lacks {label!r}"
    foreign = foreign_labels(variant, form)
    assert foreign, "each variant must differ from the others somewhere"
    for label in foreign:
        assert label not in text, f"PDF of {variant} has {label!r} of another variant"
        assert label not in sheet_text, f"xlsx of {variant} has {label!r} of another variant"
    # every figure of the report, in the PDF as Swedes write it and in the sheet as a number
    amounts = sheet_amounts(ws)
    expected = [(r.label.strip(), r.amount) for r in report.rows() if r.amount is not None]
    assert amounts == expected
    for _label, amount in expected:
        assert norm(format_sek(amount, decimals=True)) in text, amount
    assert f"Kontrollsumma {result.fingerprint}" in text
    assert "Organisationsnummer 232100-0255" in text
    pages = len(re.findall(r"Sida \d+ av (\d+)", text))
    assert pages >= 1
    if form == "redovisning":
        s = report.figures
        assert (load_wording(variant)["redovisning"]["verksamhet"]["costs_total"], s["costs_total"]) in amounts
        ledger = wb["Kostnader"]
        assert ledger.freeze_panes == "A2" and ledger.auto_filter.ref.startswith("A1:")
        assert sum(Decimal(str(ledger[f"B{r}"].value)) for r in range(2, 42)) == s["costs_total"]
        assert "Bilaga: Kostnadsrader per ström" in text
    assert [e.fingerprint for e in doc.exports()] == [result.fingerprint]
    doc.close()


def test_final_export_is_refused_listing_every_missing_field_and_no_file_is_written(tmp_path, catalogue):
    fields = {k: v for k, v in FIELDS.items() if k not in ("org_number", "dnr_agreement", "attestation")}
    doc = make_doc(tmp_path / "d.bidrag", catalogue, "gnv-2024", fields=fields, n=3)
    with pytest.raises(ExportRefused) as err:
        export_document(doc, catalogue, form="redovisning", pdf=tmp_path / "x.pdf")
    message = str(err.value)
    assert "Organisationsnummer saknas." in message
    assert "Regeringskansliets diarienummer för överenskommelsen saknas." in message
    assert "Ekonomichefens bedömning saknas." in message
    assert not (tmp_path / "x.pdf").exists()
    assert doc.exports() == []


def test_draft_is_exported_anyway_and_every_page_says_utkast(tmp_path, catalogue):
    from pypdf import PdfReader

    doc = make_doc(tmp_path / "d.bidrag", catalogue, "gnv-2023", fields={"contact_person": "Åsa"}, n=150)
    export_document(doc, catalogue, form="redovisning", pdf=tmp_path / "x.pdf", draft=True, with_ledger=True)
    pages = PdfReader(tmp_path / "x.pdf").pages
    assert len(pages) > 2
    for i, page in enumerate(pages, 1):
        t = norm(page.extract_text())
        assert "UTKAST" in t
        assert f"Sida {i} av {len(pages)}" in t
    assert doc.exports()[0].draft is True


def test_alt2_names_the_chief_and_shows_the_deviations(tmp_path, catalogue):
    fields = {**FIELDS, "attestation": "alt2", "deviations": "Kostnaderna för Ambulans saknar underlag; åtgärdas."}
    doc = make_doc(tmp_path / "d.bidrag", catalogue, "gnv-2024", fields=fields, n=3)
    report = build_report(doc, catalogue)
    alt1, alt2 = report.row("alt1"), report.row("alt2")
    assert alt2.checked and not alt1.checked
    assert alt2.label.startswith("Alt 2: Göran Ärlig (ekonomichefen eller motsvarande) bedömer inte")
    assert alt1.label.startswith("Alt 1: N.N.")
    assert report.row("deviations").value == fields["deviations"]
