"""Facilities registered to use the system (オンライン資格確認の利用申請), and the one check of a
医療機関コード every path makes first. Functions take the caller's session; none commits."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.eligibility.data import FacilityKind, FacilityRegistration
from mynumber.eligibility.models import FacilityRow
from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.kernel.errors import InvalidInputError, NotFoundError

__all__ = [
    "check_facility_code",
    "list_facilities",
    "register_facility",
    "require_facility",
    "to_registration",
]


def check_facility_code(code: str) -> None:
    """Refuse a 医療機関コード with a bad check digit (`facility_code_invalid`)."""
    if not CODECS[IdentifierKind.FACILITY_CODE].is_valid(code):
        raise InvalidInputError("not a valid 医療機関コード", code="facility_code_invalid")


def register_facility(session: Session, facility: FacilityRegistration) -> None:
    """Register a facility, or update its kind and name."""
    check_facility_code(facility.code)
    row = session.get(FacilityRow, facility.code)
    if row is None:
        session.add(FacilityRow(code=facility.code, kind=facility.kind.value, name=facility.name))
    else:
        row.kind, row.name = facility.kind.value, facility.name


def list_facilities(session: Session) -> list[FacilityRegistration]:
    """Return the registered facilities by code."""
    rows = session.scalars(select(FacilityRow).order_by(FacilityRow.code))
    return [to_registration(row) for row in rows]


def to_registration(row: FacilityRow) -> FacilityRegistration:
    """Return the DTO of a facility row."""
    return FacilityRegistration(code=row.code, kind=FacilityKind(row.kind), name=row.name)


def require_facility(session: Session, code: str) -> FacilityRegistration:
    """Return a registered facility, or refuse one with a bad code or no registration."""
    check_facility_code(code)
    row = session.get(FacilityRow, code)
    if row is None:
        raise NotFoundError(
            f"facility {code} is not registered for online eligibility checks",
            code="facility_not_registered",
        )
    return to_registration(row)
