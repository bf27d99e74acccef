"""Business rules of the register. Every function takes the caller's unit of work; none commits."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.orm import Session

from mynumber.kernel.clock import Clock, today_in_japan
from mynumber.kernel.db import row_or_not_found
from mynumber.kernel.errors import ConflictError, InvalidInputError
from mynumber.kernel.hashlog import HashChainedLog
from mynumber.kernel.japanese import fold_kana, fold_name
from mynumber.kernel.messaging import Outbox
from mynumber.network.api import CodeIssuance
from mynumber.network.data import new_acquisition_number
from mynumber.registry.data import (
    Address,
    ChangeKind,
    NewResident,
    PersonName,
    Relationship,
    Resident,
    ResidentChange,
    ResidentStatus,
    Sex,
    changes_topic,
)
from mynumber.registry.models import (
    ChangeRow,
    CounterRow,
    HouseholdRow,
    ResidentEventRow,
    ResidentRow,
    RetiredMyNumberRow,
)
from mynumber.registry.numbering import Numbering


@dataclass(frozen=True)
class Context:
    """What the rules need besides the session: the number derivations, the clock, the log,
    and the network's 符号 issuance (J-LIS derives no 符号 itself)."""

    numbering: Numbering
    clock: Clock
    access_log: HashChainedLog
    outbox: Outbox
    codes: CodeIssuance
    # The agencies told of every change, each under its own code for the person.
    changes_to: list[str] = field(default_factory=list)
    # The agencies told of support measures (they keep their own copy of addresses).
    measures_to: list[str] = field(default_factory=list)


def next_sequence(db: Session | Connection, name: str, count: int = 1) -> int:
    """Reserve count values of a named sequence and return the first (sequences start at 1)."""
    new_value = db.execute(
        update(CounterRow)
        .where(CounterRow.name == name)
        .values(value=CounterRow.value + count)
        .returning(CounterRow.value)
    ).scalar()
    if new_value is None:
        db.execute(insert(CounterRow).values(name=name, value=count))
        new_value = count
    return int(new_value) - count + 1


def household_code(sequence: int) -> str:
    """Return the code of the household with this sequence number."""
    return f"H{sequence:010d}"


def name_columns(name: PersonName) -> dict[str, str]:
    """Return the stored columns of a name, with its matching keys."""
    return {
        "family_name": name.family, "given_name": name.given,
        "family_kana": name.family_kana, "given_kana": name.given_kana,
        "name_key": _name_key(name.family) + _name_key(name.given),
        "kana_key": _kana_key(name.family_kana) + _kana_key(name.given_kana),
    }  # fmt: skip


def name_values(name: PersonName) -> tuple[str, ...]:
    """Return the values of `name_columns`, in its order (the bulk load's row tuples)."""
    family, given, family_kana, given_kana = (
        name.family, name.given, name.family_kana, name.given_kana
    )  # fmt: skip
    return (
        family, given, family_kana, given_kana,
        _name_key(family) + _name_key(given), _kana_key(family_kana) + _kana_key(given_kana),
    )  # fmt: skip


# Names repeat across a population: folding each part once saves most of a bulk load's text work.
_name_key = functools.lru_cache(maxsize=65_536)(fold_name)
_kana_key = functools.lru_cache(maxsize=65_536)(fold_kana)


def address_columns(address: Address) -> dict[str, str]:
    """Return the stored columns of an address."""
    return address.model_dump()


def to_resident(row: ResidentRow) -> Resident:
    """Return the DTO of a stored resident.

    Built without validating again: every stored row was validated (and its text normalised)
    on the way in, and listings turn tens of thousands of rows into DTOs, where the checks
    (kana folding, check digits, patterns) cost more than the read itself.
    """
    return Resident.model_construct(
        resident_code=row.resident_code,
        my_number=row.my_number,
        name=PersonName.model_construct(
            family=row.family_name,
            given=row.given_name,
            family_kana=row.family_kana,
            given_kana=row.given_kana,
        ),
        birth_date=row.birth_date,
        sex=Sex(row.sex),
        address=Address.model_construct(
            postal_code=row.postal_code,
            local_government_code=row.local_government_code,
            prefecture=row.prefecture,
            municipality=row.municipality,
            town=row.town,
            block=row.block,
            building=row.building,
        ),
        household_code=row.household_code,
        relationship=Relationship(row.relationship),
        status=ResidentStatus(row.status),
        registered_on=row.registered_on,
        died_on=row.died_on,
    )


def check_date(ctx: Context, on: dt.date, *, not_before: dt.date, what: str) -> None:
    """Refuse a date in the future or before not_before (409: the record says otherwise)."""
    if on > today_in_japan(ctx.clock):
        raise ConflictError(f"{what} date {on} is in the future", code="date_in_future")
    if on < not_before:
        raise ConflictError(f"{what} date {on} is before {not_before}", code="date_out_of_order")


