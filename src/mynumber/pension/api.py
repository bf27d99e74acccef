"""The pension service's public surface: its Protocols (the desk, the copies it provides) and
the in-process implementation.

Notices name people by My Number (as employers' and municipalities' forms do); the desk then
works by 基礎年金番号, or finds a record by the My Number it holds (名寄せ). Every read of a
person's record is written to a hash-chained access log, one chain per person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from sqlalchemy.orm import Session

from mynumber.kernel.access_by_code import AccessByCode, AccessRecordsByCode
from mynumber.kernel.clock import Clock, today_in_japan
from mynumber.kernel.db import Database
from mynumber.kernel.hashlog import HashChainedLog, LogRecord, PersonReadLog
from mynumber.kernel.linkexport import LinkExportable
from mynumber.kernel.logaudit import LogsVerifiable, VerifiedLogs, VerifiesLogs
from mynumber.kernel.migrate import Lineage
from mynumber.kernel.policy import Policy
from mynumber.pension import exchanges, payments, records
from mynumber.pension.data import (
    AGENCY_ID,
    AwardRun,
    CoverageNotice,
    NoticeReport,
    Payment,
    PaymentRun,
    PensionAward,
    PensionBenefitInfo,
    PensionCopyRun,
    PensionRecord,
    SupportBenefitDecision,
)
from mynumber.pension.exchanges import Links, NetworkDesk
from mynumber.pension.identifier_export import IdentifierValues
from mynumber.pension.link_check import PensionLinks
from mynumber.pension.models import SCHEMA, PersonRow, access_heads, access_records
from mynumber.pension.numbers import parse_number
from mynumber.registry.api import Registry

__all__ = [
    "MIGRATIONS",
    "SCHEMA",
    "Links",
    "LocalPension",
    "NetworkDesk",
    "NetworkMember",
    "Pension",
    "PensionCopies",
    "PensionDesk",
    "PersonAccessRecords",
]

MIGRATIONS = Lineage(SCHEMA, Path(__file__).parent / "migrations")


class PensionDesk(Protocol):
    """What the service's own staff do (年金事務所): records, awards, payments, 支援給付金.

    A 基礎年金番号 may be written with its hyphen (1234-567890); `actor` names who reads.
    """

    def receive_notices(self, *, notices: Sequence[CoverageNotice]) -> NoticeReport:
        """Take in notices of 資格取得・種別変更・喪失, numbering people seen for the first time
        (a new link checked against J-LIS first where the policy asks: see `link_check`)."""
        ...

    def record(self, *, basic_pension_number: str, actor: str) -> PensionRecord:
        """Return a person's record as of today; the read is logged."""
        ...

    def find(self, *, my_number: str, actor: str) -> PensionRecord:
        """Return the record that holds a My Number (名寄せ); the read is logged."""
        ...

    def records(self, *, limit: int = 100, offset: int = 0) -> list[PensionRecord]:
        """Return records in 基礎年金番号 order (the service's own listing: not logged)."""
        ...

    def award(self, *, on: dt.date) -> AwardRun:
        """Award the old-age pension to everyone payable by `on`'s month (年金決定)."""
        ...

    def award_of(self, *, basic_pension_number: str, actor: str) -> PensionAward:
        """Return a person's award; the read is logged."""
        ...

    def pay(self, *, month: dt.date) -> PaymentRun:
        """Pay the even month's 定時払 (for the two months before it)."""
        ...

    def payments(self, *, basic_pension_number: str, actor: str) -> list[Payment]:
        """Return a person's payments, oldest first; the read is logged."""
        ...

    def support_benefit(
        self,
        *,
        basic_pension_number: str,
        month: dt.date,
        household_exempt: bool,
        other_income: int,
        actor: str,
        pension_revenue: int | None = None,
    ) -> SupportBenefitDecision:
        """Decide a person's 年金生活者支援給付金 of a month, from the household's 非課税 and
        the その他所得 obtained from the municipality (and the 公的年金等収入, if given; else the
        service's own payments); the read is logged."""
        ...

    def access_records(self, *, basic_pension_number: str) -> list[LogRecord]:
        """Return who read a person's record, oldest first."""
        ...


