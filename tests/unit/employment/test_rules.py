"""Employment insurance rules with hand-checked examples: the number, 日額, 日数."""

from __future__ import annotations

import datetime as dt

import pytest

from mynumber.employment import rules
from mynumber.employment.data import BenefitKind, SeparationReason
from mynumber.kernel.errors import InvalidInputError

D = dt.date
S = rules.SpellDates
VOLUNTARY, RETIREMENT, DISMISSAL = (
    SeparationReason.VOLUNTARY,
    SeparationReason.RETIREMENT,
    SeparationReason.DISMISSAL,
)


def test_the_number_is_4_6_1_with_a_7dr_check_digit() -> None:
    # 1,301,000,001 = 7 × 185,857,143: remainder 0; the next serial leaves 1.
    assert rules.number_of("1301", 1) == "13010000010"
    assert rules.number_of("1301", 2) == "13010000021"
    assert rules.number_of("2701", 123_456) == f"2701123456{2_701_123_456 % 7}"
    assert rules.format_number("13010000021") == "1301-000002-1"
    assert rules.parse_number("1301-000002-1") == rules.parse_number("13010000021")
    for bad in ("1301-000002-2", "1301-00002-1", "130100000211", "1301-000002"):
        with pytest.raises(InvalidInputError):
            rules.parse_number(bad)


def test_the_daily_benefit_falls_from_80_to_50_percent() -> None:
    assert rules.wage_daily(300_000) == 10_000  # six months / 180
    assert rules.benefit_daily(4_000, 30) == (0.8, 3_200)
    assert rules.benefit_daily(1_000, 30) == (0.8, 2_295)  # the floor: 2,869 × 80%
    # 0.8w − 0.3 × (w − 5,200)/7,590 × w at w = 10,000: 6,102.77
    rate, daily = rules.benefit_daily(10_000, 40)
    assert (round(rate, 3), daily) == (0.61, 6_102)
    assert rules.benefit_daily(30_000, 25) == (0.5, 7_065)  # ceiling under 30: 14,130
    assert rules.benefit_daily(30_000, 50) == (0.5, 8_635)  # 45–59: 17,270
    assert rules.benefit_daily(30_000, 62) == (0.45, 7_420)  # 60–64: 16,490 × 45%


def test_the_months_and_years_of_coverage() -> None:
    two_years = [S(D(2024, 4, 1), D(2026, 3, 31))]
    assert rules.insured_months(two_years, D(2026, 3, 31), 2) == 24
    assert rules.insured_months(two_years, D(2026, 3, 31), 1) == 12
    # From 25 March: March has 7 days of coverage, under the 11 a month needs.
    late_start = [S(D(2025, 3, 25), D(2026, 3, 31))]
    assert rules.insured_months(late_start, D(2026, 3, 31), 2) == 12
    # Spells less than a year apart are joined; a gap of more than a year starts again.
    joined = [S(D(2010, 4, 1), D(2015, 3, 31)), S(D(2015, 9, 1), D(2026, 3, 31))]
    assert rules.insured_years(joined, D(2026, 3, 31)) == 15
    apart = [S(D(2000, 4, 1), D(2005, 3, 31)), S(D(2010, 4, 1), D(2026, 3, 31))]
    assert rules.insured_years(apart, D(2026, 3, 31)) == 16


def _days(age: int, reason: SeparationReason, years: int, m2: int = 24, m1: int = 12):
    return rules.entitlement(age=age, reason=reason, months_2y=m2, months_1y=m1, years=years)


def test_the_days_of_benefit() -> None:
    general = _days(40, VOLUNTARY, 12)
    assert (general.kind, general.days, general.restriction_months) == (BenefitKind.BASIC, 120, 1)
    assert (_days(62, RETIREMENT, 38).days, _days(62, RETIREMENT, 38).restriction_months) == (
        150,
        0,
    )
    assert _days(30, VOLUNTARY, 5).days == 90
    assert _days(40, DISMISSAL, 15).days == 240  # 特定受給資格者, 35–44, 10–20 years
    assert _days(50, DISMISSAL, 25).days == 330
    assert _days(40, VOLUNTARY, 0, m2=10, m1=10).kind is BenefitKind.NONE
    dismissed = _days(40, DISMISSAL, 0, m2=8, m1=7)  # 6 months in a year suffice
    assert (dismissed.kind, dismissed.days) == (BenefitKind.BASIC, 90)
    assert (_days(66, RETIREMENT, 3).kind, _days(66, RETIREMENT, 3).days) == (
        BenefitKind.ELDERLY,
        50,
    )
    assert _days(66, RETIREMENT, 0, m1=8).days == 30
    assert _days(66, RETIREMENT, 3, m1=5).kind is BenefitKind.NONE
