"""A family registered in 千代田区 for the municipality's tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mynumber.app import System
from mynumber.municipality.data import IncomeReport
from mynumber.registry.data import Address, ChangeKind, Relationship, Resident, Sex

from ..registry.helpers import CHIYODA, person

CODE = CHIYODA.local_government_code
MOVED_IN = dt.date(2020, 1, 10)


@dataclass(frozen=True)
class Family:
    """A head earning 5,000,000, a spouse at home, children of 10, 3 and 1 (in 2026-11)."""

    head: Resident
    spouse: Resident
    children: tuple[Resident, ...]


def register_family(system: System, *, address: Address = CHIYODA) -> Family:
    """Register the family as moved in and take it into the 宛名 system."""
    registry = system.registry
    head = registry.register(new=person(address=address), kind=ChangeKind.MOVE_IN, on=MOVED_IN)

    def member(given: str, kana: str, born: dt.date, relationship: Relationship) -> Resident:
        new = person(
            given=given,
            given_kana=kana,
            born=born,
            sex=Sex.FEMALE,
            address=address,
            household=head.household_code,
            relationship=relationship,
        )
        kind = ChangeKind.BIRTH if born > MOVED_IN else ChangeKind.MOVE_IN
        return registry.register(new=new, kind=kind, on=max(born, MOVED_IN))

    spouse = member("花子", "ハナコ", dt.date(1983, 7, 7), Relationship.SPOUSE)
    children = (
        member("一郎", "イチロウ", dt.date(2016, 5, 5), Relationship.CHILD),
        member("二郎", "ジロウ", dt.date(2023, 3, 15), Relationship.CHILD),
        member("三子", "ミツコ", dt.date(2025, 2, 1), Relationship.CHILD),
    )
    return Family(head, spouse, children)


def salary(resident: Resident, year: int, amount: int, premiums: int = 0) -> IncomeReport:
    """Return a 給与支払報告書 naming the person by My Number."""
    return IncomeReport(
        my_number=resident.my_number,
        income_year=year,
        salary_revenue=amount,
        social_insurance=premiums,
    )