class PensionCopies(Protocol):
    """What the service provides to other agencies: 年金給付関係情報, for 副本 registration."""

    def benefit_info(
        self, *, basic_pension_number: str, year: int, actor: str
    ) -> PensionBenefitInfo:
        """Return one person's 年金給付関係情報 of a calendar year; the read is logged."""
        ...

    def benefit_infos(self, *, year: int) -> list[PensionBenefitInfo]:
        """Return the 年金給付関係情報 of a year of everyone awarded (the service registering
        its own copies: not logged per person)."""
        ...


class NetworkMember(Protocol):
    """What the service does on the information-provision network (情報連携)."""

    def register_copies(self, *, year: int) -> PensionCopyRun:
        """Register the year's 年金給付関係情報 of everyone awarded as 副本 on the service's
        partition, obtaining the 符号 it lacks first."""
        ...

    def decide_support_benefit_via_network(
        self,
        *,
        basic_pension_number: str,
        month: dt.date,
        actor: str,
        municipality: str,
        household: Sequence[str] = (),
    ) -> SupportBenefitDecision:
        """Decide a person's 年金生活者支援給付金 of a month on the 地方税関係情報 of the person
        and of the household's other members (`household`: their 基礎年金番号) obtained over
        the network from the municipality where they live (procedure J0003)."""
        ...


class PersonAccessRecords(AccessRecordsByCode, Protocol):
    """A person's 閲覧記録 here, for the portal's やりとり履歴: the person is named by the
    service's 符号 (mapped through its intermediate partition), so the portal needs none of its
    own numbers."""


class Pension(
    PensionDesk, PensionCopies, NetworkMember, PersonAccessRecords, LinkExportable,
    LogsVerifiable, Protocol,
):  # fmt: skip
    """日本年金機構: 基礎年金番号 ⇔ My Number, records, awards and payments."""


