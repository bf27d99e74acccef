"""Who supports whom in a household, for the 住民税 deductions and 非課税 lines.

The municipality knows the 住民票's household (世帯) and each member's 合計所得. It takes the
member with the highest 合計所得 as the one who claims the others (生計を一にする親族 whose
合計所得 is at most the dependant line): the head's spouse as 同一生計配偶者, anyone else as
扶養親族. Real claims come from the 給与支払報告書 and 申告 and may differ (a grandparent
claimed by another child, relatives in other households) ⚠.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from mynumber.kernel.ages import age_on
from mynumber.municipality.taxrules import Supported, dependant_income_line

__all__ = ["Member", "supported_by"]

_SPOUSES = frozenset({("head", "spouse"), ("spouse", "head")})


@dataclass(frozen=True)
class Member:
    """One member of a household as the assessment sees them."""

    key: str  # 宛名番号
    relationship: str  # 続柄 to the head (registry's Relationship value)
    birth_date: dt.date
    total_income: int  # 合計所得金額 of the income year


def supported_by(members: Sequence[Member], *, income_year: int) -> dict[str, Supported]:
    """Return whom each member supports; members who support no one are left out."""
    line = dependant_income_line(income_year)
    earners = sorted(members, key=lambda m: (-m.total_income, m.key))
    if not earners or earners[0].total_income <= line:
        return {}
    earner = earners[0]
    year_end = dt.date(income_year, 12, 31)
    spouse_age: int | None = None
    dependants: list[int] = []
    for member in earners[1:]:
        if member.total_income > line:
            continue
        age = age_on(member.birth_date, year_end)
        if (earner.relationship, member.relationship) in _SPOUSES:
            spouse_age = age
        else:
            dependants.append(age)
    if spouse_age is None and not dependants:
        return {}
    return {earner.key: Supported(spouse_age=spouse_age, dependant_ages=tuple(sorted(dependants)))}
