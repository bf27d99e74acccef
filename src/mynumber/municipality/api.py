"""The municipality's public surface: its Protocols (the desk, the copies it provides) and the
in-process implementation. It takes its residents from the registry's api (the register gives
a municipality its own residents, My Number included); every other subsystem reaches it here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.kernel.clock import Clock, today_in_japan
from mynumber.kernel.db import Database
from mynumber.kernel.errors import ConflictError
from mynumber.kernel.hashlog import HashChainedLog, LogRecord
from mynumber.kernel.linkexport import LinkExportable
from mynumber.kernel.logaudit import LogsVerifiable, VerifiedLogs, VerifiesLogs
from mynumber.kernel.messaging import Outbox
from mynumber.kernel.migrate import Lineage
from mynumber.municipality import addressees, assessment, benefits, exchanges
from mynumber.municipality import allowance_notices as notices
from mynumber.municipality.access_by_code import AccessByCode, PersonAccessRecords
from mynumber.municipality.data import (
    Addressee,
    AssessmentRun,
    ChildAllowanceDecision,
    CopyRun,
    EnrolmentReport,
    IncomeReport,
    LocalTaxInfo,
    NurseryFee,
    TaxAssessment,
    agency_id,
)
from mynumber.municipality.exchanges import Links, NetworkDesk
from mynumber.municipality.identifier_export import IdentifierValues
from mynumber.municipality.link_export import AddresseeLinks
from mynumber.municipality.models import (
    SCHEMA,
    AssessmentRow,
    access_heads,
    access_records,
    messages_out,
)
from mynumber.municipality.welfare import fee_tax_year
from mynumber.registry.api import Registry
from mynumber.registry.data import Resident, ResidentStatus

__all__ = [
    "MIGRATIONS",
    "SCHEMA",
    "CopyProvider",
    "Links",
    "LocalMunicipality",
    "MunicipalDesk",
    "Municipality",
    "NetworkDesk",
    "NetworkMember",
    "PersonAccessRecords",
]

MIGRATIONS = Lineage(SCHEMA, Path(__file__).parent / "migrations")
_PAGE = 500


class MunicipalDesk(Protocol):
    """What the municipality's own staff do: 宛名, 住民税 (税務課), 児童手当, 保育料 (子育て支援).

    `municipality` is the 全国地方公共団体コード; `actor` names who reads, for the access log.
    """

    def enrol_residents(self, *, municipality: str) -> EnrolmentReport:
        """Take in the municipality's living residents from the register (住基連携)."""
        ...

    def addressee(self, *, municipality: str, resident_code: str, actor: str) -> Addressee:
        """Return a resident's 宛名 (宛名番号 and My Number); the read is logged."""
        ...

    def addressees(
        self, *, municipality: str, limit: int = 100, offset: int = 0
    ) -> list[Addressee]:
        """Return the municipality's addressees in 宛名番号 order."""
        ...

    def municipality_of_household(self, *, household_code: str) -> str:
        """Return the municipality whose 宛名 system holds a household."""
        ...

    def record_incomes(self, *, municipality: str, reports: Sequence[IncomeReport]) -> int:
        """Record incomes of the year (給与・公的年金等支払報告書, 申告); return how many."""
        ...

    def assess(self, *, municipality: str, fiscal_year: int) -> AssessmentRun:
        """Assess every addressee's 住民税 of a fiscal year (again: replaces the last run)."""
        ...

    def assessment(
        self, *, municipality: str, resident_code: str, fiscal_year: int, actor: str
    ) -> TaxAssessment:
        """Return a resident's assessment of a fiscal year; the read is logged."""
        ...

    def decide_child_allowance(
        self, *, municipality: str, household_code: str, month: dt.date
    ) -> ChildAllowanceDecision:
        """Decide and record a household's 児童手当 for a month."""
        ...

    def child_allowance_decisions(
        self, *, municipality: str, household_code: str
    ) -> list[ChildAllowanceDecision]:
        """Return a household's 児童手当 decisions, oldest first."""
        ...

    def nursery_fee(
        self,
        *,
        municipality: str,
        resident_code: str,
        month: dt.date,
        actor: str,
        parents_income_levy: int | None = None,
        parents_exempt: bool = False,
    ) -> NurseryFee:
        """Return a child's 保育料 for a month, from the parents' assessments here, or from the
        市町村民税所得割額 given (a family that moved in: obtained from the former municipality)."""
        ...

    def access_records(self, *, municipality: str, resident_code: str) -> list[LogRecord]:
        """Return who read a resident's records here, oldest first."""
        ...


