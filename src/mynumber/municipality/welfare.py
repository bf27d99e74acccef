"""児童手当 (child allowance) and 保育料 (nursery fees) rules, as pure functions.

児童手当 (児童手当法, as amended from 2024-10): no income limit; paid until the end of the
high-school year (the first 31 March after the child turns 18); 15,000 yen a month under 3,
10,000 from 3, and 30,000 for the third and later child, counting children up to the end of the
year they turn 22; paid six times a year in even months, each payment covering the two months
before ⚠ (the day of payment is the municipality's).

保育料 (認可保育所の利用者負担額, 子ども・子育て支援法施行令): 3–5-year-olds' classes free since
2019-10 (幼児教育・保育の無償化), 0–2-year-olds free in 市町村民税非課税 households, otherwise by
the parents' 市町村民税所得割額 in bands (the national ceiling, 保育標準時間 ⚠; each municipality
sets its own, usually lower). The fee of April–August is set from the previous fiscal year's
tax, of September–March from the current one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from mynumber.kernel.ages import age_on

__all__ = [
    "FREE_NURSERY_FROM",
    "NURSERY_BANDS",
    "Child",
    "NurseryCharge",
    "allowance_amounts",
    "class_age",
    "fee_tax_year",
    "fiscal_year_of",
    "nursery_charge",
    "payment_month",
    "year_end_after",
]

FREE_NURSERY_FROM = dt.date(2019, 10, 1)
UNDER_THREE, FROM_THREE, THIRD_CHILD = 15_000, 10_000, 30_000
# (階層, 所得割額 below which it applies, monthly fee for 0–2), after the national table ⚠.
NURSERY_BANDS: tuple[tuple[int, int | None, int], ...] = (
    (3, 48_600, 19_500),
    (4, 97_000, 30_000),
    (5, 169_000, 44_500),
    (6, 301_000, 61_000),
    (7, 397_000, 80_000),
    (8, None, 104_000),
)
_EXEMPT_BAND = 2  # 第2階層: 市町村民税非課税世帯 (第1階層 is 生活保護, not modelled ⚠)


@dataclass(frozen=True)
class Child:
    """A child of the household: a key (宛名番号) and the birth date."""

    key: str
    birth_date: dt.date


def year_end_after(birth_date: dt.date, age: int) -> dt.date:
    """Return the first 31 March on or after the day a child reaches `age` (年度末).

    An age is reached the day before the birthday (年齢計算ニ関スル法律).
    """
    reached = _reached(birth_date, age)
    return dt.date(reached.year + (reached > dt.date(reached.year, 3, 31)), 3, 31)


def _reached(birth_date: dt.date, age: int) -> dt.date:
    """Return the day a person reaches `age`: the day before the birthday."""
    try:
        birthday = birth_date.replace(year=birth_date.year + age)
    except ValueError:  # 29 February
        birthday = dt.date(birth_date.year + age, 3, 1)
    return birthday - dt.timedelta(days=1)


def _under_three(birth_date: dt.date, month: dt.date) -> bool:
    """Whether the 3歳未満 amount applies: up to the month in which the age of 3 is reached."""
    reached = _reached(birth_date, 3)
    return (month.year, month.month) <= (reached.year, reached.month)


def allowance_amounts(children: Sequence[Child], month: dt.date) -> dict[str, int]:
    """Return each paid child's 児童手当 for a month (its first day), by key.

    Children born in the month are paid from the next one (認定請求の翌月分から ⚠). The order of
    a child is counted among the household's children up to the end of the year they turn 22,
    oldest first (the parents' support of the older ones is assumed ⚠).
    """
    first = month.replace(day=1)
    counted = sorted(
        (c for c in children if c.birth_date < first and year_end_after(c.birth_date, 22) >= first),
        key=lambda c: (c.birth_date, c.key),
    )
    amounts: dict[str, int] = {}
    for order, child in enumerate(counted, start=1):
        if year_end_after(child.birth_date, 18) < first:
            continue
        if order >= 3:
            amounts[child.key] = THIRD_CHILD
        else:
            amounts[child.key] = (
                UNDER_THREE if _under_three(child.birth_date, first) else FROM_THREE
            )
    return amounts


def payment_month(month: dt.date) -> dt.date:
    """Return the even month in which a month's allowance is paid (Dec–Jan in February …)."""
    ahead = 1 if month.month % 2 == 1 else 2
    years, index = divmod(month.month - 1 + ahead, 12)
    return dt.date(month.year + years, index + 1, 1)


def fiscal_year_of(day: dt.date) -> int:
    """Return the fiscal year (年度, April to March) a day falls in."""
    return day.year if day.month >= 4 else day.year - 1


def fee_tax_year(month: dt.date) -> int:
    """Return the fiscal year of the 住民税 a month's 保育料 is set from (April–August: the
    previous year's; September–March: the current year's)."""
    fiscal_year = fiscal_year_of(month)
    return fiscal_year - 1 if 4 <= month.month <= 8 else fiscal_year


def class_age(birth_date: dt.date, month: dt.date) -> int:
    """Return the class (クラス年齢): the age on 1 April of the month's fiscal year."""
    return age_on(birth_date, dt.date(fiscal_year_of(month), 4, 1))


@dataclass(frozen=True)
class NurseryCharge:
    """A month's 保育料 for one child, and why."""

    band: int  # 階層 (0 when free by age)
    full_fee: int  # the band's fee before the sibling reduction
    fee: int
    reason: str  # free_age, exempt_household, band, second_child, third_child


def nursery_charge(
    *, class_years: int, month: dt.date, income_levy: int, exempt: bool, sibling_order: int
) -> NurseryCharge:
    """Return the fee for a child of class `class_years` whose parents' 市町村民税所得割額
    together is `income_levy` (exempt: every parent 非課税).

    Siblings (多子軽減 ⚠ simplified): among the household's preschool children, oldest first,
    the second pays half and the third and later nothing.
    """
    free_era = month >= FREE_NURSERY_FROM
    if class_years >= 3 and free_era:
        return NurseryCharge(0, 0, 0, "free_age")
    if exempt and free_era:
        return NurseryCharge(_EXEMPT_BAND, 0, 0, "exempt_household")
    band, full = next(
        (b, f) for b, upper, f in NURSERY_BANDS if upper is None or income_levy < upper
    )
    if sibling_order >= 3:
        return NurseryCharge(band, full, 0, "third_child")
    if sibling_order == 2:
        return NurseryCharge(band, full, full // 2, "second_child")
    return NurseryCharge(band, full, full, "band")
