"""Consent at the reader (閲覧同意): explicit, scoped, per facility, valid for 24 hours (at the
patient's home, for the visit plan: `medical.home_visits`).

The default is no. A new choice at the same facility replaces the previous one, so a person
withdraws consent by checking in again and choosing nothing (as at a real reader).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.eligibility.data import ConsentRecord, ConsentScope
from mynumber.eligibility.models import ConsentRow

# 同意情報登録後の 24 時間に限り閲覧が可能 (the operator's FAQ for facilities).
CONSENT_LIFETIME = dt.timedelta(hours=24)


def record_choice(
    session: Session,
    *,
    subject: str,
    facility: str,
    scopes: tuple[ConsentScope, ...],
    now: dt.datetime,
    until: dt.datetime | None = None,
) -> ConsentRecord:
    """Record the person's choice at the reader; an empty choice is a refusal, recorded too.

    A choice at reception lasts 24 hours; one at the patient's home lasts until `until`, the
    end of the visit plan (`medical.home_visits`)."""
    row = ConsentRow(
        subject=subject,
        facility_code=facility,
        scopes=",".join(sorted({scope.value for scope in scopes})),
        given_at=now,
        valid_until=until or now + CONSENT_LIFETIME,
    )
    session.add(row)
    return to_record(row)


def current(
    session: Session, *, subject: str, facility: str, now: dt.datetime
) -> ConsentRecord | None:
    """Return the person's latest choice at this facility if it is still valid."""
    row = session.scalars(
        select(ConsentRow)
        .where(ConsentRow.subject == subject, ConsentRow.facility_code == facility)
        .order_by(ConsentRow.given_at.desc(), ConsentRow.id.desc())
        .limit(1)
    ).first()
    if row is None or row.valid_until <= now:
        return None
    return to_record(row)


def history(session: Session, *, subject: str) -> list[ConsentRecord]:
    """Return every choice the person made, oldest first."""
    rows = session.scalars(
        select(ConsentRow).where(ConsentRow.subject == subject).order_by(ConsentRow.id)
    )
    return [to_record(row) for row in rows]


def to_record(row: ConsentRow) -> ConsentRecord:
    """Return the DTO of a stored choice."""
    scopes = tuple(ConsentScope(value) for value in row.scopes.split(",") if value)
    return ConsentRecord(
        facility_code=row.facility_code,
        scopes=scopes,
        given_at=row.given_at,
        valid_until=row.valid_until,
    )
