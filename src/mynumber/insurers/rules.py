"""Contribution ratios (負担割合) and limit classes (限度額区分) by age and income (2026 rules).

- before compulsory school age (未就学: until the 31 March after the 6th birthday): 2割
- from then to 69: 3割
- 70–74 (高齢受給者, from the first of the month after the 70th birthday): 2割, 3割 if 現役並み所得
- 75 and over (後期高齢者, from the 75th birthday): 1割, 2割 (一定以上所得), 3割 (現役並み所得)
"""

from __future__ import annotations

import datetime as dt

from mynumber.insurers.data import IncomeCategory, LimitClassification
from mynumber.kernel.ages import age_on, preschool

__all__ = ["contribution_percent", "limit_classification"]


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
