"""The virtual card as a real PC/SC card: pcscd + vpcd, with OpenSC's own jpki driver as client.

pcscd runs in the foreground (`pcscd -f -a`) with a reader.conf.d of our own, so vpcd listens on
a free port. pcsc-lite 1.9 has a fixed socket (/run/pcscd/pcscd.comm), so where we may, pcscd
and the OpenSC tools run in a private mount namespace with a tmpfs over /run/pcscd: a pcscd the
machine already runs (the project's set-up starts one) is then left alone. Where namespaces are
not allowed, the machine's pcscd is used if it runs (vpcd on 35963), else our own is started.
Skipped only when the programs are not installed; any failure to start is a failure.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from mynumber.jpki.card import (
    ATR,
    DEFAULT_PORT,
    CardProfile,
    KeySlot,
    PinKind,
    Pins,
    VirtualCard,
    attach,
)
from tests.unit.jpki_card.issuer import ThrowawayCa


def _first(patterns: list[str]) -> str | None:
    return next((hit for pattern in patterns for hit in sorted(glob.glob(pattern))), None)


MODULE = _first(
    ["/usr/lib/*/opensc-pkcs11.so", "/usr/lib/opensc-pkcs11.so", "/usr/lib64/opensc-pkcs11.so"]
)
VPCD_DRIVER = _first(
    ["/usr/lib/pcsc/drivers/serial/libifdvpcd.so*", "/usr/lib*/pcsc/drivers/serial/libifdvpcd.so*"]
)
PROGRAMS = ("pcscd", "pkcs15-tool", "pkcs11-tool", "opensc-tool", "openssl")
MISSING = [p for p in PROGRAMS if shutil.which(p) is None]
MISSING += [
    name
    for name, path in (("opensc-pkcs11.so", MODULE), ("libifdvpcd.so", VPCD_DRIVER))
    if path is None
]
pytestmark = pytest.mark.skipif(bool(MISSING), reason=f"not installed: {', '.join(MISSING)}")

AUTH_PIN, SIGN_PIN = "1234", "SIGN2026"
PROFILE = CardProfile(
    my_number="123456789018",
    name="山田 花子",
    address="東京都千代田区霞が関2-1-2",
    birth_date=dt.date(1990, 7, 15),
    sex=2,
    expiry=dt.date(2036, 7, 15),
    security_code="2468",
)


def _free_port_pair() -> int:
    # vpcd listens on the configured port and the next one (its second slot).
    for _ in range(50):
        with socket.socket() as first:
            first.bind(("127.0.0.1", 0))
            port = int(first.getsockname()[1])
            try:
                with socket.socket() as second:
                    second.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
            return port
    raise RuntimeError("no two free consecutive ports")


def _listening(port: int) -> bool:
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
                return True
    return False


def _can_isolate() -> bool:
    if shutil.which("unshare") is None or shutil.which("nsenter") is None:
        return False
    probe = subprocess.run(["unshare", "--mount", "true"], capture_output=True, check=False)
    return probe.returncode == 0


@dataclass
class Reader:
    """A running pcscd with the card attached, and how to run PC/SC programs next to it."""

    prefix: list[str]  # nsenter into pcscd's mount namespace, or nothing
    card: VirtualCard
    certificates: dict[str, bytes]
    workdir: Path
    log: Path

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run a program where it sees our pcscd; fail with its output and pcscd's log."""
        result = subprocess.run(
            [*self.prefix, *args], capture_output=True, text=True, timeout=60, check=False
        )
        if check and result.returncode != 0:
            pytest.fail(
                f"{' '.join(args)} exited {result.returncode}\n{result.stdout}\n{result.stderr}\n"
                f"pcscd log tail:\n{self.log.read_text()[-3000:]}"
            )
        return result


def _start_pcscd(workdir: Path, log: Path) -> tuple[subprocess.Popen[bytes] | None, int, list[str]]:
    """Start our own pcscd, or find the machine's; return it, vpcd's port, the tool prefix."""
    isolate = _can_isolate()
    if not isolate and Path("/run/pcscd/pcscd.comm").exists() and _listening(DEFAULT_PORT):
        # No namespaces here (not root, say) but the set-up's pcscd runs: use its vpcd.
        log.write_text("using the machine's pcscd; its log is not ours to read\n")
        return None, DEFAULT_PORT, []
    port = _free_port_pair()
    conf = workdir / "reader.conf.d"
    conf.mkdir()
    (conf / "vpcd").write_text(
        f'FRIENDLYNAME "Virtual PCD"\nDEVICENAME /dev/null:0x{port:04X}\n'
        f"LIBPATH {VPCD_DRIVER}\nCHANNELID 0x{port:04X}\n"
    )
    command = ["pcscd", "--foreground", "--apdu", "--config", str(conf)]
    if isolate:
        Path("/run/pcscd").mkdir(parents=True, exist_ok=True)  # the mount point, on the host
        script = 'mount -t tmpfs tmpfs /run/pcscd && exec "$@"'
        command = ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh"]
        command += ["pcscd", "--foreground", "--apdu", "--config", str(conf)]
    with log.open("w") as out:
        # unshare and sh exec into pcscd, so this pid is pcscd's own.
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 15
    while not _listening(port):
        if process.poll() is not None or time.monotonic() > deadline:
            _stop(process)
            pytest.fail(f"pcscd/vpcd did not listen on {port}:\n{log.read_text()[-3000:]}")
        time.sleep(0.05)
    prefix = ["nsenter", "--target", str(process.pid), "--mount", "--"] if isolate else []
    return process, port, prefix


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Reader]:
    """Start pcscd with vpcd and attach a freshly issued card to it."""
    workdir = tmp_path_factory.mktemp("pcsc")
    log = workdir / "pcscd.log"
    process, port, prefix = _start_pcscd(workdir, log)
    stop = threading.Event()
    thread: threading.Thread | None = None
    try:
        card = VirtualCard.manufacture(
            profile=PROFILE, pins=Pins(auth=AUTH_PIN, sign=SIGN_PIN, input_support="5678")
        )
        certificates = ThrowawayCa.create().install(card)
        thread = threading.Thread(
            target=attach,
            args=(card.transmit,),
            kwargs={"port": port, "stop": stop, "reset": card.reset},
            daemon=True,
        )
        thread.start()
        yield Reader(prefix, card, certificates, workdir, log)
    finally:
        stop.set()
        if thread is not None:
            thread.join(timeout=5)
        if process is not None:
            _stop(process)


