"""The terminal's side of signed requests: an httpx `Auth` that signs every request it sends.

The lines signed are the eligibility system's (`request_signing_bytes`); the key is the
terminal's Ed25519 key, through whatever `sign` the caller has (the facility subsystem's key
store, or a key file on a remote terminal).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import secrets
from collections.abc import Callable, Generator
from pathlib import Path

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from mynumber.eligibility.data import request_signing_bytes

__all__ = ["TerminalAuth", "key_file_signer", "signature_headers"]

Signer = Callable[[bytes], bytes]


def signature_headers(
    *,
    terminal_id: str,
    sign: Signer,
    method: str,
    target: str,
    body: bytes,
    now: dt.datetime | None = None,
    nonce: str | None = None,
) -> dict[str, str]:
    """Return the four X-Terminal-* headers for one request."""
    timestamp = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    nonce = nonce or secrets.token_urlsafe(18)
    payload = request_signing_bytes(
        terminal_id=terminal_id,
        method=method,
        target=target,
        timestamp=timestamp,
        nonce=nonce,
        body_sha256=hashlib.sha256(body).hexdigest(),
    )
    return {
        "X-Terminal-Id": terminal_id,
        "X-Terminal-Timestamp": timestamp,
        "X-Terminal-Nonce": nonce,
        "X-Terminal-Signature": base64.b64encode(sign(payload)).decode(),
    }


class TerminalAuth(httpx.Auth):
    """Sign each request with the terminal's key (a fresh nonce and timestamp every time)."""

    requires_request_body = True

    def __init__(
        self, terminal_id: str, sign: Signer, now: Callable[[], dt.datetime] | None = None
    ) -> None:
        self.terminal_id, self._sign = terminal_id, sign
        self._now = now or (lambda: dt.datetime.now(dt.UTC))

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Add the signature headers, then send."""
        request.headers.update(
            signature_headers(
                terminal_id=self.terminal_id,
                sign=self._sign,
                method=request.method,
                target=request.url.raw_path.decode("ascii"),
                body=request.content,
                now=self._now(),
            )
        )
        yield request


def key_file_signer(path: Path) -> Signer:
    """Return a signer over the raw Ed25519 private key in a file (64 hex digits)."""
    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(path.read_text().strip()))
    return key.sign
