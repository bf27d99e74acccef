"""The registry's public surface: the `Registry` protocol and its in-process implementation.

Other subsystems import only this module and `data`. The resident code never leaves the
registry and J-LIS: an agency asks, with a My Number and a one-time 取得番号, for its own 符号,
which the network derives (the registry passes the resident code on, and keeps nothing).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mynumber.kernel.clock import Clock
from mynumber.kernel.db import Database
from mynumber.kernel.errors import InvalidInputError
from mynumber.kernel.hashlog import HashChainedLog, LogRecord
from mynumber.kernel.logaudit import LogsVerifiable, VerifiedLogs, VerifiesLogs
from mynumber.kernel.messaging import Outbox
from mynumber.kernel.migrate import Lineage
from mynumber.network.api import CodeIssuance
from mynumber.network.data import IssuedCode
from mynumber.registry import bulk, changes, codes, queries, service
from mynumber.registry.data import (
    Address,
    ChangeKind,
    ClaimedIdentity,
    CodeRequest,
    IdentityItem,
    NewHousehold,
    NewResident,
    PersonName,
    Relationship,
    Resident,
    ResidentChange,
    ResidentEvent,
    changes_topic,
    is_agency_id,
)
from mynumber.registry.households import HouseholdDesk, HouseholdReads
from mynumber.registry.identifier_export import IdentifierValues
from mynumber.registry.identity_export import IdentityExport, IdentityExportable
from mynumber.registry.measures import LocalSupportMeasures, SupportMeasures
from mynumber.registry.models import (
    SCHEMA,
    ResidentRow,
    access_heads,
    access_records,
    messages_out,
)
from mynumber.registry.numbering import Numbering

__all__ = ["MIGRATIONS", "SCHEMA", "LocalRegistry", "Registry", "SupportMeasures"]

MIGRATIONS = Lineage(SCHEMA, Path(__file__).parent / "migrations")


class Registry(SupportMeasures, HouseholdReads, IdentityExportable, LogsVerifiable, Protocol):
    """The resident register (with its DV support measures and household reads) and J-LIS's side
    of 符号 issuance, as other subsystems use them."""

    def register(self, *, new: NewResident, kind: ChangeKind, on: dt.date) -> Resident:
        """Register a person born or moving in; issue their resident code and My Number."""
        ...

    def register_households(
        self, *, households: Sequence[NewHousehold], kind: ChangeKind, on: dt.date
    ) -> list[str]:
        """Register whole households in bulk; return resident codes in input order."""
        ...

    def load_households(
        self,
        *,
        batches: Iterable[Sequence[NewHousehold]],
        kind: ChangeKind,
        on: dt.date,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Load a stream of household batches in one transaction; return how many people.

        Meant for initial loads: on an empty register, indexes are rebuilt once at the end.
        progress, if given, is called with the number of people loaded so far.
        """
        ...

    def move(self, *, resident_code: str, address: Address, on: dt.date) -> list[Resident]:
        """Move a resident (with their household if they head it); return who moved."""
        ...

    def join_household(
        self, *, resident_code: str, household_code: str, relationship: Relationship, on: dt.date
    ) -> Resident:
        """Move a resident into another household at its head's address."""
        ...

    def rename(self, *, resident_code: str, name: PersonName, on: dt.date, reason: str) -> Resident:
        """Change a resident's name."""
        ...

    def record_death(self, *, resident_code: str, on: dt.date) -> Resident:
        """Close a deceased resident's record."""
        ...

    def change_my_number(self, *, resident_code: str, on: dt.date, reason: str) -> Resident:
        """Issue a new My Number, keeping the old one in history."""
        ...

    def get(self, *, resident_code: str, actor: str, municipality: str | None = None) -> Resident:
        """Return a resident; the read is recorded in the resident's access log.

        With municipality, a resident living elsewhere is refused (403 `other_municipality`)
        and nothing is read.
        """
        ...

    def listing(
        self, *, limit: int, offset: int = 0, municipality: str | None = None, actor: str = ""
    ) -> list[Resident]:
        """Return residents in resident-code order (of one municipality if given); with an
        actor, each resident listed is recorded as read in their access log."""
        ...

    def municipality_of(self, *, resident_code: str) -> str:
        """Return the local government code (全国地方公共団体コード) a resident lives in."""
        ...

    def count(self) -> int:
        """Return how many people are on the register, living or not."""
        ...

    def search(
        self,
        *,
        actor: str,
        name: str | None = None,
        kana: str | None = None,
        birth_date: str | None = None,
        limit: int = 50,
        municipality: str | None = None,
    ) -> list[Resident]:
        """Search by name, reading or birth date (in one municipality if given); every
        resident returned is logged as read."""
        ...

    def history(self, *, resident_code: str) -> list[ResidentEvent]:
        """Return a resident's life events, oldest first."""
        ...

    def acquire_code(
        self, *, agency: str, my_number: str, acquisition_number: str, actor: str
    ) -> IssuedCode:
        """Ask the network for an agency's 符号 for the holder of a My Number (第21条の2):
        J-LIS passes only the resident code and the 取得番号 on, and returns the network's
        (取得番号, 符号). Only the access-log record of the lookup is kept."""
        ...

    def acquire_codes(self, *, requests: Sequence[CodeRequest]) -> list[IssuedCode]:
        """Ask for many 符号 at once, in order, as acquire_code does each: one transaction
        here and one at the network, one access-log record per request; one unknown or
        replaced number (or agency) refuses them all."""
        ...

    def check_identities(
        self, *, claims: Sequence[ClaimedIdentity], actor: str
    ) -> list[tuple[IdentityItem, ...]]:
        """Return, per claim, the items of 本人確認情報 it contradicts (empty: it matches); the
        reading is compared folded. Each check is logged as a read; an unknown or replaced
        number refuses them all."""
        ...

    def changes_since(self, *, agency: str, after: int, limit: int = 1000) -> list[ResidentChange]:
        """Return changes after a change id, naming people by the agency's own 符号."""
        ...

    @property
    def outbox(self) -> Outbox:
        """Return the registry's outbox, for the relay to deliver its messages."""
        ...

    def publish_changes(self, *, agency: str) -> str:
        """Tell agency of every later change, under its own 符号; return the messages' topic.

        The message is written in the change's own transaction (see `changes_topic`).
        """
        ...

    def access_records(self, *, resident_code: str) -> list[LogRecord]:
        """Return who read this resident's record through the registry, oldest first."""
        ...

    def verify_access_log(self, *, resident_code: str) -> list[str]:
        """Return the problems in a resident's access log; empty if intact."""
        ...


