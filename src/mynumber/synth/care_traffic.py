"""The care platform's part of the demo's traffic: each month's new 65-year-olds insured.

The 65th-birthday job runs once a month for the days since the last run (⚠ real systems run it
daily or ahead of the birthday month; the demo's month ends on its 10th), for every municipality
at once; each new 第1号 gets a 負担割合証 with the 被保険者証 (decided over the network, J0024,
from the municipality's 副本 in publication then).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from mynumber.care.api import Care
from mynumber.kernel.ages import age_on
from mynumber.kernel.errors import DomainError
from mynumber.registry.data import Resident, ResidentStatus

__all__ = ["CareTally", "enrol_turning_65"]


@dataclass
class CareTally:
    """What the monthly runs did, added up."""

    enrolled: int = 0
    burdens: int = 0


def enrol_turning_65(
    care: Care, residents: Sequence[Resident], *, after: dt.date, until: dt.date, tally: CareTally
) -> None:
    """Insure those who became 第1号 after one day up to another, and decide their 負担割合."""
    day = after + dt.timedelta(days=1)
    while day <= until:
        tally.enrolled += care.enrol_turning_65(municipality=None, on=day).enrolled
        day += dt.timedelta(days=1)
    for resident in residents:
        if resident.status is not ResidentStatus.ACTIVE:
            continue
        if not _first_between(resident.birth_date, after, until):
            continue
        number = care.insured_number_of(resident_code=resident.resident_code)
        try:
            care.decide_burden(insured_number=number, on=until)
            tally.burdens += 1
        except DomainError:  # refused by the network: recorded there
            continue


def _first_between(birth: dt.date, after: dt.date, until: dt.date) -> bool:
    """Tell whether someone born then became 第1号 (the day before the 65th birthday) after
    one day, up to another."""
    one = dt.timedelta(days=1)
    return age_on(birth, after + one) < 65 <= age_on(birth, until + one)
