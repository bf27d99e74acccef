"""The care information platform's public surface: its Protocols (the municipality's 介護保険
desk, the providers) and the in-process implementation.

**A card needs no 利用登録 here** (S0 L388-400). At a provider the person's card signs the
platform's challenge; J-LIS verifies it and resolves the certificate's serial to the person, as
the platform's own 符号 for them (J-LIS asks the network; the My Number itself never leaves J-LIS
in an answer to a relying party ⚠); the platform's row holds that 符号 beside the My Number and
the 被保険者番号 (care data is linked to the My Number already, S0 L258-260), so the path is
発行番号 → (J-LIS) → the person → 被保険者番号 → care data. The health path is different: a card
answers at オンライン資格確認 only after the person's 利用登録 there linked its serial to their
被保険者番号 (発行番号 → 被保険者番号, `eligibility.registration`). Here every valid card works
from the day its holder is insured.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from sqlalchemy.orm import Session

from mynumber.care import access, burden, changes, deciding, enrolment, records
from mynumber.care.access import ViewOutcome
from mynumber.care.data import (
    AGENCY_ID,
    BurdenCertificate,
    CardView,
    CarePlan,
    CareStatus,
    Certification,
    CertificationApplication,
    CertificationDecision,
    Claim,
    ClaimReport,
    EnrolmentRun,
    InsuredCategory,
    InsuredPerson,
    Item,
    LimitApplication,
    LimitCertificate,
    NumberView,
    Provider,
    Relationship,
    ViewAnswer,
    Viewer,
)
from mynumber.care.identifier_export import IdentifierValues
from mynumber.care.income import IncomeSource, NetworkIncome
from mynumber.care.links import Links
from mynumber.care.models import SCHEMA, InsuredRow, access_heads, access_records, messages_in
from mynumber.care.research import CareResearch, LocalCareResearch
from mynumber.care.rules import birth_dates_reaching_65, first_category_from
from mynumber.care.statuses import LocalStatusReads, StatusReads, status_of
from mynumber.kernel.clock import Clock, today_in_japan
from mynumber.kernel.db import Database
from mynumber.kernel.errors import NotFoundError
from mynumber.kernel.hashlog import HashChainedLog, LogRecord
from mynumber.kernel.logaudit import LogsVerifiable, VerifiedLogs, VerifiesLogs
from mynumber.kernel.messaging import Inbox, Message
from mynumber.kernel.migrate import Lineage
from mynumber.registry.data import Resident, ResidentStatus

__all__ = [
    "AGENCY_ID",
    "MIGRATIONS",
    "SCHEMA",
    "Care",
    "CareDesk",
    "CareRecords",
    "IncomeSource",
    "Links",
    "LocalCare",
    "NetworkIncome",
    "ProviderSide",
]

MIGRATIONS = Lineage(SCHEMA, Path(__file__).parent / "migrations")
CARE_INSURANCE_START = dt.date(2000, 4, 1)  # 介護保険法 施行


class CareDesk(Protocol):
    """What the municipality's 介護保険 staff do (the insurer's side). `actor` names who reads."""

    def enrol_turning_65(self, *, municipality: str | None, on: dt.date) -> EnrolmentRun:
        """Insure as 第1号 the municipality's residents (None: every municipality's) who reach
        65 on a day (the register is searched by birth date)."""
        ...

    def take_in_elders(self, *, residents: Sequence[Resident], on: dt.date) -> EnrolmentRun:
        """住基連携 at the platform's start: insure as 第1号 the residents given (the register's
        own records) who are 65 or over on a day, each from the day they reached 65 (not before
        2000-04-01, when 介護保険 began). ⚠ The municipality's 住基 system pushes them."""
        ...

    def enrol_second(
        self, *, resident_code: str, health_insurance: str, on: dt.date
    ) -> InsuredPerson:
        """Insure a resident of 40–64 as 第2号, through their health insurance (記号番号)."""
        ...

    def apply_certification(self, *, application: CertificationApplication) -> Certification:
        """Take an application for 要介護認定 and ask the doctor's institution for an opinion."""
        ...

    def decide_certification(self, *, decision: CertificationDecision) -> Certification:
        """Record the 介護認定審査会's decision."""
        ...

    def register_care_plan(self, *, plan: CarePlan) -> CarePlan:
        """Record a care plan (居宅サービス計画作成依頼届出 made, the plan handed in)."""
        ...

    def record_claims(self, *, claims: Sequence[Claim]) -> ClaimReport:
        """Record monthly 給付実績."""
        ...

    def decide_burden(self, *, insured_number: str, on: dt.date) -> BurdenCertificate:
        """Decide the 負担割合証 of the period holding a day from the municipality's 地方税関係情報
        副本, over the network (J0024), with the household's other 第1号; without a 副本 of
        the year, a provisional 1割 that says why."""
        ...

    def decide_limit(self, *, application: LimitApplication) -> LimitCertificate:
        """Decide a 負担限度額認定 (409 `limit_not_applicable` when not eligible)."""
        ...

    def status(self, *, resident_code: str, actor: str) -> CareStatus:
        """Return a resident's care insurance at a glance; the read is logged."""
        ...

    def insured(self, *, insured_number: str) -> InsuredPerson:
        """Return an insured person (the desk's own lookup: not logged)."""
        ...

    def insured_number_of(self, *, resident_code: str) -> str:
        """Return a resident's 被保険者番号 (the desk's own lookup: not logged)."""
        ...


