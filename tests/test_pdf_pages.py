"""Bilaga 1 on paper: a form that fits one A4 page prints on one page, the signature block whole.

The finance chief signs the exported form in original, so the signature block (heading, statement,
Datum, Underskrift, Namnförtydligande) must stand on the same page as the figures it vouches for.
The documents are filled the way the example document is (two-line postal address, long e-mail
address) and carry each agreement's full name from the catalogue, the longest text on the form.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from helpers import catalogue
from pypdf import PdfReader

from exporters.pdf import render_pdf
from exporters.run import export_document
from models.demo.example import FIELDS, create_demo, generate_costs
from models.document import Payment
from models.errors import UserError
from models.money import format_sek
from models.report import build_report, load_wording
from models.storage.document_file import Document

AGREEMENTS = ["gnv-2019", "gnv-2020", "sjsv-2021", "gnv-2023", "gnv-2024"]
VARIANT = {"gnv-2019": "2019", "gnv-2020": "2020", "sjsv-2021": "2021", "gnv-2023": "2023", "gnv-2024": "2023"}
RECIPIENTS = ["region-12", "rss-12"]


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def pages_of(data: bytes) -> list[str]:
    return [norm(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def make_doc(path: Path, agreement_id: str, recipient_id: str, *, costs: int = 60) -> Document:
    """A filled document with costs in every stream of the agreement and one payment."""
    fields = {**FIELDS, "sign_date": "2025-03-14"}
    doc = Document.create(path, agreement_id, recipient_id, catalogue(), fields=fields)
    streams = list(doc.allocation())
    for stream in streams:
        if not doc.allocation()[stream]:
            doc.set_allocation(stream, "4 000 000")
    year = catalogue().agreement(agreement_id).year
    doc.add_payment(Payment(date(year, 2, 15), Decimal("3000000.00")))
    if streams and costs:
        rows = [
            replace(c, stream=streams[i % len(streams)], date=c.date.replace(year=year))
            for i, c in enumerate(generate_costs(costs))
        ]
        doc.costs.add_costs(rows, file="huvudbok.xlsx")
    return doc


def signature_words(variant: str, form: str) -> list[str]:
    words = load_wording(variant)[form]["underskrift"]
    return [norm(words[k]) for k in ("heading", "statement", "date", "signature", "name")]


def assert_numbered(pages: list[str]) -> None:
    for i, text in enumerate(pages, 1):
        assert f"Sida {i} av {len(pages)}" in text, (i, text[:200])


@pytest.mark.parametrize("draft", [False, True], ids=["final", "draft"])
@pytest.mark.parametrize("recipient_id", RECIPIENTS)
@pytest.mark.parametrize("agreement_id", AGREEMENTS)
def test_rekvisition_is_one_page_with_the_signature_beside_the_amount(tmp_path, agreement_id, recipient_id, draft):
    doc = make_doc(tmp_path / "d.bidrag", agreement_id, recipient_id, costs=0)
    allocated = sum(doc.allocation().values())
    requested = min(allocated, Decimal("128724464"))  # a final rekvisition asks for at most the allocation
    doc.set_field("requested_amount", str(requested))
    out = tmp_path / "rekvisition.pdf"
    if not requested and not draft:  # no streams for this kind of recipient that year: nothing to requisition
        with pytest.raises(UserError, match="Beloppet som rekvireras är 0 kr"):
            export_document(doc, catalogue(), form="rekvisition", pdf=out, today=date(2025, 3, 14))
        assert not out.exists()
        return
    export_document(doc, catalogue(), form="rekvisition", pdf=out, draft=draft, today=date(2025, 3, 14))
    doc.close()
    pages = pages_of(out.read_bytes())
    assert len(pages) == 1, f"the rekvisition runs over {len(pages)} pages"
    text = pages[0]
    assert "Sida 1 av 1" in text
    assert "Belopp som rekvireras" in text and format_sek(requested, decimals=True) in text
    for word in signature_words(VARIANT[agreement_id], "rekvisition"):
        assert word in text
    assert "Maria Nilsson" in text


def test_the_example_redovisning_has_figures_attestation_and_signature_on_its_last_page(tmp_path):
    path = create_demo(tmp_path / "demo.bidrag", catalogue(), today=date(2025, 3, 14))
    doc = Document.open(path)
    report = build_report(doc, catalogue(), "redovisning", today=date(2025, 3, 14))
    doc.close()
    pages = pages_of(render_pdf(report))
    assert len(pages) == 2
    assert_numbered(pages)
    last = pages[-1]
    words = load_wording("2023")["redovisning"]
    assert norm(words["verksamhet"]["costs_total"]) in last
    assert norm(words["granskning"]["heading"]) in last
    for word in signature_words("2023", "redovisning"):
        assert word in last
    assert "Maria Nilsson" in last


@pytest.mark.parametrize("recipient_id", RECIPIENTS)
@pytest.mark.parametrize("agreement_id", AGREEMENTS)
def test_redovisning_keeps_the_signature_whole_on_the_last_page_with_the_attestation(
    tmp_path, agreement_id, recipient_id
):
    """Up to three streams the form is two pages, figures and signature on the second; more streams
    (2020 and 2023 regions: six and seven) run on, the attestation and signature together at the end."""
    doc = make_doc(tmp_path / "d.bidrag", agreement_id, recipient_id)
    streams = len(doc.allocation())
    report = build_report(doc, catalogue(), "redovisning", today=date(2025, 3, 14))
    doc.close()
    pages = pages_of(render_pdf(report, draft=True))
    assert_numbered(pages)
    variant = VARIANT[agreement_id]
    words = load_wording(variant)["redovisning"]
    last = pages[-1]
    if streams <= 3:
        assert len(pages) == 2, f"{streams} streams on {len(pages)} pages"
        assert norm(words["verksamhet"]["costs_total"]) in last
    else:
        assert len(pages) == 3, f"{streams} streams on {len(pages)} pages"
    assert norm(words["granskning"]["heading"]) in last
    heading, statement, _date, _signature, name = signature_words(variant, "redovisning")
    for word in signature_words(variant, "redovisning"):
        assert word in last
    assert not any(heading in page or statement in page or name in page for page in pages[:-1])


def test_a_thirty_line_address_continues_after_the_form_and_the_signature_stays_beside_the_amount(tmp_path):
    doc = make_doc(tmp_path / "d.bidrag", "gnv-2024", "rss-12", costs=0)
    doc.set_field("postal_address", "\n".join(f"Adressrad {i}" for i in range(1, 31)))
    report = build_report(doc, catalogue(), "rekvisition", today=date(2025, 3, 14))
    doc.close()
    pages = pages_of(render_pdf(report))
    assert_numbered(pages)
    assert "fortsätter under ”Fortsättning” efter blanketten" in pages[0]
    amount = next(page for page in pages if "Belopp som rekvireras" in page)
    for word in signature_words("2023", "rekvisition"):
        assert word in amount
    text = " ".join(pages)
    rest = text[text.index("Fortsättning 1. Kontaktuppgifter – Postadress") :]
    assert all(f"Adressrad {i} " in text for i in range(1, 31))
    assert "Adressrad 30" in rest and "Adressrad 1 " not in rest
