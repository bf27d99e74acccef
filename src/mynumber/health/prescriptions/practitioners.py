"""Practitioners (医師・歯科医師・薬剤師) and their HPKI certificates, by their card's key."""

from __future__ import annotations

import datetime as dt
import uuid

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.health.data import Practitioner, PractitionerApplication, PractitionerRole
from mynumber.health.models import PractitionerRow

__all__ = ["by_key", "register", "to_practitioner"]


def register(
    session: Session,
    *,
    application: PractitionerApplication,
    key_digest: str,
    certificate: x509.Certificate,
    now: dt.datetime,
) -> Practitioner:
    """Store (or replace) the practitioner holding the card key, with their new certificate."""
    row = by_key(session, key_digest)
    if row is None:
        row = PractitionerRow(practitioner_id=str(uuid.uuid4()), key_digest=key_digest)
        session.add(row)
    row.name, row.role = application.name, application.role.value
    row.license_number = application.license_number
    row.certificate = certificate.public_bytes(Encoding.DER)
    row.registered_at = now
    session.flush()
    return to_practitioner(row)


def by_key(session: Session, key_digest: str) -> PractitionerRow | None:
    """Return the practitioner whose card key has this digest."""
    return session.scalars(
        select(PractitionerRow).where(PractitionerRow.key_digest == key_digest)
    ).first()


def to_practitioner(row: PractitionerRow) -> Practitioner:
    """Return a stored practitioner as the DTO."""
    return Practitioner(
        practitioner_id=row.practitioner_id,
        name=row.name,
        role=PractitionerRole(row.role),
        license_number=row.license_number,
        hpki_certificate=row.certificate,
        registered_at=row.registered_at,
    )
