"""Checking a signed copy of Bilaga 1: its signatures, and whether it still shows the document's figures.

The command line (``main.py verify``) and the window (Arkiv → Kontrollera signerad PDF…) call
``verify_pdf``. Each signature is checked with pyHanko's validator: whether it is intact (the
signed bytes unchanged and the signature mathematically right), whether the signer's certificate
chains to a trusted root (reported, not required: an organisation's SITHS root is rarely in the
computer's store), and whether anything but further signatures was added after it. Given the
document, the fingerprint the PDF carries is compared with the one the document gives today.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from exporters.pdffields import PdfMeta, read_meta
from exporters.signing import current_fingerprint, note_in_document, open_reader, read_pdf, role_label

if TYPE_CHECKING:
    from models.catalogue.catalogue import Catalogue
    from models.storage.document_file import Document

log = logging.getLogger("bidragskollen.verify")


@dataclass(frozen=True)
class SignatureCheck:
    field: str
    signer: str  # the certificate's common name
    organisation: str  # the certificate's organisation, or ""
    time: datetime | None  # when the signer's computer says it signed
    intact: bool
    trusted: bool


@dataclass
class Verification:
    name: str  # the PDF's file name
    signatures: list[SignatureCheck] = field(default_factory=list)
    modified_after_signing: bool = False
    matches_document: bool | None = None  # None: no document given
    meta: PdfMeta | None = None
    current_fingerprint: str = ""  # what the document gives today, when given

    @property
    def ok(self) -> bool:
        """Every signature intact, nothing but signatures added after them and, given a document, it matches."""
        return (
            bool(self.signatures)
            and all(s.intact for s in self.signatures)
            and not self.modified_after_signing
            and self.matches_document is not False
        )

    def problems(self) -> list[str]:
        """What is wrong, one Swedish sentence each; empty when ``ok``."""
        out = []
        if not self.signatures:
            out.append(f"{self.name} har inga signaturer.")
        for s in self.signatures:
            if not s.intact:
                out.append(
                    f"Signaturen för {role_label(s.field).lower()} är bruten: det signerade innehållet "
                    "har ändrats efter signeringen."
                )
        if self.modified_after_signing:
            out.append(f"{self.name} har ändrats efter den senaste signaturen; be om en nyss signerad kopia.")
        if self.matches_document is False:
            meta = self.meta
            if meta is None:
                out.append(f"{self.name} saknar Bidragskollens kontrollsumma och kan inte jämföras med redovisningen.")
            else:
                out.append(
                    f"Siffrorna i {self.name} är inte redovisningens nuvarande (kontrollsumma {meta.fingerprint} "
                    f"i PDF:en, {self.current_fingerprint} nu): uppgifterna har ändrats efter exporten."
                )
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "signatures": [
                {
                    "field": s.field,
                    "signer": s.signer,
                    "organisation": s.organisation,
                    "time": s.time.isoformat() if s.time else None,
                    "intact": s.intact,
                    "trusted": s.trusted,
                }
                for s in self.signatures
            ],
            "modified_after_signing": self.modified_after_signing,
            "matches_document": self.matches_document,
        }

    def lines(self) -> list[str]:
        """What the check found, in Swedish, a line each (the problems are said by ``problems``)."""
        n = len(self.signatures)
        out = [f"{self.name}: {'1 signatur' if n == 1 else f'{n} signaturer'}"]
        for s in self.signatures:
            who = ", ".join(x for x in (s.signer, s.organisation) if x) or "okänd undertecknare"
            when = f", {s.time.astimezone():%Y-%m-%d %H:%M}" if s.time else ""
            state = "obruten" if s.intact else "BRUTEN"
            trust = "certifikatet är betrott" if s.trusted else "certifikatet är inte betrott på den här datorn"
            out.append(f"  {role_label(s.field)} (fältet {s.field}): {who}{when}; {state}; {trust}")
        if self.signatures and all(s.intact for s in self.signatures) and not self.modified_after_signing:
            out.append("Inget har ändrats efter den senaste signaturen.")
        if self.matches_document and self.meta is not None:
            out.append(f"Siffrorna är redovisningens nuvarande (kontrollsumma {self.meta.fingerprint}).")
        return out

    def summary(self) -> str:
        """One line saying what the check found, for the history."""
        n = len(self.signatures)
        what = "1 signatur" if n == 1 else f"{n} signaturer"
        return f"{what}, {'godkänd' if self.ok else 'underkänd'}"


def verify_pdf(
    pdf: str | Path,
    *,
    doc: Document | None = None,
    catalogue: Catalogue | None = None,
    trust_roots: list[Any] | None = None,
) -> Verification:
    """Check every signature of ``pdf``; with ``doc``, whether it shows the document's current figures.

    ``trust_roots`` (asn1crypto certificates) are trusted besides the computer's own store.
    """
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    name = Path(pdf).name
    data = read_pdf(pdf)
    reader = open_reader(data, name)
    result = Verification(name, meta=read_meta(reader))
    context = ValidationContext(trust_roots=[*system_trust_roots(), *(trust_roots or [])], allow_fetching=False)
    sigs = list(reader.embedded_signatures)
    for i, sig in enumerate(sigs):
        try:
            status = validate_pdf_signature(sig, signer_validation_context=context)
        except Exception as err:  # a signature pyHanko cannot even parse is not intact
            log.info("Signaturen %s kunde inte kontrolleras: %s", sig.field_name, err)
            result.signatures.append(SignatureCheck(sig.field_name, "", "", None, False, False))
            result.modified_after_signing = True
            continue
        subject = status.signing_cert.subject.native
        result.signatures.append(
            SignatureCheck(
                field=sig.field_name,
                signer=str(subject.get("common_name", "")),
                organisation=str(subject.get("organization_name", "")),
                time=status.signer_reported_dt,
                intact=bool(status.intact and status.valid),
                trusted=bool(status.trusted),
            )
        )
        if status.docmdp_ok is False or not _only_signatures_after(status, last=i == len(sigs) - 1):
            result.modified_after_signing = True
    if doc is not None and catalogue is not None:
        meta = result.meta
        if meta is None:
            result.matches_document = False
        else:
            result.current_fingerprint = current_fingerprint(doc, catalogue, meta)
            result.matches_document = result.current_fingerprint == meta.fingerprint
    return result


def system_trust_roots() -> list[Any]:
    """The computer's own trusted roots (on Windows its certificate store, where a region's IT puts
    the SITHS roots); none when they cannot be read, so every signer is reported as not trusted."""
    try:
        from oscrypto import trust_list

        return [entry[0] for entry in trust_list.get_list()]
    except Exception as err:  # oscrypto fails on some OpenSSL builds: a check without trust is still a check
        log.info("Datorns betrodda rotcertifikat kunde inte läsas: %s", err)
        return []


def _only_signatures_after(status: Any, *, last: bool) -> bool:
    """Whether what was added after this signature is no more than the later signatures (filling in
    their fields) and, after the last, validation data a signing service may add (LTV, timestamps)."""
    from pyhanko.sign.diff_analysis import ModificationLevel

    level = status.modification_level
    allowed = ModificationLevel.LTA_UPDATES if last else ModificationLevel.FORM_FILLING
    return level is not None and level <= allowed


def record_verification(doc_path: str | Path, result: Verification) -> bool:
    """Note the check in the document's history when it can be written now; whether it was noted."""
    return note_in_document(doc_path, "kontrollerat", f"signerad PDF {result.name}", result.summary())
