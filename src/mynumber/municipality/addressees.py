"""The 宛名 system: 宛名番号 issued per municipality, the My Number kept beside it.

A municipality takes in its residents from the resident register (住基連携) and gives each a
団体内統合宛名番号 the first time it sees them; later intakes update the My Number (changed
after a leak), the household and the name. People who moved away keep their 宛名番号 (住登外者),
as the municipality still taxes and pays them for earlier years.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from mynumber.kernel.errors import NotFoundError
from mynumber.kernel.upsert import inserted
from mynumber.municipality.data import Addressee, EnrolmentReport
from mynumber.municipality.models import AddresseeRow, MunicipalityRow
from mynumber.registry.data import Resident

__all__ = [
    "addressee_by_resident",
    "addressees_of",
    "enrol",
    "household_members",
    "municipality_name",
    "municipality_of_household",
    "to_addressee",
]

_MUNICIPALITIES = cast(Table, MunicipalityRow.__table__)


def _take_numbers(session: Session, code: str, count: int) -> int:
    """Take count consecutive 宛名番号 from the municipality's counter; return the first.

    One UPDATE … RETURNING: concurrent intakes queue on the municipality's row.
    """
    taken = _MUNICIPALITIES.c.next_address_number
    newest = session.execute(
        update(_MUNICIPALITIES)
        .where(_MUNICIPALITIES.c.code == code)
        .values(next_address_number=taken + count)
        .returning(taken)
    ).scalar_one()
    return int(newest) - count


def _fields(resident: Resident) -> dict[str, object]:
    return {
        "resident_code": resident.resident_code,
        "my_number": resident.my_number,
        "name": resident.name.full,
        "birth_date": resident.birth_date,
        "household_code": resident.household_code,
        "relationship": resident.relationship.value,
    }


def enrol(
    session: Session, *, code: str, residents: Sequence[Resident], now: dt.datetime
) -> EnrolmentReport:
    """Take in residents of municipality `code`: new people get a 宛名番号, known ones are
    brought up to date. An empty intake of a municipality never seen is refused."""
    if residents:
        name = f"{residents[0].address.prefecture}{residents[0].address.municipality}"
        row = {"code": code, "name": name, "next_address_number": 1, "created_at": now}
        inserted(session, _MUNICIPALITIES, row, "code")
    elif session.get(MunicipalityRow, code) is None:
        raise NotFoundError(f"no residents in municipality {code}", code="unknown_municipality")
    known = {
        row.resident_code: row
        for row in session.scalars(
            select(AddresseeRow).where(AddresseeRow.municipality_code == code)
        )
    }
    new = [r for r in residents if r.resident_code not in known]
    updated = 0
    for resident in residents:
        known_row = known.get(resident.resident_code)
        fields = _fields(resident)
        if known_row is not None and any(getattr(known_row, k) != v for k, v in fields.items()):
            for key, value in fields.items():
                setattr(known_row, key, value)
            known_row.updated_at = now
            updated += 1
    if new:
        first = _take_numbers(session, code, len(new))
        session.execute(
            insert(AddresseeRow),
            [
                {
                    "municipality_code": code,
                    "address_number": f"{first + i:015d}",
                    **_fields(resident),
                    "enrolled_at": now,
                    "updated_at": now,
                }
                for i, resident in enumerate(new)
            ],
        )
    session.flush()
    return EnrolmentReport(
        municipality=code, enrolled=len(new), updated=updated, total=len(known) + len(new)
    )


def to_addressee(row: AddresseeRow) -> Addressee:
    """Return the DTO of a row."""
    return Addressee(
        municipality=row.municipality_code,
        address_number=row.address_number,
        resident_code=row.resident_code,
        my_number=row.my_number,
        name=row.name,
        birth_date=row.birth_date,
        household_code=row.household_code,
        relationship=row.relationship,
    )


def addressee_by_resident(session: Session, *, code: str, resident_code: str) -> AddresseeRow:
    """Return a resident's 宛名 row in a municipality, or refuse (404 `not_an_addressee`)."""
    row = session.scalar(
        select(AddresseeRow).where(
            AddresseeRow.municipality_code == code, AddresseeRow.resident_code == resident_code
        )
    )
    if row is None:
        raise NotFoundError(
            f"resident {resident_code} has no 宛名番号 in municipality {code}",
            code="not_an_addressee",
        )
    return row


def addressees_of(session: Session, *, code: str, limit: int, offset: int) -> list[Addressee]:
    """Return a municipality's addressees in 宛名番号 order."""
    rows = session.scalars(
        select(AddresseeRow)
        .where(AddresseeRow.municipality_code == code)
        .order_by(AddresseeRow.address_number)
        .limit(limit)
        .offset(offset)
    )
    return [to_addressee(row) for row in rows]


def household_members(session: Session, *, code: str, household_code: str) -> list[AddresseeRow]:
    """Return the addressees of one household, oldest first."""
    return list(
        session.scalars(
            select(AddresseeRow)
            .where(
                AddresseeRow.municipality_code == code,
                AddresseeRow.household_code == household_code,
            )
            .order_by(AddresseeRow.birth_date, AddresseeRow.address_number)
        )
    )


def municipality_of_household(session: Session, *, household_code: str) -> str:
    """Return the municipality whose 宛名 system holds a household, or refuse (404)."""
    code = session.scalar(
        select(AddresseeRow.municipality_code)
        .where(AddresseeRow.household_code == household_code)
        .order_by(AddresseeRow.updated_at.desc())
        .limit(1)
    )
    if code is None:
        raise NotFoundError(
            f"no municipality holds household {household_code}", code="unknown_household"
        )
    return code


def municipality_name(session: Session, *, code: str) -> str:
    """Return the name of a municipality whose residents were taken in, or refuse (404)."""
    row = session.get(MunicipalityRow, code)
    if row is None:
        raise NotFoundError(f"no residents in municipality {code}", code="unknown_municipality")
    return row.name
