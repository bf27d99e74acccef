"""Held links, and the number under which an insurer links its 符号 in its partition.

An enrolment whose form contradicts J-LIS's 本人確認情報 (checked under the policy
`links_checked_before_acceptance`) is recorded for review and refused as `link_mismatch`;
nothing else of it is written. An insurer links a person's 符号 in its partition of the
intermediate server once, at their first membership with it, under that membership's random id
(⚠ the real 医療保険者等向け中間サーバー issues its own 被保険者枝番 for this).

Functions take the caller's session and never commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.insurers.data import Enrolment, HeldLink, Member
from mynumber.insurers.models import HeldLinkRow, MembershipRow
from mynumber.kernel.errors import ConflictError

__all__ = [
    "address_number",
    "held_links",
    "hold",
    "known_people",
    "mismatch_refusal",
    "partition_numbers",
]

_CHUNK = 500


def hold(
    session: Session, *, enrolment: Enrolment, mismatched: Sequence[str], actor: str,
    now: dt.datetime,
) -> None:  # fmt: skip
    """Record an enrolment held for review, with the items its form contradicts."""
    session.add(
        HeldLinkRow(
            insurer_number=enrolment.insurer_number,
            name=enrolment.member.name,
            name_kana=enrolment.member.name_kana,
            birth_date=enrolment.member.birth_date,
            sex=enrolment.member.sex,
            valid_from=enrolment.valid_from,
            mismatched=",".join(mismatched),
            actor=actor,
            held_at=now,
        )
    )


Held = tuple[int, Enrolment, Sequence[str]]  # batch row, enrolment, the items it contradicts


def contradicted(
    enrolments: Sequence[Enrolment], mismatches: Sequence[Sequence[str]]
) -> list[Held]:
    """Return the enrolments whose forms contradict J-LIS, with their rows and the items."""
    pairs = enumerate(zip(enrolments, mismatches, strict=True))
    return [(row, enrolment, items) for row, (enrolment, items) in pairs if items]


def hold_all(session: Session, held: Sequence[Held], *, actor: str, now: dt.datetime) -> None:
    """Record each contradicted enrolment as held for review."""
    for _, enrolment, items in held:
        hold(session, enrolment=enrolment, mismatched=items, actor=actor, now=now)


def refusal_of(held: Sequence[Held], *, batch: bool) -> ConflictError:
    """Return the refusal of the first contradicted enrolment (naming its row in a batch)."""
    row, _, items = held[0]
    return mismatch_refusal(items, row=row if batch else None)


def mismatch_refusal(mismatched: Sequence[str], *, row: int | None = None) -> ConflictError:
    """Return the refusal of an enrolment held for review."""
    where = "" if row is None else f"row {row}: "
    return ConflictError(
        f"{where}held for review: the form's {', '.join(mismatched)} differ from J-LIS's "
        "本人確認情報 for this My Number",
        code="link_mismatch",
    )


def held_links(session: Session, *, insurer_number: str) -> list[HeldLink]:
    """Return an insurer's enrolments held for review, oldest first."""
    rows = session.scalars(
        select(HeldLinkRow)
        .where(HeldLinkRow.insurer_number == insurer_number)
        .order_by(HeldLinkRow.id)
    )
    return [
        HeldLink(
            held_id=r.id,
            insurer_number=r.insurer_number,
            member=Member(name=r.name, name_kana=r.name_kana, birth_date=r.birth_date, sex=r.sex),
            valid_from=r.valid_from,
            mismatched=tuple(r.mismatched.split(",")),
            actor=r.actor,
            held_at=r.held_at,
        )
        for r in rows
    ]


def address_number(membership_id: str) -> str:
    """Return the insurer's number for a person in its partition: their first membership's
    random part (16 hex digits; the insurer's number before it is the partition's own)."""
    return membership_id.rpartition("-")[2]


def known_people(session: Session, person_codes: Collection[str]) -> set[str]:
    """Return the insurer 符号 among these that a stored membership already names."""
    people = sorted(set(person_codes))
    found: set[str] = set()
    for start in range(0, len(people), _CHUNK):
        found.update(
            session.scalars(
                select(MembershipRow.person_code)
                .where(MembershipRow.person_code.in_(people[start : start + _CHUNK]))
                .distinct()
            )
        )
    return found


def partition_numbers(
    session: Session, *, insurer_number: str, person_codes: Collection[str]
) -> dict[str, tuple[str, ...]]:
    """Return, per person (by the insurer's 符号), the numbers of their memberships at the
    insurer: their 符号 is linked in its partition under one of them (the first's)."""
    people = sorted(set(person_codes))
    found: dict[str, tuple[str, ...]] = {}
    for start in range(0, len(people), _CHUNK):
        rows = session.execute(
            select(MembershipRow.person_code, MembershipRow.membership_id).where(
                MembershipRow.insurer_number == insurer_number,
                MembershipRow.person_code.in_(people[start : start + _CHUNK]),
            )
        )
        for person, membership_id in rows:
            found[person] = (*found.get(person, ()), address_number(membership_id))
    return found