class LocalRegistry(
    IdentifierValues, LocalSupportMeasures, HouseholdDesk, IdentityExport, VerifiesLogs
):
    """The registry running in this process, on its schema of the instance database."""

    def __init__(
        self, *, database: Database, clock: Clock, keys: Mapping[str, bytes], codes: CodeIssuance
    ) -> None:
        self._db = database
        numbering = Numbering(resident_key=keys["resident_code"], my_number_key=keys["my_number"])
        log = HashChainedLog(access_records, access_heads, keys["access_log"])
        self._verified_logs = VerifiedLogs(database, log)
        self._outbox = Outbox(database=database, table=messages_out, clock=clock)
        self._ctx = service.Context(
            numbering=numbering, clock=clock, access_log=log, outbox=self._outbox, codes=codes
        )

    def register(self, *, new: NewResident, kind: ChangeKind, on: dt.date) -> Resident:
        with self._db.unit_of_work() as uow:
            resident = service.register(uow.session, self._ctx, new=new, kind=kind, on=on)
        return resident

    def register_households(
        self, *, households: Sequence[NewHousehold], kind: ChangeKind, on: dt.date
    ) -> list[str]:
        with self._db.connection() as conn:
            return bulk.register_households(
                conn, self._ctx, households=households, on=on, kind=kind
            )

    def load_households(
        self,
        *,
        batches: Iterable[Sequence[NewHousehold]],
        kind: ChangeKind,
        on: dt.date,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        with self._db.connection() as conn:
            return bulk.load_households(
                conn, self._ctx, batches=batches, on=on, kind=kind, progress=progress
            )

    def move(self, *, resident_code: str, address: Address, on: dt.date) -> list[Resident]:
        with self._db.unit_of_work() as uow:
            moved = changes.move(
                uow.session, self._ctx, resident_code=resident_code, address=address, on=on
            )
        return moved

    def join_household(
        self, *, resident_code: str, household_code: str, relationship: Relationship, on: dt.date
    ) -> Resident:
        with self._db.unit_of_work() as uow:
            resident = changes.join_household(
                uow.session,
                self._ctx,
                resident_code=resident_code,
                household_code=household_code,
                relationship=relationship,
                on=on,
            )
        return resident

    def rename(self, *, resident_code: str, name: PersonName, on: dt.date, reason: str) -> Resident:
        with self._db.unit_of_work() as uow:
            resident = changes.rename(
                uow.session, self._ctx, resident_code=resident_code, name=name, on=on, reason=reason
            )
        return resident

    def record_death(self, *, resident_code: str, on: dt.date) -> Resident:
        with self._db.unit_of_work() as uow:
            resident = changes.record_death(
                uow.session, self._ctx, resident_code=resident_code, on=on
            )
        return resident

    def change_my_number(self, *, resident_code: str, on: dt.date, reason: str) -> Resident:
        with self._db.unit_of_work() as uow:
            resident = changes.change_my_number(
                uow.session, self._ctx, resident_code=resident_code, on=on, reason=reason
            )
        return resident

    def get(self, *, resident_code: str, actor: str, municipality: str | None = None) -> Resident:
        with self._db.unit_of_work() as uow:
            resident = queries.get(uow.session, resident_code=resident_code)
            queries.require_municipality(resident, municipality)
            self._log_read(uow.session, resident_code, actor=actor, what="resident")
        return resident

    def listing(
        self, *, limit: int, offset: int = 0, municipality: str | None = None, actor: str = ""
    ) -> list[Resident]:
        with self._db.unit_of_work() as uow:
            listed = queries.listing(
                uow.session, limit=limit, offset=offset, municipality=municipality
            )
            if actor:  # every person listed is read: one bulk append for the page
                read = {"actor": actor, "what": "listing", "organisation": "registry"}
                at, entries = self._ctx.clock.now(), [(r.resident_code, read) for r in listed]
                self._ctx.access_log.append_many(uow.session, entries=entries, at=at)
        return listed

    def municipality_of(self, *, resident_code: str) -> str:
        with self._db.unit_of_work() as uow:
            return queries.get(
                uow.session, resident_code=resident_code
            ).address.local_government_code

    def count(self) -> int:
        with self._db.unit_of_work() as uow:
            return int(uow.session.scalar(select(func.count()).select_from(ResidentRow)) or 0)

    def search(
        self,
        *,
        actor: str,
        name: str | None = None,
        kana: str | None = None,
        birth_date: str | None = None,
        limit: int = 50,
        municipality: str | None = None,
    ) -> list[Resident]:
        with self._db.unit_of_work() as uow:
            found = queries.search(
                uow.session,
                name=name,
                kana=kana,
                birth_date=birth_date,
                limit=limit,
                municipality=municipality,
            )
            for resident in found:
                self._log_read(uow.session, resident.resident_code, actor=actor, what="search")
        return found

    def history(self, *, resident_code: str) -> list[ResidentEvent]:
        with self._db.unit_of_work() as uow:
            return queries.history(uow.session, resident_code=resident_code)

    def acquire_code(
        self, *, agency: str, my_number: str, acquisition_number: str, actor: str
    ) -> IssuedCode:
        with self._db.unit_of_work() as uow:
            code = queries.resident_code_for_number(uow.session, my_number=my_number)
            self._log_read(uow.session, code, actor=actor, what=f"acquire_code:{agency}")
            # Inside the unit of work: a refused issuance leaves no record of a lookup.
            return self._ctx.codes.issue_code(
                agency=agency, acquisition_number=acquisition_number, resident_code=code
            )

    def acquire_codes(self, *, requests: Sequence[CodeRequest]) -> list[IssuedCode]:
        if not requests:
            return []
        with self._db.unit_of_work() as uow:
            return codes.acquire_codes(uow.session, self._ctx, requests=requests)

    def check_identities(
        self, *, claims: Sequence[ClaimedIdentity], actor: str
    ) -> list[tuple[IdentityItem, ...]]:
        if not claims:
            return []
        with self._db.unit_of_work() as uow:
            return codes.identity_mismatches(uow.session, self._ctx, claims=claims, actor=actor)

    def changes_since(self, *, agency: str, after: int, limit: int = 1000) -> list[ResidentChange]:
        with self._db.unit_of_work() as uow:
            return queries.changes_since(
                uow.session, self._ctx, agency=agency, after=after, limit=limit
            )

    @property
    def outbox(self) -> Outbox:
        return self._outbox

    def publish_changes(self, *, agency: str) -> str:
        if not is_agency_id(agency):
            raise InvalidInputError(f"{agency!r} is not an agency id")
        if agency not in self._ctx.changes_to:
            self._ctx.changes_to.append(agency)
        return changes_topic(agency)

    def access_records(self, *, resident_code: str) -> list[LogRecord]:
        with self._db.unit_of_work() as uow:
            return self._ctx.access_log.read(uow.session, stream=resident_code)

    def verify_access_log(self, *, resident_code: str) -> list[str]:
        """Return the problems in a resident's access log; empty if intact."""
        with self._db.unit_of_work() as uow:
            return self._ctx.access_log.verify(uow.session, stream=resident_code)

    def _log_read(self, session: Session, resident_code: str, *, actor: str, what: str) -> None:
        self._ctx.access_log.append(
            session,
            stream=resident_code,
            payload={"actor": actor, "what": what, "organisation": "registry"},
            at=self._ctx.clock.now(),
        )
