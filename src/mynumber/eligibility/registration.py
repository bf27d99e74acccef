"""Card registration (利用登録) and verification by card, on top of J-LIS's verification."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from mynumber.eligibility.answers import answer, refusal
from mynumber.eligibility.consent import record_choice
from mynumber.eligibility.data import (
    ConsentScope,
    EligibilityAnswer,
    QualificationValidity,
    Registration,
)
from mynumber.eligibility.models import MembershipRow, RegistrationRow
from mynumber.eligibility.service import Context, covers, log_read, pending_on, validity_of
from mynumber.kernel.upsert import upsert


def register(session: Session, ctx: Context, *, subject: str) -> Registration:
    """Record the person's registration; registering again is harmless.

    One upsert: a new registration is inserted, a cancelled one starts again, a current one is
    left as it is, even when the same card is registered twice at once.
    """
    now = ctx.clock.now()
    table = cast(Table, RegistrationRow.__table__)
    session.execute(
        upsert(
            session.get_bind().dialect.name,
            table,
            ("subject",),
            set_={"registered_at": now, "cancelled_at": None},
            where=table.c.cancelled_at.is_not(None),
        ),
        {"subject": subject, "registered_at": now, "cancelled_at": None},
    )
    return to_registration(session.get(RegistrationRow, subject, populate_existing=True))


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


@dataclass(frozen=True)
class CardCheck:
    """Where and when a card was checked, and the consent chosen (None: not asked)."""

    facility: str
    visit: dt.date
    terminal: str = ""
    operator: str = ""  # the staff account at the terminal, when it names one
    consent: tuple[ConsentScope, ...] | None = None


def verify_subject(
    session: Session, ctx: Context, *, subject: str, check: CardCheck
) -> EligibilityAnswer:
    """Answer a card check for the person behind subject, record the read and the consent."""
    if not to_registration(session.get(RegistrationRow, subject)).registered:
        log_read(
            session,
            ctx,
            subject,
            facility=check.facility,
            terminal=check.terminal,
            operator=check.operator,
            outcome="card_not_registered",
        )
        return refusal(
            ctx.clock,
            reference="1",
            code="card_not_registered",
            message="このカードは健康保険証として利用登録されていません",
        )
    validity, shown = _coverage(session, subject, check.visit)
    log_read(
        session,
        ctx,
        subject,
        facility=check.facility,
        terminal=check.terminal,
        operator=check.operator,
        outcome=validity.value,
    )
    choice = None
    if check.consent is not None:
        choice = record_choice(
            session,
            subject=subject,
            facility=check.facility,
            scopes=check.consent,
            now=ctx.clock.now(),
        )
    return answer(
        ctx.clock, reference="1", validity=validity, rows=shown, on=check.visit, consent=choice
    )


def _coverage(
    session: Session, subject: str, visit: dt.date
) -> tuple[QualificationValidity, list[MembershipRow]]:
    query = (
        select(MembershipRow)
        .where(MembershipRow.subject == subject)
        .order_by(MembershipRow.valid_from.desc())
    )
    rows = list(session.scalars(query))
    current = [row for row in rows if covers(row, visit)]
    if len(current) > 1:
        return QualificationValidity.MULTIPLE, current
    if current:
        return QualificationValidity.VALID, current
    if rows:
        return validity_of(session, rows[0], visit), rows[:1]
    if pending_on(session, subject, visit):
        return QualificationValidity.PENDING, []
    return QualificationValidity.NONE, []