class CopyProvider(Protocol):
    """What the municipality provides to other agencies: 地方税関係情報, for 副本 registration."""

    def local_tax_info(
        self, *, municipality: str, resident_code: str, fiscal_year: int, actor: str
    ) -> LocalTaxInfo:
        """Return one resident's 地方税関係情報 of a fiscal year; the read is logged."""
        ...

    def local_tax_infos(self, *, municipality: str, fiscal_year: int) -> list[LocalTaxInfo]:
        """Return every assessed addressee's 地方税関係情報 of a fiscal year, by 宛名番号 (the
        municipality registering its own copies: not logged per person)."""
        ...


class NetworkMember(Protocol):
    """What the municipality does on the information-provision network (情報連携)."""

    def register_copies(self, *, municipality: str, fiscal_year: int) -> CopyRun:
        """Register the fiscal year's 地方税関係情報 and today's 住民票関係情報 of every assessed
        addressee as 副本 on the municipality's partition, obtaining the 符号 it lacks first."""
        ...

    def nursery_fee_via_network(
        self, *, municipality: str, resident_code: str, month: dt.date, actor: str, former: str
    ) -> NurseryFee:
        """Return a child's 保育料 from the parents' 市町村民税所得割額 obtained over the network
        from the former municipality `former` (procedure J0002), not from a paper 課税証明書."""
        ...


class Municipality(  # linked_records: see `municipality.link_export`
    MunicipalDesk, CopyProvider, NetworkMember, PersonAccessRecords, LinkExportable,
    LogsVerifiable, Protocol,
):  # fmt: skip
    """市区町村 as administration (税務・福祉), apart from the resident registry."""


