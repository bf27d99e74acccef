"""`mynumber card attach` puts an issued card into pcscd's vpcd reader: OpenSC's own jpki driver
reads our certificates, a wrong PIN typed through PKCS#11 is written back to J-LIS's store at
once, and a signature made through PKCS#11 verifies with the certificate's key.

pcscd is started by the card helper's fixture code (tests/e2e/test_opensc_card.py), in a private
mount namespace where allowed, so a pcscd the machine runs is left alone.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from mynumber.app import build_system
from mynumber.jpki.data import CertificateKind, PinKind
from mynumber.kernel.settings import Settings
from tests.e2e.test_opensc_card import MISSING, MODULE, _start_pcscd, _stop
from tests.integration.jpki.helpers import holder

pytestmark = pytest.mark.skipif(bool(MISSING), reason=f"not installed: {', '.join(MISSING)}")
AUTH_TOKEN = "JPKI (User Authentication PIN)"


def test_an_attached_card_is_a_jpki_card_to_opensc_and_pin_tries_persist(tmp_path: Path) -> None:
    data = tmp_path / "data"
    settings = Settings(data_dir=data, database_url=f"sqlite:///{data / 'main.db'}")
    system = build_system(settings)
    who = holder(system)
    auth_serial = next(
        c.serial for c in who.issued.card.certificates if c.kind is CertificateKind.AUTH
    )
    certificate = x509.load_der_x509_certificate(
        system.jpki.read_certificates(card_id=who.card_id).auth
    )
    system.close()

    log = tmp_path / "pcscd.log"
    pcscd, port, prefix = _start_pcscd(tmp_path, log)
    env = dict(os.environ, MYNUMBER_DATA_DIR=str(data))
    env.pop("MYNUMBER_DATABASE_URL", None)
    attach = subprocess.Popen(
        [sys.executable, "-m", "mynumber", "card", "attach", who.card_id, "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip

    def tool(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*prefix, *args], capture_output=True, text=True, timeout=60, check=False
        )

    try:
        deadline = time.monotonic() + 30
        while tool("opensc-tool", "--atr").returncode != 0:
            assert attach.poll() is None, attach.communicate()
            assert time.monotonic() < deadline, log.read_text()[-2000:]
            time.sleep(0.2)
        listed = tool("pkcs15-tool", "--list-certificates").stdout
        assert "[User Authentication Certificate]" in listed, listed
        assert auth_serial in listed.replace(" ", "").replace(":", "").upper(), listed

        assert MODULE is not None
        login = ["pkcs11-tool", "--module", MODULE, "--token-label", AUTH_TOKEN, "--login"]
        wrong = tool(*login, "--pin", "0000", "--list-objects")
        assert "CKR_PIN_INCORRECT" in wrong.stdout + wrong.stderr
        after = build_system(settings, migrate=False)
        assert after.jpki.card(card_id=who.card_id).pin_tries_left[PinKind.AUTH] == 2
        after.close()

        challenge = tmp_path / "challenge.bin"
        challenge.write_bytes(b"a relying party's challenge")
        signature = tmp_path / "challenge.sig"
        signed = tool(
            *login, "--pin", who.issued.pins.auth, "--sign", "-m", "SHA256-RSA-PKCS",
            "--id", "01", "--input-file", str(challenge), "--output-file", str(signature),
        )  # fmt: skip
        assert signed.returncode == 0, signed.stdout + signed.stderr
        public = tmp_path / "auth.pub.pem"
        public.write_bytes(
            certificate.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
        )
        verified = subprocess.run(
            ["openssl", "dgst", "-sha256", "-verify", str(public), "-signature", str(signature),
             str(challenge)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert "Verified OK" in verified.stdout, verified.stdout + verified.stderr
    finally:
        attach.send_signal(signal.SIGINT)  # Ctrl-C takes the card out
        out, err = attach.communicate(timeout=30)
        if pcscd is not None:
            _stop(pcscd)
    assert attach.returncode == 0, err
    assert "taken out of the reader" in out
    final = build_system(settings, migrate=False)
    assert final.jpki.card(card_id=who.card_id).pin_tries_left[PinKind.AUTH] == 3
    final.close()
