"""OpenSSL as the relying party: it verifies our chains, reads our CRLs, asks our OCSP
responder over HTTP and verifies a CMS signature made on the card."""

from __future__ import annotations

import base64
import datetime as dt
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509 import ocsp

from mynumber.app import System
from mynumber.jpki.data import AuthorityName, RevocationReason
from mynumber.jpki.der import certificate_pem
from mynumber.kernel.clock import FixedClock
from tests.integration.jpki.helpers import Holder, holder

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl not installed")


@pytest.fixture
def clock() -> FixedClock:
    """Stand at the real time: openssl checks validity and OCSP times against its own clock."""
    return FixedClock(dt.datetime.now(dt.UTC).replace(microsecond=0))


def openssl(*args: str | Path) -> str:
    """Run openssl; return stdout and stderr together; fail on a non-zero exit."""
    done = subprocess.run(
        ["openssl", *map(str, args)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, f"openssl {' '.join(map(str, args))}:\n{done.stdout}{done.stderr}"
    return done.stdout + done.stderr


def _export(system: System, who: Holder, folder: Path) -> dict[str, Path]:
    certs = system.jpki.read_certificates(card_id=who.card_id, sign_pin=who.issued.pins.sign)
    files = {
        "auth": certs.auth,
        "sign": certs.sign or b"",
        "ca-auth": certs.auth_ca,
        "ca-sign": certs.sign_ca,
        "root": system.jpki.ca_certificate(authority=AuthorityName.ROOT),
    }
    paths = {}
    for name, der in files.items():
        paths[name] = folder / f"{name}.pem"
        paths[name].write_text(certificate_pem(der))
    return paths


def test_openssl_verifies_chains_crls_and_a_card_made_cms_signature(
    system: System, server: str, tmp_path: Path
) -> None:
    who = holder(system)
    files = _export(system, who, tmp_path)
    for leaf, ca in (("auth", "ca-auth"), ("sign", "ca-sign")):
        out = openssl("verify", "-CAfile", files["root"], "-untrusted", files[ca], files[leaf])
        assert out.strip() == f"{files[leaf]}: OK"

    document = tmp_path / "申請書.txt"
    document.write_text("電子申請: 住所変更届\n")
    signature = tmp_path / "申請書.p7s"
    signature.write_bytes(
        system.jpki.sign_document(
            card_id=who.card_id, sign_pin=who.issued.pins.sign, content=document.read_bytes()
        )
    )
    chain = tmp_path / "chain-sign.pem"
    chain.write_text(files["root"].read_text() + files["ca-sign"].read_text())
    verified = openssl(
        "cms", "-verify", "-binary", "-inform", "DER", "-in", signature,
        "-content", document, "-CAfile", chain, "-out", tmp_path / "out.txt",
    )  # fmt: skip
    assert "Verification successful" in verified
    document.write_text("電子申請: 住所変更届（改ざん）\n")
    tampered = subprocess.run(
        ["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", signature,
         "-content", document, "-CAfile", chain, "-out", tmp_path / "out.txt"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert tampered.returncode != 0 and "CMS Verification failure" in tampered.stderr

    system.jpki.revoke(card_id=who.card_id, reason=RevocationReason.KEY_COMPROMISE)
    crl = tmp_path / "auth.crl"
    crl.write_bytes(httpx.get(f"{server}/jpki/crl/auth.crl").content)
    text = openssl("crl", "-inform", "DER", "-in", crl, "-text", "-noout")
    serial = next(c.serial for c in who.issued.card.certificates if c.kind.value == "auth")
    assert f"Serial Number: {serial}" in text
    assert "Key Compromise" in text and "Next Update:" in text
    crl_pem = tmp_path / "auth-crl.pem"
    openssl("crl", "-inform", "DER", "-in", crl, "-out", crl_pem)
    refused = subprocess.run(
        ["openssl", "verify", "-crl_check", "-CRLfile", crl_pem, "-CAfile", files["root"],
         "-untrusted", files["ca-auth"], files["auth"]],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert refused.returncode != 0 and "certificate revoked" in refused.stdout + refused.stderr


def _der(path: Path) -> bytes:
    return x509.load_pem_x509_certificate(path.read_bytes()).public_bytes(Encoding.DER)


def test_openssl_ocsp_sees_good_then_revoked(system: System, server: str, tmp_path: Path) -> None:
    who = holder(system)
    files = _export(system, who, tmp_path)
    chain = tmp_path / "chain-auth.pem"
    chain.write_text(files["root"].read_text() + files["ca-auth"].read_text())

    def ask() -> str:
        return openssl(
            "ocsp", "-issuer", files["ca-auth"], "-cert", files["auth"],
            "-url", f"{server}/jpki/ocsp", "-CAfile", chain,
        )  # fmt: skip

    good = ask()
    assert "Response verify OK" in good and f"{files['auth']}: good" in good
    system.jpki.suspend(card_id=who.card_id)
    held = ask()
    assert f"{files['auth']}: revoked" in held and "Reason: certificateHold" in held
    system.jpki.resume(card_id=who.card_id)
    system.jpki.revoke(card_id=who.card_id, reason=RevocationReason.KEY_COMPROMISE)
    revoked = ask()
    assert "Response verify OK" in revoked
    assert f"{files['auth']}: revoked" in revoked and "Reason: keyCompromise" in revoked

    # The same question as an RFC 6960 GET.
    request = (
        ocsp.OCSPRequestBuilder()
        .add_certificate(
            x509.load_der_x509_certificate(_der(files["auth"])),
            x509.load_der_x509_certificate(_der(files["ca-auth"])),
            hashes.SHA1(),
        )
        .build()
        .public_bytes(Encoding.DER)
    )
    encoded = base64.b64encode(request).decode()
    answer = httpx.get(f"{server}/jpki/ocsp/{encoded}")
    assert answer.headers["content-type"] == "application/ocsp-response"
    assert ocsp.load_der_ocsp_response(answer.content).certificate_status is (
        ocsp.OCSPCertStatus.REVOKED
    )
