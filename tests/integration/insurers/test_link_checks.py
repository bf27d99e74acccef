"""The link check (`links_checked_before_acceptance`): a form that contradicts J-LIS's
本人確認情報 is held for review where links are checked, and accepted as given where not."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from mynumber.app import System
from mynumber.insurers.data import Enrolment, Member, network_agency_id
from mynumber.insurers.models import MembershipRow
from mynumber.kernel.errors import ConflictError
from mynumber.registry.data import ChangeKind, ClaimedIdentity, Resident

from ..registry.helpers import person
from .test_bulk import _enrolment, _family
from .test_enrol_and_verify import KYOKAI_TOKYO

START = dt.date(2025, 4, 1)


def _setup(system: System) -> Resident:
    system.insurers.add_insurer(insurer=KYOKAI_TOKYO)
    return system.registry.register(new=person(), kind=ChangeKind.MOVE_IN, on=START)


def _form(resident: Resident, **member: object) -> Enrolment:
    """The enrolment form for the resident's My Number, with some member data changed."""
    given = _enrolment(resident, KYOKAI_TOKYO.number)
    return given.model_copy(update={"member": given.member.model_copy(update=member)})


def _stored(system: System) -> int:
    with system.database.connection() as conn:
        return int(conn.execute(select(func.count()).select_from(MembershipRow)).scalar_one())


def test_a_contradicting_form_is_held_only_where_links_are_checked(profiled: System) -> None:
    resident = _setup(profiled)
    wrong = _form(resident, birth_date=dt.date(1980, 4, 2), sex=2)  # someone else's form
    if not profiled.settings.policy.links_checked_before_acceptance:
        profiled.insurers.enrol(enrolment=wrong)  # accepted as given: the real system
        assert _stored(profiled) == 1
        assert profiled.insurers.held_links(insurer_number=KYOKAI_TOKYO.number) == []
        return
    with pytest.raises(ConflictError) as refused:
        profiled.insurers.enrol(enrolment=wrong, actor="clerk1")
    assert refused.value.code == "link_mismatch" and refused.value.status == 409
    assert "birth_date, sex" in refused.value.reason
    (held,) = profiled.insurers.held_links(insurer_number=KYOKAI_TOKYO.number)
    assert held.mismatched == ("birth_date", "sex")
    assert held.member == Member.model_validate(wrong.member.model_dump(include=_FORM))
    assert (held.valid_from, held.actor) == (
        START,
        f"{network_agency_id(KYOKAI_TOKYO.number)}/clerk1",
    )
    assert _stored(profiled) == 0  # not accepted: no membership, no 符号 asked for
    whats = [
        r.payload["what"]
        for r in profiled.registry.access_records(resident_code=resident.resident_code)
    ]
    assert whats == ["identity_check"]


_FORM = {"name", "name_kana", "birth_date", "sex"}


def test_width_kana_and_spacing_variants_are_not_mismatches(profiled: System) -> None:
    resident = _setup(profiled)
    # タカハシ タロウ written half-width, in hiragana and without the space: the same reading.
    for kana in ("ﾀｶﾊｼ ﾀﾛｳ", "たかはし　たろう", "タカハシタロウ"):
        assert profiled.registry.check_identities(
            claims=[_claim(_form(resident, name_kana=kana))], actor="t"
        ) == [()]
    assert profiled.registry.check_identities(
        claims=[_claim(_form(resident, name_kana="タカハシ ジロウ"))], actor="t"
    ) == [("name_kana",)]
    membership = profiled.insurers.enrol(enrolment=_form(resident, name_kana="ﾀｶﾊｼ ﾀﾛｳ"))
    assert membership.member.name_kana == "ﾀｶﾊｼ ﾀﾛｳ"  # kept as the form gave it


def _claim(enrolment: Enrolment) -> ClaimedIdentity:
    member = enrolment.member
    return ClaimedIdentity(
        my_number=enrolment.my_number,
        name_kana=member.name_kana,
        birth_date=member.birth_date,
        sex=member.sex,
    )


def test_a_batch_with_a_contradicting_row_is_held_whole_where_links_are_checked(
    profiled: System,
) -> None:
    profiled.insurers.add_insurer(insurer=KYOKAI_TOKYO)
    head, child = _family(profiled, "佐藤", "サトウ")
    rows = [
        _enrolment(head, KYOKAI_TOKYO.number),
        _enrolment(child, KYOKAI_TOKYO.number, head="@0").model_copy(
            update={"my_number": head.my_number}  # the parent's number on the child's form
        ),
    ]
    if not profiled.settings.policy.links_checked_before_acceptance:
        with pytest.raises(ConflictError) as refused:  # one person, enrolled twice
            profiled.insurers.enrol_many(enrolments=rows)
        assert refused.value.code == "already_enrolled"
        return
    with pytest.raises(ConflictError, match="row 1") as refused:
        profiled.insurers.enrol_many(enrolments=rows)
    assert refused.value.code == "link_mismatch"
    (held,) = profiled.insurers.held_links(insurer_number=KYOKAI_TOKYO.number)
    assert held.member.name_kana == child.name.full_kana
    assert _stored(profiled) == 0
    assert len(profiled.insurers.enrol_many(enrolments=rows[:1])) == 1
