"""Signed terminal requests: every call a facility's terminal makes is signed with its key.

The eligibility system holds each terminal's Ed25519 public key (registered with the facility).
A request is accepted when its signature verifies under the named terminal's key, its timestamp
is within `REQUEST_SKEW` of our clock, and its nonce has not been seen from that terminal
before. Nonces are kept for twice the skew window, after which the timestamp alone refuses a
replay.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import cast

from cryptography.exceptions import InvalidSignature
from sqlalchemy import Table, delete
from sqlalchemy.engine import Connection

from mynumber.eligibility.callers.terminals import TerminalLookup
from mynumber.eligibility.data import SignedRequest, TerminalIdentity
from mynumber.eligibility.models import RequestNonceRow
from mynumber.kernel.errors import UnauthenticatedError
from mynumber.kernel.upsert import inserted

__all__ = ["NONCES_KEPT", "REQUEST_SKEW", "NonceSweeper", "RequestRefusedError", "authenticate"]

REQUEST_SKEW = dt.timedelta(minutes=5)
NONCES_KEPT = 2 * REQUEST_SKEW
_SWEEP_EVERY = 1000  # accepted signatures between sweeps of expired nonces


class RequestRefusedError(UnauthenticatedError):
    """A request that does not prove it comes from a registered terminal."""


class NonceSweeper:
    """Says when to sweep expired nonces: every so many signed requests of this process, so no
    request pays for a sweep it does not need."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests = 0

    def due(self) -> bool:
        """Count a signed request; return True when it is time to sweep."""
        with self._lock:
            self._requests += 1
            return self._requests % _SWEEP_EVERY == 0


def authenticate(
    keep: Callable[[Callable[[Connection], None]], None],
    request: SignedRequest,
    *,
    now: dt.datetime,
    terminals: TerminalLookup,
    sweeper: NonceSweeper,
) -> TerminalIdentity:
    """Return who signed the request, after checking signature, time and nonce.

    keep runs the nonce's write on a connection it opens once the rest has passed (so the
    terminal's lookup never waits behind it).
    """
    identity, key = terminals(request.terminal_id)
    try:
        key.verify(request.signature, request.signing_bytes())
    except InvalidSignature:
        raise RequestRefusedError(
            "the request's signature does not verify under the terminal's key",
            code="request_signature_invalid",
        ) from None
    _check_time(request.timestamp, now)
    sweep = sweeper.due()
    keep(lambda conn: _remember_nonce(conn, request, now=now, sweep=sweep))
    return identity


def _check_time(timestamp: str, now: dt.datetime) -> None:
    try:
        signed_at = dt.datetime.fromisoformat(timestamp)
    except ValueError:
        signed_at = None
    if signed_at is None or signed_at.tzinfo is None:
        raise RequestRefusedError(
            "X-Terminal-Timestamp must be ISO 8601 with its UTC offset",
            code="request_timestamp_invalid",
        )
    if abs(now - signed_at) > REQUEST_SKEW:
        raise RequestRefusedError(
            f"the request was signed at {timestamp}, more than 5 minutes from the server's "
            "clock: check the terminal's clock",
            code="request_skew",
        )


def _remember_nonce(
    conn: Connection, request: SignedRequest, *, now: dt.datetime, sweep: bool
) -> None:
    """Keep the nonce, in one statement; refuse it if the terminal has used it before."""
    if sweep:
        conn.execute(delete(RequestNonceRow).where(RequestNonceRow.seen_at < now - NONCES_KEPT))
    row = {"terminal_id": request.terminal_id, "nonce": request.nonce, "seen_at": now}
    if not inserted(conn, _NONCES, row, "terminal_id", "nonce"):
        raise RequestRefusedError(
            "this request was sent before (its nonce is used)", code="request_replayed"
        )


_NONCES = cast(Table, RequestNonceRow.__table__)
