"""`mynumber bench jpki`: J-LIS authentication checks in process, and OCSP over loopback HTTP.

The cards answer challenges through their APDUs, as a relying party's reader would drive them;
only verify_authentication and the OCSP round trips are timed.
"""

from __future__ import annotations

import hashlib
import os
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Annotated

import httpx
import typer
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509 import ocsp

from mynumber.bench.instance import bench_instance
from mynumber.bench.server import running_server
from mynumber.jpki.api import CardSession, Jpki
from mynumber.jpki.data import IssuedCard
from mynumber.kernel.clock import today_in_japan

__all__ = ["run"]


# The JPKI client side in APDUs (REFERENCE.md): select the JPKI AP, verify the auth PIN once,
# then SIGN a SHA-256 DigestInfo per challenge with the auth key (EF 0017).
_SELECT_JPKI = bytes.fromhex("00A4040C0AD392F000260100000001")
_SELECT_AUTH_PIN = bytes.fromhex("00A4020C020018")
_SELECT_AUTH_KEY = bytes.fromhex("00A4020C020017")
_SHA256_INFO = bytes.fromhex("3031300d060960864801650304020105000420")


def _apdu(reader: CardSession, command: bytes) -> bytes:
    response = reader.transmit(command)
    if response[-2:] != b"\x90\x00":
        raise RuntimeError(f"card answered {response[-2:].hex()} to {command[:4].hex()}")
    return response[:-2]


def _answers(
    jpki: Jpki, issued: list[IssuedCard], *, count: int, party: str
) -> list[tuple[bytes, bytes, bytes]]:
    """Return (certificate, challenge, signature) triples made by the cards, round robin."""
    answers: list[tuple[bytes, bytes, bytes]] = []
    per_card = -(-count // len(issued))
    for card in issued:
        certificate = jpki.read_certificates(card_id=card.card.card_id).auth
        with jpki.open_card(card_id=card.card.card_id) as reader:
            _apdu(reader, _SELECT_JPKI)
            _apdu(reader, _SELECT_AUTH_PIN)
            pin = card.pins.auth.encode()
            _apdu(reader, bytes([0x00, 0x20, 0x00, 0x80, len(pin)]) + pin)
            _apdu(reader, _SELECT_AUTH_KEY)
            for _ in range(min(per_card, count - len(answers))):
                challenge = jpki.new_challenge(relying_party=party).value
                info = _SHA256_INFO + hashlib.sha256(challenge).digest()
                signed = _apdu(reader, bytes([0x80, 0x2A, 0x00, 0x80, len(info)]) + info + b"\0")
                answers.append((certificate, challenge, signed))
    return answers


def _rate(label: str, latencies: list[float], seconds: float) -> None:
    ordered = sorted(latencies)
    p50, p99 = ordered[len(ordered) // 2], ordered[int(len(ordered) * 0.99)]
    typer.echo(
        f"{label:34} {len(latencies) / seconds:8,.0f} /s   p50 {p50 * 1000:5.1f} ms   "
        f"p99 {p99 * 1000:5.1f} ms   ({len(latencies):,} in {seconds:.1f} s)"
    )


def _ocsp_requests(jpki: Jpki, issued: list[IssuedCard]) -> list[bytes]:
    requests = []
    for card in issued:
        certs = jpki.read_certificates(card_id=card.card.card_id)
        builder = ocsp.OCSPRequestBuilder().add_certificate(
            x509.load_der_x509_certificate(certs.auth),
            x509.load_der_x509_certificate(certs.auth_ca),
            hashes.SHA1(),
        )
        requests.append(builder.build().public_bytes(serialization.Encoding.DER))
    return requests


def _ocsp_run(base: str, requests: list[bytes], *, count: int, clients: int) -> None:
    def worker(share: int) -> list[float]:
        latencies = []
        with httpx.Client(base_url=base) as client:
            for i in range(share):
                started = time.perf_counter()
                answer = client.post(
                    "/jpki/ocsp",
                    content=requests[i % len(requests)],
                    headers={"Content-Type": "application/ocsp-request"},
                )
                status = ocsp.load_der_ocsp_response(answer.content).certificate_status
                if status is not ocsp.OCSPCertStatus.GOOD:
                    raise RuntimeError(f"unexpected OCSP status {status}")
                latencies.append(time.perf_counter() - started)
        return latencies

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        parts = list(pool.map(worker, [count // clients] * clients))
    seconds = time.perf_counter() - started
    _rate(
        f"OCSP over HTTP ({clients} client{'s' * (clients > 1)})",
        [t for part in parts for t in part],
        seconds,
    )


def _verify_run(
    jpki: Jpki, answers: list[tuple[bytes, bytes, bytes]], *, party: str, threads: int
) -> None:
    def worker(share: list[tuple[bytes, bytes, bytes]]) -> list[float]:
        latencies = []
        for certificate, challenge, signature in share:
            begun = time.perf_counter()
            jpki.verify_authentication(
                certificate=certificate, challenge=challenge, signature=signature,
                relying_party=party,
            )  # fmt: skip
            latencies.append(time.perf_counter() - begun)
        return latencies

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        parts = list(pool.map(worker, [answers[i::threads] for i in range(threads)]))
    label = f"verify_authentication ({threads} thread{'s' * (threads > 1)})"
    _rate(label, [t for part in parts for t in part], time.perf_counter() - started)


def run(
    verifications: Annotated[int, typer.Option(min=10)] = 2_000,
    ocsp_requests: Annotated[int, typer.Option("--ocsp", min=10)] = 2_000,
    cards: Annotated[int, typer.Option(min=1, max=50)] = 4,
    clients: Annotated[
        int, typer.Option(min=1, max=64, help="concurrent verifiers and OCSP clients")
    ] = 4,
    db: Annotated[
        str | None, typer.Option(help="database URL; default: SQLite in a temp dir")
    ] = None,
    reset: Annotated[bool, typer.Option(help="drop every subsystem schema of --db first")] = False,
) -> None:
    """Measure verify_authentication (chain + revocation + signature + challenge + log) and
    OCSP responses over loopback HTTP."""
    with bench_instance(db, reset=reset) as instance:
        system, data_dir, url = instance.system, instance.data_dir, instance.url
        today = today_in_japan(system.clock)
        system.synth.populate(seed=7, people=max(60, cards * 8), on=today)
        residents = system.registry.listing(limit=500)
        adults = [r for r in residents if (today - r.birth_date).days > 20 * 366][:cards]
        started = time.perf_counter()
        issued = [system.jpki.issue(resident_code=r.resident_code) for r in adults]
        typer.echo(f"backend      {url.split(':')[0]}")
        typer.echo(f"cards        {len(issued)} issued in {time.perf_counter() - started:.1f} s")
        party = f"bench-{os.getpid()}"
        system.jpki.register_relying_party(party=party, may_resolve=False)
        for threads in sorted({1, clients}):
            answers = _answers(system.jpki, issued, count=verifications, party=party)
            _verify_run(system.jpki, answers, party=party, threads=threads)
        requests = _ocsp_requests(system.jpki, issued)
        with running_server(data_dir, url) as (base, _pid):
            _ocsp_run(base, requests, count=ocsp_requests // 4, clients=1)  # warm up
            _ocsp_run(base, requests, count=ocsp_requests, clients=1)
            _ocsp_run(base, requests, count=ocsp_requests, clients=clients)
