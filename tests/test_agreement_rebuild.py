"""Issue 11, item 8: gnv-2024 rebuilt by a user through the agreement commands and pasted PDF text alone.

The template, the streams, the deadlines, then Bilaga 3 and Bilaga 2 as text copied from the
agreement's PDF (cells and thousands both single spaces). A document made from the rebuilt agreement
has the same allocation for all 42 recipients, and exports the same form text, as one made from the
built-in gnv-2024.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from seeds import SEED_2024

from cli import run_cli
from exporters.run import export_document
from models.catalogue.user import load_full_catalogue
from models.report import build_report
from models.storage.document_file import Document

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.usefixtures("seeds")
FIELDS = {
    "org_number": "232100-0255",
    "contact_person": "Åsa Öberg",
    "postal_address": "Box 1, 291 89 Kristianstad",
    "phone": "044-309 30 00",
    "email": "asa.oberg@example.se",
    "dnr_agreement": "S2023/04512",
    "dnr_payment": "S2024/00456",
    "giro": "5050-1055",
    "payment_reference": "Bidrag",
    "attestation": "alt1",
    "chief_name": "Göran Ärlig",
    "chief_title": "Ekonomidirektör",
    "chief_phone": "040-675 30 00",
    "chief_email": "goran.arlig@example.se",
    "signatory_name": "Märta Ödman",
    "sign_date": "2025-03-14",
}


def copied_from_pdf(caption: str) -> str:
    """A seed table from its caption to its Totalt row, as a PDF reader copies it: no tabs, no markup."""
    lines = SEED_2024.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip("* ").startswith(caption))
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("Totalt"))
    return "\n".join(" ".join(line.replace("**", "").split()) for line in lines[start : end + 1])


def cli(capsys: pytest.CaptureFixture[str], command: str) -> str:
    code = run_cli(shlex.split(command))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


@pytest.fixture
def rebuilt(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    name = load_full_catalogue().agreement("gnv-2024").name
    cli(capsys, f"agreement new gnv-2024-egen --from gnv-2024 --name '{name}' --year 2024 --skr-arende SKR2023/02163")
    cli(capsys, "agreement streams gnv-2024-egen 'Nära vård:region,rss' Ambulans:region")
    cli(capsys, "agreement set gnv-2024-egen deadlines.requisition=2024-12-01 deadlines.repayment=2025-03-31")
    cli(capsys, "agreement set gnv-2024-egen deadlines.report=2025-03-31")
    (tmp_path / "bilaga3.txt").write_text(copied_from_pdf("Bilaga 3."), encoding="utf-8")
    (tmp_path / "bilaga2.txt").write_text(copied_from_pdf("Bilaga 2."), encoding="utf-8")
    totals = "--total 'Nära vård=2 420 000 000' --total 'Ambulans=46 000 000' --total 'Totalt=2 466 000 000'"
    out = cli(capsys, f"agreement table gnv-2024-egen --kind region {tmp_path / 'bilaga3.txt'} {totals}")
    assert "Varning" not in out and "Sparade tabellen i gnv-2024-egen (21 rader)." in out
    out = cli(
        capsys, f"agreement table gnv-2024-egen --kind rss {tmp_path / 'bilaga2.txt'} --total 'Nära vård=750 000 000'"
    )
    assert "Varning" not in out and "(21 rader)" in out
    return "gnv-2024-egen"


def test_a_rebuilt_gnv_2024_allocates_and_exports_exactly_as_the_built_in_one(rebuilt, tmp_path):
    cat = load_full_catalogue()
    assert cat.agreement(rebuilt).warnings == ()
    assert len(cat.recipients) == 42
    for recipient in cat.recipients.values():
        docs = []
        for agreement_id in ("gnv-2024", rebuilt):
            doc = Document.create(tmp_path / f"{agreement_id}-{recipient.id}.bidrag", agreement_id, recipient.id, cat)
            for name, value in FIELDS.items():
                doc.set_field(name, value)
            docs.append(doc)
        builtin, mine = docs
        assert mine.allocation() == builtin.allocation(), recipient.name
        assert sum(mine.allocation().values()) > 0, recipient.name
        for form in ("rekvisition", "redovisning"):
            a, b = build_report(builtin, cat, form), build_report(mine, cat, form)
            assert [(r.label, r.amount) for r in b.rows()] == [(r.label, r.amount) for r in a.rows()]
        for doc in docs:
            doc.close()


@pytest.mark.parametrize("recipient", ["Region Skåne", "Norrbottens län"])
def test_the_exported_forms_read_the_same(rebuilt, tmp_path, recipient):
    from pypdf import PdfReader

    cat = load_full_catalogue()
    who = cat.find_recipient(recipient)
    texts = []
    for agreement_id in ("gnv-2024", rebuilt):
        doc = Document.create(tmp_path / f"{agreement_id}.bidrag", agreement_id, who.id, cat)
        for name, value in FIELDS.items():
            doc.set_field(name, value)
        for form in ("rekvisition", "redovisning"):
            out = tmp_path / f"{agreement_id}-{form}.pdf"
            export_document(doc, cat, form=form, pdf=out, today=None)
            text = " ".join(page.extract_text() for page in PdfReader(out).pages)
            texts.append(re.sub(r"Kontrollsumma \S+", "", " ".join(text.split())))
        doc.close()
    assert texts[2:] == texts[:2]
    assert "God och nära vård 2024" in texts[0]
