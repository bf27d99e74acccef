"""Verification by card (ReferenceClassification 1), once J-LIS has said whose card it is: the
registered holder's memberships on the visit date, and the consent chosen at the reader.

Every function takes the caller's session; none commits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.eligibility.access_log import Context, log_read
from mynumber.eligibility.data import ConsentScope, EligibilityAnswer, QualificationValidity
from mynumber.eligibility.medical.consent import record_choice
from mynumber.eligibility.memberships.coverage import covers, validity_of, without_reported_cover
from mynumber.eligibility.models import MembershipRow, RegistrationRow
from mynumber.eligibility.registration import to_registration
from mynumber.eligibility.verification.answers import answer, refusal

__all__ = ["CardCheck", "verify_subject"]


@dataclass(frozen=True)
class CardCheck:
    """Where and when a card was checked, and the consent chosen (None: not asked)."""

    facility: str
    visit: dt.date
    terminal: str = ""
    operator: str = ""  # the staff account at the terminal, when it names one
    consent: tuple[ConsentScope, ...] | None = None
    home_consent_until: dt.datetime | None = None  # at the patient's home (居宅同意取得型)


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
    validity, shown = _coverage(session, ctx, subject, check.visit)
    log_read(
        session,
        ctx,
        subject,
        facility=check.facility,
        terminal=check.terminal,
        operator=check.operator,
        outcome=validity.value,
        extra={"place": "home"} if check.home_consent_until else None,
    )
    choice = None
    if check.consent is not None:
        choice = record_choice(
            session,
            subject=subject,
            facility=check.facility,
            scopes=check.consent,
            now=ctx.clock.now(),
            until=check.home_consent_until,
        )
    return answer(
        ctx.clock,
        session=session,
        reference="1",
        validity=validity,
        rows=shown,
        on=check.visit,
        consent=choice,
    )


def _coverage(
    session: Session, ctx: Context, subject: str, visit: dt.date
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
        return validity_of(session, ctx.policy, rows[0], visit), rows[:1]
    none = QualificationValidity.NONE
    return without_reported_cover(session, ctx.policy, subject, visit, otherwise=none), []