def record_event(
    session: Session,
    ctx: Context,
    row: ResidentRow,
    kind: ChangeKind,
    on: dt.date,
    *,
    details: dict[str, Any],
    fields: tuple[str, ...],
) -> None:
    """Write a life event to the resident's history and publish it as a change.

    Each agency told of changes gets its message in this same transaction.
    """
    session.add(
        ResidentEventRow(
            resident_code=row.resident_code,
            kind=kind.value,
            occurred_on=on,
            recorded_at=ctx.clock.now(),
            details=json.dumps(details, ensure_ascii=False, default=str),
        )
    )
    change = ChangeRow(
        resident_code=row.resident_code,
        kind=kind.value,
        occurred_on=on,
        fields=",".join(fields),
    )
    session.add(change)
    if ctx.changes_to:
        session.flush()  # the change id
    for agency in ctx.changes_to:
        body = to_change(ctx, change, agency).model_dump(mode="json")
        ctx.outbox.send(session, topic=changes_topic(agency), body=body)


def to_change(ctx: Context, row: ChangeRow, agency: str) -> ResidentChange:
    """Return a stored change as one agency sees it, the person named by its 符号."""
    return to_changes(ctx, [row], agency)[0]


def to_changes(ctx: Context, rows: Sequence[ChangeRow], agency: str) -> list[ResidentChange]:
    """Return stored changes as one agency sees them, asking the network for its 符号 at once
    (J-LIS knows the people by resident code: each asks with a fresh 取得番号)."""
    issued = ctx.codes.issue_codes(
        agencies=[agency] * len(rows),
        acquisition_numbers=[new_acquisition_number() for _ in rows],
        resident_codes=[row.resident_code for row in rows],
    )
    return [
        ResidentChange(
            change_id=row.id,
            kind=ChangeKind(row.kind),
            agency=agency,
            subject=code.code,
            occurred_on=row.occurred_on,
            fields=tuple(f for f in row.fields.split(",") if f),
        )
        for row, code in zip(rows, issued, strict=True)
    ]


def active_resident(session: Session, resident_code: str) -> ResidentRow:
    """Return the living, registered resident with this code, or raise."""
    row = row_or_not_found(
        session, ResidentRow, resident_code, f"no resident with code {resident_code}"
    )
    if row.status != ResidentStatus.ACTIVE:
        raise ConflictError(
            f"resident {resident_code} is {row.status}; the record is closed",
            code="resident_not_active",
        )
    return row


def is_my_number_taken(session: Session, number: str) -> bool:
    """Return whether this My Number was ever issued."""
    current = select(ResidentRow.resident_code).where(ResidentRow.my_number == number)
    retired = session.get(RetiredMyNumberRow, number) is not None
    return retired or session.execute(current).first() is not None


def register(
    session: Session, ctx: Context, *, new: NewResident, kind: ChangeKind, on: dt.date
) -> Resident:
    """Put a person on the register (birth or move-in) and issue their numbers."""
    if kind not in (ChangeKind.BIRTH, ChangeKind.MOVE_IN):
        raise InvalidInputError("a new resident arrives by birth or move-in")
    check_date(ctx, new.birth_date, not_before=dt.date(1890, 1, 1), what="birth")
    check_date(ctx, on, not_before=new.birth_date, what="registration")
    _refuse_duplicate(session, new)
    household = _household_for(session, new, on)
    resident_code = ctx.numbering.resident_code(next_sequence(session, "resident"))
    my_number = ctx.numbering.first_free_my_number(
        resident_code, lambda n: is_my_number_taken(session, n)
    )
    row = ResidentRow(
        resident_code=resident_code,
        my_number=my_number,
        birth_date=new.birth_date,
        sex=int(new.sex),
        household_code=household.household_code,
        relationship=new.relationship.value,
        status=ResidentStatus.ACTIVE.value,
        registered_on=on,
        died_on=None,
        **name_columns(new.name),
        **address_columns(new.address),
    )
    session.add(row)
    session.flush()
    if household.head_code is None:
        household.head_code = resident_code
    record_event(
        session, ctx, row, kind, on, details={"household": household.household_code}, fields=()
    )
    return to_resident(row)


def _refuse_duplicate(session: Session, new: NewResident) -> None:
    name = name_columns(new.name)
    duplicate = session.execute(
        select(ResidentRow.resident_code).where(
            ResidentRow.name_key == name["name_key"],
            ResidentRow.kana_key == name["kana_key"],
            ResidentRow.birth_date == new.birth_date,
            ResidentRow.sex == int(new.sex),
            ResidentRow.postal_code == new.address.postal_code,
            ResidentRow.status == ResidentStatus.ACTIVE.value,
        )
    ).first()
    if duplicate:
        raise ConflictError(
            "this person is already registered at this address "
            "(same name, reading, birth date and sex)",
            code="duplicate_resident",
        )


def _household_for(session: Session, new: NewResident, on: dt.date) -> HouseholdRow:
    if new.household_code is None:
        household = HouseholdRow(
            household_code=household_code(next_sequence(session, "household")),
            head_code=None,
            created_on=on,
        )
        session.add(household)
        session.flush()
        return household
    return row_or_not_found(
        session, HouseholdRow, new.household_code, f"no household with code {new.household_code}"
    )
