"""The lifetime history of a person's coverage: which membership is in force on a date, what
answers for it, and the enrolments insurers accepted but have not reported yet (the time lag).

How the time lag answers is a policy (`pending_enrolment_reads_as_no_coverage`): as clinics
report the real system (a false 無効 or 該当資格なし, S2 L576), or 6 有効（資格情報未登録）.

Every function takes the caller's session; none commits.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.eligibility.access_log import Context
from mynumber.eligibility.data import MembershipRecord, MembershipRef, QualificationValidity
from mynumber.eligibility.models import MembershipRow, PendingRow, RegistrationRow
from mynumber.kernel.policy import Policy


def history(session: Session, *, subject: str) -> list[MembershipRecord]:
    """Return every membership of a person, oldest first: the lifetime insurance history."""
    rows = session.scalars(
        select(MembershipRow)
        .where(MembershipRow.subject == subject)
        .order_by(MembershipRow.valid_from, MembershipRow.id)
    )
    return [to_record(row) for row in rows]


def to_record(row: MembershipRow) -> MembershipRecord:
    """Return the DTO of a stored membership."""
    return MembershipRecord.model_validate(
        {name: getattr(row, name) for name in MembershipRecord.model_fields}
    )


def covers(row: MembershipRow, on: dt.date) -> bool:
    """Return whether the membership is in force on a date."""
    return row.valid_from <= on and (row.valid_to is None or on <= row.valid_to)


def validity_of(
    session: Session, policy: Policy, row: MembershipRow, on: dt.date
) -> QualificationValidity:
    """Return how a membership answers on a date: valid, or invalid with or without newer cover
    (or, when the newer cover is an unreported enrolment, as `without_reported_cover` says)."""
    if covers(row, on):
        return QualificationValidity.VALID
    newer = session.scalars(
        select(MembershipRow).where(
            MembershipRow.subject == row.subject, MembershipRow.valid_from > row.valid_from
        )
    ).all()
    if any(covers(other, on) for other in newer):
        return QualificationValidity.INVALID_WITH_NEWER
    return without_reported_cover(
        session, policy, row.subject, on, otherwise=QualificationValidity.INVALID
    )


def without_reported_cover(
    session: Session,
    policy: Policy,
    subject: str,
    on: dt.date,
    *,
    otherwise: QualificationValidity,
) -> QualificationValidity:
    """Return the answer for a date no reported membership covers: `otherwise` (無効 after an
    ended membership, 該当資格なし with none), unless an insurer has noticed an enrolment it has
    not reported and the policy answers that as 6 有効（資格情報未登録）.

    Under the real rules the notice changes nothing: the system answers from what has been
    reflected, the false "no coverage" clinics report (S2 L576; S1 L266-270).
    """
    if policy.pending_enrolment_reads_as_no_coverage:
        return otherwise
    if pending_on(session, subject, on):
        return QualificationValidity.PENDING
    return otherwise


def pending_on(session: Session, subject: str, on: dt.date) -> bool:
    """Return whether an insurer has an unreported enrolment for the person covering the date."""
    found = session.scalars(
        select(PendingRow.id).where(PendingRow.subject == subject, PendingRow.valid_from <= on)
    ).first()
    return found is not None


def record_pending(
    session: Session, ctx: Context, *, subject: str, insurer_number: str, valid_from: dt.date
) -> None:
    """Note an enrolment the insurer accepted but has not reported the numbers of yet."""
    session.add(
        PendingRow(
            subject=subject,
            insurer_number=insurer_number,
            valid_from=valid_from,
            noticed_at=ctx.clock.now(),
        )
    )


def memberships_without_card(
    session: Session, *, insurer_number: str, on: dt.date
) -> list[MembershipRef]:
    """Return the insurer's memberships in force on a date whose person has no registered card."""
    registered = select(RegistrationRow.subject).where(RegistrationRow.cancelled_at.is_(None))
    rows = session.execute(
        select(MembershipRow.insurer_number, MembershipRow.membership_id)
        .where(
            MembershipRow.insurer_number == insurer_number,
            MembershipRow.valid_from <= on,
            (MembershipRow.valid_to.is_(None)) | (MembershipRow.valid_to >= on),
            MembershipRow.subject.not_in(registered),
        )
        .order_by(MembershipRow.membership_id)
    )
    return [MembershipRef(insurer_number=r[0], membership_id=r[1]) for r in rows]


def current_refs(session: Session, *, subject: str, on: dt.date) -> list[MembershipRef]:
    """Return the person's memberships in force on a date, as references for their insurers."""
    rows = session.scalars(select(MembershipRow).where(MembershipRow.subject == subject))
    return [
        MembershipRef(insurer_number=row.insurer_number, membership_id=row.membership_id)
        for row in rows
        if covers(row, on)
    ]
