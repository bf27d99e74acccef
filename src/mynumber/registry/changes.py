"""Life events after registration: moves, renames, deaths, My Number changes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.kernel.errors import ConflictError, InvalidInputError, NotFoundError
from mynumber.registry.data import (
    Address,
    ChangeKind,
    PersonName,
    Relationship,
    Resident,
    ResidentStatus,
)
from mynumber.registry.models import HouseholdRow, ResidentRow, RetiredMyNumberRow
from mynumber.registry.service import (
    Context,
    active_resident,
    address_columns,
    check_date,
    household_code,
    is_my_number_taken,
    name_columns,
    next_sequence,
    record_event,
    to_resident,
)


def move(
    session: Session, ctx: Context, *, resident_code: str, address: Address, on: dt.date
) -> list[Resident]:
    """Move a resident; a head moves with the whole household, anyone else starts a new one."""
    row = active_resident(session, resident_code)
    check_date(ctx, on, not_before=row.registered_on, what="move")
    if row.relationship == Relationship.HEAD:
        movers = list(
            session.scalars(
                select(ResidentRow).where(
                    ResidentRow.household_code == row.household_code,
                    ResidentRow.status == ResidentStatus.ACTIVE.value,
                )
            )
        )
    else:
        household = HouseholdRow(
            household_code=household_code(next_sequence(session, "household")),
            head_code=row.resident_code,
            created_on=on,
        )
        session.add(household)
        session.flush()
        row.household_code = household.household_code
        row.relationship = Relationship.HEAD.value
        movers = [row]
    for mover in movers:
        before = Address.model_validate({k: getattr(mover, k) for k in Address.model_fields})
        for key, value in address_columns(address).items():
            setattr(mover, key, value)
        record_event(
            session,
            ctx,
            mover,
            ChangeKind.MOVE,
            on,
            details={"from": before.text, "to": address.text, "household": mover.household_code},
            fields=("address",),
        )
    return [to_resident(m) for m in movers]


def join_household(
    session: Session,
    ctx: Context,
    *,
    resident_code: str,
    household_code: str,
    relationship: Relationship,
    on: dt.date,
) -> Resident:
    """Move a resident into another household, at its head's address (e.g. on marriage)."""
    if relationship is Relationship.HEAD:
        raise InvalidInputError("a household already has a head; give the relationship to it")
    row = active_resident(session, resident_code)
    household = session.get(HouseholdRow, household_code)
    if household is None or household.head_code is None:
        raise NotFoundError(f"no household with code {household_code}")
    if row.relationship == Relationship.HEAD.value and _others_in(session, row):
        raise ConflictError(
            "a head with other members must hand over the household first", code="head_with_members"
        )
    head = active_resident(session, household.head_code)
    row.household_code, row.relationship = household_code, relationship.value
    address = Address.model_validate({k: getattr(head, k) for k in Address.model_fields})
    for key, value in address_columns(address).items():
        setattr(row, key, value)
    record_event(
        session,
        ctx,
        row,
        ChangeKind.MOVE,
        on,
        details={"to": address.text, "household": household_code, "joined": True},
        fields=("address",),
    )
    return to_resident(row)


def _others_in(session: Session, row: ResidentRow) -> bool:
    return (
        session.execute(
            select(ResidentRow.resident_code).where(
                ResidentRow.household_code == row.household_code,
                ResidentRow.resident_code != row.resident_code,
                ResidentRow.status == ResidentStatus.ACTIVE.value,
            )
        ).first()
        is not None
    )


def rename(
    session: Session,
    ctx: Context,
    *,
    resident_code: str,
    name: PersonName,
    on: dt.date,
    reason: str,
) -> Resident:
    """Change a resident's name (marriage, divorce, adoption, court permission)."""
    row = active_resident(session, resident_code)
    check_date(ctx, on, not_before=row.registered_on, what="rename")
    before = f"{row.family_name} {row.given_name}"
    for key, value in name_columns(name).items():
        setattr(row, key, value)
    record_event(
        session,
        ctx,
        row,
        ChangeKind.RENAME,
        on,
        details={"from": before, "to": f"{name.family} {name.given}", "reason": reason},
        fields=("name",),
    )
    return to_resident(row)


def record_death(session: Session, ctx: Context, *, resident_code: str, on: dt.date) -> Resident:
    """Close the record of a resident who has died (死亡届)."""
    row = active_resident(session, resident_code)
    check_date(ctx, on, not_before=row.birth_date, what="death")
    row.status, row.died_on = ResidentStatus.DECEASED.value, on
    record_event(session, ctx, row, ChangeKind.DEATH, on, details={}, fields=("status",))
    return to_resident(row)


def change_my_number(
    session: Session, ctx: Context, *, resident_code: str, on: dt.date, reason: str
) -> Resident:
    """Issue a new My Number (e.g. after a leak); the old one is kept in history, never reused."""
    row = active_resident(session, resident_code)
    check_date(ctx, on, not_before=row.registered_on, what="change")
    number = ctx.numbering.first_free_my_number(
        resident_code, lambda n: is_my_number_taken(session, n)
    )
    session.add(
        RetiredMyNumberRow(
            my_number=row.my_number, resident_code=resident_code, retired_on=on, reason=reason
        )
    )
    session.flush()
    row.my_number = number
    record_event(
        session,
        ctx,
        row,
        ChangeKind.MY_NUMBER_CHANGE,
        on,
        details={"reason": reason},
        fields=("my_number",),
    )
    return to_resident(row)
