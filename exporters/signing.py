"""Signing an exported Bilaga 1 (PAdES, with pyHanko): from a certificate file or a smart card.

The command line (``main.py sign``) and the window (Export → Signera…) call ``sign_pdf`` with a
signer from ``p12_signer`` or ``card_signer``. A draft, a PDF whose fingerprint no longer matches
the document, and a field already signed are refused with one sentence and nothing is written.
Each signature is an incremental update, so the finance chief's signature stays valid when the
authorised representative signs after. The password or PIN is used, never stored.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from exporters.atomic import write_atomic
from exporters.pdffields import FORM_ROLES, ROLES, PdfMeta, read_meta
from models.errors import UserError

if TYPE_CHECKING:
    from models.catalogue.catalogue import Catalogue
    from models.storage.document_file import Document

log = logging.getLogger("bidragskollen.signing")

STAMP_TEXT = "Digitalt signerad av %(signer)s\nTid: %(ts)s"


class SigningRefused(UserError):
    """The PDF, the field or the credentials cannot be used to sign; nothing was written."""


@dataclass(frozen=True)
class SignResult:
    path: Path
    field: str
    signer: str
    fingerprint: str


def role_label(field: str) -> str:
    return ROLES.get(field, field)


def read_pdf(path: str | Path) -> bytes:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"Filen {path.name} finns inte.") from None
    except OSError as err:
        raise UserError(f"Filen {path.name} kunde inte läsas: {err.strerror}.") from None
    if not data.lstrip()[:5] == b"%PDF-":
        raise UserError(f"{path.name} är ingen PDF-fil.")
    return data


def _route_pyhanko_logs() -> None:
    """pyHanko logs an untrusted certificate as a warning with a traceback: its errors go to our log
    file (when there is one), never to the user's terminal."""
    app = logging.getLogger("bidragskollen")
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.ERROR)
        logger.propagate = False
        logger.handlers = list(app.handlers) or [logging.NullHandler()]


def open_reader(data: bytes, name: str) -> Any:
    """A pyHanko reader over ``data``; a damaged PDF is one sentence."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    _route_pyhanko_logs()
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        reader.root  # noqa: B018 - reading the catalogue finds a broken cross-reference table
    except Exception as err:  # pyHanko raises several kinds for a broken file
        log.info("PDF %s kunde inte läsas: %s", name, err)
        raise UserError(f"{name} är skadad och kan inte läsas som PDF.") from None
    return reader


def pdf_meta(reader: Any, name: str) -> PdfMeta:
    meta = read_meta(reader)
    if meta is None:
        raise SigningRefused(
            f"{name} är ingen blankett exporterad av Bidragskollen (den saknar kontrollsumma); "
            "exportera blanketten och signera den exporterade PDF:en."
        )
    return meta


def current_fingerprint(doc: Document, catalogue: Catalogue, meta: PdfMeta) -> str:
    """The fingerprint the document gives today for the form the PDF shows."""
    from models.fingerprint import document_fingerprint

    return document_fingerprint(doc, catalogue, meta.form, draft=meta.draft, ledger=meta.ledger)


def check_matches(doc: Document, catalogue: Catalogue, meta: PdfMeta) -> str:
    """Refuse when the document's figures or words are no longer those the PDF shows; the current fingerprint."""
    now = current_fingerprint(doc, catalogue, meta)
    if now != meta.fingerprint:
        raise SigningRefused(
            f"Uppgifterna i {Path(doc.path).name} har ändrats sedan PDF:en exporterades (kontrollsumma "
            f"{meta.fingerprint} i PDF:en, {now} nu); exportera blanketten på nytt och signera den nya PDF:en."
        )
    return now


