"""Facilities and terminals registered to use the system, and the checks on what they send."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import cast

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from mynumber.eligibility.data import (
    CardProof,
    FacilityKind,
    FacilityRegistration,
    ReaderMethod,
    TerminalIdentity,
    TerminalRegistration,
)
from mynumber.eligibility.models import FacilityRow, TerminalRow
from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.kernel.errors import ConflictError, ForbiddenError, InvalidInputError, NotFoundError
from mynumber.kernel.upsert import inserted

# How far a reader's clock may be from ours before its result is refused as stale or skewed.
READER_SKEW = dt.timedelta(minutes=5)


class ReaderRefusedError(ForbiddenError):
    """The reader's result does not prove what it claims."""


def register_facility(session: Session, facility: FacilityRegistration) -> None:
    """Register a facility, or update its kind and name."""
    if not CODECS[IdentifierKind.FACILITY_CODE].is_valid(facility.code):
        raise InvalidInputError("not a valid 医療機関コード", code="facility_code_invalid")
    row = session.get(FacilityRow, facility.code)
    if row is None:
        session.add(FacilityRow(code=facility.code, kind=facility.kind.value, name=facility.name))
    else:
        row.kind, row.name = facility.kind.value, facility.name


def list_facilities(session: Session) -> list[FacilityRegistration]:
    """Return the registered facilities by code."""
    rows = session.scalars(select(FacilityRow).order_by(FacilityRow.code))
    return [to_registration(row) for row in rows]


def to_registration(row: FacilityRow) -> FacilityRegistration:
    """Return the DTO of a facility row."""
    return FacilityRegistration(code=row.code, kind=FacilityKind(row.kind), name=row.name)


def require_facility(session: Session, code: str) -> FacilityRegistration:
    """Return a registered facility, or refuse one with a bad code or no registration."""
    if not CODECS[IdentifierKind.FACILITY_CODE].is_valid(code):
        raise InvalidInputError("not a valid 医療機関コード", code="facility_code_invalid")
    row = session.get(FacilityRow, code)
    if row is None:
        raise NotFoundError(
            f"facility {code} is not registered for online eligibility checks",
            code="facility_not_registered",
        )
    return to_registration(row)


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


TerminalLookup = Callable[[str], tuple[TerminalIdentity, Ed25519PublicKey]]


def check_reader(proof: CardProof, now: dt.datetime, terminal: TerminalLookup) -> None:
    """Refuse a proof of the card that proves nothing before J-LIS is asked about the card.

    Without a reader result the card itself must have signed the challenge (the PIN path); a
    certificate alone is refused. A reader result must be signed by a terminal of the proof's
    facility, for this card and challenge, recently, with the holder confirmed.
    """
    reader, auth = proof.reader, proof.authentication
    if reader is None:
        if auth.signature is None:
            raise ReaderRefusedError(
                "a certificate alone does not prove the holder is present: the card must sign "
                "the challenge (PIN), or a reader of the facility must vouch (face)",
                code="no_card_signature",
            )
        return
    if proof.facility_code is None:
        raise ReaderRefusedError(
            "a reader result counts only at the facility of its terminal: name the facility",
            code="reader_facility_required",
        )
    identity, key = terminal(reader.terminal_id)
    if identity.facility_code != proof.facility_code:
        raise ReaderRefusedError(
            f"terminal {reader.terminal_id} is not registered for facility {proof.facility_code}",
            code="terminal_unknown",
        )
    try:
        key.verify(reader.signature, reader.signed_bytes())
    except InvalidSignature:
        raise ReaderRefusedError(
            "the reader result's signature does not verify", code="reader_signature_invalid"
        ) from None
    if reader.certificate_digest != hashlib.sha256(auth.certificate).hexdigest():
        raise ReaderRefusedError(
            "the reader result is for another card", code="reader_card_mismatch"
        )
    if reader.challenge != auth.challenge:
        raise ReaderRefusedError(
            "the reader result is for another challenge", code="reader_challenge_mismatch"
        )
    if abs(now - reader.signed_at) > READER_SKEW:
        raise ReaderRefusedError(
            "the reader result is stale or its clock is off", code="reader_skew"
        )
    _check_method(proof)


def _check_method(proof: CardProof) -> None:
    reader, signature = proof.reader, proof.authentication.signature
    assert reader is not None
    if reader.method is ReaderMethod.PIN and signature is None:
        raise ReaderRefusedError("PIN path without the card's signature", code="no_card_signature")
    if not reader.matched:
        raise ReaderRefusedError(
            "the holder was not confirmed: face did not match and staff did not confirm",
            code="holder_not_confirmed",
        )
