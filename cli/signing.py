"""The signing commands: sign an exported Bilaga 1, and verify a signed copy against the document."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cli.base import Commands, catalogue, open_document, print_json
from models.errors import UserError


def secret_from(file: str | None, what: str, *, required: bool) -> str | None:
    """The first line of ``file``; else asked for when standard input is a terminal, never in a script.

    None when there is no file, no terminal and the secret is not ``required`` (a card asks itself)."""
    if file:
        try:
            text = Path(file).read_text(encoding="utf-8-sig")
        except OSError:
            raise UserError(f"Filen {Path(file).name} med {what} finns inte eller kan inte läsas.") from None
        lines = text.splitlines()
        return lines[0] if lines else ""
    if sys.stdin is not None and sys.stdin.isatty():
        import getpass

        return getpass.getpass(f"{what[0].upper()}{what[1:]}: ")
    if required:
        raise UserError(
            f"Ange {what} i en fil med flaggan för den; kommandoraden frågar bara när den körs i ett terminalfönster."
        )
    return None


def cmd_sign(a: argparse.Namespace) -> int:
    from contextlib import AbstractContextManager, nullcontext

    from exporters.signing import card_signer, p12_signer, record_signing, role_label, sign_pdf

    if bool(a.p12) == bool(a.pkcs11_lib):
        raise UserError("Ange antingen --p12 FIL (certifikatfil) eller --pkcs11-lib BIBLIOTEK (kort), inte båda.")
    context: AbstractContextManager[Any]
    if a.p12:
        password = secret_from(a.password_file, "lösenordet till certifikatfilen", required=True) or ""
        context = nullcontext(p12_signer(a.p12, password))
    else:
        pin = secret_from(a.pin_file, "kortets PIN-kod", required=False)
        context = card_signer(a.pkcs11_lib, token_label=a.token_label or "", key_label=a.key_label or "", pin=pin)
    reason, location = str(a.reason or ""), str(a.location or "")
    with context as signer:
        if a.document:
            with open_document(a.document, readonly=True) as doc:
                result = sign_pdf(
                    a.file, a.out, a.field, signer, doc=doc, catalogue=catalogue(), reason=reason, location=location
                )
        else:
            result = sign_pdf(a.file, a.out, a.field, signer, reason=reason, location=location)
    print(f"Signerade fältet för {role_label(result.field).lower()} som {result.signer}: {result.path}")
    if a.document and not record_signing(a.document, result):
        print("Signeringen kunde inte antecknas i redovisningens historik just nu.", file=sys.stderr)
    return 0


def cmd_verify(a: argparse.Namespace) -> int:
    from exporters.verifying import record_verification, verify_pdf

    if a.document:
        with open_document(a.document, readonly=True) as doc:
            result = verify_pdf(a.file, doc=doc, catalogue=catalogue())
    else:
        result = verify_pdf(a.file)
    if a.json:
        print_json(result.to_json())
    else:
        print("\n".join(result.lines()))
    for problem in result.problems():
        print(problem, file=sys.stderr)
    if a.document and not record_verification(a.document, result) and not a.json:
        print("Kontrollen kunde inte antecknas i redovisningens historik just nu.", file=sys.stderr)
    return 0 if result.ok else 2


def register(commands: Commands) -> None:
    c = commands.add("sign", "signera en exporterad blankett digitalt (PAdES)", cmd_sign, file="den exporterade PDF:en")
    c.add_argument("--field", required=True, choices=["ekonomichef", "behorig_foretradare"], help="vems signaturfält")
    c.add_argument("--out", required=True, metavar="SIGNERAD.pdf", help="skriv den signerade PDF:en hit")
    c.add_argument("--p12", metavar="FIL", help="certifikatfil (.p12/.pfx)")
    c.add_argument("--password-file", metavar="F", help="fil med certifikatfilens lösenord på första raden")
    c.add_argument("--pkcs11-lib", metavar="BIBLIOTEK", help="kortets PKCS#11-bibliotek (e-tjänstekort)")
    c.add_argument("--token-label", metavar="T", help="kortets namn, när flera kort sitter i")
    c.add_argument("--key-label", metavar="K", help="nyckelns namn på kortet")
    c.add_argument("--pin-file", metavar="F", help="fil med kortets PIN-kod på första raden")
    c.add_argument("--document", metavar="DOK.bidrag", help="vägra om redovisningens siffror har ändrats")
    c.add_argument("--reason", metavar="TEXT", help="skäl, t.ex. Granskad och godkänd")
    c.add_argument("--location", metavar="ORT", help="ort")

    c = commands.add("verify", "kontrollera signaturerna i en signerad PDF", cmd_verify, file="den signerade PDF:en")
    c.add_argument("--document", metavar="DOK.bidrag", help="jämför med redovisningens nuvarande siffror")
    c.add_argument("--json", action="store_true", help="skriv ut resultatet som JSON")
