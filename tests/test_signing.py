"""Digital signing: signature fields in every final export, signing both fields in turn with certificate
files from the tests' own CA, and verifying signed copies with pyHanko's validator and with poppler's
independent ``pdfsig``, including a changed byte, an edit after signing and costs changed after export."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pki import make_authority, write_p12
from pypdf import PdfReader
from test_export_forms import make_doc

from cli import run_cli
from exporters.run import export_document
from exporters.signing import SigningRefused, p12_signer, sign_pdf
from exporters.verifying import verify_pdf
from models.catalogue.check import load_catalogue
from models.document import Cost
from models.errors import UserError

CHIEF, REPRESENTATIVE = "Göran Ärlig", "Märta Ödman"


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.fixture(scope="module")
def ca():
    return make_authority()


@pytest.fixture()
def exported(tmp_path, catalogue, ca):
    """A document, its final redovisning as PDF, and each signer's certificate file."""
    doc = make_doc(tmp_path / "skane.bidrag", catalogue, "gnv-2024")
    result = export_document(doc, catalogue, pdf=tmp_path / "redovisning.pdf")
    doc.close()
    write_p12(tmp_path / "chef.p12", ca, CHIEF, "ekonomi-2025")
    write_p12(tmp_path / "foretradare.pfx", ca, REPRESENTATIVE, "rätt lösen")
    (tmp_path / "chef.txt").write_text("ekonomi-2025\nnästa rad används inte\n", encoding="utf-8")
    (tmp_path / "foretradare.txt").write_text("rätt lösen\n", encoding="utf-8")
    return tmp_path, result.fingerprint


def fields_of(data: bytes) -> dict[str, tuple[int, list[float], bool]]:
    """Signature fields: name -> (page index, rectangle, signed)."""
    reader = PdfReader(io.BytesIO(data))
    pages = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    out = {}
    for ref in reader.trailer["/Root"].get("/AcroForm", {}).get("/Fields", []):
        f = ref.get_object()
        if f.get("/FT") == "/Sig":
            page = f.raw_get("/P").idnum  # the widget is the field itself: one per field
            out[str(f["/T"])] = (pages[page], [float(v) for v in f["/Rect"]], "/V" in f)
    return out


