"""Who is registered, read through a short-lived cache: facilities and terminal keys.

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

from mynumber.eligibility.callers.facilities import require_facility
from mynumber.eligibility.callers.terminals import load_terminal
from mynumber.eligibility.data import FacilityRegistration, TerminalIdentity
from mynumber.kernel.db import Database

__all__ = ["CallerCache"]

_TTL_SECONDS = 60.0
T = TypeVar("T")


class CallerCache:
    """Facilities and terminal keys of the eligibility system, cached per process."""

    def __init__(self, database: Database) -> None:
        self._db = database
        self._entries: dict[tuple[str, str], tuple[float, object]] = {}
        self._lock = threading.Lock()

    def facility(self, code: str) -> FacilityRegistration:
        """Return a registered facility, or refuse (see `facilities.require_facility`)."""
        return self._cached(("facility", code), lambda: self._load_facility(code))

    def terminal(self, terminal_id: str) -> tuple[TerminalIdentity, Ed25519PublicKey]:
        """Return a registered terminal and its key, or refuse an unknown or revoked one."""
        return self._cached(("terminal", terminal_id), lambda: self._load_terminal(terminal_id))

    def forget(self) -> None:
        """Drop everything read (a facility was registered or changed, a terminal revoked)."""
        with self._lock:
            self._entries.clear()

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
            return require_facility(uow.session, code)

    def _load_terminal(self, terminal_id: str) -> tuple[TerminalIdentity, Ed25519PublicKey]:
        with self._db.unit_of_work() as uow:
            return load_terminal(uow.session, terminal_id)