class LocalMunicipality(IdentifierValues, AddresseeLinks, AccessByCode, VerifiesLogs):
    """Every municipality's administration, in this process, on the `municipality` schema."""

    def __init__(
        self,
        *,
        database: Database,
        clock: Clock,
        keys: Mapping[str, bytes],
        registry: Registry,
        links: Links | None = None,
    ) -> None:
        self._db, self._clock, self._registry = database, clock, registry
        self._links = links  # the network, the intermediate partition, 符号取得
        self._partition = None if links is None else links.intermediate  # 符号 → 宛名番号
        self._log = HashChainedLog(access_records, access_heads, keys["access_log"])
        self._verified_logs = VerifiedLogs(database, self._log)
        self.outbox = Outbox(database=database, table=messages_out, clock=clock)  # お知らせ

    def enrol_residents(self, *, municipality: str) -> EnrolmentReport:
        residents: list[Resident] = []
        # Read before the unit of work: the registry's own never nests inside this one.
        while page := self._registry.listing(
            limit=_PAGE,
            offset=len(residents),
            municipality=municipality,
            actor=f"municipality:{municipality}/宛名",
        ):
            residents += page
        living = [r for r in residents if r.status is ResidentStatus.ACTIVE]
        with self._db.unit_of_work() as uow:
            return addressees.enrol(
                uow.session, code=municipality, residents=living, now=self._clock.now()
            )

    def addressee(self, *, municipality: str, resident_code: str, actor: str) -> Addressee:
        with self._db.unit_of_work() as uow:
            row = addressees.addressee_by_resident(
                uow.session, code=municipality, resident_code=resident_code
            )
            self._read(uow.session, municipality, row.address_number, actor, "addressee")
            return addressees.to_addressee(row)

    def addressees(
        self, *, municipality: str, limit: int = 100, offset: int = 0
    ) -> list[Addressee]:
        with self._db.unit_of_work() as uow:
            return addressees.addressees_of(
                uow.session, code=municipality, limit=limit, offset=offset
            )

    def municipality_of_household(self, *, household_code: str) -> str:
        with self._db.unit_of_work() as uow:
            return addressees.municipality_of_household(uow.session, household_code=household_code)

    def record_incomes(self, *, municipality: str, reports: Sequence[IncomeReport]) -> int:
        with self._db.unit_of_work() as uow:
            return assessment.record_incomes(
                uow.session, code=municipality, reports=reports, now=self._clock.now()
            )

    def assess(self, *, municipality: str, fiscal_year: int) -> AssessmentRun:
        with self._db.unit_of_work() as uow:
            return assessment.assess_all(
                uow.session, code=municipality, fiscal_year=fiscal_year, now=self._clock.now()
            )

    def assessment(
        self, *, municipality: str, resident_code: str, fiscal_year: int, actor: str
    ) -> TaxAssessment:
        with self._db.unit_of_work() as uow:
            row = self._assessed(uow.session, municipality, resident_code, fiscal_year, actor)
            return assessment.to_assessment(row)

    def decide_child_allowance(
        self, *, municipality: str, household_code: str, month: dt.date
    ) -> ChildAllowanceDecision:
        with self._db.unit_of_work() as uow:
            name, person = notices.recipient(
                uow.session, code=municipality, household_code=household_code, month=month
            )
        addressed = None  # the 受給者's 符号 is obtained outside the municipality's transaction
        if person is not None and self._links is not None:
            code = notices.recipient_code(self._links, name=name, person=person)
            addressed = (name, person.address_number, code)
        with self._db.unit_of_work() as uow:
            return notices.decide_and_announce(
                uow.session, self.outbox, code=municipality, household_code=household_code,
                month=month, now=self._clock.now(), addressed=addressed,
            )  # fmt: skip

    def child_allowance_decisions(
        self, *, municipality: str, household_code: str
    ) -> list[ChildAllowanceDecision]:
        with self._db.unit_of_work() as uow:
            return benefits.decisions_of(
                uow.session, code=municipality, household_code=household_code
            )

    def nursery_fee(
        self,
        *,
        municipality: str,
        resident_code: str,
        month: dt.date,
        actor: str,
        parents_income_levy: int | None = None,
        parents_exempt: bool = False,
    ) -> NurseryFee:
        with self._db.unit_of_work() as uow:
            child = addressees.addressee_by_resident(
                uow.session, code=municipality, resident_code=resident_code
            )
            self._read(uow.session, municipality, child.address_number, actor, "nursery_fee")
            return benefits.nursery_fee(
                uow.session,
                child=child,
                month=month,
                given_levy=parents_income_levy,
                given_exempt=parents_exempt,
            )

    def access_records(self, *, municipality: str, resident_code: str) -> list[LogRecord]:
        with self._db.unit_of_work() as uow:
            row = addressees.addressee_by_resident(
                uow.session, code=municipality, resident_code=resident_code
            )
            return self._log.read(uow.session, stream=f"{municipality}:{row.address_number}")

    def local_tax_info(
        self, *, municipality: str, resident_code: str, fiscal_year: int, actor: str
    ) -> LocalTaxInfo:
        with self._db.unit_of_work() as uow:
            row = self._assessed(uow.session, municipality, resident_code, fiscal_year, actor)
            return assessment.local_tax_info(row)

    def local_tax_infos(self, *, municipality: str, fiscal_year: int) -> list[LocalTaxInfo]:
        with self._db.unit_of_work() as uow:
            rows = uow.session.scalars(
                select(AssessmentRow)
                .where(
                    AssessmentRow.municipality_code == municipality,
                    AssessmentRow.fiscal_year == fiscal_year,
                )
                .order_by(AssessmentRow.address_number)
            )
            return [assessment.local_tax_info(row) for row in rows]

    def register_copies(self, *, municipality: str, fiscal_year: int) -> CopyRun:
        with self._db.unit_of_work() as uow:
            name = addressees.municipality_name(uow.session, code=municipality)
            people = assessment.assessed_addressees(
                uow.session, code=municipality, fiscal_year=fiscal_year
            )
        return exchanges.register_copies(
            self._network(),
            municipality=municipality,
            name=name,
            fiscal_year=fiscal_year,
            people=people,
            today=today_in_japan(self._clock),
        )

    def nursery_fee_via_network(
        self, *, municipality: str, resident_code: str, month: dt.date, actor: str, former: str
    ) -> NurseryFee:
        with self._db.unit_of_work() as uow:
            name = addressees.municipality_name(uow.session, code=municipality)
            child = addressees.addressee_by_resident(
                uow.session, code=municipality, resident_code=resident_code
            )
            parents = [addressees.to_addressee(p) for p in benefits.parents_of(uow.session, child)]
        if not parents:
            raise ConflictError(
                f"resident {resident_code} has no parent in the household", code="no_parents"
            )
        levy, exempt = exchanges.parents_levy(
            self._network(),
            municipality=municipality,
            name=name,
            former=former,
            parents=parents,
            tax_year=fee_tax_year(month.replace(day=1)),
            now=self._clock.now(),
        )
        fee = self.nursery_fee(
            municipality=municipality,
            resident_code=resident_code,
            month=month,
            actor=actor,
            parents_income_levy=levy,
            parents_exempt=exempt,
        )
        return fee.model_copy(update={"income_from": f"network:{agency_id(former)}"})

    def _network(self) -> Links:
        if self._links is None:
            raise RuntimeError("this municipality was built without the network")
        return self._links

    def _assessed(
        self, session: Session, municipality: str, resident_code: str, fiscal_year: int, actor: str
    ) -> AssessmentRow:
        person = addressees.addressee_by_resident(
            session, code=municipality, resident_code=resident_code
        )
        self._read(session, municipality, person.address_number, actor, f"tax:FY{fiscal_year}")
        return assessment.assessment_of(
            session,
            code=municipality,
            address_number=person.address_number,
            fiscal_year=fiscal_year,
        )

    def _read(
        self, session: Session, municipality: str, number: str, actor: str, what: str
    ) -> None:
        self._log.append(
            session,
            stream=f"{municipality}:{number}",
            payload={"actor": actor, "what": what, "organisation": f"municipality:{municipality}"},
            at=self._clock.now(),
        )
