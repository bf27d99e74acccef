"""Flow 1: a 後期高齢者医療広域連合 sets its members' 負担割合 from 千代田区's 住民税 (J0001).

A couple (one 世帯, both 後期高齢) and a wealthy single member live in 千代田区, which registers
its 副本; the 広域連合 links its 符号 and decides. Same outcome under both policy profiles (no
switch acts on this flow).
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from mynumber.app import System
from mynumber.eligibility.data import FacilityKind, FacilityRegistration, NumberQuery
from mynumber.insurers.data import (
    Enrolment,
    IncomeCategory,
    Insurer,
    InsurerKind,
    KoukiMember,
    Member,
    Membership,
    network_agency_id,
)
from mynumber.intermediate.models import CodeLinkRow
from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.kernel.errors import NotFoundError
from mynumber.municipality.data import LOCAL_TAX_ITEM, RESIDENT_ITEM, IncomeReport
from mynumber.registry.data import ChangeKind, Relationship, Resident, Sex

from ...agency_codes import insurer_code_for
from ..registry.helpers import CHIYODA, person
from .helpers import FORMER, agency_id

KOUKI = Insurer(
    number=CODECS[IdentifierKind.INSURER_NUMBER].complete("3913001"),
    kind=InsurerKind.KOKI,
    name="東京都後期高齢者医療広域連合",
    prefecture_code="13",
)
AGENCY = network_agency_id(KOUKI.number)
CITY = agency_id(FORMER)
CLINIC = CODECS[IdentifierKind.FACILITY_CODE].complete("131123456")


def _resident(system: System, given: str, born: dt.date, **more: object) -> Resident:
    new = person(given=given, given_kana="タロウ", born=born, address=CHIYODA, **more)  # type: ignore[arg-type]
    return system.registry.register(new=new, kind=ChangeKind.MOVE_IN, on=dt.date(2010, 4, 1))


def _population(system: System) -> tuple[Resident, Resident, Resident]:
    """A couple on pensions of 2,200,000 and 800,000, and a single member with a business."""
    husband = _resident(system, "一郎", dt.date(1945, 5, 1))
    wife = _resident(
        system, "花子", dt.date(1947, 6, 1), sex=Sex.FEMALE,
        household=husband.household_code, relationship=Relationship.SPOUSE,
    )  # fmt: skip
    rich = _resident(system, "富男", dt.date(1946, 7, 1))
    municipality = system.municipality
    municipality.enrol_residents(municipality=FORMER)
    figures = ((husband, 2_200_000, 0), (wife, 800_000, 0), (rich, 3_000_000, 5_000_000))
    reports = [
        IncomeReport(my_number=r.my_number, income_year=2025, pension_revenue=p, other_income=o)
        for r, p, o in figures
    ]
    municipality.record_incomes(municipality=FORMER, reports=reports)
    municipality.assess(municipality=FORMER, fiscal_year=2026)
    return husband, wife, rich


def _enrol(system: System, resident: Resident) -> Membership:
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
            insurer_number=KOUKI.number,
            my_number=resident.my_number,
            member=member,
            valid_from=dt.date(2024, 4, 1),
            income=IncomeCategory.GENERAL,
        )
    )


def _members(system: System, *, copies: bool = True) -> dict[str, tuple[Resident, Membership]]:
    system.insurers.add_insurer(insurer=KOUKI)
    people = _population(system)
    if copies:
        system.municipality.register_copies(municipality=FORMER, fiscal_year=2026)
    members = {r.name.given: (r, _enrol(system, r)) for r in people}
    linked = system.insurers.link_members(
        insurer_number=KOUKI.number,
        members=[
            KoukiMember(
                number=m.insured.number,
                my_number=r.my_number,
                resident_code=r.resident_code,
                municipality=FORMER,
            )
            for r, m in members.values()
        ],
    )
    assert linked == 0  # obtained at enrolment, under the same agency id
    return members


def test_the_household_is_decided_together_from_the_municipalitys_tax(system: System) -> None:
    members = _members(system)
    tax = system.municipality.local_tax_info(
        municipality=FORMER, resident_code=members["一郎"][0].resident_code, fiscal_year=2026,
        actor="test",
    )  # fmt: skip
    # Alone he would pay 2割 (課税所得 ≥ 280,000, 年金 2,200,000 ≥ 2,000,000); with his wife the
    # household's 3,000,000 is under 3,200,000: 1割.
    assert tax.taxable_income >= 280_000 and tax.pension_income == 2_200_000
    run = system.insurers.decide_contributions(insurer_number=KOUKI.number)
    assert (run.agency, run.queries, run.refusals) == (AGENCY, 3, [])
    by_number = {d.number: d for d in run.decisions}
    percent = {
        name: by_number[m.insured.number].contribution_percent for name, (_, m) in members.items()
    }
    assert percent == {"一郎": 10, "花子": 10, "富男": 30}
    rich = by_number[members["富男"][1].insured.number]
    assert (rich.income, rich.household_members, rich.fiscal_year) == (
        IncomeCategory.ACTIVE_EQUIVALENT,
        1,
        2026,
    )
    assert by_number[members["花子"][1].insured.number].household_members == 2
    # The membership and the eligibility system's answer carry the new ratio.
    resident, membership = members["富男"]
    assert system.insurers.get(membership_id=membership.membership_id).contribution_percent == 30
    system.relay.drain()
    system.eligibility.register_facility(
        facility=FacilityRegistration(code=CLINIC, kind=FacilityKind.CLINIC, name="さくら内科")
    )
    answer = system.eligibility.verify_by_number(
        query=NumberQuery(
            facility_code=CLINIC,
            visit_date=dt.date(2026, 11, 22),
            insurer_number=KOUKI.number,
            symbol="",
            number=membership.insured.number,
            branch="00",
            birth_date=resident.birth_date,
        )
    )
    (result,) = answer.model_dump()["ResultList"]
    assert result["InsuredPartialContributionRatio"] == "030"
    # 情報提供等記録 at the network, the 広域連合 (requester) and 千代田区 (provider).
    (record,) = system.network.records_for(resident_code=resident.resident_code)
    assert (record.requester, record.provider, record.procedure) == (AGENCY, CITY, "J0001")
    assert record.items == (LOCAL_TAX_ITEM, RESIDENT_ITEM) and record.refusal is None
    address = membership.membership_id.rpartition("-")[2]  # its number in the partition
    code = system.intermediate.code_for(agency=AGENCY, address_number=address)
    assert code is not None
    kept = system.intermediate.exchange_records(agency=AGENCY, code=code)
    assert [r.request_id for r in kept] == [record.request_id]
    city = system.municipality.addressee(
        municipality=FORMER, resident_code=resident.resident_code, actor="test"
    )
    city_code = system.intermediate.code_for(agency=CITY, address_number=city.address_number)
    assert city_code is not None
    provided = system.intermediate.exchange_records(agency=CITY, code=city_code)
    assert [r.requester for r in provided] == [AGENCY]


def test_members_are_asked_for_with_the_codes_obtained_at_their_enrolment(
    system: System,
) -> None:
    """The 広域連合 obtains its 符号 at enrolment under the agency id it then asks with: linking
    its members obtains none again, and its partition holds one 符号 per person."""
    members = _members(system)  # enrolled with their My Numbers, then linked (0 obtained)
    run = system.insurers.decide_contributions(insurer_number=KOUKI.number)
    assert (run.agency, run.queries, run.refusals) == (AGENCY, 3, [])
    with system.database.connection() as conn:
        links = conn.execute(
            select(CodeLinkRow.address_number, CodeLinkRow.code).where(CodeLinkRow.agency == AGENCY)
        ).all()
    enrolled = {
        m.membership_id.rpartition("-")[2]: insurer_code_for(
            system, insurer_number=KOUKI.number, resident_code=r.resident_code
        )
        for r, m in members.values()
    }
    assert dict(links) == enrolled and len(set(enrolled.values())) == 3
    for resident, membership in members.values():  # asked for with that 符号
        (record,) = system.network.records_for(resident_code=resident.resident_code)
        code = enrolled[membership.membership_id.rpartition("-")[2]]
        kept = system.intermediate.exchange_records(agency=AGENCY, code=code)
        assert [r.request_id for r in kept] == [record.request_id]


def test_one_member_is_decided_with_their_household(system: System) -> None:
    members = _members(system)
    wife = members["花子"][1].insured.number
    run = system.insurers.decide_contributions(insurer_number=KOUKI.number, numbers=[wife])
    assert sorted(d.number for d in run.decisions) == sorted(
        [wife, members["一郎"][1].insured.number]
    )
    with pytest.raises(NotFoundError):
        system.insurers.decide_contributions(insurer_number=KOUKI.number, numbers=["99999999"])


def test_without_the_municipalitys_codes_nothing_is_decided(system: System) -> None:
    members = _members(system, copies=False)
    system.network.connect(
        agency_id=CITY, name="千代田区", public_key=system.agency_keys.public_key(CITY)
    )
    run = system.insurers.decide_contributions(insurer_number=KOUKI.number)
    assert run.decisions == []
    assert {r.code for r in run.refusals} == {"provider_code_missing"}
    resident, membership = members["富男"]
    assert system.insurers.get(membership_id=membership.membership_id).contribution_percent == 10
    (record,) = system.network.records_for(resident_code=resident.resident_code)
    assert (record.requester, record.refusal, record.provided_at) == (
        AGENCY,
        "provider_code_missing",
        None,
    )


def test_a_member_whose_municipality_is_unknown_is_refused(system: System) -> None:
    system.insurers.add_insurer(insurer=KOUKI)
    (_, _, rich) = _population(system)
    membership = _enrol(system, rich)  # enrolled, never linked: no 住所地, no 符号
    with pytest.raises(NotFoundError) as refused:
        system.insurers.decide_contributions(
            insurer_number=KOUKI.number, numbers=[membership.insured.number]
        )
    assert refused.value.code == "unknown_member"
    assert system.network.usage().rows == []
