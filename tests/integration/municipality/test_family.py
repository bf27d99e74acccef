"""One family in 千代田区: 宛名, 住民税, 児童手当 and 保育料, on both backends."""

from __future__ import annotations

import datetime as dt

import pytest

from mynumber.app import System
from mynumber.kernel.errors import ConflictError, NotFoundError
from mynumber.municipality.data import IncomeReport

from .helpers import CODE, Family, register_family, salary

NOVEMBER = dt.date(2026, 11, 1)


def _assessed_family(system: System) -> Family:
    family = register_family(system)
    report = system.municipality.enrol_residents(municipality=CODE)
    assert (report.enrolled, report.updated, report.total) == (5, 0, 5)
    reports = [salary(family.head, year, 5_000_000, 750_000) for year in (2024, 2025)]
    assert system.municipality.record_incomes(municipality=CODE, reports=reports) == 2
    # The baby, born in February 2025, is assessed (非課税) from FY2026 only.
    for year, assessed in ((2025, 4), (2026, 5)):
        run = system.municipality.assess(municipality=CODE, fiscal_year=year)
        assert (run.assessed, run.exempt, run.per_capita_total) == (assessed, assessed - 1, 5_000)
    return family


def test_address_numbers_are_issued_in_turn_and_keep_the_my_number(system: System) -> None:
    family = register_family(system)
    system.municipality.enrol_residents(municipality=CODE)
    people = system.municipality.addressees(municipality=CODE)
    assert [p.address_number for p in people] == [f"{n:015d}" for n in range(1, 6)]
    by_code = {p.resident_code: p for p in people}
    assert by_code[family.head.resident_code].my_number == family.head.my_number
    # A new My Number (after a leak) reaches the 宛名 system on the next intake; the 宛名番号 stays.
    changed = system.registry.change_my_number(
        resident_code=family.head.resident_code, on=NOVEMBER, reason="leak"
    )
    again = system.municipality.enrol_residents(municipality=CODE)
    assert (again.enrolled, again.updated, again.total) == (0, 1, 5)
    head = system.municipality.addressee(
        municipality=CODE, resident_code=family.head.resident_code, actor="clerk"
    )
    assert (head.my_number, head.address_number) == (
        changed.my_number,
        by_code[family.head.resident_code].address_number,
    )


def test_the_head_is_assessed_with_spouse_and_children(system: System) -> None:
    """FY2026 (income 2025): 給与所得 3,560,000 − (430,000 + 750,000 + 配偶者 330,000);
    the children are under 16 (no 扶養控除); 調整控除 base max(100,000 − 50,000, 50,000)."""
    family = _assessed_family(system)
    tax = system.municipality.assessment(
        municipality=CODE, resident_code=family.head.resident_code, fiscal_year=2026, actor="c"
    )
    assert (tax.total_income, tax.taxable_income) == (3_560_000, 2_050_000)
    assert (tax.spouse, tax.dependants) == (True, 3)
    assert (tax.municipal_income_levy, tax.prefectural_income_levy) == (121_500, 81_000)
    assert (tax.per_capita_levy, tax.total_levy, tax.exempt) == (5_000, 207_500, False)
    info = system.municipality.local_tax_info(
        municipality=CODE, resident_code=family.head.resident_code, fiscal_year=2026, actor="c"
    )
    assert info.values() == {
        "fiscal_year": 2026,
        "taxable_income": 2_050_000,
        "income_levy": 202_500,
        "municipal_income_levy": 121_500,
        "per_capita_levy": 5_000,
        "exempt": "0",
        "total_income": 3_560_000,
        "pension_income": 0,
        "pension_net_income": 0,
        "revenue": 5_000_000,
    }
    spouse = system.municipality.local_tax_info(
        municipality=CODE, resident_code=family.spouse.resident_code, fiscal_year=2026, actor="c"
    )
    assert (spouse.exempt, spouse.per_capita_levy) == ("1", 0)
    infos = system.municipality.local_tax_infos(municipality=CODE, fiscal_year=2026)
    assert info in infos and len(infos) == 5
    reads = system.municipality.access_records(
        municipality=CODE, resident_code=family.head.resident_code
    )
    assert [r.payload["what"] for r in reads] == ["tax:FY2026", "tax:FY2026"]


def test_child_allowance_for_three_children(system: System) -> None:
    """10 and 3 years old: 10,000 each; the third (1): 30,000; paid in December for Oct–Nov."""
    family = _assessed_family(system)
    decision = system.municipality.decide_child_allowance(
        municipality=CODE, household_code=family.head.household_code, month=dt.date(2026, 11, 22)
    )
    assert [line.monthly for line in decision.children] == [10_000, 10_000, 30_000]
    assert decision.monthly_total == 50_000
    assert (decision.payment_month, decision.payment_amount) == (dt.date(2026, 12, 1), 100_000)
    head = system.municipality.addressee(
        municipality=CODE, resident_code=family.head.resident_code, actor="clerk"
    )
    assert decision.recipient == head.address_number
    decisions = system.municipality.child_allowance_decisions(
        municipality=CODE, household_code=family.head.household_code
    )
    assert decisions == [decision]


def test_nursery_fees_by_band_and_the_free_cases(system: System) -> None:
    family = _assessed_family(system)
    _, three, baby = family.children

    def fee(child: str, month: dt.date, **given: object) -> tuple[int, int, str]:
        result = system.municipality.nursery_fee(
            municipality=CODE,
            resident_code=child,
            month=month,
            actor="clerk",
            **given,  # type: ignore[arg-type]
        )
        return result.band, result.fee, result.reason

    # The baby (class 1) is the second preschool child: half of 第5階層 (所得割 121,500).
    assert fee(baby.resident_code, NOVEMBER) == (5, 22_250, "second_child")
    assert fee(three.resident_code, NOVEMBER) == (0, 0, "free_age")
    # Set from figures obtained elsewhere (a family that moved in): 非課税 is free.
    assert fee(baby.resident_code, NOVEMBER, parents_income_levy=0, parents_exempt=True) == (
        2,
        0,
        "exempt_household",
    )
    # June 2025 is set from FY2024's tax, which this municipality never assessed.
    with pytest.raises(NotFoundError) as missing:
        fee(three.resident_code, dt.date(2025, 6, 1))
    assert missing.value.code == "not_assessed"
    with pytest.raises(ConflictError) as schoolchild:
        fee(family.children[0].resident_code, NOVEMBER)
    assert schoolchild.value.code == "not_nursery_age"


def test_an_unknown_person_refuses_the_batch_without_naming_the_number(system: System) -> None:
    register_family(system)
    system.municipality.enrol_residents(municipality=CODE)
    stranger = IncomeReport(my_number="123456789018", income_year=2025, salary_revenue=1)
    with pytest.raises(NotFoundError) as refused:
        system.municipality.record_incomes(municipality=CODE, reports=[stranger])
    assert refused.value.code == "not_an_addressee"
    assert "123456789018" not in refused.value.reason
    with pytest.raises(NotFoundError):
        system.municipality.enrol_residents(municipality="011002")
