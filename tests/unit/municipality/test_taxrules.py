"""住民税 rules, each with a worked example that can be checked by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from mynumber.municipality.households import Member, supported_by
from mynumber.municipality.taxrules import (
    Supported,
    TaxInputs,
    assess,
    basic_deduction,
    dependant_deduction,
    pension_income,
    per_capita_levy,
    salary_income,
    spouse_deduction,
)

ADULT = dt.date(1980, 6, 1)


@pytest.mark.parametrize(
    ("revenue", "year", "income"),
    [
        (1_000_000, 2024, 450_000),  # 1,000,000 − 550,000
        (1_000_000, 2025, 350_000),  # the 2025 reform: at least 650,000 deducted
        (1_625_000, 2024, 1_075_000),
        (1_700_000, 2024, 1_120_000),  # 1,700,000 × 60% + 100,000
        (1_900_000, 2025, 1_250_000),  # 1,900,000 − 650,000
        (3_000_000, 2024, 2_020_000),  # × 70% − 80,000
        (3_333_333, 2024, 2_252_400),  # 別表第五: 3,332,000 × 70% − 80,000
        (5_000_000, 2024, 3_560_000),  # 1,250,000 × 4 × 80% − 440,000
        (7_000_000, 2024, 5_200_000),  # × 90% − 1,100,000
        (10_000_000, 2024, 8_050_000),  # − 1,950,000
        (0, 2024, 0),
    ],
)
def test_salary_income(revenue: int, year: int, income: int) -> None:
    assert salary_income(revenue, income_year=year) == income


@pytest.mark.parametrize(
    ("revenue", "aged_65", "income"),
    [
        (2_000_000, True, 900_000),  # − 1,100,000
        (1_000_000, True, 0),
        (3_500_000, True, 2_350_000),  # × 75% − 275,000
        (1_000_000, False, 400_000),  # − 600,000
        (2_000_000, False, 1_225_000),  # × 75% − 275,000
        (5_000_000, False, 3_565_000),  # × 85% − 685,000
        (12_000_000, True, 10_045_000),  # − 1,955,000
    ],
)
def test_pension_income(revenue: int, aged_65: bool, income: int) -> None:
    assert pension_income(revenue, aged_65=aged_65) == income


def test_deductions_by_income() -> None:
    assert basic_deduction(5_000_000) == 430_000
    assert basic_deduction(24_400_000) == 290_000
    assert basic_deduction(30_000_000) == 0
    assert spouse_deduction(5_000_000, spouse_aged_70=False) == 330_000
    assert spouse_deduction(9_200_000, spouse_aged_70=True) == 260_000
    assert spouse_deduction(11_000_000, spouse_aged_70=False) == 0
    assert [dependant_deduction(age) for age in (10, 17, 20, 40, 75)] == [
        0,
        330_000,
        450_000,
        330_000,
        380_000,
    ]


def test_per_capita_levy_by_year() -> None:
    assert per_capita_levy(2025).total == per_capita_levy(2020).total == 5_000
    assert per_capita_levy(2025).forest == 1_000
    assert per_capita_levy(2020).municipal == 3_500


def test_single_employee_five_million() -> None:
    """給与 5,000,000 → 給与所得 3,560,000 − 基礎控除 430,000 − 社会保険料 750,000 = 課税所得
    2,380,000; 市町村民税 142,800 − 調整控除 1,500; 道府県民税 95,200 − 1,000; 均等割 5,000."""
    inputs = TaxInputs(
        birth_date=ADULT, income_year=2024, salary_revenue=5_000_000, social_insurance=750_000
    )
    assessed = assess(inputs, fiscal_year=2025)
    assert assessed.total_income == 3_560_000
    assert assessed.deductions == 1_180_000
    assert assessed.taxable_income == 2_380_000
    assert assessed.municipal_income_levy == 141_300
    assert assessed.prefectural_income_levy == 94_200
    assert assessed.income_levy == 235_500
    assert assessed.per_capita_total == 5_000
    assert assessed.total_levy == 240_500
    assert not assessed.exempt


def test_spouse_at_home() -> None:
    """配偶者控除 330,000: 課税所得 2,050,000; 調整控除 max(100,000 − 50,000, 50,000)."""
    inputs = TaxInputs(
        birth_date=ADULT,
        income_year=2024,
        salary_revenue=5_000_000,
        social_insurance=750_000,
        supported=Supported(spouse_age=40),
    )
    assessed = assess(inputs, fiscal_year=2025)
    assert assessed.taxable_income == 2_050_000
    assert assessed.municipal_income_levy == 123_000 - 1_500
    assert assessed.prefectural_income_levy == 82_000 - 1_000


def test_single_line_of_450_000() -> None:
    """非課税: 合計所得 450,000 (給与 1,000,000 in 2024, 1,100,000 in 2025)."""
    exempt = assess(TaxInputs(ADULT, 2024, salary_revenue=1_000_000), fiscal_year=2025)
    assert exempt.exempt and exempt.total_levy == 0
    assert assess(TaxInputs(ADULT, 2025, salary_revenue=1_100_000), fiscal_year=2026).exempt
    # One yen more: 課税所得 20,000; 調整控除 on min(50,000, 20,000): 1,200 − 600, 800 − 400.
    taxed = assess(TaxInputs(ADULT, 2024, salary_revenue=1_000_001), fiscal_year=2025)
    assert not taxed.exempt
    figures = (taxed.taxable_income, taxed.income_levy, taxed.per_capita_total)
    assert figures == (20_000, 1_000, 5_000)


def test_lines_with_dependants() -> None:
    """Spouse and two children: 均等割 line 350,000 × 4 + 100,000 + 210,000 = 1,710,000;
    所得割 line 350,000 × 4 + 100,000 + 320,000 = 1,820,000 (均等割のみ between)."""
    family = Supported(spouse_age=38, dependant_ages=(10, 8))

    def at(other: int) -> tuple[bool, bool]:
        assessed = assess(
            TaxInputs(ADULT, 2024, other_income=other, supported=family), fiscal_year=2025
        )
        return assessed.exempt, assessed.income_levy_exempt

    assert at(1_710_000) == (True, True)
    assert at(1_800_000) == (False, True)
    assert at(1_830_000) == (False, False)


def test_minor_exempt_up_to_1_350_000() -> None:
    minor = dt.date(2008, 6, 1)  # 17 on 1 January 2026
    assert assess(TaxInputs(minor, 2025, salary_revenue=1_500_000), fiscal_year=2026).exempt
    assert not assess(TaxInputs(minor, 2025, salary_revenue=2_100_000), fiscal_year=2026).exempt


def test_salary_and_pension_adjustment() -> None:
    """所得金額調整控除: min(1,320,000, 100,000) + min(900,000, 100,000) − 100,000 = 100,000."""
    inputs = TaxInputs(
        dt.date(1955, 1, 10), 2024, salary_revenue=2_000_000, pension_revenue=2_000_000
    )
    assert inputs.total_income() == (1_220_000, 900_000, 2_120_000)


def test_the_top_earner_supports_the_household() -> None:
    members = [
        Member("000000000000001", "head", ADULT, 3_560_000),
        Member("000000000000002", "spouse", dt.date(1982, 1, 1), 0),
        Member("000000000000003", "child", dt.date(2014, 5, 5), 0),
        Member("000000000000004", "parent", dt.date(1952, 2, 2), 400_000),
        Member("000000000000005", "child", dt.date(2003, 3, 3), 2_000_000),  # earns: no one's
    ]
    supported = supported_by(members, income_year=2024)
    assert supported == {"000000000000001": Supported(spouse_age=42, dependant_ages=(10, 72))}
    assert supported_by(members[1:3], income_year=2024) == {}
