"""Read side of the register: lookups, search, history, published changes."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.kernel.dates import parse_iso_date
from mynumber.kernel.errors import ForbiddenError, InvalidInputError, NotFoundError
from mynumber.kernel.japanese import fold_kana, fold_name
from mynumber.registry.data import (
    ChangeKind,
    Resident,
    ResidentChange,
    ResidentEvent,
)
from mynumber.registry.models import ChangeRow, ResidentEventRow, ResidentRow, RetiredMyNumberRow
from mynumber.registry.service import Context, to_changes, to_resident

MAX_PAGE = 500


def get(session: Session, *, resident_code: str) -> Resident:
    """Return the resident with this code, or raise NotFoundError."""
    if not CODECS[IdentifierKind.RESIDENT_CODE].is_valid(resident_code):
        raise InvalidInputError(f"{resident_code!r} is not a valid resident code (check digit)")
    row = session.get(ResidentRow, resident_code)
    if row is None:
        raise NotFoundError(f"no resident with code {resident_code}")
    return to_resident(row)


def require_municipality(resident: Resident, municipality: str | None) -> None:
    """Refuse a resident who does not live in the municipality asking (if one asks)."""
    if municipality and resident.address.local_government_code != municipality:
        raise ForbiddenError(
            f"resident {resident.resident_code} is not registered in municipality {municipality}",
            code="other_municipality",
        )


def resident_code_for_number(session: Session, *, my_number: str) -> str:
    """Return the resident code behind a current My Number, or raise."""
    if not CODECS[IdentifierKind.MY_NUMBER].is_valid(my_number):
        raise InvalidInputError("not a valid My Number (12 digits with check digit)")
    code = session.scalar(
        select(ResidentRow.resident_code).where(ResidentRow.my_number == my_number)
    )
    if code is not None:
        return code
    if session.get(RetiredMyNumberRow, my_number) is None:
        raise NotFoundError("no resident has this My Number")
    raise NotFoundError(
        "this My Number has been replaced and is no longer valid", code="my_number_replaced"
    )


def search(
    session: Session,
    *,
    name: str | None = None,
    kana: str | None = None,
    birth_date: str | None = None,
    limit: int = 50,
    offset: int = 0,
    municipality: str | None = None,
) -> list[Resident]:
    """Return residents whose name or reading starts with the given text, by code order (of
    one municipality if given)."""
    if not (name or kana or birth_date):
        raise InvalidInputError("give a name, a reading or a birth date to search by")
    query = select(ResidentRow)
    if municipality:
        query = query.where(ResidentRow.local_government_code == municipality)
    if name:
        query = query.where(ResidentRow.name_key.startswith(fold_name(name), autoescape=True))
    if kana:
        query = query.where(ResidentRow.kana_key.startswith(fold_kana(kana), autoescape=True))
    if birth_date:
        query = query.where(ResidentRow.birth_date == _parse_date(birth_date))
    query = query.order_by(ResidentRow.resident_code).limit(min(limit, MAX_PAGE)).offset(offset)
    return [to_resident(row) for row in session.scalars(query)]


def _parse_date(value: str) -> dt.date:
    try:
        return parse_iso_date(value)
    except ValueError as refused:
        raise InvalidInputError(str(refused)) from None


def listing(
    session: Session, *, limit: int, offset: int = 0, municipality: str | None = None
) -> list[Resident]:
    """Return residents in resident-code order (of one municipality if given)."""
    query = select(ResidentRow).order_by(ResidentRow.resident_code)
    if municipality:
        query = query.where(ResidentRow.local_government_code == municipality)
    return [
        to_resident(r) for r in session.scalars(query.limit(min(limit, MAX_PAGE)).offset(offset))
    ]


def history(session: Session, *, resident_code: str) -> list[ResidentEvent]:
    """Return a resident's life events, oldest first."""
    get(session, resident_code=resident_code)
    rows = session.scalars(
        select(ResidentEventRow)
        .where(ResidentEventRow.resident_code == resident_code)
        .order_by(ResidentEventRow.id)
    )
    return [
        ResidentEvent(
            kind=ChangeKind(r.kind),
            occurred_on=r.occurred_on,
            recorded_at=r.recorded_at,
            details=json.loads(r.details),
        )
        for r in rows
    ]


def changes_since(
    session: Session, ctx: Context, *, agency: str, after: int, limit: int
) -> list[ResidentChange]:
    """Return published changes after a change id, naming people by the agency's codes."""
    rows = session.scalars(
        select(ChangeRow)
        .where(ChangeRow.id > after)
        .order_by(ChangeRow.id)
        .limit(min(limit, MAX_PAGE * 20))
    ).all()
    return to_changes(ctx, rows, agency) if rows else []
