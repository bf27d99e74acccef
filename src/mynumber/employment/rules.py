"""Employment insurance rules, as pure functions: the number's check digit and the 基本手当.

Sources (docs/reference-notes.md, "employment"): 雇用保険業務取扱要領 20706 (the number:
4-digit 安定所番号, 6-digit 一連番号, チェック・ディジット; the rule of the check digit is not
published ⚠, we use 7DR: the ten digits read as a number, remainder by 7); 雇用保険法 第13条
(被保険者期間 12 months in 2 years, 6 in 1 year for 特定受給資格者; a month counts with 11 days
of wages), 第16条・第17条 (賃金日額 = wages of the last 6 months / 180; 給付率 80%–50%, 45% at
60–64), 第22条・第23条 (所定給付日数), 第37条の4 (高年齢求職者給付金: 30 or 50 days). Figures of
the 賃金日額 bands from 2024-08-01 ⚠ (they change every August). Simplified ⚠: the rate falls
linearly across the band (the law's formula is of that shape), 算定基礎期間 joins spells less
than a year apart and forgets earlier benefits, and the 給付制限 of 自己都合 is one month
(since 2025-04-01).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from mynumber.employment.data import BenefitKind, SeparationReason
from mynumber.kernel.errors import InvalidInputError

__all__ = [
    "Entitlement",
    "SpellDates",
    "benefit_daily",
    "check_digit",
    "entitlement",
    "format_number",
    "insured_months",
    "insured_years",
    "number_of",
    "parse_number",
    "wage_daily",
]

_PRINTED = re.compile(r"^(\d{4})-?(\d{6})-?(\d)$")
_LOWEST_WAGE = 2_869  # 賃金日額の下限
_FULL_RATE_UP_TO = 5_200  # 80% up to this 賃金日額
_HALF_RATE_FROM = 12_790  # 50% from this (under 60)
_ELDER_LOW_RATE_FROM = 11_490  # 45% from this (60–64)
_HIGHEST_WAGE = ((30, 14_130), (45, 15_690), (60, 17_270), (65, 16_490))  # by age below
# 特定受給資格者: 所定給付日数 by age (below) and 算定基礎期間 (<1, 1–5, 5–10, 10–20, 20+ years).
_DISMISSED_DAYS = (
    (30, (90, 90, 120, 180, 180)),
    (35, (90, 120, 180, 210, 240)),
    (45, (90, 150, 180, 240, 270)),
    (60, (90, 180, 240, 270, 330)),
    (65, (90, 150, 180, 210, 240)),
)
_YEAR_STEPS = (1, 5, 10, 20)


def check_digit(base: str) -> int:
    """Return the check digit of the ten digits (7DR ⚠: the number's remainder by 7)."""
    if len(base) != 10 or not base.isascii() or not base.isdigit():
        raise ValueError(f"expected 10 ASCII digits, got {base!r}")
    return int(base) % 7


def number_of(office: str, serial: int) -> str:
    """Return the 11 digits of an office's serial with its check digit."""
    base = f"{office}{serial:06d}"
    return f"{base}{check_digit(base)}"


def format_number(digits: str) -> str:
    """Return the number as printed: 4-6-1."""
    return f"{digits[:4]}-{digits[4:10]}-{digits[10]}"


def parse_number(text: str) -> str:
    """Return the 11 digits of a number written with or without hyphens, or refuse it
    (its shape or its check digit)."""
    found = _PRINTED.match(text.strip())
    digits = "".join(found.groups()) if found else ""
    if not digits or check_digit(digits[:10]) != int(digits[10]):
        raise InvalidInputError(
            f"not a 雇用保険被保険者番号 (4-6-1 with its check digit): {text!r}",
            code="invalid_insured_number",
        )
    return digits


def wage_daily(monthly_wage: int) -> int:
    """Return the 賃金日額: six months' wages / 180 (円未満切り捨て)."""
    return monthly_wage * 6 // 180


def _highest(age: int) -> int:
    return next((wage for below, wage in _HIGHEST_WAGE if age < below), _HIGHEST_WAGE[-1][1])


def benefit_daily(wage: int, age: int) -> tuple[float, int]:
    """Return the 給付率 and the 基本手当日額 of a 賃金日額 at an age: 80% up to the first line,
    falling to 50% (45% at 60–64) at the second, the wage held between its floor and the
    ceiling of the age."""
    wage = min(max(wage, _LOWEST_WAGE), _highest(age))
    low_rate, low_from = (0.45, _ELDER_LOW_RATE_FROM) if age >= 60 else (0.5, _HALF_RATE_FROM)
    if wage <= _FULL_RATE_UP_TO:
        rate = 0.8
    elif wage >= low_from:
        rate = low_rate
    else:
        share = (wage - _FULL_RATE_UP_TO) / (low_from - _FULL_RATE_UP_TO)
        rate = 0.8 - (0.8 - low_rate) * share
    return round(rate, 4), int(wage * rate)


@dataclass(frozen=True)
class SpellDates:
    """A spell of coverage by its first and last day (None: still covered)."""

    start: dt.date
    last_day: dt.date | None


def _month_before(day: dt.date) -> dt.date:
    """Return the day a month before (31 March → 28/29 February: the month's end)."""
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    for candidate in range(day.day, 0, -1):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def insured_months(spells: Sequence[SpellDates], separated_on: dt.date, years: int) -> int:
    """Return the 被保険者期間 in the `years` before leaving: the months counted back from the
    離職日 in which the person was covered for at least 11 days."""
    counted, end = 0, separated_on
    for _ in range(12 * years):
        start = _month_before(end) + dt.timedelta(days=1)
        covered = sum(
            max(0, (min(end, s.last_day or end) - max(start, s.start)).days + 1) for s in spells
        )
        counted += covered >= 11
        end = start - dt.timedelta(days=1)
    return counted


def insured_years(spells: Sequence[SpellDates], separated_on: dt.date) -> int:
    """Return the 算定基礎期間 in whole years: the spell left and the spells before it, each
    less than a year before the next."""
    days, joined_from = 0, separated_on + dt.timedelta(days=1)
    for spell in sorted(spells, key=lambda s: s.start, reverse=True):
        last = spell.last_day or separated_on
        if spell.start > separated_on:
            continue
        if (joined_from - last).days > 366:
            break
        days += (min(last, separated_on) - spell.start).days + 1
        joined_from = spell.start
    return int(days / 365.25)


@dataclass(frozen=True)
class Entitlement:
    """What a separation entitles to, before the amounts."""

    kind: BenefitKind
    days: int
    restriction_months: int
    note: str


def entitlement(
    *, age: int, reason: SeparationReason, months_2y: int, months_1y: int, years: int
) -> Entitlement:
    """Return the benefit a separation gives: 基本手当 with its 所定給付日数 under 65 (一般 or
    特定受給資格者), the 高年齢求職者給付金 from 65, or none without the 被保険者期間."""
    if age >= 65:
        if months_1y < 6:
            return Entitlement(BenefitKind.NONE, 0, 0, "被保険者期間が1年間に6か月未満")
        return Entitlement(BenefitKind.ELDERLY, 50 if years >= 1 else 30, 0, "高年齢求職者給付金")
    dismissed = reason is SeparationReason.DISMISSAL
    if months_2y < 12 and not (dismissed and months_1y >= 6):
        return Entitlement(BenefitKind.NONE, 0, 0, "被保険者期間が2年間に12か月未満")
    if dismissed:
        step = sum(years >= s for s in _YEAR_STEPS)
        table = next(days for below, days in _DISMISSED_DAYS if age < below)
        return Entitlement(BenefitKind.BASIC, table[step], 0, "特定受給資格者")
    days = 150 if years >= 20 else 120 if years >= 10 else 90
    restriction = 1 if reason is SeparationReason.VOLUNTARY else 0
    return Entitlement(BenefitKind.BASIC, days, restriction, "一般の受給資格者")
