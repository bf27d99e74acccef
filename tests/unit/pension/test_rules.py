"""The pension's rules with hand-checked examples: months, amounts, payments, 支援給付金."""

from __future__ import annotations

import datetime as dt

import pytest

from mynumber.kernel.errors import InvalidInputError
from mynumber.pension import rules
from mynumber.pension.data import CoveragePeriod, InsuredKind, SupportBenefitKind
from mynumber.pension.numbers import format_number, number_of_serial, parse_number

D = dt.date
FIRST, SECOND, THIRD = InsuredKind.FIRST, InsuredKind.SECOND, InsuredKind.THIRD


def spell(kind: InsuredKind, start: dt.date, end: dt.date | None = None, pay: int = 0):
    return CoveragePeriod(kind=kind, start=start, end=end, monthly_remuneration=pay)


def test_numbers_are_printed_as_symbol_and_number() -> None:
    assert number_of_serial(1) == "1000000001"
    assert number_of_serial(2_345_678) == "1002345678"
    assert format_number("1002345678") == "1002-345678"
    assert parse_number("1002-345678") == parse_number(" 1002345678 ") == "1002345678"
    for bad in ("1002-34567", "10023456789", "ABCD-345678", "1002--345678"):
        with pytest.raises(InvalidInputError):
            parse_number(bad)
    with pytest.raises(ValueError):
        number_of_serial(0)


def test_forty_years_from_the_month_the_age_of_20_is_reached() -> None:
    # Born 15 June 1960: 20 is reached on 14 June 1980, 60 on 14 June 2020 (June not counted).
    born = D(1960, 6, 15)
    whole = [spell(FIRST, D(1980, 6, 14))]
    assert rules.contribution_months(born, whole, D(2030, 1, 1)) == 480
    # Born on the 1st: the age is reached on the last day of the month before.
    first_born = D(1960, 6, 1)
    assert rules.age_reached(first_born, 20) == D(1980, 5, 31)
    assert (
        rules.contribution_months(first_born, [spell(FIRST, D(1980, 5, 31))], D(2030, 1, 1)) == 480
    )
    # 第2号 from 18 counts for 受給資格期間, and for the basic pension only from 20; the 喪失月
    # is not counted, the 取得月 is.
    career = [
        spell(SECOND, D(1978, 4, 1), D(1990, 4, 1), 300_000),
        spell(THIRD, D(1990, 4, 1), D(2000, 10, 15)),
        spell(FIRST, D(2000, 10, 15), D(2020, 6, 14)),
    ]
    assert rules.qualifying_months(career, D(2030, 1, 1)) == 12 * 42 + 2
    assert rules.contribution_months(born, career, D(2030, 1, 1)) == 480
    assert rules.employee_months(career, D(2030, 1, 1)) == 144
    assert rules.average_remuneration(career, D(2030, 1, 1)) == 300_000
    # A spell in force counts up to the month before today.
    assert rules.contribution_months(born, [spell(FIRST, D(1980, 6, 14))], D(1981, 6, 20)) == 12


def test_the_basic_pension_scales_with_the_months_paid() -> None:
    young, old = D(1960, 6, 15), D(1950, 1, 1)
    assert rules.old_age_basic_annual(young, 480) == 831_700
    assert rules.old_age_basic_annual(young, 500) == 831_700  # at most 480 months
    assert rules.old_age_basic_annual(old, 480) == 829_300  # born before 1956-04-02
    assert rules.old_age_basic_annual(young, 360) == 623_775  # × 3/4
    assert rules.old_age_basic_annual(young, 300) == 519_813  # 519,812.5, rounded up
    # 300,000 × 5.481/1000 × 480 months
    assert rules.old_age_employees_annual(300_000, 480) == 789_264


def test_paid_from_the_month_after_65_in_even_months() -> None:
    assert rules.first_payable_month(D(1960, 6, 15)) == D(2025, 7, 1)
    assert rules.first_payable_month(D(1960, 6, 1)) == D(2025, 6, 1)
    # 831,700 / 6 = 138,616 r 4: the 4 yen go with February's payment.
    assert rules.payment_amount(831_700, 2, D(2026, 4, 15)) == 138_616
    assert rules.payment_amount(831_700, 2, D(2026, 2, 15)) == 138_620
    assert 5 * 138_616 + 138_620 == 831_700
    assert rules.payment_amount(831_700, 1, D(2026, 8, 15)) == 69_308  # the first month only


def _decide(**changes: object) -> rules.SupportBenefit:
    given: dict[str, object] = {
        "birth": D(1958, 1, 1),
        "month": D(2025, 11, 1),
        "receives_basic": True,
        "household_exempt": True,
        "income": 700_000,
        "months": 480,
    }
    return rules.support_benefit(**{**given, **changes})  # type: ignore[arg-type]


def test_the_support_benefit() -> None:
    full = _decide()
    assert (full.kind, full.monthly, full.income_line) == (SupportBenefitKind.FULL, 5_450, 809_000)
    assert _decide(months=400).monthly == 4_542  # 5,450 × 400/480 = 4,541.67
    assert _decide(income=809_000).kind is SupportBenefitKind.FULL
    half = _decide(income=859_000)  # half-way across the 補足的 band
    assert (half.kind, half.monthly) == (SupportBenefitKind.SUPPLEMENTARY, 2_725)
    assert _decide(income=909_001).kind is SupportBenefitKind.NONE
    assert _decide(household_exempt=False).reason == "世帯に市町村民税の課税者がいる"
    assert _decide(receives_basic=False).kind is SupportBenefitKind.NONE
    assert _decide(birth=D(1950, 1, 1), income=806_700).income_line == 806_700
    assert _decide(birth=D(1950, 1, 1), income=806_701).kind is SupportBenefitKind.SUPPLEMENTARY
    # 65 is reached on 1 December 2025: paid from January, so not yet in December.
    assert _decide(birth=D(1960, 12, 2), month=D(2025, 12, 1)).reason == "65歳未満"
    assert _decide(birth=D(1960, 12, 2), month=D(2026, 1, 1)).kind is SupportBenefitKind.FULL
