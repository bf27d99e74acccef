"""Flow 3: 日本年金機構 checks income for 年金生活者支援給付金 over the network (J0003); its
年金給付関係情報 and ハローワーク's 雇用保険給付関係情報 answer a municipality's 生活保護 queries
(J0008, J0009: 不開示).

An elderly couple lives in 千代田区, which assesses FY2026 and registers its 副本; the pension
service holds both under their 基礎年金番号 and My Number. Same outcome under both policy
profiles (no switch acts on this flow).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest

from mynumber.app import System
from mynumber.employment.data import AGENCY_ID as HELLO_WORK
from mynumber.employment.data import EMPLOYMENT_BENEFIT_ITEM, Hiring, Separation, SeparationReason
from mynumber.kernel.errors import ConflictError
from mynumber.municipality.data import IncomeReport, agency_id
from mynumber.network.data import ExchangeRequest, sign
from mynumber.pension.data import (
    AGENCY_ID,
    PENSION_BENEFIT_ITEM,
    CoverageNotice,
    InsuredKind,
    SupportBenefitDecision,
    SupportBenefitKind,
)
from mynumber.registry.data import ChangeKind, Relationship, Resident, Sex

from ..municipality.helpers import CODE, MOVED_IN
from ..registry.helpers import person

CITY = agency_id(CODE)  # 千代田区
NOVEMBER = dt.date(2026, 11, 1)  # decided on the 2025 income: FY2026 住民税


@dataclass(frozen=True)
class Couple:
    """Two pensioners of one household, each with a 基礎年金番号."""

    husband: Resident
    wife: Resident
    husband_number: str
    wife_number: str


def _couple(system: System, *, wife_salary: int, copies: bool = True) -> Couple:
    """Register the couple, insure them 40 years, award their pensions and (if copies) have
    千代田区 register FY2026's 副本 of its assessment."""
    registry = system.registry
    husband = registry.register(
        new=person(born=dt.date(1958, 5, 10)), kind=ChangeKind.MOVE_IN, on=MOVED_IN
    )
    wife = registry.register(
        new=person(
            given="花子",
            given_kana="ハナコ",
            born=dt.date(1959, 7, 7),
            sex=Sex.FEMALE,
            household=husband.household_code,
            relationship=Relationship.SPOUSE,
        ),
        kind=ChangeKind.MOVE_IN,
        on=MOVED_IN,
    )
    notices = []
    for resident in (husband, wife):
        born = resident.birth_date
        common = {"my_number": resident.my_number, "name": resident.name.full, "birth_date": born}
        notices.append(
            CoverageNotice(
                **common, since=born.replace(year=born.year + 20), kind=InsuredKind.FIRST
            )
        )
        notices.append(CoverageNotice(**common, since=born.replace(year=born.year + 60), kind=None))
    system.pension.receive_notices(notices=notices)
    system.pension.award(on=NOVEMBER)
    municipality = system.municipality
    municipality.enrol_residents(municipality=CODE)
    reports = [
        IncomeReport(my_number=husband.my_number, income_year=2025, pension_revenue=700_000),
        IncomeReport(my_number=wife.my_number, income_year=2025, salary_revenue=wife_salary),
    ]
    municipality.record_incomes(municipality=CODE, reports=reports)
    municipality.assess(municipality=CODE, fiscal_year=2026)
    if copies:
        municipality.register_copies(municipality=CODE, fiscal_year=2026)

    def number(resident: Resident) -> str:
        return system.pension.find(my_number=resident.my_number, actor="t").basic_pension_number

    return Couple(husband, wife, number(husband), number(wife))


def _decide(system: System, couple: Couple) -> SupportBenefitDecision:
    return system.pension.decide_support_benefit_via_network(
        basic_pension_number=couple.husband_number,
        month=NOVEMBER,
        actor="年金事務所",
        municipality=CODE,
        household=[couple.wife_number],
    )


def test_the_service_decides_on_the_municipalitys_copies(system: System) -> None:
    couple = _couple(system, wife_salary=0)
    decision = system.pension.decide_support_benefit_via_network(
        basic_pension_number=couple.husband_number,
        month=NOVEMBER,
        actor="年金事務所",
        municipality=CODE,
        household=[couple.wife_number],
    )
    assert decision.income_from == f"network:{CITY}"
    assert (decision.income_year, decision.household_exempt, decision.other_income) == (
        2025,
        True,
        0,
    )
    assert decision.kind is SupportBenefitKind.FULL and decision.monthly > 0
    # 情報提供等記録 of each member: at the network, at the service and at 千代田区.
    for resident, number in (
        (couple.husband, couple.husband_number),
        (couple.wife, couple.wife_number),
    ):
        records = system.network.records_for(resident_code=resident.resident_code)
        assert [(r.requester, r.provider, r.procedure, r.refusal) for r in records] == [
            (AGENCY_ID, CITY, "J0003", None)
        ]
        assert records[0].provided_at is not None and not records[0].undisclosed
        code = system.intermediate.code_for(agency=AGENCY_ID, address_number=number)
        assert code is not None
        kept = system.intermediate.exchange_records(agency=AGENCY_ID, code=code)
        assert [r.request_id for r in kept] == [records[0].request_id]
        address = system.municipality.addressee(
            municipality=CODE, resident_code=resident.resident_code, actor="t"
        ).address_number
        city_code = system.intermediate.code_for(agency=CITY, address_number=address)
        assert city_code is not None
        at_city = system.intermediate.exchange_records(agency=CITY, code=city_code)
        assert [r.request_id for r in at_city] == [records[0].request_id]


