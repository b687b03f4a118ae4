"""Signing with a smart card through PKCS#11, run against SoftHSM2 holding a generated key and a
certificate from the tests' own CA, so the e-tjänstekort path runs in CI without a card."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from pki import issue, make_authority
from test_export_forms import make_doc

from exporters.run import export_document
from exporters.signing import SigningRefused, card_signer, sign_pdf
from exporters.verifying import verify_pdf
from models.catalogue.check import load_catalogue

ROOT = Path(__file__).resolve().parent.parent
LIBRARIES = ["/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"]
LIBRARY = next((p for p in LIBRARIES if Path(p).is_file()), "")
PIN, TOKEN, KEY = "123456", "SITHS-test", "underskrift"
SIGNER = "Märta Ödman"

pytestmark = pytest.mark.skipif(
    not LIBRARY or shutil.which("softhsm2-util") is None, reason="SoftHSM2 is not installed (Debian softhsm2)"
)


@pytest.fixture(scope="module")
def card(tmp_path_factory):
    """A SoftHSM2 token with the representative's key and certificate; the environment that finds it."""
    import pkcs11
    from pkcs11 import Attribute, CertificateType, ObjectClass

    base = tmp_path_factory.mktemp("softhsm")
    (base / "tokens").mkdir()
    conf = base / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {base / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
    ca = make_authority()
    key, cert = issue(ca, SIGNER)
    (base / "key.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    util = ["softhsm2-util"]
    subprocess.run(
        [*util, "--init-token", "--free", "--label", TOKEN, "--pin", PIN, "--so-pin", "987654"],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    subprocess.run(
        [*util, "--import", str(base / "key.pem"), "--token", TOKEN, "--label", KEY, "--id", "01", "--pin", PIN],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    os.environ["SOFTHSM2_CONF"] = str(conf)  # read when the library is first loaded in this process
    token = pkcs11.lib(LIBRARY).get_token(token_label=TOKEN)
    with token.open(rw=True, user_pin=PIN) as session:
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.LABEL: KEY,
                Attribute.ID: b"\x01",
                Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
                Attribute.SUBJECT: cert.subject.public_bytes(),
                Attribute.ISSUER: cert.issuer.public_bytes(),
            }
        )
    return env, ca


@pytest.fixture()
def exported(tmp_path):
    cat = load_catalogue()
    doc = make_doc(tmp_path / "d.bidrag", cat, "gnv-2024")
    export_document(doc, cat, form="rekvisition", pdf=tmp_path / "rekvisition.pdf")
    doc.close()
    return tmp_path


def test_the_card_signs_the_rekvisition_and_the_signature_verifies(card, exported):
    _env, ca = card
    with card_signer(LIBRARY, token_label=TOKEN, key_label=KEY, pin=PIN) as signer:
        result = sign_pdf(exported / "rekvisition.pdf", exported / "s.pdf", "behorig_foretradare", signer)
    assert result.signer == SIGNER
    check = verify_pdf(exported / "s.pdf", trust_roots=[ca.asn1()])
    assert [(s.field, s.signer, s.intact, s.trusted) for s in check.signatures] == [
        ("behorig_foretradare", SIGNER, True, True)
    ]
    assert check.ok
    if shutil.which("pdfsig"):
        out = subprocess.run(["pdfsig", str(exported / "s.pdf")], capture_output=True, text=True).stdout
        assert "Signature is Valid." in out and f"Common Name: {SIGNER}" in out


def test_a_wrong_pin_or_key_is_one_sentence_and_writes_nothing(card, exported):
    cases = [
        ({"key_label": KEY, "pin": "000000"}, "Fel PIN-kod för kortet; ingenting signerades."),
        ({"key_label": "saknas", "pin": PIN}, "Nyckeln ”saknas” eller dess certifikat finns inte på kortet"),
        ({"token_label": "Annat kort", "pin": PIN}, "Inget kort med namnet ”Annat kort” hittades"),
    ]
    for options, sentence in cases:
        options = {"token_label": TOKEN, **options}
        with pytest.raises(SigningRefused) as refused, card_signer(LIBRARY, **options):
            pass
        assert str(refused.value).startswith(sentence)
    assert not (exported / "s.pdf").exists()


def test_one_card_in_the_reader_is_found_without_its_name_and_a_pin_is_required(card, exported):
    with card_signer(LIBRARY, key_label=KEY, pin=PIN) as signer:  # SoftHSM's spare slot holds no card
        result = sign_pdf(exported / "rekvisition.pdf", exported / "s.pdf", "behorig_foretradare", signer)
    assert result.signer == SIGNER
    with pytest.raises(SigningRefused) as refused, card_signer(LIBRARY, key_label=KEY):
        pass
    assert str(refused.value) == "Kortet kräver sin PIN-kod; skriv den, eller ange en fil med den (--pin-file)."


def test_the_sign_command_uses_the_card_with_a_pin_file(card, exported):
    env, _ca = card
    (exported / "pin.txt").write_text(PIN + "\n")
    args = [
        sys.executable, str(ROOT / "main.py"), "sign", str(exported / "rekvisition.pdf"),
        "--field", "behorig_foretradare", "--out", str(exported / "kort.pdf"),
        "--pkcs11-lib", LIBRARY, "--token-label", TOKEN, "--key-label", KEY, "--pin-file", str(exported / "pin.txt"),
        "--document", str(exported / "d.bidrag"),
    ]  # fmt: skip
    done = subprocess.run(args, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)
    assert (done.returncode, done.stderr) == (0, "")
    assert f"som {SIGNER}" in done.stdout
    verify = [sys.executable, str(ROOT / "main.py"), "verify", str(exported / "kort.pdf"), "--document"]
    done = subprocess.run([*verify, str(exported / "d.bidrag")], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Behörig företrädare (fältet behorig_foretradare): Märta Ödman" in done.stdout


def test_the_window_signs_with_the_card_and_remembers_the_card_not_the_pin(card, exported, qtbot):
    from models.storage.document_file import Document
    from ui.doc_context import DocContext
    from ui.interaction import ScriptedInteraction
    from ui.settings import Settings
    from ui.sign_dialog import SignDialog

    with Document.open(exported / "d.bidrag") as doc:
        ctx = DocContext(doc, load_catalogue(), Settings(), ScriptedInteraction())
        dialog = SignDialog(ctx, exported / "rekvisition.pdf")
        qtbot.addWidget(dialog)
        dialog.field.setCurrentIndex(dialog.field.findData("behorig_foretradare"))
        dialog.use_card.setChecked(True)
        assert not dialog.p12.isEnabled() and dialog.pin.isEnabled()
        dialog.library.setText(LIBRARY)
        dialog.token.setText(TOKEN)
        dialog.key.setText(KEY)
        dialog.pin.setText(PIN)
        assert dialog.sign(), ctx.interaction.texts()
        assert dialog.pin.text() == ""
        assert ctx.settings.signing == {
            "method": "card", "certificate": "", "library": LIBRARY, "token": TOKEN, "key": KEY
        }  # fmt: skip
    check = verify_pdf(exported / "rekvisition-signerad.pdf")
    assert [(s.field, s.signer, s.intact) for s in check.signatures] == [("behorig_foretradare", SIGNER, True)]