def _wait_for_card(reader: Reader) -> str:
    deadline = time.monotonic() + 15
    while True:
        result = reader.run("opensc-tool", "--atr", check=False)
        if result.returncode == 0 or time.monotonic() > deadline:
            return result.stdout + result.stderr
        time.sleep(0.1)


def test_pcsc_lite_accepts_the_atr_and_opensc_picks_jpki(reader: Reader) -> None:
    output = _wait_for_card(reader)
    assert ATR.hex(":") in output.lower(), output
    name = reader.run("opensc-tool", "--name").stdout
    assert "jpki" in name.lower(), name


def test_pkcs15_tool_lists_the_four_certificates(reader: Reader) -> None:
    _wait_for_card(reader)
    output = reader.run("pkcs15-tool", "--list-certificates").stdout
    for label in (
        "User Authentication Certificate",
        "Digital Signature Certificate",
        "User Authentication Certificate CA",
        "Digital Signature Certificate CA",
    ):
        assert f"[{label}]" in output, output
    serial = x509.load_der_x509_certificate(reader.certificates["auth"]).serial_number
    assert f"{serial:X}" in output.replace(" ", "").upper()  # read off the card, not assumed


def test_pkcs15_tool_lists_the_two_pins_with_tries_left(reader: Reader) -> None:
    _wait_for_card(reader)
    output = reader.run("pkcs15-tool", "--list-pins").stdout
    assert "PIN [User Authentication PIN]" in output, output
    assert "PIN [Digital Signature PIN]" in output, output
    tries = [line.split(":")[1].strip() for line in output.splitlines() if "Tries left" in line]
    assert tries == ["3", "5"], output


def _public_pem(reader: Reader, slot: KeySlot) -> Path:
    path = reader.workdir / f"{slot.value}.pub.pem"
    path.write_bytes(
        reader.card.public_key(slot).public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return path


def _pkcs11_sign(reader: Reader, *, token: str, key_id: str, pin: str, name: str) -> Path:
    data = reader.workdir / f"{name}.txt"
    data.write_text("利用者証明のチャレンジ / a challenge to sign\n")
    signature = reader.workdir / f"{name}.sig"
    assert MODULE is not None
    reader.run(
        "pkcs11-tool", "--module", MODULE, "--token-label", token, "--login", "--pin", pin,
        "--sign", "-m", "SHA256-RSA-PKCS", "--id", key_id,
        "--input-file", str(data), "--output-file", str(signature),
    )  # fmt: skip
    return data


def test_pkcs11_tool_signs_with_the_auth_key_and_openssl_verifies(reader: Reader) -> None:
    _wait_for_card(reader)
    data = _pkcs11_sign(
        reader, token="JPKI (User Authentication PIN)", key_id="01", pin=AUTH_PIN, name="auth"
    )
    verified = reader.run(
        "openssl", "dgst", "-sha256", "-verify", str(_public_pem(reader, KeySlot.AUTH)),
        "-signature", str(data.with_suffix(".sig")), str(data),
    )  # fmt: skip
    assert "Verified OK" in verified.stdout


def test_pkcs11_tool_signs_with_the_signing_key(reader: Reader) -> None:
    _wait_for_card(reader)
    data = _pkcs11_sign(
        reader, token="JPKI (Digital Signature PIN)", key_id="02", pin=SIGN_PIN, name="sign"
    )
    verified = reader.run(
        "openssl", "dgst", "-sha256", "-verify", str(_public_pem(reader, KeySlot.SIGN)),
        "-signature", str(data.with_suffix(".sig")), str(data),
    )  # fmt: skip
    assert "Verified OK" in verified.stdout


def test_the_signing_certificate_is_read_after_its_pin(reader: Reader) -> None:
    _wait_for_card(reader)
    pem = reader.run(
        "pkcs15-tool", "--read-certificate", "02", "--verify-pin", "--auth-id", "02",
        "--pin", SIGN_PIN,
    ).stdout  # fmt: skip
    certificate = x509.load_pem_x509_certificate(pem[pem.index("-----BEGIN") :].encode())
    assert certificate.public_bytes(serialization.Encoding.DER) == reader.certificates["sign"]


def test_a_wrong_pin_through_opensc_counts_down_on_the_card(reader: Reader) -> None:
    _wait_for_card(reader)
    assert MODULE is not None
    login = ["pkcs11-tool", "--module", MODULE, "--token-label", "JPKI (User Authentication PIN)"]
    wrong = reader.run(*login, "--login", "--pin", "0000", "--list-objects", check=False)
    assert wrong.returncode != 0 and "CKR_PIN_INCORRECT" in wrong.stdout + wrong.stderr
    assert reader.card.pin_status()[PinKind.AUTH] == 2
    assert "Tries left     : 2" in reader.run("pkcs15-tool", "--list-pins").stdout
    reader.run(*login, "--login", "--pin", AUTH_PIN, "--list-objects")
    assert reader.card.pin_status()[PinKind.AUTH] == 3