def test_a_taxed_member_of_the_household_denies_the_benefit(system: System) -> None:
    couple = _couple(system, wife_salary=3_000_000)
    decision = _decide(system, couple)
    assert decision.household_exempt is False
    assert decision.kind is SupportBenefitKind.NONE


def test_a_municipality_without_codes_refuses(system: System) -> None:
    couple = _couple(system, wife_salary=0, copies=False)
    system.network.connect(
        agency_id=CITY, name="千代田区", public_key=system.agency_keys.public_key(CITY)
    )
    with pytest.raises(ConflictError) as refused:
        _decide(system, couple)
    assert refused.value.code == "provider_code_missing"
    assert "符号が未取得です" in refused.value.reason
    records = system.network.records_for(resident_code=couple.husband.resident_code)
    assert [(r.requester, r.refusal) for r in records] == [(AGENCY_ID, "provider_code_missing")]
    code = system.intermediate.code_for(agency=AGENCY_ID, address_number=couple.husband_number)
    assert code is not None
    kept = system.intermediate.exchange_records(agency=AGENCY_ID, code=code)
    assert [r.refusal for r in kept] == ["provider_code_missing"]


def test_pension_copies_answer_a_welfare_query_undisclosed(system: System) -> None:
    couple = _couple(system, wife_salary=0)
    run = system.pension.register_copies(year=2025)
    assert (run.agency, run.people, run.registered, run.refused) == (AGENCY_ID, 2, 2, 0)
    again = system.pension.register_copies(year=2025)
    assert (again.codes_obtained, again.registered, again.already_registered) == (0, 0, 2)
    address = system.municipality.addressee(
        municipality=CODE, resident_code=couple.husband.resident_code, actor="t"
    ).address_number
    city_code = system.intermediate.code_for(agency=CITY, address_number=address)
    assert city_code is not None
    answer = system.network.query(
        request=sign(
            ExchangeRequest(
                requester=CITY,
                code=city_code,
                procedure="J0008",
                items=(PENSION_BENEFIT_ITEM,),
                provider=AGENCY_ID,
                request_id=uuid.uuid4().hex,
                requested_at=system.clock.now(),
            ),
            system.agency_keys.private_key(CITY),
        )
    )
    values = answer.provided(PENSION_BENEFIT_ITEM)
    assert values["year"] == 2025 and values["receives_old_age_basic"] == "1"
    records = system.network.records_for(resident_code=couple.husband.resident_code)
    assert [(r.requester, r.provider, r.procedure, r.undisclosed) for r in records] == [
        (CITY, AGENCY_ID, "J0008", True)
    ]
    code = system.intermediate.code_for(agency=AGENCY_ID, address_number=couple.husband_number)
    assert code is not None
    kept = system.intermediate.exchange_records(agency=AGENCY_ID, code=code)
    assert [(r.procedure, r.undisclosed) for r in kept] == [("J0008", True)]


def test_employment_copies_answer_a_welfare_query(system: System) -> None:
    couple = _couple(system, wife_salary=0)
    wife = couple.wife
    common = {"my_number": wife.my_number}
    system.employment.receive_hirings(
        hirings=[
            Hiring(
                **common,
                name=wife.name.full,
                birth_date=wife.birth_date,
                employer="株式会社テスト",
                hired_on=dt.date(2015, 4, 1),
                monthly_wage=250_000,
            )
        ]
    )
    system.employment.receive_separations(
        separations=[
            Separation(**common, last_day=dt.date(2026, 9, 30), reason=SeparationReason.DISMISSAL)
        ]
    )
    number = system.employment.find(my_number=wife.my_number, actor="t").insured_number
    decision = system.employment.apply(
        insured_number=number, applied_on=dt.date(2026, 10, 5), actor="t"
    )
    run = system.employment.register_copies()
    assert (run.agency, run.people, run.codes_obtained, run.registered) == (HELLO_WORK, 1, 1, 1)
    address = system.municipality.addressee(
        municipality=CODE, resident_code=wife.resident_code, actor="t"
    ).address_number
    city_code = system.intermediate.code_for(agency=CITY, address_number=address)
    assert city_code is not None
    answer = system.network.query(
        request=sign(
            ExchangeRequest(
                requester=CITY,
                code=city_code,
                procedure="J0009",
                items=(EMPLOYMENT_BENEFIT_ITEM,),
                provider=HELLO_WORK,
                request_id=uuid.uuid4().hex,
                requested_at=system.clock.now(),
            ),
            system.agency_keys.private_key(CITY),
        )
    )
    values = answer.provided(EMPLOYMENT_BENEFIT_ITEM)
    assert values["benefit_daily"] == decision.benefit_daily
    records = system.network.records_for(resident_code=wife.resident_code)
    assert [(r.provider, r.procedure, r.undisclosed) for r in records] == [
        (HELLO_WORK, "J0009", True)
    ]
