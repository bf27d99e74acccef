"""Verification without a card in disaster mode (災害時医療情報閲覧): by the four items, only
inside an active disaster, and always flagged in the person's access record.

Every function takes the caller's session; none commits.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.eligibility.access_log import Context, log_read
from mynumber.eligibility.data import DisasterSearch, EligibilityAnswer, QualificationValidity
from mynumber.eligibility.medical.disaster import active_disaster
from mynumber.eligibility.memberships.coverage import covers
from mynumber.eligibility.models import MembershipRow
from mynumber.eligibility.verification.answers import answer, refusal
from mynumber.kernel.japanese import fold_kana, fold_name, normalize_text

__all__ = ["DISASTER_REFERENCE", "search"]

DISASTER_REFERENCE = "3"  # this implementation's ReferenceClassification for a disaster search


def search(session: Session, ctx: Context, query: DisasterSearch) -> EligibilityAnswer:
    """Find the person by the four items inside an active disaster, and flag the read."""
    disaster = active_disaster(session, query.facility_code[:2], query.visit_date)
    if disaster is None:
        return refusal(
            ctx.clock,
            reference=DISASTER_REFERENCE,
            code="no_active_disaster",
            message="この地域・期間に災害時の閲覧は開始されていません",
        )
    found = _matches(session, query)
    subjects = {row.subject for row in found}
    if not subjects:
        return answer(
            ctx.clock,
            session=session,
            reference=DISASTER_REFERENCE,
            validity=QualificationValidity.NONE,
            rows=(),
        )
    current = [row for row in found if covers(row, query.visit_date)]
    if len(subjects) > 1:
        validity = QualificationValidity.MULTIPLE
    elif current:
        validity = QualificationValidity.VALID
    else:
        validity = QualificationValidity.INVALID
    for subject in sorted(subjects):
        log_read(
            session,
            ctx,
            subject,
            facility=query.facility_code,
            what="eligibility",
            purpose="disaster",
            outcome=validity.value,
            extra={"disaster": disaster.name},
        )
    shown = current or found[-1:]
    return answer(
        ctx.clock,
        session=session,
        reference=DISASTER_REFERENCE,
        validity=validity,
        rows=shown,
        on=query.visit_date,
    )


def _matches(session: Session, query: DisasterSearch) -> list[MembershipRow]:
    """Memberships whose person has this birth date and sex, name (kanji or kana) and address."""
    rows = session.scalars(
        select(MembershipRow)
        .where(MembershipRow.birth_date == query.birth_date, MembershipRow.sex == query.sex)
        .order_by(MembershipRow.valid_from, MembershipRow.id)
    ).all()
    name, kana = fold_name(query.name), fold_kana(query.name)
    address = fold_name(normalize_text(query.address))
    return [
        row
        for row in rows
        if (fold_name(row.name) == name or fold_kana(row.name_kana) == kana)
        and address in fold_name(row.address)
    ]
