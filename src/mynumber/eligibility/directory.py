"""Who is registered: facilities and terminal keys, read through a short-lived cache.

Every check asks which facility it is for and which terminal signed it. These change rarely
(a facility's kind, a new terminal; a terminal's key never changes, ids are never reused), so
each process keeps what it read for a minute instead of asking the database every time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from mynumber.eligibility import facilities
from mynumber.eligibility.data import FacilityKind, FacilityRegistration, TerminalIdentity
from mynumber.eligibility.models import FacilityRow, TerminalRow
from mynumber.kernel.db import Database
from mynumber.kernel.errors import UnauthenticatedError

_TTL_SECONDS = 60.0
_PURGE_EVERY = 1000  # requests between sweeps of expired nonces
T = TypeVar("T")


class TerminalUnknownError(UnauthenticatedError):
    """A request or reader result names a terminal that is not registered."""

    code = "terminal_unknown"


class TerminalRevokedError(UnauthenticatedError):
    """A request or reader result names a terminal whose key was revoked."""

    code = "terminal_revoked"


class Directory:
    """Facilities and terminal keys of the eligibility system, cached per process."""

    def __init__(self, database: Database) -> None:
        self._db = database
        self._entries: dict[tuple[str, str], tuple[float, object]] = {}
        self._lock = threading.Lock()
        self._requests = 0

    def facility(self, code: str) -> FacilityRegistration:
        """Return a registered facility, or refuse (see `facilities.require_facility`)."""
        return self._cached(("facility", code), lambda: self._load_facility(code))

    def terminal(self, terminal_id: str) -> tuple[TerminalIdentity, Ed25519PublicKey]:
        """Return a registered terminal and its key, or refuse an unknown terminal."""
        return self._cached(("terminal", terminal_id), lambda: self._load_terminal(terminal_id))

    def forget(self) -> None:
        """Drop everything read (a facility was registered or changed)."""
        with self._lock:
            self._entries.clear()

    def count_request(self) -> bool:
        """Count a signed request; return True when it is time to sweep expired nonces."""
        with self._lock:
            self._requests += 1
            return self._requests % _PURGE_EVERY == 0

    def _cached(self, key: tuple[str, str], load: Callable[[], T]) -> T:
        entry = self._entries.get(key)
        if entry is not None and time.monotonic() - entry[0] < _TTL_SECONDS:
            return entry[1]  # type: ignore[return-value]
        value = load()  # a refusal is not cached: registering makes it known at once
        with self._lock:
            self._entries[key] = (time.monotonic(), value)
        return value

    def _load_facility(self, code: str) -> FacilityRegistration:
        with self._db.unit_of_work() as uow:
            return facilities.require_facility(uow.session, code)

    def _load_terminal(self, terminal_id: str) -> tuple[TerminalIdentity, Ed25519PublicKey]:
        with self._db.unit_of_work() as uow:
            row = uow.session.get(TerminalRow, terminal_id)
            facility = uow.session.get(FacilityRow, row.facility_code) if row else None
            if row is None or facility is None:
                raise TerminalUnknownError(f"terminal {terminal_id} is not registered")
            if row.revoked_at is not None:
                raise TerminalRevokedError(f"terminal {terminal_id} has been revoked")
            identity = TerminalIdentity(
                terminal_id=row.terminal_id,
                facility_code=row.facility_code,
                facility_kind=FacilityKind(facility.kind),
            )
            return identity, Ed25519PublicKey.from_public_bytes(row.public_key)