class LocalPension(IdentifierValues, PensionLinks, AccessByCode, VerifiesLogs):
    """The pension service, in this process, on the `pension` schema."""

    _agency = AGENCY_ID  # its 符号 are kept under this id on the partition
    _scope = "pension"  # its access log's streams: `pension:<number>`

    def __init__(
        self,
        *,
        database: Database,
        clock: Clock,
        keys: Mapping[str, bytes],
        links: Links | None = None,
        registry: Registry | None = None,
        policy: Policy | None = None,
    ) -> None:
        self._db, self._clock = database, clock
        self._registry, self._policy = registry, policy  # the link check (None: not checked)
        self._links = links  # the network, the intermediate partition, 符号取得
        self._partition = None if links is None else links.intermediate  # 符号 → number
        self._log = HashChainedLog(access_records, access_heads, keys["access_log"])
        self._verified_logs = VerifiedLogs(database, self._log)
        self._reads = PersonReadLog(self._log, scope=self._scope, organisation=AGENCY_ID)

    def receive_notices(self, *, notices: Sequence[CoverageNotice]) -> NoticeReport:
        taken, held = self._checked(notices)
        with self._db.unit_of_work() as uow:
            report = records.receive(uow.session, notices=taken, now=self._clock.now())
        return report.model_copy(update={"received": len(notices), "held": held})

    def record(self, *, basic_pension_number: str, actor: str) -> PensionRecord:
        with self._db.unit_of_work() as uow:
            person = self._person(uow.session, basic_pension_number, actor, "record")
            return self._record(uow.session, person)

    def find(self, *, my_number: str, actor: str) -> PensionRecord:
        with self._db.unit_of_work() as uow:
            person = records.person_by_my_number(uow.session, my_number)
            self._read(uow.session, person.basic_pension_number, actor, "record by My Number")
            return self._record(uow.session, person)

    def records(self, *, limit: int = 100, offset: int = 0) -> list[PensionRecord]:
        with self._db.unit_of_work() as uow:
            people = records.people_page(uow.session, limit=limit, offset=offset)
            spells = records.periods_of(uow.session, [p.basic_pension_number for p in people])
            today = today_in_japan(self._clock)
            return [records.to_record(p, spells[p.basic_pension_number], today) for p in people]

    def award(self, *, on: dt.date) -> AwardRun:
        with self._db.unit_of_work() as uow:
            return payments.award_all(uow.session, on=on, now=self._clock.now())

    def award_of(self, *, basic_pension_number: str, actor: str) -> PensionAward:
        with self._db.unit_of_work() as uow:
            person = self._person(uow.session, basic_pension_number, actor, "award")
            return payments.award_of(uow.session, person.basic_pension_number)

    def pay(self, *, month: dt.date) -> PaymentRun:
        with self._db.unit_of_work() as uow:
            return payments.pay(uow.session, month=month, now=self._clock.now())

    def payments(self, *, basic_pension_number: str, actor: str) -> list[Payment]:
        with self._db.unit_of_work() as uow:
            person = self._person(uow.session, basic_pension_number, actor, "payments")
            return payments.payments_of(uow.session, person.basic_pension_number)

    def support_benefit(
        self,
        *,
        basic_pension_number: str,
        month: dt.date,
        household_exempt: bool,
        other_income: int,
        actor: str,
        pension_revenue: int | None = None,
    ) -> SupportBenefitDecision:
        with self._db.unit_of_work() as uow:
            person = self._person(uow.session, basic_pension_number, actor, "support benefit")
            return payments.support_benefit(
                uow.session,
                person,
                month=month,
                household_exempt=household_exempt,
                other_income=other_income,
                pension_revenue=pension_revenue,
            )

    def access_records(self, *, basic_pension_number: str) -> list[LogRecord]:
        number = parse_number(basic_pension_number)
        with self._db.unit_of_work() as uow:
            records.person_by_number(uow.session, number)
            return self._reads.reads_of(uow.session, number)

    def benefit_info(
        self, *, basic_pension_number: str, year: int, actor: str
    ) -> PensionBenefitInfo:
        with self._db.unit_of_work() as uow:
            person = self._person(uow.session, basic_pension_number, actor, f"benefit info {year}")
            return payments.benefit_info(uow.session, person.basic_pension_number, year)

    def benefit_infos(self, *, year: int) -> list[PensionBenefitInfo]:
        with self._db.unit_of_work() as uow:
            return payments.benefit_infos(uow.session, year)

    def register_copies(self, *, year: int) -> PensionCopyRun:
        with self._db.unit_of_work() as uow:
            infos = payments.benefit_infos(uow.session, year)
            numbers = [i.basic_pension_number for i in infos]
            mine = records.my_numbers_of(uow.session, numbers)
        return exchanges.register_copies(self._network(), year=year, infos=infos, my_numbers=mine)

    def decide_support_benefit_via_network(
        self,
        *,
        basic_pension_number: str,
        month: dt.date,
        actor: str,
        municipality: str,
        household: Sequence[str] = (),
    ) -> SupportBenefitDecision:
        with self._db.unit_of_work() as uow:
            wanted = [basic_pension_number, *household]
            people = [self._person(uow.session, n, actor, "support benefit") for n in wanted]
        pairs = list({p.basic_pension_number: p.my_number for p in people}.items())
        found = exchanges.household_income(
            self._network(),
            people=pairs,
            municipality=municipality,
            fiscal_year=payments.income_year_of(month) + 1,
            now=self._clock.now(),
        )
        decision = self.support_benefit(
            basic_pension_number=basic_pension_number,
            month=month,
            household_exempt=found.exempt,
            other_income=found.other_income,
            actor=actor,
        )
        return decision.model_copy(update={"income_from": f"network:municipality:{municipality}"})

    def _network(self) -> Links:
        if self._links is None:
            raise RuntimeError("this pension service was built without the network")
        return self._links

    def _record(self, session: Session, person: PersonRow) -> PensionRecord:
        spells = records.periods_of(session, [person.basic_pension_number])
        today = today_in_japan(self._clock)
        return records.to_record(person, spells[person.basic_pension_number], today)

    def _person(self, session: Session, number: str, actor: str, what: str) -> PersonRow:
        person = records.person_by_number(session, parse_number(number))
        self._read(session, person.basic_pension_number, actor, what)
        return person

    def _read(self, session: Session, number: str, actor: str, what: str) -> None:
        self._reads.record_read(session, number, actor=actor, what=what, at=self._clock.now())
