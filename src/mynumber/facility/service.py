"""Rules of the facilities. Every function takes the caller's session; none commits."""

from __future__ import annotations

import datetime as dt
import os
from typing import cast

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from mynumber.facility.data import Facility, FacilityKind, Terminal
from mynumber.facility.models import FacilityRow, TerminalRow
from mynumber.kernel.db import row_or_not_found
from mynumber.kernel.errors import ConflictError
from mynumber.kernel.upsert import inserted

_TERMINALS = cast(Table, TerminalRow.__table__)


def add_facility(session: Session, *, facility: Facility, now: dt.datetime) -> None:
    """Record a facility; refuse a code already taken."""
    if session.get(FacilityRow, facility.code) is not None:
        raise ConflictError(f"facility {facility.code} exists", code="duplicate_facility")
    session.add(
        FacilityRow(
            code=facility.code,
            kind=facility.kind.value,
            name=facility.name,
            prefecture_code=facility.prefecture_code,
            address=facility.address,
            created_at=now,
        )
    )


def list_facilities(
    session: Session, *, kind: FacilityKind | None = None, prefecture_code: str | None = None
) -> list[Facility]:
    """Return the facilities by code, of one kind or prefecture if given."""
    query = select(FacilityRow).order_by(FacilityRow.code)
    if kind is not None:
        query = query.where(FacilityRow.kind == kind.value)
    if prefecture_code is not None:
        query = query.where(FacilityRow.prefecture_code == prefecture_code)
    return [_facility(row) for row in session.scalars(query)]


def get_facility(session: Session, *, code: str) -> Facility:
    """Return the facility with this code, or raise."""
    row = row_or_not_found(
        session, FacilityRow, code, f"no facility {code}", code="facility_not_found"
    )
    return _facility(row)


def add_terminal(
    session: Session, *, facility_code: str, now: dt.datetime, seal_key: bytes
) -> Terminal:
    """Make a terminal for a facility with a new Ed25519 key pair; return it.

    Terminal ids are the facility code and a running number (1311234566-T01). The number is
    claimed with INSERT … ON CONFLICT DO NOTHING: a terminal added at the same moment that took
    it first makes this one try the next. The private key is stored sealed under seal_key, bound
    to the terminal id it was claimed with.
    """
    get_facility(session, code=facility_code)
    count = session.scalar(
        select(func.count())
        .select_from(TerminalRow)
        .where(TerminalRow.facility_code == facility_code)
    )
    key = Ed25519PrivateKey.generate()
    row = {
        "facility_code": facility_code,
        "public_key": key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw),
        "created_at": now,
    }
    number = (count or 0) + 1
    while True:
        terminal_id = _terminal_id(facility_code, number)
        sealed = seal_private_key(key.private_bytes_raw(), terminal_id, seal_key)
        claim = row | {"terminal_id": terminal_id, "sealed_private_key": sealed}
        if inserted(session, _TERMINALS, claim, "terminal_id"):
            break
        number += 1
    return Terminal(
        terminal_id=terminal_id,
        facility_code=facility_code,
        public_key=row["public_key"],
        created_at=now,
    )


def _terminal_id(facility_code: str, number: int) -> str:
    return f"{facility_code}-T{number:02d}"


def terminal(session: Session, *, terminal_id: str) -> Terminal:
    """Return the terminal with this id, or raise."""
    return _terminal(_terminal_row(session, terminal_id))


def terminals(session: Session, *, facility_code: str) -> list[Terminal]:
    """Return a facility's terminals by id."""
    rows = session.scalars(
        select(TerminalRow)
        .where(TerminalRow.facility_code == facility_code)
        .order_by(TerminalRow.terminal_id)
    )
    return [_terminal(row) for row in rows]


def sign(session: Session, *, terminal_id: str, payload: bytes, seal_key: bytes) -> bytes:
    """Return the terminal's Ed25519 signature over payload."""
    row = _terminal_row(session, terminal_id)
    private = open_private_key(row.sealed_private_key, terminal_id, seal_key)
    return Ed25519PrivateKey.from_private_bytes(private).sign(payload)


def seal_private_key(private: bytes, terminal_id: str, seal_key: bytes) -> bytes:
    """Return a terminal's raw private key encrypted: nonce ‖ AES-256-GCM(key, id as AAD)."""
    nonce = os.urandom(12)
    return nonce + AESGCM(seal_key).encrypt(nonce, private, _aad(terminal_id))


def open_private_key(sealed: bytes, terminal_id: str, seal_key: bytes) -> bytes:
    """Return the raw private key sealed for this terminal; refuse another key or terminal."""
    try:
        return AESGCM(seal_key).decrypt(sealed[:12], sealed[12:], _aad(terminal_id))
    except InvalidTag:
        raise RuntimeError(
            f"the private key of terminal {terminal_id} does not open with this instance's key"
        ) from None


def _aad(terminal_id: str) -> bytes:
    return f"facility-terminal:{terminal_id}".encode()


def _terminal_row(session: Session, terminal_id: str) -> TerminalRow:
    return row_or_not_found(
        session, TerminalRow, terminal_id, f"no terminal {terminal_id}", code="terminal_not_found"
    )


def _facility(row: FacilityRow) -> Facility:
    return Facility(code=row.code, kind=FacilityKind(row.kind), name=row.name, address=row.address)


def _terminal(row: TerminalRow) -> Terminal:
    return Terminal(
        terminal_id=row.terminal_id,
        facility_code=row.facility_code,
        public_key=row.public_key,
        created_at=row.created_at,
    )
