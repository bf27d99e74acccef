"""Rules of the insurers. Every function takes the caller's session; none commits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import cast

from sqlalchemy import Table, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mynumber.insurers.data import (
    Enrolment,
    FamilyRole,
    IncomeCategory,
    InsuredNumber,
    Insurer,
    InsurerKind,
    LossReason,
    Member,
    Membership,
)
from mynumber.insurers.models import InsurerRow, MembershipRow
from mynumber.insurers.rules import contribution_percent, limit_classification
from mynumber.kernel.db import row_or_not_found
from mynumber.kernel.errors import ConflictError, InvalidInputError

_EMPLOYEES_PER_SYMBOL = 50  # 記号 identifies the employer (事業所): about this many per symbol
_INSURERS = cast(Table, InsurerRow.__table__)
_COVERED = "uq_memberships_person_code_covered"  # the index behind already_enrolled


def add_insurer(session: Session, *, insurer: Insurer) -> None:
    """Register an insurer; refuse a number already taken."""
    if session.get(InsurerRow, insurer.number) is not None:
        raise ConflictError(f"insurer {insurer.number} exists", code="duplicate_insurer")
    session.add(
        InsurerRow(
            number=insurer.number,
            kind=insurer.kind.value,
            name=insurer.name,
            prefecture_code=insurer.prefecture_code,
            next_number=1,
        )
    )


def list_insurers(session: Session) -> list[Insurer]:
    """Return every insurer by number."""
    rows = session.scalars(select(InsurerRow).order_by(InsurerRow.number))
    return [
        Insurer(
            number=r.number,
            kind=InsurerKind(r.kind),
            name=r.name,
            prefecture_code=r.prefecture_code,
        )
        for r in rows
    ]


def insurer(session: Session, number: str) -> InsurerRow:
    """Return the insurer with this number, or raise."""
    return row_or_not_found(
        session, InsurerRow, number, f"no insurer with number {number}", code="unknown_insurer"
    )


def membership(session: Session, membership_id: str) -> MembershipRow:
    """Return the membership with this id, or raise."""
    return row_or_not_found(session, MembershipRow, membership_id, f"no membership {membership_id}")


def to_membership(row: MembershipRow, kind: InsurerKind, *, on: dt.date) -> Membership:
    """Return a stored membership with its ratio and limit class on a date."""
    income = IncomeCategory(row.income)
    late = kind is InsurerKind.KOKI
    return Membership(
        membership_id=row.membership_id,
        insured=InsuredNumber(
            insurer_number=row.insurer_number,
            symbol=row.symbol,
            number=row.number,
            branch=row.branch,
        ),
        role=FamilyRole(row.role),
        member=Member(
            name=row.name,
            name_kana=row.name_kana,
            birth_date=row.birth_date,
            sex=row.sex,
            address=row.address,
            postal_code=row.postal_code,
        ),
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        loss_reason=LossReason(row.loss_reason) if row.loss_reason else None,
        income=income,
        contribution_percent=contribution_percent(
            birth_date=row.birth_date, on=on, income=income, late_elderly=late
        ),
        limit_classification=limit_classification(birth_date=row.birth_date, on=on, income=income),
    )


def enrol(
    session: Session,
    *,
    enrolment: Enrolment,
    person_code: str,
    membership_id: str,
    my_number: str | None,
) -> MembershipRow:
    """Record a new membership (資格取得) for the person behind the insurer's own 符号, with the
    My Number beside it if the insurer keeps it (None: dropped)."""
    provider = insurer(session, enrolment.insurer_number)
    active = session.scalars(
        select(MembershipRow).where(
            MembershipRow.person_code == person_code, MembershipRow.valid_to.is_(None)
        )
    ).first()
    if active is not None:
        raise ConflictError(
            f"already covered by this insurer (membership {active.membership_id})",
            code="already_enrolled",
        )
    if enrolment.member.birth_date > enrolment.valid_from:
        raise InvalidInputError("coverage cannot begin before birth")
    symbol, number, branch, role, head = _numbers(session, provider, enrolment)
    row = MembershipRow(
        membership_id=membership_id,
        insurer_number=provider.number,
        person_code=person_code,
        symbol=symbol,
        number=number,
        branch=branch,
        role=role.value,
        dependant_of=head,
        valid_from=enrolment.valid_from,
        valid_to=None,
        loss_reason=None,
        income=enrolment.income.value,
        my_number=my_number,
        **enrolment.member.model_dump(),
    )
    session.add(row)
    with refuse_second_cover():
        session.flush()
    return row


@contextmanager
def refuse_second_cover() -> Iterator[None]:
    """Refuse, as already_enrolled, an insert the database found covers someone twice.

    The check above reads before it writes: a concurrent enrolment of the same person can pass
    it too, and then the unique index on covering memberships refuses the second.
    """
    try:
        yield
    except IntegrityError as error:
        if _COVERED not in str(error.orig):
            raise
        raise ConflictError(
            "already covered by this insurer (enrolled at the same moment)",
            code="already_enrolled",
        ) from None


Numbers = tuple[str, str, str, FamilyRole, str | None]  # 記号, 番号, 枝番, role, insured's id


def _numbers(session: Session, provider: InsurerRow, enrolment: Enrolment) -> Numbers:
    if enrolment.dependant_of is None:
        kind = InsurerKind(provider.kind)
        return insured_numbers(kind, take_sequences(session, provider.number, 1))
    # Locked: dependants joining one insured person at once take their 枝番 in turn.
    head = session.get(MembershipRow, enrolment.dependant_of, with_for_update=True)
    head = check_head(provider, head)
    branches = session.scalars(
        select(MembershipRow.branch).where(
            MembershipRow.insurer_number == head.insurer_number, MembershipRow.number == head.number
        )
    )
    return dependant_numbers(head, max(int(b) for b in branches) + 1)


def take_sequences(session: Session, insurer_number: str, count: int) -> int:
    """Take count consecutive sequence numbers from the insurer's counter; return the first.

    One UPDATE … RETURNING: concurrent enrolments queue on the insurer's row and never get the
    same number (the unique insured number is the backstop).
    """
    taken = _INSURERS.c.next_number
    newest = session.execute(
        update(_INSURERS)
        .where(_INSURERS.c.number == insurer_number)
        .values(next_number=taken + count)
        .returning(taken)
    ).scalar_one()
    return int(newest) - count


def insured_numbers(kind: InsurerKind, sequence: int) -> Numbers:
    """Return the numbers of the insured person (本人, 枝番 00) given this sequence number."""
    if kind in (InsurerKind.KOKUHO, InsurerKind.KOKI, InsurerKind.KOKUHO_KUMIAI):
        return "", f"{sequence:08d}", "00", FamilyRole.INSURED, None
    symbol = str(1000 + (sequence - 1) // _EMPLOYEES_PER_SYMBOL)
    return symbol, str(sequence), "00", FamilyRole.INSURED, None


def check_head(provider: InsurerRow, head: MembershipRow | None) -> MembershipRow:
    """Return the insured person a dependant joins, or refuse one who cannot have dependants."""
    if head is None or head.insurer_number != provider.number or head.role != FamilyRole.INSURED:
        raise InvalidInputError("dependant_of must be an insured member of the same insurer")
    if head.valid_to is not None:
        raise ConflictError("the insured person's coverage has ended", code="insured_not_covered")
    if InsurerKind(provider.kind) is InsurerKind.KOKI:
        raise InvalidInputError(
            "後期高齢者医療 has no dependants: everyone is insured in their own right"
        )
    return head


def dependant_numbers(head: MembershipRow, branch: int) -> Numbers:
    """Return a dependant's numbers: the insured person's, with their own 枝番."""
    return head.symbol, head.number, f"{branch:02d}", FamilyRole.DEPENDANT, head.membership_id


def lose(
    session: Session, *, membership_id: str, last_day: dt.date, reason: LossReason
) -> list[MembershipRow]:
    """End a membership (資格喪失); dependants of an insured person lose coverage with them."""
    row = membership(session, membership_id)
    if row.valid_to is not None:
        raise ConflictError(
            f"membership {membership_id} already ended on {row.valid_to}", code="already_ended"
        )
    if last_day < row.valid_from:
        raise InvalidInputError("coverage cannot end before it began")
    ended = [row]
    ended += session.scalars(
        select(MembershipRow).where(
            MembershipRow.dependant_of == membership_id, MembershipRow.valid_to.is_(None)
        )
    ).all()
    for member in ended:
        member.valid_to = max(last_day, member.valid_from)
        member.loss_reason = (reason if member is row else LossReason.DEPENDANT_ENDED).value
    return ended
