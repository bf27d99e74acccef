"""Rules of the eligibility system. Every function takes the caller's session; none commits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.eligibility.answers import answer
from mynumber.eligibility.data import (
    AccessRecord,
    EligibilityAnswer,
    MembershipRecord,
    MembershipRef,
    NumberQuery,
    QualificationValidity,
)
from mynumber.eligibility.models import MembershipRow, PendingRow, RegistrationRow
from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.kernel.clock import Clock
from mynumber.kernel.errors import InvalidInputError
from mynumber.kernel.hashlog import HashChainedLog


@dataclass(frozen=True)
class Context:
    """What the rules need besides the session."""

    clock: Clock
    access_log: HashChainedLog


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


def check_facility(facility_code: str) -> None:
    """Refuse a facility code with a bad check digit."""
    if not CODECS[IdentifierKind.FACILITY_CODE].is_valid(facility_code):
        raise InvalidInputError("not a valid 医療機関コード", code="facility_code_invalid")


def verify_by_number(
    session: Session, ctx: Context, *, query: NumberQuery, terminal: str = ""
) -> EligibilityAnswer:
    """Answer a check by insured number for a visit date, and record the read."""
    check_facility(query.facility_code)
    candidates = session.scalars(
        select(MembershipRow).where(
            MembershipRow.insurer_number == query.insurer_number,
            MembershipRow.number == query.number,
            MembershipRow.branch == query.branch,
            MembershipRow.symbol == query.symbol,
        )
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
        return answer(ctx.clock, reference="2", validity=QualificationValidity.NONE, rows=())
    row = matches[0]
    validity = validity_of(session, row, query.visit_date)
    log_read(
        session,
        ctx,
        row.subject,
        facility=query.facility_code,
        terminal=terminal,
        operator=query.operator,
        outcome=validity.value,
    )
    return answer(ctx.clock, reference="2", validity=validity, rows=(row,), on=query.visit_date)


def validity_of(session: Session, row: MembershipRow, on: dt.date) -> QualificationValidity:
    """Return how a membership answers on a date: valid, or invalid with or without newer cover."""
    if covers(row, on):
        return QualificationValidity.VALID
    newer = session.scalars(
        select(MembershipRow).where(
            MembershipRow.subject == row.subject, MembershipRow.valid_from > row.valid_from
        )
    ).all()
    if any(covers(other, on) for other in newer):
        return QualificationValidity.INVALID_WITH_NEWER
    if pending_on(session, row.subject, on):
        return QualificationValidity.PENDING
    return QualificationValidity.INVALID


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


def log_read(
    session: Session,
    ctx: Context,
    subject: str,
    *,
    facility: str,
    outcome: str,
    what: str = "eligibility",
    purpose: str = "qualification_check",
    terminal: str = "",
    operator: str = "",
    extra: dict[str, str] | None = None,
) -> None:
    """Record a read of the person's data in their access log (with the staff account at the
    terminal, when the terminal names one)."""
    payload = {
        "facility_code": facility,
        "terminal": terminal,
        "what": what,
        "purpose": purpose,
        "outcome": outcome,
    }
    if operator:
        payload["operator"] = operator
    ctx.access_log.append(
        session, stream=subject, at=ctx.clock.now(), payload=payload | (extra or {})
    )


def access_records(session: Session, ctx: Context, *, subject: str) -> list[AccessRecord]:
    """Return the reads of a person's data, oldest first."""
    return [
        AccessRecord(
            seq=r.seq,
            recorded_at=r.recorded_at,
            facility_code=r.payload["facility_code"],
            terminal=r.payload.get("terminal", ""),
            operator=r.payload.get("operator", ""),
            what=r.payload["what"],
            purpose=r.payload["purpose"],
            outcome=r.payload["outcome"],
        )
        for r in ctx.access_log.read(session, stream=subject)
    ]
