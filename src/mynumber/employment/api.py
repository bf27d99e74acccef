"""Employment insurance's public surface: its Protocols (the desk, the copies it provides) and
the in-process implementation.

Employers' notices name people by My Number; the desk then works by 被保険者番号, or finds a
record by the My Number it holds (名寄せ). Every read of a person's record is written to a
hash-chained access log, one chain per person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from sqlalchemy.orm import Session

from mynumber.employment import benefits, exchanges, records, rules
from mynumber.employment.data import (
    AGENCY_ID,
    BenefitDecision,
    EmploymentBenefitInfo,
    EmploymentCopyRun,
    Hiring,
    InsuredRecord,
    NoticeReport,
    Separation,
)
from mynumber.employment.exchanges import Links, NetworkDesk
from mynumber.employment.identifier_export import IdentifierValues
from mynumber.employment.models import SCHEMA, PersonRow, access_heads, access_records
from mynumber.kernel.access_by_code import AccessByCode, AccessRecordsByCode
from mynumber.kernel.clock import Clock, today_in_japan
from mynumber.kernel.db import Database
from mynumber.kernel.hashlog import HashChainedLog, LogRecord, PersonReadLog
from mynumber.kernel.logaudit import LogsVerifiable, VerifiedLogs, VerifiesLogs
from mynumber.kernel.migrate import Lineage

__all__ = [
    "MIGRATIONS",
    "SCHEMA",
    "Employment",
    "EmploymentCopies",
    "EmploymentDesk",
    "Links",
    "LocalEmployment",
    "NetworkDesk",
    "NetworkMember",
    "PersonAccessRecords",
]

MIGRATIONS = Lineage(SCHEMA, Path(__file__).parent / "migrations")


class EmploymentDesk(Protocol):
    """What ハローワーク's own staff do: coverage (適用) and benefits (給付).

    A 被保険者番号 may be written with its hyphens (1301-000001-2); `actor` names who reads.
    """

    def receive_hirings(self, *, hirings: Sequence[Hiring]) -> NoticeReport:
        """Take in 資格取得届, numbering people covered for the first time."""
        ...

    def receive_separations(self, *, separations: Sequence[Separation]) -> NoticeReport:
        """Take in 資格喪失届 with the 離職理由."""
        ...

    def record(self, *, insured_number: str, actor: str) -> InsuredRecord:
        """Return a person's record; the read is logged."""
        ...

    def find(self, *, my_number: str, actor: str) -> InsuredRecord:
        """Return the record that holds a My Number (名寄せ); the read is logged."""
        ...

    def records(self, *, limit: int = 100, offset: int = 0) -> list[InsuredRecord]:
        """Return records in 被保険者番号 order (ハローワーク's own listing: not logged)."""
        ...

    def apply(self, *, insured_number: str, applied_on: dt.date, actor: str) -> BenefitDecision:
        """Decide an application (求職の申込み) on the person's latest separation."""
        ...

    def decisions(self, *, insured_number: str, actor: str) -> list[BenefitDecision]:
        """Return a person's decisions, oldest first; the read is logged."""
        ...

    def access_records(self, *, insured_number: str) -> list[LogRecord]:
        """Return who read a person's record, oldest first."""
        ...


class EmploymentCopies(Protocol):
    """What ハローワーク provides to other agencies: 雇用保険給付関係情報, for 副本 registration."""

    def benefit_info(
        self, *, insured_number: str, on: dt.date, actor: str
    ) -> EmploymentBenefitInfo:
        """Return one person's 雇用保険給付関係情報 on a day; the read is logged."""
        ...

    def benefit_infos(self, *, on: dt.date) -> list[EmploymentBenefitInfo]:
        """Return the 雇用保険給付関係情報 on a day of everyone with a decision (registering
        its own copies: not logged per person)."""
        ...


class NetworkMember(Protocol):
    """What ハローワーク does on the information-provision network (情報連携)."""

    def register_copies(self) -> EmploymentCopyRun:
        """Register today's 雇用保険給付関係情報 of everyone with a decision as 副本 on its
        partition, obtaining the 符号 it lacks first."""
        ...


class PersonAccessRecords(AccessRecordsByCode, Protocol):
    """A person's 閲覧記録 here, for the portal's やりとり履歴: the person is named by
    ハローワーク's 符号 (mapped through its intermediate partition), so the portal needs none of
    its own numbers."""


class Employment(
    EmploymentDesk, EmploymentCopies, NetworkMember, PersonAccessRecords, LogsVerifiable, Protocol
):
    """ハローワーク: 雇用保険被保険者番号 ⇔ My Number, coverage and benefits."""


