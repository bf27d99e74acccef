"""Contribution ratios (負担割合) and limit classes (限度額区分) by age and income (2026 rules).

- before compulsory school age (未就学: until the 31 March after the 6th birthday): 2割
- from then to 69: 3割
- 70–74 (高齢受給者, from the first of the month after the 70th birthday): 2割, 3割 if 現役並み所得
- 75 and over (後期高齢者, from the 75th birthday): 1割, 2割 (一定以上所得), 3割 (現役並み所得)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from mynumber.insurers.data import IncomeCategory, LimitClassification
from mynumber.kernel.ages import age_on, preschool

__all__ = [
    "KoukiTaxFigures",
    "contribution_percent",
    "kouki_household_income",
    "limit_classification",
]

_ACTIVE_TAXABLE = 1_450_000  # 課税所得 of 現役並み所得
_ACTIVE_REVENUE = (3_830_000, 5_200_000)  # 収入 below which 現役並み does not apply (1 / 2+)
_CERTAIN_TAXABLE = 280_000  # 課税所得 of 一定以上所得 (2割, since 2022-10)
_CERTAIN_INCOME = (2_000_000, 3_200_000)  # 年金収入 + その他の合計所得金額 (1 / 2+ members)


def _elderly_recipient(birth_date: dt.date, on: dt.date) -> bool:
    """Return whether 高齢受給者 rules apply: from the first of the month after turning 70."""
    seventieth = (
        birth_date.replace(year=birth_date.year + 70)
        if not (birth_date.month == 2 and birth_date.day == 29)
        else dt.date(birth_date.year + 70, 3, 1)
    )
    if seventieth.day == 1:
        start = seventieth
    else:
        start = dt.date(seventieth.year + seventieth.month // 12, seventieth.month % 12 + 1, 1)
    return on >= start


def contribution_percent(
    *, birth_date: dt.date, on: dt.date, income: IncomeCategory, late_elderly: bool
) -> int:
    """Return the share of medical costs the patient pays, in percent (10, 20 or 30)."""
    if late_elderly:
        return {IncomeCategory.ACTIVE_EQUIVALENT: 30, IncomeCategory.ABOVE_CERTAIN: 20}.get(
            income, 10
        )
    if preschool(birth_date, on):
        return 20
    if _elderly_recipient(birth_date, on):
        return 30 if income is IncomeCategory.ACTIVE_EQUIVALENT else 20
    return 30


def limit_classification(
    *, birth_date: dt.date, on: dt.date, income: IncomeCategory
) -> LimitClassification:
    """Return the 限度額適用認定証 classification the eligibility answer carries."""
    if age_on(birth_date, on) >= 70:
        return {
            IncomeCategory.ACTIVE_EQUIVALENT: LimitClassification.ELDERLY_ACTIVE,
            IncomeCategory.LOW: LimitClassification.ELDERLY_LOW,
        }.get(income, LimitClassification.ELDERLY_GENERAL)
    return {
        IncomeCategory.ACTIVE_EQUIVALENT: LimitClassification.CLASS_A,
        IncomeCategory.ABOVE_CERTAIN: LimitClassification.CLASS_I,
        IncomeCategory.GENERAL: LimitClassification.CLASS_U,
        IncomeCategory.LOW: LimitClassification.CLASS_O,
    }[income]


@dataclass(frozen=True)
class KoukiTaxFigures:
    """A 後期高齢 member's 住民税 figures, as the municipality's 地方税関係情報 gives them."""

    taxable_income: int  # 課税所得
    revenue: int  # 収入金額 (給与・年金・その他)
    pension_revenue: int  # 公的年金等収入金額
    total_income: int  # 合計所得金額
    pension_income: int  # 公的年金等に係る雑所得
    exempt: bool  # 住民税非課税


def kouki_household_income(members: Sequence[KoukiTaxFigures]) -> tuple[IncomeCategory, str]:
    """Return the income band of a household's 後期高齢 members, and why (窓口負担, 2022-10 rules).

    3割 (現役並み) when one has 課税所得 ≥ 1,450,000, unless their 収入 is under 3,830,000 (one
    member) or 5,200,000 together (two or more); else 2割 (一定以上) when one has 課税所得 ≥
    280,000 and 年金収入 + その他の合計所得金額 is at least 2,000,000 (one) or 3,200,000 together;
    else 1割, 低所得 when all are 非課税 ⚠ (the real 区分 looks at the whole 世帯).
    """
    many = 1 if len(members) > 1 else 0
    top = max(m.taxable_income for m in members)
    revenue = sum(m.revenue for m in members)
    if top >= _ACTIVE_TAXABLE and revenue >= _ACTIVE_REVENUE[many]:
        return IncomeCategory.ACTIVE_EQUIVALENT, "現役並み所得（課税所得145万円以上）"
    pension_and_other = sum(
        m.pension_revenue + max(m.total_income - m.pension_income, 0) for m in members
    )
    if top >= _CERTAIN_TAXABLE and pension_and_other >= _CERTAIN_INCOME[many]:
        return (
            IncomeCategory.ABOVE_CERTAIN,
            "一定以上所得（課税所得28万円以上・年金収入等が基準以上）",
        )
    if all(m.exempt for m in members):
        return IncomeCategory.LOW, "一般（世帯の後期高齢者が全員住民税非課税）"
    return IncomeCategory.GENERAL, "一般"
