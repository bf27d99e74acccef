"""Care insured persons (介護保険の被保険者): numbering, enrolment, and finding them.

A 第1号 is insured from the day before the 65th birthday; a 第2号 (40–64) through their health
insurance, enrolled here when they apply for certification (⚠ the municipality learns of a 第2号
only then in this slice). A 第2号 reaching 65 keeps the number and becomes 第1号.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from mynumber.care.data import InsuredCategory, InsuredPerson
from mynumber.care.models import CounterRow, InsuredRow
from mynumber.care.numbers import format_insured_number
from mynumber.kernel.ages import age_on
from mynumber.kernel.errors import ConflictError, NotFoundError
from mynumber.kernel.upsert import inserted
from mynumber.registry.data import Resident

__all__ = [
    "Person",
    "codes_of",
    "enrol",
    "insured_by_code",
    "insured_by_number",
    "insured_by_resident",
    "person_of",
    "to_insured",
]

_COUNTERS = cast(Table, CounterRow.__table__)
_INSURED = cast(Table, InsuredRow.__table__)


@dataclass(frozen=True)
class Person:
    """A resident as the municipality's register gives them, to be insured."""

    resident_code: str
    my_number: str
    name: str
    birth_date: dt.date
    municipality: str
    household_code: str | None = None


def person_of(resident: Resident) -> Person:
    """Return the person to insure from the register's record."""
    return Person(
        resident_code=resident.resident_code,
        my_number=resident.my_number,
        name=f"{resident.name.family}\u3000{resident.name.given}",
        birth_date=resident.birth_date,
        municipality=resident.address.local_government_code,
        household_code=resident.household_code,
    )


def _take_serial(session: Session) -> int:
    inserted(session, _COUNTERS, {"name": "insured", "next_serial": 1}, "name")
    taken = _COUNTERS.c.next_serial
    newest = session.execute(
        update(_COUNTERS)
        .where(_COUNTERS.c.name == "insured")
        .values(next_serial=taken + 1)
        .returning(taken)
    ).scalar_one()
    return int(newest) - 1


def to_insured(row: InsuredRow) -> InsuredPerson:
    """Return the DTO of an insured person."""
    return InsuredPerson(
        insured_number=row.insured_number,
        insurer_number=row.insurer_number,
        name=row.name,
        birth_date=row.birth_date,
        category=InsuredCategory(row.category),
        acquired_on=row.acquired_on,
        health_insurance=row.health_insurance,
    )


def enrol(
    session: Session,
    person: Person,
    *,
    category: InsuredCategory,
    on: dt.date,
    agency_code: str,
    health_insurance: str,
    now: dt.datetime,
) -> tuple[InsuredRow, bool]:
    """Insure a person from a day; return the row and whether it changed anything.

    A 第2号 must be 40–64 on the day (`not_second_category_age`); a 第2号 becoming 第1号 keeps
    the number; enrolling someone already in that category changes nothing.
    """
    age = age_on(person.birth_date, on)
    if category is InsuredCategory.SECOND and not 40 <= age <= 64:
        raise ConflictError(
            f"第2号被保険者は40歳以上65歳未満です（{age}歳）", code="not_second_category_age"
        )
    row = _by_resident(session, person.resident_code)
    if row is None:
        values = {
            "insured_number": format_insured_number(_take_serial(session)),
            "insurer_number": person.municipality, "resident_code": person.resident_code,
            "my_number": person.my_number, "agency_code": agency_code, "name": person.name,
            "birth_date": person.birth_date, "category": category.value, "acquired_on": on,
            "health_insurance": health_insurance, "enrolled_at": now,
            "household_code": person.household_code,
        }  # fmt: skip
        # Two enrolments of one resident at once: the second waits for the first and skips.
        if inserted(session, _INSURED, values, "resident_code"):
            found = _by_resident(session, person.resident_code)
            assert found is not None
            return found, True
        row = _by_resident(session, person.resident_code)
        assert row is not None
    if row.category == category.value or category is InsuredCategory.SECOND:
        return row, False
    row.category, row.acquired_on = category.value, on
    return row, True


def _by_resident(session: Session, resident_code: str) -> InsuredRow | None:
    return session.scalar(
        select(InsuredRow)
        .where(InsuredRow.resident_code == resident_code)
        .execution_options(populate_existing=True)
    )


def codes_of(session: Session, resident_codes: Sequence[str]) -> dict[str, str]:
    """Return the platform's 符号 of those of these residents it insures already."""
    found: dict[str, str] = {}
    for start in range(0, len(resident_codes), 500):
        chunk = list(resident_codes[start : start + 500])
        rows = session.execute(
            select(InsuredRow.resident_code, InsuredRow.agency_code).where(
                InsuredRow.resident_code.in_(chunk)
            )
        )
        found.update({code: agency_code for code, agency_code in rows})
    return found


def insured_by_number(session: Session, number: str) -> InsuredRow:
    """Return the person under a 被保険者番号, or refuse (404 `unknown_insured_number`)."""
    row = session.get(InsuredRow, number)
    if row is None:
        raise NotFoundError(
            f"被保険者番号 {number} の被保険者はいません", code="unknown_insured_number"
        )
    return row


def insured_by_resident(session: Session, resident_code: str) -> InsuredRow:
    """Return the insured person of a resident code, or refuse (404 `not_insured`)."""
    row = session.scalar(select(InsuredRow).where(InsuredRow.resident_code == resident_code))
    if row is None:
        raise NotFoundError("この住民は介護保険の被保険者ではありません", code="not_insured")
    return row


def insured_by_code(session: Session, agency_code: str) -> InsuredRow | None:
    """Return the insured person behind the platform's 符号, if any."""
    return session.scalar(select(InsuredRow).where(InsuredRow.agency_code == agency_code))