class LocalEmployment(IdentifierValues, AccessByCode, VerifiesLogs):
    """Employment insurance, in this process, on the `employment` schema."""

    _agency = AGENCY_ID  # its 符号 are kept under this id on the partition
    _scope = "employment"  # its access log's streams: `employment:<number>`

    def __init__(
        self,
        *,
        database: Database,
        clock: Clock,
        keys: Mapping[str, bytes],
        links: Links | None = None,
    ) -> None:
        self._db, self._clock = database, clock
        self._links = links  # the network, the intermediate partition, 符号取得
        self._partition = None if links is None else links.intermediate  # 符号 → number
        self._log = HashChainedLog(access_records, access_heads, keys["access_log"])
        self._verified_logs = VerifiedLogs(database, self._log)
        self._reads = PersonReadLog(self._log, scope=self._scope, organisation=AGENCY_ID)

    def receive_hirings(self, *, hirings: Sequence[Hiring]) -> NoticeReport:
        with self._db.unit_of_work() as uow:
            return records.hire(uow.session, hirings=hirings, now=self._clock.now())

    def receive_separations(self, *, separations: Sequence[Separation]) -> NoticeReport:
        with self._db.unit_of_work() as uow:
            return records.separate(uow.session, separations=separations, now=self._clock.now())

    def record(self, *, insured_number: str, actor: str) -> InsuredRecord:
        with self._db.unit_of_work() as uow:
            person = self._person(uow.session, insured_number, actor, "record")
            return self._record(uow.session, person)

    def find(self, *, my_number: str, actor: str) -> InsuredRecord:
        with self._db.unit_of_work() as uow:
            person = records.person_by_my_number(uow.session, my_number)
            self._read(uow.session, person.insured_number, actor, "record by My Number")
            return self._record(uow.session, person)

    def records(self, *, limit: int = 100, offset: int = 0) -> list[InsuredRecord]:
        with self._db.unit_of_work() as uow:
            people = records.people_page(uow.session, limit=limit, offset=offset)
            spells = records.spells_of(uow.session, [p.insured_number for p in people])
            today = today_in_japan(self._clock)
            return [records.to_record(p, spells[p.insured_number], today) for p in people]

    def apply(self, *, insured_number: str, applied_on: dt.date, actor: str) -> BenefitDecision:
        with self._db.unit_of_work() as uow:
            person = self._person(uow.session, insured_number, actor, "benefit decision")
            return benefits.apply(uow.session, person, applied_on=applied_on, now=self._clock.now())

    def decisions(self, *, insured_number: str, actor: str) -> list[BenefitDecision]:
        with self._db.unit_of_work() as uow:
            person = self._person(uow.session, insured_number, actor, "decisions")
            return benefits.decisions_of(uow.session, person.insured_number)

    def access_records(self, *, insured_number: str) -> list[LogRecord]:
        number = rules.parse_number(insured_number)
        with self._db.unit_of_work() as uow:
            records.person_by_number(uow.session, number)
            return self._reads.reads_of(uow.session, number)

    def benefit_info(
        self, *, insured_number: str, on: dt.date, actor: str
    ) -> EmploymentBenefitInfo:
        with self._db.unit_of_work() as uow:
            person = self._person(uow.session, insured_number, actor, f"benefit info {on}")
            return benefits.benefit_info(uow.session, person.insured_number, on)

    def benefit_infos(self, *, on: dt.date) -> list[EmploymentBenefitInfo]:
        with self._db.unit_of_work() as uow:
            return benefits.benefit_infos(uow.session, on)

    def register_copies(self) -> EmploymentCopyRun:
        if self._links is None:
            raise RuntimeError("this ハローワーク was built without the network")
        today = today_in_japan(self._clock)
        with self._db.unit_of_work() as uow:
            infos = benefits.benefit_infos(uow.session, today)
            mine = records.my_numbers_of(uow.session, [i.insured_number for i in infos])
        return exchanges.register_copies(self._links, on=today, infos=infos, my_numbers=mine)

    def _record(self, session: Session, person: PersonRow) -> InsuredRecord:
        spells = records.spells_of(session, [person.insured_number])
        return records.to_record(person, spells[person.insured_number], today_in_japan(self._clock))

    def _person(self, session: Session, number: str, actor: str, what: str) -> PersonRow:
        person = records.person_by_number(session, rules.parse_number(number))
        self._read(session, person.insured_number, actor, what)
        return person

    def _read(self, session: Session, number: str, actor: str, what: str) -> None:
        self._reads.record_read(session, number, actor=actor, what=what, at=self._clock.now())
