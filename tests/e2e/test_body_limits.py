"""Request bodies are limited before they are buffered: 413 with the error body, over real HTTP.

The requests are written on a raw socket, so the test decides exactly what the server has
seen when it answers: a declared Content-Length and no body at all, or a chunked body that
never ends.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import select
import socket
import threading
from collections.abc import Iterator

import httpx
import pytest
import uvicorn

from mynumber.app import System, create_app

from ..servers import StaffLogins, _wait_healthy, free_port
from .test_server import BIRTH

SMALL, LARGE = 2_000, 8_000  # this server's limits: any call, and the batch paths


@pytest.fixture
def limited(system: System) -> Iterator[str]:
    """Serve the instance with small body limits; return its base URL."""
    settings = dataclasses.replace(
        system.settings, max_body_bytes=SMALL, max_batch_body_bytes=LARGE
    )
    app = create_app(dataclasses.replace(system, settings=settings))
    port = free_port()
    uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    _wait_healthy(base)
    yield base
    uv.should_exit = True
    thread.join(timeout=10)


def _raw(base: str, head: str, *chunks: bytes) -> tuple[int, dict[str, str]]:
    """Send a request head and body pieces on one connection; return the status and JSON."""
    port = int(base.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head.replace("\n", "\r\n").encode() + b"\r\n")
        for chunk in chunks:
            # A client stops sending once the server has answered early (as it must past the
            # limit): writing on would make the server's kernel reset the connection.
            if select.select([sock], [], [], 0.02)[0]:
                break
            try:
                sock.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                break
        received = b""
        while b"\r\n\r\n" not in received or not _complete(received):
            part = sock.recv(65536)
            if not part:
                break
            received += part
    status_line, _, rest = received.partition(b"\r\n")
    _headers, _, body = rest.partition(b"\r\n\r\n")
    return int(status_line.split()[1]), json.loads(body)


def _complete(received: bytes) -> bool:
    head, _, body = received.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(body) >= int(value)
    return False


def _chunk(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


def _head(path: str, *lines: str) -> str:
    return "\n".join([f"POST {path} HTTP/1.1", "Host: 127.0.0.1", *lines, ""])


def test_a_declared_length_over_the_limit_is_refused_before_the_body_is_sent(
    limited: str,
) -> None:
    status, refusal = _raw(
        limited,
        _head(
            "/api/eligibility/verify/number",
            "Content-Type: application/json",
            f"Content-Length: {SMALL + 1}",
        ),
    )  # no body at all: the server answers on the header alone

    assert status == 413
    assert refusal["error"] == "body_too_large"
    assert f"{SMALL:,}" in refusal["reason"]


def test_batch_paths_have_the_larger_limit(limited: str) -> None:
    body = b"x" * (SMALL + 1)
    xml_batch = httpx.post(f"{limited}/api/eligibility/xml/batch", content=body)
    assert xml_batch.status_code == 401  # read in full, then refused for want of a signature
    assert xml_batch.json()["error"] == "terminal_signature_required"
    status, refusal = _raw(
        limited,
        _head("/api/eligibility/batches/csv?visit_date=2026-11-23", f"Content-Length: {LARGE + 1}"),
    )
    assert (status, refusal["error"]) == (413, "body_too_large")
    assert f"{LARGE:,}" in refusal["reason"]


def test_a_chunked_body_is_cut_off_at_the_limit(limited: str) -> None:
    # Three 1,000-byte chunks and no terminating chunk: the answer comes while the body is
    # still open, so the server stopped reading it.
    status, refusal = _raw(
        limited,
        _head(
            "/api/eligibility/xml/single",
            "Content-Type: application/xml",
            "Transfer-Encoding: chunked",
        ),
        *(_chunk(b"<" * 1_000) for _ in range(3)),
    )

    assert status == 413
    assert refusal["error"] == "body_too_large"


def test_a_refused_body_records_nothing(limited: str, system: System, staff: StaffLogins) -> None:
    padded = copy.deepcopy(BIRTH)
    padded["resident"]["address"]["building"] = "館" * 1_000  # 3,000 bytes of UTF-8
    payload = json.dumps(padded, ensure_ascii=False).encode()
    auth = f"Authorization: {staff.clerk()['Authorization']}"
    chunks = [_chunk(payload[i : i + 500]) for i in range(0, len(payload), 500)]

    status, refusal = _raw(
        limited,
        _head(
            "/api/registry/residents",
            auth,
            "Content-Type: application/json",
            "Transfer-Encoding: chunked",
        ),
        *chunks,
        b"0\r\n\r\n",
    )

    assert (status, refusal["error"]) == (413, "body_too_large")
    assert system.registry.count() == 0


def test_a_chunked_body_within_the_limit_is_served(
    limited: str, system: System, staff: StaffLogins
) -> None:
    payload = json.dumps(BIRTH, ensure_ascii=False).encode()

    def pieces() -> Iterator[bytes]:  # no length known in advance: httpx sends it chunked
        yield from (payload[i : i + 100] for i in range(0, len(payload), 100))

    created = httpx.post(
        f"{limited}/api/registry/residents",
        content=pieces(),
        headers={**staff.clerk(), "Content-Type": "application/json"},
    )

    assert created.status_code == 201, created.text
    assert system.registry.count() == 1
