"""第2号, and the 負担割合証 and 負担限度額認定証 from the municipality's assessments."""

from __future__ import annotations

import datetime as dt

import pytest

from mynumber.app import System
from mynumber.care.data import CertificationApplication, InsuredCategory, LimitApplication
from mynumber.kernel.errors import ConflictError
from mynumber.municipality.data import IncomeReport
from mynumber.registry.data import ChangeKind

from ..registry.helpers import person
from .helpers import CODE, DOCTOR, TODAY, register_elder


def test_a_second_category_person_needs_a_specified_disease_and_becomes_first_at_65(
    system: System,
) -> None:
    born = dt.date(1961, 11, 23)  # 64 today, 65 tomorrow
    resident = register_elder(system, born=born)
    second = system.care.enrol_second(
        resident_code=resident.resident_code, health_insurance="01130012 123-45", on=TODAY
    )
    assert second.category is InsuredCategory.SECOND
    application = CertificationApplication(
        insured_number=second.insured_number, applied_on=TODAY, doctor="佐藤", institution=DOCTOR
    )
    with pytest.raises(ConflictError) as refused:
        system.care.apply_certification(application=application)
    assert refused.value.code == "no_specified_disease"
    with_disease = application.model_copy(update={"specified_disease": "脳血管疾患"})
    assert system.care.apply_certification(application=with_disease).level is None
    # 第2号 pay 1割 whatever their income.
    assert system.care.decide_burden(insured_number=second.insured_number, on=TODAY).ratio == 1
    run = system.care.enrol_turning_65(municipality=CODE, on=TODAY)
    assert (run.found, run.enrolled) == (1, 1)
    first = system.care.insured(insured_number=second.insured_number)
    assert first.category is InsuredCategory.FIRST and first.acquired_on == TODAY
    young = system.registry.register(
        new=person(given="三郎", given_kana="サブロウ", born=dt.date(1995, 1, 1)),
        kind=ChangeKind.MOVE_IN, on=dt.date(2020, 1, 1),
    )  # fmt: skip
    with pytest.raises(ConflictError) as too_young:
        system.care.enrol_second(resident_code=young.resident_code, health_insurance="x", on=TODAY)
    assert too_young.value.code == "not_second_category_age"


def _pensioner(system: System, pension: int, born: dt.date) -> str:
    resident = system.registry.register(
        new=person(given="花子", given_kana="ハナコ", born=born),
        kind=ChangeKind.MOVE_IN, on=dt.date(2000, 1, 1),
    )  # fmt: skip
    system.municipality.enrol_residents(municipality=CODE)
    report = IncomeReport(my_number=resident.my_number, income_year=2025, pension_revenue=pension)
    system.municipality.record_incomes(municipality=CODE, reports=[report])
    system.municipality.assess(municipality=CODE, fiscal_year=2026)
    system.municipality.register_copies(municipality=CODE, fiscal_year=2026)
    system.care.take_in_elders(residents=[resident], on=TODAY)
    return system.care.insured_number_of(resident_code=resident.resident_code)


def test_a_low_pension_gets_a_limit_certificate_under_the_savings_limit(system: System) -> None:
    number = _pensioner(system, 780_000, dt.date(1940, 4, 1))
    assert system.care.insured(insured_number=number).acquired_on == dt.date(2005, 3, 31)
    assert system.care.decide_burden(insured_number=number, on=TODAY).ratio == 1  # 非課税
    apply = LimitApplication(
        insured_number=number, applied_on=TODAY, savings=3_000_000, household_exempt=True
    )
    limit = system.care.decide_limit(application=apply)
    assert (limit.stage, limit.daily_food_limit) == ("2", 390)
    assert (limit.valid_from, limit.valid_to) == (dt.date(2026, 11, 1), dt.date(2027, 7, 31))
    for refused in (
        apply.model_copy(update={"savings": 7_000_000}),
        apply.model_copy(update={"household_exempt": False}),
    ):
        with pytest.raises(ConflictError) as not_eligible:
            system.care.decide_limit(application=refused)
        assert not_eligible.value.code == "limit_not_applicable"


def test_without_a_published_copy_the_burden_is_a_provisional_one_that_says_why(
    system: System,
) -> None:
    resident = system.registry.register(
        new=person(given="四郎", given_kana="シロウ", born=dt.date(1950, 6, 1)),
        kind=ChangeKind.MOVE_IN, on=dt.date(2026, 10, 1),
    )  # fmt: skip
    system.municipality.enrol_residents(municipality=CODE)
    system.municipality.register_copies(municipality=CODE, fiscal_year=2026)  # none assessed
    system.care.take_in_elders(residents=[resident], on=TODAY)
    number = system.care.insured_number_of(resident_code=resident.resident_code)
    decided = system.care.decide_burden(insured_number=number, on=TODAY)
    assert decided.ratio == 1 and "暫定" in decided.basis
    assert "提供されませんでした" in decided.basis
    assert (decided.total_income, decided.pension_and_other) == (0, 0)
    apply = LimitApplication(
        insured_number=number, applied_on=TODAY, savings=0, household_exempt=True
    )
    with pytest.raises(ConflictError) as refused:
        system.care.decide_limit(application=apply)
    assert refused.value.code == "income_unknown"
    # 生活保護 decides the 第1段階 without the income.
    assisted = system.care.decide_limit(
        application=apply.model_copy(update={"public_assistance": True})
    )
    assert (assisted.stage, assisted.daily_food_limit) == ("1", 300)
    # The query is in the person's 情報提供等記録 at the network, refused or not.
    records = system.network.records_for(resident_code=resident.resident_code)
    assert [r.procedure for r in records] == ["J0024", "J0024", "J0024"]
