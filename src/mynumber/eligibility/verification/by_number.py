"""Verification by number (ReferenceClassification 2): the numbers on a 資格確認書 or 保険証,
with the birth date, for a visit date. The card-less path: a person without a card, or who
cancelled registration, gets the same answer this way.

Every function takes the caller's session; none commits.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.eligibility.access_log import Context, log_read
from mynumber.eligibility.callers.facilities import check_facility_code
from mynumber.eligibility.data import EligibilityAnswer, NumberQuery, QualificationValidity
from mynumber.eligibility.memberships.coverage import validity_of
from mynumber.eligibility.models import MembershipRow
from mynumber.eligibility.verification.answers import answer

__all__ = ["verify_by_number"]


def verify_by_number(
    session: Session, ctx: Context, *, query: NumberQuery, terminal: str = ""
) -> EligibilityAnswer:
    """Answer a check by insured number for a visit date, and record the read."""
    check_facility_code(query.facility_code)
    candidates = session.scalars(
        select(MembershipRow)
        .where(
            MembershipRow.insurer_number == query.insurer_number,
            MembershipRow.number == query.number,
            MembershipRow.branch == query.branch,
            MembershipRow.symbol == query.symbol,
        )
        .order_by(MembershipRow.id)  # the oldest row answers, as in a 一括照会
    ).all()
    # A wrong birth date answers like an unknown number: nothing about anyone is revealed,
    # but the holder of the number sees the attempt in their records.
    matches = [row for row in candidates if row.birth_date == query.birth_date]
    if not matches:
        for subject in sorted({row.subject for row in candidates}):
            log_read(
                session,
                ctx,
                subject,
                facility=query.facility_code,
                terminal=terminal,
                operator=query.operator,
                outcome="birth_date_mismatch",
            )
        return answer(
            ctx.clock, session=session, reference="2", validity=QualificationValidity.NONE, rows=()
        )
    row = matches[0]
    validity = validity_of(session, ctx.policy, row, query.visit_date)
    log_read(
        session,
        ctx,
        row.subject,
        facility=query.facility_code,
        terminal=terminal,
        operator=query.operator,
        outcome=validity.value,
    )
    return answer(
        ctx.clock,
        session=session,
        reference="2",
        validity=validity,
        rows=(row,),
        on=query.visit_date,
    )
