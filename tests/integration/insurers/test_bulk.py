"""Enrolments and losses in batches: the same outcome as one at a time, or nothing at all."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from mynumber.app import System
from mynumber.insurers.data import Enrolment, FamilyRole, IncomeCategory, LossReason, Member
from mynumber.insurers.models import MembershipRow
from mynumber.kernel.errors import ConflictError, InvalidInputError, NotFoundError
from mynumber.registry.data import ChangeKind, Relationship, Resident, Sex

from ...agency_codes import code_for
from ..registry.helpers import person
from .test_enrol_and_verify import KUMIAI, KYOKAI_TOKYO

START = dt.date(2025, 4, 1)


def _family(system: System, family: str, kana: str) -> list[Resident]:
    head = system.registry.register(
        new=person(family=family, family_kana=kana), kind=ChangeKind.MOVE_IN, on=START
    )
    child = person(
        family=family, family_kana=kana, given="花子", given_kana="ハナコ",
        born=dt.date(2015, 5, 5), sex=Sex.FEMALE, household=head.household_code,
        relationship=Relationship.CHILD,
    )  # fmt: skip
    return [head, system.registry.register(new=child, kind=ChangeKind.MOVE_IN, on=START)]


def _enrolment(
    resident: Resident, insurer: str, head: str | None = None, start: dt.date = START
) -> Enrolment:
    member = Member(
        name=resident.name.full,
        name_kana=resident.name.full_kana,
        birth_date=resident.birth_date,
        sex=int(resident.sex),
        address=resident.address.text,
        postal_code=resident.address.postal_code,
    )
    return Enrolment(
        insurer_number=insurer, my_number=resident.my_number, member=member,
        valid_from=start, dependant_of=head, income=IncomeCategory.ABOVE_CERTAIN,
    )  # fmt: skip


def _subject(system: System, resident: Resident) -> str:
    return code_for(system, agency="eligibility", resident_code=resident.resident_code)


def _stored(system: System) -> int:
    with system.database.connection() as conn:
        return int(conn.execute(select(func.count()).select_from(MembershipRow)).scalar_one())


def test_a_batch_does_what_single_calls_do(system: System) -> None:
    system.insurers.add_insurer(insurer=KYOKAI_TOKYO)
    single_family, batch_family = (
        _family(system, "佐藤", "サトウ"),
        _family(system, "鈴木", "スズキ"),
    )
    head = system.insurers.enrol(enrolment=_enrolment(single_family[0], KYOKAI_TOKYO.number))
    child = system.insurers.enrol(
        enrolment=_enrolment(single_family[1], KYOKAI_TOKYO.number, head.membership_id)
    )
    batch = system.insurers.enrol_many(
        enrolments=[
            _enrolment(batch_family[0], KYOKAI_TOKYO.number),
            _enrolment(batch_family[1], KYOKAI_TOKYO.number, "@0"),  # the row above
        ]
    )
    assert [m.role for m in batch] == [FamilyRole.INSURED, FamilyRole.DEPENDANT]
    assert [(m.insured.symbol, m.insured.number, m.insured.branch) for m in batch] == [
        ("1000", "2", "00"),
        ("1000", "2", "01"),
    ]
    ignore = {"membership_id", "insured", "member"}
    for one, many in ((head, batch[0]), (child, batch[1])):
        assert one.model_dump(exclude=ignore) == many.model_dump(exclude=ignore)
    # Eligibility got the same records; the registry logged the same exchanges.
    for one, many in zip(single_family, batch_family, strict=True):
        (mine,), (theirs,) = (
            system.eligibility.history(subject=_subject(system, r)) for r in (one, many)
        )
        fields = {"insurer_number", "symbol", "branch", "role", "contribution_percent"}
        assert mine.model_dump(include=fields) == theirs.model_dump(include=fields)
        assert theirs.insured_name == batch_family[0].name.full
        payloads = [
            [r.payload for r in system.registry.access_records(resident_code=x.resident_code)]
            for x in (one, many)
        ]
        assert payloads[0] == payloads[1] and len(payloads[0]) == 2

    # Losing the insured in a batch ends the dependant too, as a single loss does.
    last = dt.date(2026, 3, 31)
    lost_one = system.insurers.lose(
        membership_id=head.membership_id, last_day=last, reason=LossReason.JOB_CHANGE
    )
    lost_many = system.insurers.lose_many(
        losses=[(batch[0].membership_id, last, LossReason.JOB_CHANGE)]
    )
    assert [(m.valid_to, m.loss_reason) for m in lost_one] == [
        (m.valid_to, m.loss_reason) for m in lost_many
    ]
    assert [m.membership_id for m in lost_many] == [m.membership_id for m in batch]
    (record,) = system.eligibility.history(subject=_subject(system, batch_family[1]))
    assert (record.valid_to, record.loss_reason) == (last, "dependant_ended")


def test_dependants_of_an_earlier_batch_and_a_job_change_in_one_batch(system: System) -> None:
    for insurer in (KYOKAI_TOKYO, KUMIAI):
        system.insurers.add_insurer(insurer=insurer)
    parent, kid = _family(system, "田中", "タナカ")
    (first,) = system.insurers.enrol_many(enrolments=[_enrolment(parent, KYOKAI_TOKYO.number)])
    (dependant,) = system.insurers.enrol_many(
        enrolments=[_enrolment(kid, KYOKAI_TOKYO.number, first.membership_id)]
    )
    assert dependant.insured.number == first.insured.number and dependant.insured.branch == "01"
    system.insurers.lose_many(
        losses=[(first.membership_id, dt.date(2025, 9, 30), LossReason.JOB_CHANGE)]
    )
    moved = dt.date(2025, 10, 1)
    new = system.insurers.enrol_many(
        enrolments=[
            _enrolment(parent, KUMIAI.number, start=moved),
            _enrolment(kid, KUMIAI.number, "@0", start=moved),
        ]
    )
    assert [m.insured.insurer_number for m in new] == [KUMIAI.number] * 2
    history = system.eligibility.history(subject=_subject(system, kid))
    assert [(h.insurer_number, h.valid_to) for h in history] == [
        (KYOKAI_TOKYO.number, dt.date(2025, 9, 30)),
        (KUMIAI.number, None),
    ]


def test_a_bad_row_refuses_the_whole_batch(system: System) -> None:
    system.insurers.add_insurer(insurer=KYOKAI_TOKYO)
    parent, kid = _family(system, "伊藤", "イトウ")
    good = _enrolment(parent, KYOKAI_TOKYO.number)
    unborn = _enrolment(kid, KYOKAI_TOKYO.number, "@0", start=dt.date(2010, 4, 1))
    with pytest.raises(InvalidInputError, match=r"row 1: coverage cannot begin before birth"):
        system.insurers.enrol_many(enrolments=[good, unborn])
    with pytest.raises(InvalidInputError, match=r"row 1: .*must name an earlier row"):
        system.insurers.enrol_many(enrolments=[good, _enrolment(kid, KYOKAI_TOKYO.number, "@1")])
    with pytest.raises(NotFoundError, match=r"row 1: no insurer"):
        system.insurers.enrol_many(enrolments=[good, _enrolment(kid, KUMIAI.number)])
    stranger = good.model_copy(update={"my_number": "000000000019"})
    with pytest.raises(NotFoundError, match=r"row 1: no resident has this My Number"):
        system.insurers.enrol_many(enrolments=[good, stranger])
    assert _stored(system) == 0
    assert system.eligibility.history(subject=_subject(system, parent)) == []

    twice = system.insurers.enrol_many(
        enrolments=[good, _enrolment(kid, KYOKAI_TOKYO.number, "@0")]
    )
    losses = [
        (twice[0].membership_id, dt.date(2025, 12, 31), LossReason.RETIREMENT),
        (twice[1].membership_id, dt.date(2025, 12, 31), LossReason.OTHER),  # already ended
    ]
    with pytest.raises(ConflictError, match=r"row 1: .*already ended") as refused:
        system.insurers.lose_many(losses=losses)
    assert refused.value.code == "already_ended"
    assert system.insurers.get(membership_id=twice[0].membership_id).valid_to is None
    assert [h.valid_to for h in system.eligibility.history(subject=_subject(system, kid))] == [None]
