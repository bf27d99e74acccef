"""Facilities' terminals (資格確認端末) and the Ed25519 keys their requests and reader results are
signed with. A terminal id is never reused; a revoked key stays on record, refused. Functions
take the caller's session; none commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import cast

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Table
from sqlalchemy.orm import Session

from mynumber.eligibility.callers.facilities import require_facility
from mynumber.eligibility.data import FacilityKind, TerminalIdentity, TerminalRegistration
from mynumber.eligibility.models import FacilityRow, TerminalRow
from mynumber.kernel.errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
    UnauthenticatedError,
)
from mynumber.kernel.upsert import inserted

__all__ = [
    "TerminalLookup",
    "TerminalRevokedError",
    "TerminalUnknownError",
    "load_terminal",
    "register_terminal",
    "revoke_terminal",
]

# Who a terminal is and its key, by terminal id (read through the callers' cache).
TerminalLookup = Callable[[str], tuple[TerminalIdentity, Ed25519PublicKey]]


class TerminalUnknownError(UnauthenticatedError):
    """A request or reader result names a terminal that is not registered."""

    code = "terminal_unknown"


class TerminalRevokedError(UnauthenticatedError):
    """A request or reader result names a terminal whose key was revoked."""

    code = "terminal_revoked"


def register_terminal(session: Session, terminal: TerminalRegistration, now: dt.datetime) -> None:
    """Register a terminal's key for a registered facility; a terminal id is never reused."""
    require_facility(session, terminal.facility_code)
    if len(terminal.public_key) != 32:
        raise InvalidInputError("an Ed25519 public key is 32 bytes", code="terminal_key_invalid")
    row = {
        "terminal_id": terminal.terminal_id,
        "facility_code": terminal.facility_code,
        "public_key": terminal.public_key,
        "registered_at": now,
    }
    if not inserted(session, cast(Table, TerminalRow.__table__), row, "terminal_id"):
        raise ConflictError(
            f"terminal {terminal.terminal_id} is registered already", code="terminal_exists"
        )


def revoke_terminal(session: Session, terminal_id: str, now: dt.datetime) -> None:
    """Revoke a terminal's key: its signed requests and reader results are refused from now on
    (the id stays taken)."""
    row = session.get(TerminalRow, terminal_id)
    if row is None:
        raise NotFoundError(f"terminal {terminal_id} is not registered", code="terminal_unknown")
    if row.revoked_at is None:
        row.revoked_at = now


def load_terminal(session: Session, terminal_id: str) -> tuple[TerminalIdentity, Ed25519PublicKey]:
    """Return a registered terminal and its key, or refuse an unknown or revoked one (401)."""
    row = session.get(TerminalRow, terminal_id)
    facility = session.get(FacilityRow, row.facility_code) if row else None
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