class ProviderSide(Protocol):
    """What providers do at the platform (介護保険資格確認等WEBサービス)."""

    def register_provider(self, *, provider: Provider) -> Provider:
        """Register a provider (事業所ユーザ認証)."""
        ...

    def start_service(
        self, *, office_number: str, insured_number: str, since: dt.date
    ) -> Relationship:
        """Record that an office serves a person from a day."""
        ...

    def end_service(
        self, *, office_number: str, insured_number: str, until: dt.date
    ) -> Relationship:
        """End a relationship (its consent lapses)."""
        ...

    def new_challenge(self) -> bytes:
        """Return a fresh challenge (J-LIS's, 2 minutes, once) for the person's card to sign."""
        ...

    def view_by_card(self, *, viewer: Viewer, request: CardView) -> ViewAnswer:
        """Show a provider what it may see of the card's holder (no 利用登録 needed)."""
        ...

    def view_by_number(self, *, viewer: Viewer, request: NumberView) -> ViewAnswer:
        """Show a provider what it may see of a person by 被保険者番号, while it serves them."""
        ...


class CareRecords(Protocol):
    """The person's access log (for マイナポータル and auditors)."""

    def access_records(self, *, insured_number: str) -> list[LogRecord]:
        """Return every view and refusal of a person's data, oldest first."""
        ...

    def verify_access_log(self, *, insured_number: str) -> list[str]:
        """Return the problems in the person's access log; empty if intact."""
        ...


class Care(
    CareDesk, ProviderSide, CareRecords, StatusReads, CareResearch, LogsVerifiable, Protocol
):
    """介護情報基盤: insured persons, certification, care plans, claims, certificates, views."""