def page_text(data: bytes, index: int) -> str:
    return " ".join(PdfReader(io.BytesIO(data)).pages[index].extract_text().split())


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = run_cli([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def sign_both(d: Path, capsys) -> Path:
    code, _, err = run(
        capsys, "sign", d / "redovisning.pdf", "--field", "ekonomichef", "--out", d / "steg1.pdf",
        "--p12", d / "chef.p12", "--password-file", d / "chef.txt", "--document", d / "skane.bidrag",
        "--reason", "Granskad", "--location", "Kristianstad",
    )  # fmt: skip
    assert (code, err) == (0, "")
    code, _, err = run(
        capsys, "sign", d / "steg1.pdf", "--field", "behorig_foretradare", "--out", d / "signerad.pdf",
        "--p12", d / "foretradare.pfx", "--password-file", d / "foretradare.txt",
    )  # fmt: skip
    assert (code, err) == (0, "")
    return d / "signerad.pdf"


# ------------------------------------------------------------------ fields in the export


def test_final_redovisning_has_both_empty_fields_in_their_blocks_and_keeps_the_ink_lines(exported):
    d, fp = exported
    data = (d / "redovisning.pdf").read_bytes()
    fields = fields_of(data)
    assert set(fields) == {"ekonomichef", "behorig_foretradare"}
    assert not any(signed for _, _, signed in fields.values())
    chief_page, chief_box, _ = fields["ekonomichef"]
    rep_page, rep_box, _ = fields["behorig_foretradare"]
    assert "4. Ekonomichefens" in page_text(data, chief_page)
    assert "5. Underskrift i original" in page_text(data, rep_page)
    assert chief_page == rep_page and chief_box[1] > rep_box[3]  # section 4's field above section 5's
    text = page_text(data, rep_page)
    for label in ("Datum", "Underskrift", "Namnförtydligande"):  # the lines for wet ink are still printed
        assert label in text
    reader = PdfReader(io.BytesIO(data))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert f'fingerprint="{fp}"' in xmp and 'form="redovisning"' in xmp and 'draft="false"' in xmp


@pytest.mark.parametrize("agreement_id", ["gnv-2019", "gnv-2020", "sjsv-2021", "gnv-2023", "gnv-2024"])
def test_every_years_form_has_its_fields_where_its_signatures_go(tmp_path, catalogue, agreement_id):
    doc = make_doc(tmp_path / "d.bidrag", catalogue, agreement_id)
    export_document(doc, catalogue, pdf=tmp_path / "r.pdf")
    data = (tmp_path / "r.pdf").read_bytes()
    fields = fields_of(data)
    assert set(fields) == {"ekonomichef", "behorig_foretradare"}
    chief_page, chief_box, _ = fields["ekonomichef"]
    rep_page, rep_box, _ = fields["behorig_foretradare"]
    assert "granskning av den ekonomiska" in page_text(data, chief_page)
    assert "Underskrift i original av behörig företrädare" in page_text(data, rep_page)
    for x1, y1, x2, y2 in (chief_box, rep_box):
        assert 0 < x1 < x2 <= 595 - 40 and 40 < y1 < y2 < 842 - 40 and y2 - y1 >= 25  # on the page, room to sign


def test_rekvisition_has_only_the_representatives_field_and_a_draft_none(tmp_path, catalogue):
    doc = make_doc(tmp_path / "d.bidrag", catalogue, "gnv-2023")
    export_document(doc, catalogue, form="rekvisition", pdf=tmp_path / "r.pdf")
    export_document(doc, catalogue, pdf=tmp_path / "utkast.pdf", draft=True)
    fields = fields_of((tmp_path / "r.pdf").read_bytes())
    assert list(fields) == ["behorig_foretradare"]
    assert "4. Underskrift i original" in page_text((tmp_path / "r.pdf").read_bytes(), fields["behorig_foretradare"][0])
    draft = (tmp_path / "utkast.pdf").read_bytes()
    assert fields_of(draft) == {}
    xmp = PdfReader(io.BytesIO(draft)).trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'draft="true"' in xmp


# ------------------------------------------------------------------ signing and verifying


def test_both_signatures_in_sequence_are_valid_to_pyhanko_and_to_pdfsig(exported, capsys, ca, catalogue):
    d, fp = exported
    signed = sign_both(d, capsys)
    fields = fields_of(signed.read_bytes())
    assert all(s for _, _, s in fields.values())
    from models.storage.document_file import Document

    with Document.open(d / "skane.bidrag", readonly=True) as doc:
        result = verify_pdf(signed, doc=doc, catalogue=catalogue, trust_roots=[ca.asn1()])
    assert [(s.field, s.signer, s.organisation, s.intact, s.trusted) for s in result.signatures] == [
        ("ekonomichef", CHIEF, "Region Skåne", True, True),
        ("behorig_foretradare", REPRESENTATIVE, "Region Skåne", True, True),
    ]
    assert result.ok and result.matches_document and not result.modified_after_signing
    assert result.meta is not None and result.meta.fingerprint == fp
    if shutil.which("pdfsig") is None:
        pytest.skip("poppler's pdfsig is not installed")
    out = subprocess.run(["pdfsig", str(signed)], capture_output=True, text=True, check=False).stdout
    assert out.count("Signature Validation: Signature is Valid.") == 2, out
    assert "Signature Field Name: ekonomichef" in out and "Signature Field Name: behorig_foretradare" in out
    assert f"Signer Certificate Common Name: {CHIEF}" in out and f"Common Name: {REPRESENTATIVE}" in out
    assert out.rstrip().count("Total document signed") == 1  # the last covers the file, the first its revision


def test_verify_command_says_who_signed_and_exits_0_and_notes_the_check(exported, capsys):
    d, fp = exported
    signed = sign_both(d, capsys)
    code, out, err = run(capsys, "verify", signed, "--document", d / "skane.bidrag")
    assert (code, err) == (0, "")
    assert "signerad.pdf: 2 signaturer" in out
    assert f"Ekonomichef (fältet ekonomichef): {CHIEF}, Region Skåne" in out
    assert "certifikatet är inte betrott på den här datorn" in out  # our test CA is in no store
    assert f"Siffrorna är redovisningens nuvarande (kontrollsumma {fp})." in out
    code, out, _ = run(capsys, "history", d / "skane.bidrag", "--limit", "3")
    lines = out.splitlines()
    assert "Kontrollerat" in lines[0] and "signerad.pdf" in lines[0] and "2 signaturer, godkänd" in lines[0]
    assert "Signerat" in lines[1] and CHIEF in lines[1]  # sign --document noted the first signature


def test_verify_json_has_the_specified_shape(exported, capsys):
    import json

    d, _ = exported
    signed = sign_both(d, capsys)
    code, out, _ = run(capsys, "verify", signed, "--json")
    data = json.loads(out)
    assert code == 0
    assert set(data) == {"signatures", "modified_after_signing", "matches_document"}
    assert data["matches_document"] is None and data["modified_after_signing"] is False
    first = data["signatures"][0]
    assert {"field", "signer", "time", "intact", "trusted"} <= set(first)
    assert (first["field"], first["signer"], first["intact"], first["trusted"]) == ("ekonomichef", CHIEF, True, False)
    assert first["time"].startswith(str(date.today().year))


# ------------------------------------------------------------------ refusals


def test_a_draft_is_refused_and_nothing_is_written(tmp_path, catalogue, ca, capsys):
    doc = make_doc(tmp_path / "d.bidrag", catalogue, "gnv-2024")
    export_document(doc, catalogue, pdf=tmp_path / "utkast.pdf", draft=True)
    write_p12(tmp_path / "c.p12", ca, CHIEF, "x")
    (tmp_path / "pw").write_text("x\n")
    code, out, err = run(
        capsys, "sign", tmp_path / "utkast.pdf", "--field", "ekonomichef", "--out", tmp_path / "s.pdf",
        "--p12", tmp_path / "c.p12", "--password-file", tmp_path / "pw",
    )  # fmt: skip
    assert code == 2 and out == ""
    assert err.strip() == "utkast.pdf är ett utkast och kan inte signeras; exportera den slutliga versionen."
    assert not (tmp_path / "s.pdf").exists()


def test_a_signed_field_cannot_be_signed_again(exported, capsys):
    d, _ = exported
    signed = sign_both(d, capsys)
    before = signed.read_bytes()
    with pytest.raises(SigningRefused, match="redan signerat"):
        sign_pdf(signed, signed, "ekonomichef", p12_signer(d / "chef.p12", "ekonomi-2025"))
    assert signed.read_bytes() == before


def test_the_rekvisition_has_no_field_for_the_finance_chief(tmp_path, catalogue, ca):
    doc = make_doc(tmp_path / "d.bidrag", catalogue, "gnv-2024")
    export_document(doc, catalogue, form="rekvisition", pdf=tmp_path / "r.pdf")
    write_p12(tmp_path / "c.p12", ca, CHIEF, "x")
    with pytest.raises(SigningRefused, match="rekvisitionen signeras av behörig företrädare"):
        sign_pdf(tmp_path / "r.pdf", tmp_path / "s.pdf", "ekonomichef", p12_signer(tmp_path / "c.p12", "x"))


def test_sign_with_the_document_refuses_when_costs_changed_after_export(exported, capsys):
    from models.storage.document_file import Document

    d, fp = exported
    with Document.open(d / "skane.bidrag") as doc:
        doc.costs.add_cost(Cost(date(2024, 5, 2), Decimal("999.00"), "Nära vård", "Personal", text="sent"))
    code, _, err = run(
        capsys, "sign", d / "redovisning.pdf", "--field", "ekonomichef", "--out", d / "s.pdf",
        "--p12", d / "chef.p12", "--password-file", d / "chef.txt", "--document", d / "skane.bidrag",
    )  # fmt: skip
    assert code == 2
    assert err.startswith(f"Uppgifterna i skane.bidrag har ändrats sedan PDF:en exporterades (kontrollsumma {fp} ")
    assert not (d / "s.pdf").exists()


def test_wrong_password_and_no_password_in_a_script_are_one_sentence(exported, capsys):
    d, _ = exported
    (d / "fel.txt").write_text("fel\n")
    base = ["sign", d / "redovisning.pdf", "--field", "ekonomichef", "--out", d / "s.pdf", "--p12", d / "chef.p12"]
    code, _, err = run(capsys, *base, "--password-file", d / "fel.txt")
    assert code == 2 and err.strip() == (
        "Certifikatfilen chef.p12 kunde inte öppnas: fel lösenord, eller ingen PKCS#12-fil (.p12/.pfx)."
    )
    code, _, err = run(capsys, *base)  # pytest's stdin is no terminal: it must not wait for one
    assert code == 2 and "frågar bara när den körs i ett terminalfönster" in err
    assert not (d / "s.pdf").exists()


def test_a_file_that_is_no_pdf_or_no_export_is_refused(tmp_path, ca):
    write_p12(tmp_path / "c.p12", ca, CHIEF, "x")
    signer = p12_signer(tmp_path / "c.p12", "x")
    (tmp_path / "text.pdf").write_text("hej")
    with pytest.raises(UserError, match="ingen PDF-fil"):
        sign_pdf(tmp_path / "text.pdf", tmp_path / "s.pdf", "ekonomichef", signer)
    from reportlab.pdfgen.canvas import Canvas

    Canvas(str(tmp_path / "annan.pdf")).save()
    with pytest.raises(SigningRefused, match="ingen blankett exporterad av Bidragskollen"):
        sign_pdf(tmp_path / "annan.pdf", tmp_path / "s.pdf", "ekonomichef", signer)
    assert not (tmp_path / "s.pdf").exists()


# ------------------------------------------------------------------ tampering


def test_a_byte_changed_in_the_signed_range_breaks_the_signature(exported, capsys):
    d, _ = exported
    signed = sign_both(d, capsys)
    data = bytearray(signed.read_bytes())
    at = data.index(b"stream", 500) + 40  # inside the first page's content, signed by both
    data[at] ^= 0x01
    (d / "andrad.pdf").write_bytes(bytes(data))
    code, out, err = run(capsys, "verify", d / "andrad.pdf")
    assert code == 2
    assert "Signaturen för ekonomichef är bruten: det signerade innehållet har ändrats efter signeringen." in err
    assert "BRUTEN" in out
    if shutil.which("pdfsig"):
        check = subprocess.run(["pdfsig", str(d / "andrad.pdf")], capture_output=True, text=True, check=False)
        assert "Signature is Valid." not in check.stdout


def test_an_incremental_edit_after_signing_is_reported(exported, capsys):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    d, _ = exported
    signed = sign_both(d, capsys)
    writer = IncrementalPdfFileWriter(io.BytesIO(signed.read_bytes()))
    stream = generic.StreamObject(stream_data=b"BT /F1 24 Tf 300 400 Td (0 kr) Tj ET")
    writer.add_stream_to_page(1, writer.add_object(stream))
    out_buf = io.BytesIO()
    writer.write(out_buf)
    (d / "efterat.pdf").write_bytes(out_buf.getvalue())
    code, out, err = run(capsys, "verify", d / "efterat.pdf")
    assert code == 2
    assert "efterat.pdf har ändrats efter den senaste signaturen; be om en nyss signerad kopia." in err
    assert "Inget har ändrats" not in out


def test_validation_data_added_after_the_last_signature_is_no_change_but_a_new_field_is(exported, capsys, ca):
    """A signing service may add the certificates (LTV) after signing: that changes nothing signed."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    d, _ = exported
    signed = sign_both(d, capsys)
    buffer = io.BytesIO(signed.read_bytes())
    contents = PdfFileReader(buffer).embedded_signatures[-1].pkcs7_content
    DocumentSecurityStore.add_dss(buffer, contents, certs=[ca.asn1()])
    (d / "ltv.pdf").write_bytes(buffer.getvalue())
    code, out, err = run(capsys, "verify", d / "ltv.pdf")
    assert (code, err) == (0, "")
    assert "Inget har ändrats efter den senaste signaturen." in out
    writer = IncrementalPdfFileWriter(io.BytesIO(signed.read_bytes()))
    append_signature_field(writer, SigFieldSpec("tredje", on_page=0, box=(50, 50, 200, 90)))
    extra = io.BytesIO()
    writer.write(extra)
    (d / "nytt_falt.pdf").write_bytes(extra.getvalue())
    code, _, err = run(capsys, "verify", d / "nytt_falt.pdf")
    assert code == 2 and "har ändrats efter den senaste signaturen" in err


def test_costs_changed_after_export_make_verify_fail_against_the_document(exported, capsys):
    from models.storage.document_file import Document

    d, fp = exported
    signed = sign_both(d, capsys)
    with Document.open(d / "skane.bidrag") as doc:
        doc.costs.add_cost(Cost(date(2024, 6, 1), Decimal("12500.00"), "Nära vård", "Personal"))
    code, out, err = run(capsys, "verify", signed, "--document", d / "skane.bidrag")
    assert code == 2
    assert err.startswith(f"Siffrorna i signerad.pdf är inte redovisningens nuvarande (kontrollsumma {fp} i PDF:en, ")
    assert "uppgifterna har ändrats efter exporten." in err
    assert "Siffrorna är redovisningens nuvarande" not in out
    code, _, _ = run(capsys, "verify", signed)  # the signatures themselves are still sound
    assert code == 0


def test_verify_of_a_document_another_program_holds_reads_it_and_writes_nothing(exported, capsys):
    import json
    from datetime import datetime

    from models.storage.document_file import Document
    from models.storage.locking import lock_path

    d, _ = exported
    signed = sign_both(d, capsys)
    doc_path = d / "skane.bidrag"
    holder = {"user": "anna", "computer": "KOMMUN-PC-7", "pid": 4242, "time": datetime.now().isoformat()}
    lock_path(doc_path).write_text(json.dumps(holder), encoding="utf-8")
    with Document.open(doc_path, readonly=True) as doc:
        rows_before = len(doc.history())
    code, _, err = run(capsys, "verify", signed, "--document", doc_path)
    assert code == 0
    assert err.strip() == "Kontrollen kunde inte antecknas i redovisningens historik just nu."
    with Document.open(doc_path, readonly=True) as doc:
        assert len(doc.history()) == rows_before