def _field_state(reader: Any, field: str, meta: PdfMeta, name: str) -> None:
    from pyhanko.sign.fields import enumerate_sig_fields

    if meta.draft:
        raise SigningRefused(f"{name} är ett utkast och kan inte signeras; exportera den slutliga versionen.")
    if field not in ROLES:
        raise SigningRefused(f"Det finns inget signaturfält ”{field}”; välj ekonomichef eller behorig_foretradare.")
    fields = {n: value for n, value, _ref in enumerate_sig_fields(reader, filled_status=None)}
    if field not in fields:
        form = "rekvisitionen" if meta.form == "rekvisition" else "den ekonomiska redovisningen"
        who = " och ".join(role_label(r).lower() for r in FORM_ROLES[meta.form])
        raise SigningRefused(f"{name} har inget fält för {role_label(field).lower()}: {form} signeras av {who}.")
    if fields[field] is not None:
        raise SigningRefused(
            f"Fältet för {role_label(field).lower()} i {name} är redan signerat; "
            "en signatur kan inte ersättas, bara läggas till i ett annat fält."
        )


def p12_signer(path: str | Path, password: str) -> Any:
    """A signer from a PKCS#12 file (.p12/.pfx); a wrong password or file is one sentence."""
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pyhanko.sign.signers import SimpleSigner

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError:
        raise UserError(f"Certifikatfilen {path.name} finns inte eller kan inte läsas.") from None
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, password.encode("utf-8") or None)
    except ValueError:
        raise SigningRefused(
            f"Certifikatfilen {path.name} kunde inte öppnas: fel lösenord, eller ingen PKCS#12-fil (.p12/.pfx)."
        ) from None
    if key is None or cert is None:
        raise SigningRefused(f"Certifikatfilen {path.name} innehåller ingen nyckel med certifikat att signera med.")
    from asn1crypto import keys, x509
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    key_der = key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
    others = [x509.Certificate.load(c.public_bytes(Encoding.DER)) for c in extra]
    return SimpleSigner(
        signing_cert=x509.Certificate.load(cert.public_bytes(Encoding.DER)),
        signing_key=keys.PrivateKeyInfo.load(key_der),
        cert_registry=SimpleCertificateStore.from_certs(others),
    )


@contextmanager
def card_signer(library: str, *, token_label: str = "", key_label: str = "", pin: str | None = None) -> Iterator[Any]:
    """A signer on a smart card (SITHS e-tjänstekort) or other PKCS#11 token, open while in use.

    Without ``token_label`` the card's signing token is chosen (a SITHS card shows one for
    identification and one for signatures, "underskrift"). ``pin`` None leaves it to the card:
    a reader with its own PIN pad or a driver with its own PIN dialog asks there."""
    from pyhanko.sign.pkcs11 import PKCS11Signer

    if not Path(library).is_file():
        raise UserError(f"Kortets bibliotek {library} finns inte; ange sökvägen till kortleverantörens PKCS#11-fil.")
    try:
        session = _open_card(library, token_label, pin)
    except UserError:
        raise
    except Exception as err:  # python-pkcs11 raises many kinds: each is one sentence here
        raise SigningRefused(_card_error(err, token_label)) from None
    try:
        signer = PKCS11Signer(session, key_label=key_label or None, cert_label=key_label or None)
        try:
            signer.signing_cert  # noqa: B018 - finds the key and certificate now, not halfway through signing
        except Exception as err:
            raise SigningRefused(_card_error(err, token_label, key_label)) from None
        yield signer
    finally:
        session.close()


def _open_card(library: str, token_label: str, pin: str | None) -> Any:
    """A session on the chosen token, logged in with ``pin`` or through the card's own PIN entry."""
    import pkcs11
    from pkcs11 import PROTECTED_AUTH, TokenFlag

    tokens = []
    for slot in pkcs11.lib(library).get_slots(token_present=True):
        token = slot.get_token()
        if token.flags & TokenFlag.TOKEN_INITIALIZED and (not token_label or token.label == token_label):
            tokens.append(token)
    if not tokens:
        which = f" med namnet ”{token_label}”" if token_label else ""
        raise SigningRefused(f"Inget kort{which} hittades; sätt i kortet i läsaren och försök igen.")
    signing = [t for t in tokens if any(w in t.label.lower() for w in ("underskrift", "sign"))]
    token = (signing or tokens)[0]
    if pin:
        return token.open(user_pin=pin)
    if token.flags & TokenFlag.PROTECTED_AUTHENTICATION_PATH:
        return token.open(user_pin=PROTECTED_AUTH)  # the reader's PIN pad or the driver's own dialog
    if token.flags & TokenFlag.LOGIN_REQUIRED:
        raise SigningRefused("Kortet kräver sin PIN-kod; skriv den, eller ange en fil med den (--pin-file).")
    return token.open()


