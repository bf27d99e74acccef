"""Card registration (利用登録) and verification by card, on top of J-LIS's verification."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.eligibility.answers import answer, refusal
from mynumber.eligibility.data import EligibilityAnswer, QualificationValidity, Registration
from mynumber.eligibility.models import MembershipRow, RegistrationRow
from mynumber.eligibility.service import Context, covers, log_read, validity_of


def register(session: Session, ctx: Context, *, subject: str) -> Registration:
    """Record the person's registration; registering again is harmless."""
    row = session.get(RegistrationRow, subject)
    now = ctx.clock.now()
    if row is None:
        row = RegistrationRow(subject=subject, registered_at=now, cancelled_at=None)
        session.add(row)
    elif row.cancelled_at is not None:
        row.registered_at, row.cancelled_at = now, None
    return to_registration(row)


def unregister(session: Session, ctx: Context, *, subject: str) -> Registration:
    """Cancel the registration (登録解除): the card no longer answers as an insurance card."""
    row = session.get(RegistrationRow, subject)
    if row is not None and row.cancelled_at is None:
        row.cancelled_at = ctx.clock.now()
    return to_registration(row)


def to_registration(row: RegistrationRow | None) -> Registration:
    """Return the DTO of a registration state."""
    if row is None:
        return Registration(registered=False, registered_at=None, cancelled_at=None)
    return Registration(
        registered=row.cancelled_at is None,
        registered_at=row.registered_at,
        cancelled_at=row.cancelled_at,
    )


def verify_subject(
    session: Session, ctx: Context, *, subject: str, facility: str, visit: dt.date
) -> EligibilityAnswer:
    """Answer a card check for the person behind subject, and record the read."""
    if not to_registration(session.get(RegistrationRow, subject)).registered:
        log_read(session, ctx, subject, facility=facility, outcome="card_not_registered")
        return refusal(
            ctx.clock,
            reference="1",
            code="card_not_registered",
            message="このカードは健康保険証として利用登録されていません",
        )
    query = (
        select(MembershipRow)
        .where(MembershipRow.subject == subject)
        .order_by(MembershipRow.valid_from.desc())
    )
    rows = list(session.scalars(query))
    current = [row for row in rows if covers(row, visit)]
    if len(current) > 1:
        validity, shown = QualificationValidity.MULTIPLE, current
    elif current:
        validity, shown = QualificationValidity.VALID, current
    elif rows:
        validity, shown = validity_of(session, rows[0], visit), rows[:1]
    else:
        validity, shown = QualificationValidity.NONE, []
    log_read(session, ctx, subject, facility=facility, outcome=validity.value)
    return answer(ctx.clock, reference="1", validity=validity, rows=shown, on=visit)
