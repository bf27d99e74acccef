"""Loading whole households at once: synthetic populations and migrations from other systems.

Skips the per-person ORM path: sequences are reserved in blocks, My Numbers are checked for
collisions in memory and against stored numbers in chunks, and rows go in by COPY (PostgreSQL)
or executemany (SQLite). When the register is empty at the start, secondary indexes are dropped
for the load and rebuilt at the end, which is several times faster than random-order inserts;
the unique index on My Numbers, rebuilt last, re-checks uniqueness. No change is published: an
initial load is learnt by listing, not events. The whole load is one transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any, cast

from sqlalchemy import Connection, Index, Table, select

from mynumber.kernel.bulk import insert_rows
from mynumber.kernel.errors import InvalidInputError
from mynumber.registry.data import ChangeKind, NewHousehold, ResidentStatus
from mynumber.registry.models import (
    HouseholdRow,
    ResidentEventRow,
    ResidentRow,
    RetiredMyNumberRow,
)
from mynumber.registry.service import (
    Context,
    address_columns,
    household_code,
    name_values,
    next_sequence,
)

_RESIDENT_COLUMNS = (
    "resident_code", "my_number", "family_name", "given_name", "family_kana", "given_kana",
    "name_key", "kana_key", "birth_date", "sex", "postal_code", "local_government_code",
    "prefecture", "municipality", "town", "block", "building", "household_code", "relationship",
    "status", "registered_on", "died_on",
)  # fmt: skip
_EVENT_COLUMNS = ("resident_code", "kind", "occurred_on", "recorded_at", "details")
_HOUSEHOLDS = cast(Table, HouseholdRow.__table__)
_RESIDENTS = cast(Table, ResidentRow.__table__)
_EVENTS = cast(Table, ResidentEventRow.__table__)
_DEFERRABLE = (_RESIDENTS, _EVENTS, cast(Table, RetiredMyNumberRow.__table__))


class Loader:
    """One bulk load inside one connection's transaction."""

    def __init__(self, conn: Connection, ctx: Context, *, on: dt.date, kind: ChangeKind) -> None:
        if kind not in (ChangeKind.BIRTH, ChangeKind.MOVE_IN):
            raise InvalidInputError("a new resident arrives by birth or move-in")
        self._conn, self._ctx, self._on, self._kind = conn, ctx, on, kind
        self._issued: set[str] = set()
        self._empty_at_start = (
            conn.execute(select(ResidentRow.resident_code).limit(1)).first() is None
        )
        self._deferred: list[Index] = []

    def __enter__(self) -> Loader:
        if self._empty_at_start:
            self._deferred = [ix for table in _DEFERRABLE for ix in table.indexes]
            for index in self._deferred:
                index.drop(self._conn)
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        if exc_type is None:
            for index in self._deferred:
                index.create(self._conn)

    def add(self, households: Sequence[NewHousehold]) -> list[str]:
        """Register these households; return the new resident codes in input order."""
        people = sum(len(h.members) for h in households)
        first_resident = next_sequence(self._conn, "resident", people)
        first_household = next_sequence(self._conn, "household", len(households))
        resident_code = self._ctx.numbering.resident_code
        codes = [resident_code(first_resident + i) for i in range(people)]
        numbers = self._free_numbers(codes)
        on, active = self._on, ResidentStatus.ACTIVE.value
        residents: list[tuple[Any, ...]] = []
        homes: list[tuple[Any, ...]] = []
        index = 0
        for offset, household in enumerate(households):
            home = household_code(first_household + offset)
            homes.append((home, codes[index], on))
            address = tuple(address_columns(household.address).values())
            for member in household.members:
                residents.append(
                    (
                        codes[index],
                        numbers[index],
                        *name_values(member.name),
                        member.birth_date,
                        int(member.sex),
                        *address,
                        home,
                        member.relationship.value,
                        active,
                        on,
                        None,
                    )
                )
                index += 1
        self._insert(residents, homes, codes)
        return codes

    def _insert(
        self,
        residents: list[tuple[Any, ...]],
        homes: list[tuple[Any, ...]],
        codes: list[str],
    ) -> None:
        # Key order: each B-tree insert lands near the previous one.
        residents.sort(key=lambda row: str(row[0]))
        insert_rows(self._conn, _HOUSEHOLDS, ("household_code", "head_code", "created_on"), homes)
        insert_rows(self._conn, _RESIDENTS, _RESIDENT_COLUMNS, residents)
        details = json.dumps({"bulk": True})
        now = self._ctx.clock.now()
        events = ((c, self._kind.value, self._on, now, details) for c in sorted(codes))
        insert_rows(self._conn, _EVENTS, _EVENT_COLUMNS, events)

    def _free_numbers(self, codes: Sequence[str]) -> list[str]:
        """Return one never-issued My Number per resident code, resolving every collision."""
        firsts = self._ctx.numbering.first_my_number_candidates(codes)
        stored = set() if self._empty_at_start else self._stored(firsts)
        chosen = []
        for code, first in zip(codes, firsts, strict=True):
            number = first
            if number in self._issued or number in stored:
                number = self._ctx.numbering.first_free_my_number(code, self._taken)
            self._issued.add(number)
            chosen.append(number)
        return chosen

    def _taken(self, number: str) -> bool:
        return number in self._issued or (not self._empty_at_start and bool(self._stored([number])))

    def _stored(self, numbers: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(numbers), 2_000):
            part = numbers[start : start + 2_000]
            found.update(
                self._conn.scalars(
                    select(ResidentRow.my_number).where(ResidentRow.my_number.in_(part))
                )
            )
            found.update(
                self._conn.scalars(
                    select(RetiredMyNumberRow.my_number).where(
                        RetiredMyNumberRow.my_number.in_(part)
                    )
                )
            )
        return found


def load_households(
    conn: Connection,
    ctx: Context,
    *,
    batches: Iterable[Sequence[NewHousehold]],
    on: dt.date,
    kind: ChangeKind,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Register every batch of households; return how many people were registered."""
    people = 0
    with Loader(conn, ctx, on=on, kind=kind) as loader:
        for batch in batches:
            people += len(loader.add(batch))
            if progress:
                progress(people)
    return people


def register_households(
    conn: Connection,
    ctx: Context,
    *,
    households: Sequence[NewHousehold],
    on: dt.date,
    kind: ChangeKind,
) -> list[str]:
    """Register one batch of households; return the new resident codes in input order."""
    with Loader(conn, ctx, on=on, kind=kind) as loader:
        return loader.add(households)