class LocalCare(IdentifierValues, LocalStatusReads, LocalCareResearch, VerifiesLogs):
    """The care platform, in this process, on the `care` schema."""

    def __init__(
        self,
        *,
        database: Database,
        clock: Clock,
        keys: Mapping[str, bytes],
        links: Links,
        income: IncomeSource | None = None,
    ) -> None:
        self._db, self._clock = database, clock
        self._registry, self._links, self._given_income = links.registry, links, income
        self._log = HashChainedLog(access_records, access_heads, keys["access_log"])
        self._verified_logs = VerifiedLogs(database, self._log)
        self._inbox = Inbox(database=database, table=messages_in, clock=clock)

    @property
    def _income(self) -> IncomeSource:
        return self._given_income or self._links.income  # connects the platform on first use

    # The desk.

    def _enrol(
        self,
        people: Sequence[tuple[enrolment.Person, dt.date]],
        category: InsuredCategory,
        insurance: str = "",
    ) -> list[tuple[InsuredPerson, bool]]:
        with self._db.unit_of_work() as uow:  # the 符号 of those insured already are kept
            codes = enrolment.codes_of(uow.session, [p.resident_code for p, _ in people])
        new = list({p.resident_code: p for p, _ in people if p.resident_code not in codes}.values())
        fresh = self._links.codes_for([(p.resident_code, p.my_number) for p in new])
        codes |= dict(zip((p.resident_code for p in new), fresh, strict=True))
        done = []
        with self._db.unit_of_work() as uow:
            for person, on in people:
                row, changed = enrolment.enrol(
                    uow.session, person, category=category, on=on,
                    agency_code=codes[person.resident_code],
                    health_insurance=insurance, now=self._clock.now(),
                )  # fmt: skip
                done.append((enrolment.to_insured(row), changed))
        return done

    def enrol_turning_65(self, *, municipality: str | None, on: dt.date) -> EnrolmentRun:
        found = [
            resident
            for born in birth_dates_reaching_65(on)
            for resident in self._registry.search(
                actor=AGENCY_ID, birth_date=born.isoformat(), limit=500, municipality=municipality
            )
            if resident.status is ResidentStatus.ACTIVE
        ]
        done = self._enrol([(enrolment.person_of(r), on) for r in found], InsuredCategory.FIRST)
        enrolled = sum(changed for _, changed in done)
        return EnrolmentRun(municipality=municipality or "", on=on, found=len(found),
                            enrolled=enrolled, already=len(found) - enrolled)  # fmt: skip

    def take_in_elders(self, *, residents: Sequence[Resident], on: dt.date) -> EnrolmentRun:
        elders = [
            (enrolment.person_of(r), max(first_category_from(r.birth_date), CARE_INSURANCE_START))
            for r in residents
            if r.status is ResidentStatus.ACTIVE and first_category_from(r.birth_date) <= on
        ]
        done = self._enrol(elders, InsuredCategory.FIRST)
        enrolled = sum(changed for _, changed in done)
        return EnrolmentRun(municipality="", on=on, found=len(elders), enrolled=enrolled,
                            already=len(elders) - enrolled)  # fmt: skip

    def enrol_second(
        self, *, resident_code: str, health_insurance: str, on: dt.date
    ) -> InsuredPerson:
        resident = self._registry.get(resident_code=resident_code, actor=AGENCY_ID)
        person = (enrolment.person_of(resident), on)
        return self._enrol([person], InsuredCategory.SECOND, health_insurance)[0][0]

    def apply_certification(self, *, application: CertificationApplication) -> Certification:
        with self._db.unit_of_work() as uow:
            insured = enrolment.insured_by_number(uow.session, application.insured_number)
            row = records.apply(uow.session, insured, application)
            return records.to_certification(row, documents=True)

    def decide_certification(self, *, decision: CertificationDecision) -> Certification:
        with self._db.unit_of_work() as uow:
            return records.to_certification(records.decide(uow.session, decision), documents=True)

    def register_care_plan(self, *, plan: CarePlan) -> CarePlan:
        with self._db.unit_of_work() as uow:
            enrolment.insured_by_number(uow.session, plan.insured_number)
            return records.register_plan(uow.session, plan)

    def record_claims(self, *, claims: Sequence[Claim]) -> ClaimReport:
        with self._db.unit_of_work() as uow:
            for number in {c.insured_number for c in claims}:
                enrolment.insured_by_number(uow.session, number)
            return records.record_claims(
                uow.session, claims, lambda n, on: burden.ratio_on(uow.session, n, on)
            )

    def decide_burden(self, *, insured_number: str, on: dt.date) -> BurdenCertificate:
        return deciding.decide_burden(self._db, self._income, insured_number=insured_number,
                                      on=on, now=self._clock.now())  # fmt: skip

    def decide_limit(self, *, application: LimitApplication) -> LimitCertificate:
        return deciding.decide_limit(self._db, self._income, application=application,
                                     now=self._clock.now())  # fmt: skip

    def status(self, *, resident_code: str, actor: str) -> CareStatus:
        today, now = today_in_japan(self._clock), self._clock.now()
        with self._db.unit_of_work() as uow:
            row = enrolment.insured_by_resident(uow.session, resident_code)
            access.log_desk_read(uow.session, self._log, row.insured_number, actor=actor,
                                 what="status", at=now)  # fmt: skip
            return status_of(uow.session, row, today)

    def insured(self, *, insured_number: str) -> InsuredPerson:
        with self._db.unit_of_work() as uow:
            return enrolment.to_insured(enrolment.insured_by_number(uow.session, insured_number))

    def insured_number_of(self, *, resident_code: str) -> str:
        with self._db.unit_of_work() as uow:
            return enrolment.insured_by_resident(uow.session, resident_code).insured_number

    # Providers.

    def register_provider(self, *, provider: Provider) -> Provider:
        with self._db.unit_of_work() as uow:
            return access.register_provider(uow.session, provider)

    def start_service(
        self, *, office_number: str, insured_number: str, since: dt.date
    ) -> Relationship:
        with self._db.unit_of_work() as uow:
            office = access.provider(uow.session, office_number)
            enrolment.insured_by_number(uow.session, insured_number)
            return access.start_service(uow.session, office, insured_number, since)

    def end_service(
        self, *, office_number: str, insured_number: str, until: dt.date
    ) -> Relationship:
        with self._db.unit_of_work() as uow:
            return access.end_service(uow.session, office_number, insured_number, until)

    def new_challenge(self) -> bytes:
        return self._links.new_challenge()

    def view_by_card(self, *, viewer: Viewer, request: CardView) -> ViewAnswer:
        with self._db.unit_of_work() as uow:
            access.provider(uow.session, viewer.number)  # an unknown provider asks J-LIS nothing
        code = self._links.holder_code(request.authentication)
        with self._db.unit_of_work() as uow:
            insured = enrolment.insured_by_code(uow.session, code)
            if insured is None:
                raise NotFoundError(
                    "このカードの持ち主は介護保険の被保険者ではありません",
                    code="card_holder_not_insured",
                )
            outcome = self._view(
                uow.session, insured, viewer, request.items, via="card", consent=request.consent
            )
        return outcome.raise_if_refused()

    def view_by_number(self, *, viewer: Viewer, request: NumberView) -> ViewAnswer:
        with self._db.unit_of_work() as uow:
            access.provider(uow.session, viewer.number)  # an unknown provider learns nothing
            insured = enrolment.insured_by_number(uow.session, request.insured_number)
            outcome = self._view(
                uow.session, insured, viewer, request.items, via="number", consent=False
            )
        return outcome.raise_if_refused()

    def _view(
        self,
        session: Session,
        insured: InsuredRow,
        viewer: Viewer,
        items: Sequence[Item],
        *,
        via: str,
        consent: bool,
    ) -> ViewOutcome:
        viewer = viewer.model_copy(update={"kind": access.registered_kind(session, viewer)})
        return access.view(
            session, self._log, insured, viewer, items, via=via, consent=consent,
            now=self._clock.now(), on=today_in_japan(self._clock),
        )  # fmt: skip

    def on_resident_change(self, message: Message) -> None:
        """Carry the registry's My Number change or move into the insured person's row, once."""
        changes.on_resident_change(self._db, self._inbox, self._registry, message)

    # Records.

    def access_records(self, *, insured_number: str) -> list[LogRecord]:
        with self._db.unit_of_work() as uow:
            enrolment.insured_by_number(uow.session, insured_number)
            return self._log.read(uow.session, stream=access.stream_of(insured_number))

    def verify_access_log(self, *, insured_number: str) -> list[str]:
        with self._db.unit_of_work() as uow:
            return self._log.verify(uow.session, stream=access.stream_of(insured_number))