def _card_error(err: BaseException, token: str, key: str = "") -> str:
    text = f"{type(err).__name__} {err}"
    log.info("Kortet kunde inte användas: %s", text)
    if "PinIncorrect" in text or "PIN_INCORRECT" in text:
        return "Fel PIN-kod för kortet; ingenting signerades."
    if "PinLocked" in text:
        return "Kortets PIN-kod är spärrad; kontakta den som gav ut kortet."
    if "No token" in text or "NoSuchToken" in text or "TokenNotPresent" in text:
        which = f" med namnet ”{token}”" if token else ""
        return f"Inget kort{which} hittades; sätt i kortet i läsaren och försök igen."
    if key or "key" in text.lower() or "cert" in text.lower():
        which = f" ”{key}”" if key else ""
        return f"Nyckeln{which} eller dess certifikat finns inte på kortet; kontrollera nyckelns namn."
    return "Kortet kunde inte användas för att signera; kontrollera kortläsaren och kortets bibliotek."


def signer_name(signer: Any) -> str:
    cert = signer.signing_cert
    name: str = cert.subject.native.get("common_name", "") or cert.subject.human_friendly
    return name


def sign_pdf(
    pdf: str | Path,
    out: str | Path,
    field: str,
    signer: Any,
    *,
    doc: Document | None = None,
    catalogue: Catalogue | None = None,
    reason: str = "",
    location: str = "",
) -> SignResult:
    """Sign ``field`` of the exported PDF into ``out`` (which may be ``pdf`` itself), incrementally.

    With ``doc`` (and the catalogue) it is refused when the document no longer gives the PDF's
    fingerprint. ``out`` is written atomically, only when the signature is made.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle

    name = Path(pdf).name
    data = read_pdf(pdf)
    reader = open_reader(data, name)
    meta = pdf_meta(reader, name)
    _field_state(reader, field, meta, name)
    if doc is not None and catalogue is not None:
        check_matches(doc, catalogue, meta)
    if reader.xrefs.hybrid_xrefs_present or reader.encrypted:
        raise SigningRefused(f"{name} kan inte signeras av Bidragskollen; exportera blanketten på nytt.")
    signature_meta = signers.PdfSignatureMetadata(
        field_name=field,
        reason=reason or None,
        location=location or None,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    style = TextStampStyle(stamp_text=STAMP_TEXT, timestamp_format="%Y-%m-%d %H:%M:%S %Z")
    writer = IncrementalPdfFileWriter(BytesIO(data), strict=False)
    buffer = BytesIO()
    try:
        signers.PdfSigner(signature_meta, signer=signer, stamp_style=style).sign_pdf(writer, output=buffer)
    except UserError:
        raise
    except Exception as err:  # the card went away, the key refused: one sentence, nothing written
        log.exception("Signeringen misslyckades")
        raise SigningRefused(f"Signeringen misslyckades ({type(err).__name__}); ingen fil skrevs.") from None
    path = write_atomic(out, buffer.getvalue())
    return SignResult(path, field, signer_name(signer), meta.fingerprint)


def note_in_document(doc_path: str | Path, action: str, what: str, new: str) -> bool:
    """A history row in the document when it can be written now; whether it was written.

    A document another program has open for editing, a write-protected file or one busy right
    now is left as it is: signing or checking a PDF does not need to write to it.
    """
    from models.storage.document_file import Document
    from models.storage.locking import read_lock

    path = Path(doc_path)
    holder = read_lock(path)
    if holder is not None and not holder.is_mine() and not holder.is_stale():
        return False
    try:
        with Document.open(path) as doc:
            return doc.note(action, what, new)
    except UserError:
        return False


def record_signing(doc_path: str | Path, result: SignResult) -> bool:
    """Note the signature in the document's history when it can be written now; whether it was noted."""
    what = f"{result.path.name}: {role_label(result.field).lower()}"
    return note_in_document(doc_path, "signerat", what, result.signer)
