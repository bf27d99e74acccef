"""Enrolment with the My Number, verification by insured number, job change, lifetime history."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import MetaData, select

from mynumber.app import System
from mynumber.eligibility.data import (
    FacilityKind,
    FacilityRegistration,
    NumberQuery,
    QualificationValidity,
)
from mynumber.eligibility.models import Base as EligibilityBase
from mynumber.insurers.data import (
    Enrolment,
    FamilyRole,
    IncomeCategory,
    Insurer,
    InsurerKind,
    LossReason,
    Member,
    Membership,
    network_agency_id,
)
from mynumber.insurers.models import Base as InsurersBase
from mynumber.insurers.models import MembershipRow
from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.kernel.errors import ConflictError, NotFoundError
from mynumber.kernel.policy import PolicyProfile
from mynumber.registry.data import ChangeKind, Relationship, Resident, Sex

from ...agency_codes import code_for, insurer_code_for
from ..registry.helpers import person

COMPLETE = CODECS[IdentifierKind.INSURER_NUMBER].complete
KYOKAI_TOKYO = Insurer(
    number=COMPLETE("0113001"),
    kind=InsurerKind.KYOKAI,
    name="全国健康保険協会 東京支部",
    prefecture_code="13",
)
KUMIAI = Insurer(
    number=COMPLETE("0613201"),
    kind=InsurerKind.KUMIAI,
    name="関東ソフトウェア健康保険組合",
    prefecture_code="13",
)
CLINIC = CODECS[IdentifierKind.FACILITY_CODE].complete("131123456")


def register_insurers_and_clinic(system: System) -> None:
    """Register the two insurers and the clinic (さくら内科) with the eligibility system."""
    for insurer in (KYOKAI_TOKYO, KUMIAI):
        system.insurers.add_insurer(insurer=insurer)
    system.eligibility.register_facility(
        facility=FacilityRegistration(code=CLINIC, kind=FacilityKind.CLINIC, name="さくら内科")
    )


def _setup(system: System) -> Resident:
    register_insurers_and_clinic(system)
    return system.registry.register(new=person(), kind=ChangeKind.MOVE_IN, on=dt.date(2020, 1, 1))


def _enrol(
    system: System, resident: Resident, insurer: Insurer, start: dt.date, head: str | None = None
) -> Membership:
    member = Member(
        name=resident.name.full,
        name_kana=resident.name.full_kana,
        birth_date=resident.birth_date,
        sex=int(resident.sex),
        address=resident.address.text,
        postal_code=resident.address.postal_code,
    )
    return system.insurers.enrol(
        enrolment=Enrolment(
            insurer_number=insurer.number,
            my_number=resident.my_number,
            member=member,
            valid_from=start,
            dependant_of=head,
            income=IncomeCategory.GENERAL,
        )
    )


def _query(m: Membership, visit: dt.date, born: dt.date) -> NumberQuery:
    return NumberQuery(
        facility_code=CLINIC,
        visit_date=visit,
        insurer_number=m.insured.insurer_number,
        symbol=m.insured.symbol,
        number=m.insured.number,
        branch=m.insured.branch,
        birth_date=born,
    )


def test_enrol_verify_change_jobs_and_see_the_history(system: System) -> None:
    resident = _setup(system)
    first = _enrol(system, resident, KYOKAI_TOKYO, dt.date(2024, 4, 1))
    assert first.role is FamilyRole.INSURED and first.insured.branch == "00"
    assert first.contribution_percent == 30

    answer = system.eligibility.verify_by_number(
        query=_query(first, dt.date(2025, 1, 10), resident.birth_date)
    )
    assert answer.qualification_validity is QualificationValidity.VALID
    body = answer.model_dump()
    assert body["QualificationValidity"] == "1" and body["ReferenceClassification"] == "2"
    (result,) = body["ResultList"]
    assert result["InsurerNumber"] == KYOKAI_TOKYO.number
    assert result["InsuredPartialContributionRatio"] == "030"
    assert result["NameKana"] == "タカハシ\u3000タロウ" and result["Birthdate"] == "19800401"

    # A job change: coverage ends, a new insurer and number begin the next day.
    system.insurers.lose(
        membership_id=first.membership_id,
        last_day=dt.date(2025, 3, 31),
        reason=LossReason.JOB_CHANGE,
    )
    second = _enrol(system, resident, KUMIAI, dt.date(2025, 4, 1))
    later = dt.date(2025, 6, 1)
    old = system.eligibility.verify_by_number(query=_query(first, later, resident.birth_date))
    assert old.qualification_validity is QualificationValidity.INVALID_WITH_NEWER
    assert old.results[0].reason_of_loss == "job_change"
    new = system.eligibility.verify_by_number(query=_query(second, later, resident.birth_date))
    assert new.qualification_validity is QualificationValidity.VALID

    subject = code_for(system, agency="eligibility", resident_code=resident.resident_code)
    history = system.eligibility.history(subject=subject)
    assert [h.insurer_number for h in history] == [KYOKAI_TOKYO.number, KUMIAI.number]
    assert history[0].valid_to == dt.date(2025, 3, 31) and history[1].valid_to is None

    records = system.eligibility.access_records(subject=subject)
    assert [(r.facility_code, r.outcome) for r in records] == [
        (CLINIC, "1"),
        (CLINIC, "3"),
        (CLINIC, "1"),
    ]
    assert system.eligibility.verify_access_log(subject=subject) == []
    # The insurers' number resolutions show in the person's registry access log.
    whats = [
        r.payload["what"]
        for r in system.registry.access_records(resident_code=resident.resident_code)
    ]
    assert whats.count("acquire_code:eligibility") == 2


def test_a_wrong_birth_date_reveals_nothing(system: System) -> None:
    resident = _setup(system)
    first = _enrol(system, resident, KYOKAI_TOKYO, dt.date(2024, 4, 1))
    answer = system.eligibility.verify_by_number(
        query=_query(first, dt.date(2025, 1, 10), dt.date(1980, 4, 2))
    )
    assert answer.qualification_validity is QualificationValidity.NONE
    assert answer.results == ()


def test_dependants_get_branch_numbers_and_lose_cover_with_the_insured(system: System) -> None:
    resident = _setup(system)
    head = _enrol(system, resident, KYOKAI_TOKYO, dt.date(2024, 4, 1))
    child_resident = system.registry.register(
        new=person(
            given="花子",
            given_kana="ハナコ",
            born=dt.date(2021, 5, 5),
            sex=Sex.FEMALE,
            household=resident.household_code,
            relationship=Relationship.CHILD,
        ),
        kind=ChangeKind.BIRTH,
        on=dt.date(2021, 5, 10),
    )
    child = _enrol(
        system, child_resident, KYOKAI_TOKYO, dt.date(2024, 4, 1), head=head.membership_id
    )
    assert (child.role, child.insured.number, child.insured.branch) == (
        FamilyRole.DEPENDANT,
        head.insured.number,
        "01",
    )
    assert child.contribution_percent == 20  # 未就学
    answer = system.eligibility.verify_by_number(
        query=_query(child, dt.date(2025, 1, 10), child_resident.birth_date)
    )
    assert answer.results[0].insured_name == resident.name.full
    assert answer.results[0].preschool_classification == "1"
    ended = system.insurers.lose(
        membership_id=head.membership_id,
        last_day=dt.date(2025, 3, 31),
        reason=LossReason.RETIREMENT,
    )
    assert {m.membership_id for m in ended} == {head.membership_id, child.membership_id}
    after = system.eligibility.verify_by_number(
        query=_query(child, dt.date(2025, 4, 2), child_resident.birth_date)
    )
    assert after.qualification_validity is QualificationValidity.INVALID


def test_refusals_change_nothing(system: System) -> None:
    resident = _setup(system)
    unknown = Insurer(
        number=COMPLETE("0627999"), kind=InsurerKind.KUMIAI, name="x", prefecture_code="27"
    )
    with pytest.raises(NotFoundError):
        _enrol(system, resident, unknown, dt.date(2024, 4, 1))
    assert system.registry.access_records(resident_code=resident.resident_code) == []
    _enrol(system, resident, KYOKAI_TOKYO, dt.date(2024, 4, 1))
    with pytest.raises(ConflictError):
        _enrol(system, resident, KYOKAI_TOKYO, dt.date(2024, 5, 1))
    subject = code_for(system, agency="eligibility", resident_code=resident.resident_code)
    assert len(system.eligibility.history(subject=subject)) == 1


def test_insurers_keep_the_my_number_only_under_the_real_policy(profiled: System) -> None:
    resident = _setup(profiled)
    _enrol(profiled, resident, KYOKAI_TOKYO, dt.date(2024, 4, 1))
    keeps = profiled.settings.policy.insurers_keep_my_number
    assert keeps is (profiled.settings.policy.profile is PolicyProfile.REAL)
    with profiled.database.connection() as conn:
        kept = conn.execute(select(MembershipRow.my_number)).scalars().all()
        assert kept == [resident.my_number if keeps else None]  # beside the membership, or not
        if not keeps:  # dropped once the 符号 were obtained: nowhere at the insurer
            _assert_absent(conn, InsurersBase.metadata, resident.my_number)
        # The eligibility system never stores it; nobody outside J-LIS the resident code.
        _assert_absent(conn, EligibilityBase.metadata, resident.my_number)
        for metadata in (InsurersBase.metadata, EligibilityBase.metadata):
            _assert_absent(conn, metadata, resident.resident_code)
    # The insurer linked its own 符号 in its partition of the intermediate server.
    (membership,) = _memberships(profiled)
    own = insurer_code_for(
        profiled, insurer_number=KYOKAI_TOKYO.number, resident_code=resident.resident_code
    )
    address = membership.rpartition("-")[2]
    agency = network_agency_id(KYOKAI_TOKYO.number)
    assert profiled.intermediate.code_for(agency=agency, address_number=address) == own


def _memberships(system: System) -> list[str]:
    with system.database.connection() as conn:
        return list(conn.execute(select(MembershipRow.membership_id)).scalars())


def _assert_absent(conn: object, metadata: MetaData, secret: str) -> None:
    for table in metadata.sorted_tables:
        for row in conn.execute(select(table)):  # type: ignore[attr-defined]
            assert all(secret not in str(value) for value in row), table.name
