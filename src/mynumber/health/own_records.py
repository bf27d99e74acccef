"""The person's own records on the platform, read for マイナポータル (本人による閲覧):
予防接種, PMH's 公費負担医療・自治体検診 registrations and the Bundles of
電子カルテ情報共有サービス (3文書6情報), each read logged in the person's access log under the
reader's name, as `prescriptions_of` does.

The portal names the person by the platform's 符号 for 予防接種 and PMH (the same 符号 J-LIS gives
when it resolves the person's card for the platform: both are the network's, for
`PLATFORM_AGENCY`), and by each insured number of the coverage history for the Bundles (the
store's key, as for prescriptions). ⚠ How the real portal names the person to the platform is not
public.

PMH's 不開示フラグ holds for the portal too: a registration under it is shown as existing, its
details withheld, and the facility of each PMH check is not named in the access log read for the
person. ⚠ PMH's flag replaces the DV 支援措置区分; the オンライン資格確認's 不開示該当フラグ, its
model, withholds the やりとり履歴 from マイナポータル, because the card may be in the other
party's hands. The real PMH's rule for マイナポータル is not public.
"""

from __future__ import annotations

from typing import Protocol

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.health.data import HealthAccessRecord, InsuredPatient
from mynumber.health.ehr_store import store
from mynumber.health.ehr_store.records import StoredBundle
from mynumber.health.models import CheckupEntitlementRow, SubsidyRow, VaccinationRow
from mynumber.health.people import AGENCY_ID, person_key
from mynumber.health.pmh.data import WITHHELD, CheckupEntitlement, CheckupKind, Subsidy
from mynumber.health.prescriptions import service
from mynumber.health.vaccinations.data import OwnVaccinations, Vaccination
from mynumber.kernel.db import Database

__all__ = ["NOT_NAMED", "PLATFORM_AGENCY", "OwnPmh", "OwnRecords", "OwnRecordsService"]

PLATFORM_AGENCY = AGENCY_ID  # the agency whose 符号 names the person to 予防接種 and PMH
NOT_NAMED = "不開示"  # the facility of a PMH check under the 不開示フラグ, as the person reads it
PMH_CHECK = "pmh check"


class OwnPmh(BaseModel):
    """The person's PMH registrations: every 公費 (any period) and every 自治体検診 (any year);
    one under the 不開示フラグ shows only that it exists (`is_not_disclosed`, `message`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    subsidies: tuple[Subsidy, ...]
    checkups: tuple[CheckupEntitlement, ...]


class OwnRecords(Protocol):
    """The person (through the portal): 予防接種, PMH and the Bundles, and the access log kept
    under the platform's 符号."""

    def own_vaccinations(self, *, platform_code: str, reader: str) -> OwnVaccinations:
        """Return the person's vaccinations, oldest first (logged as read by `reader`)."""
        ...

    def own_pmh(self, *, platform_code: str, reader: str) -> OwnPmh:
        """Return the person's PMH registrations, the 不開示 ones withheld (logged)."""
        ...

    def own_bundles(self, *, patient: InsuredPatient, reader: str) -> tuple[StoredBundle, ...]:
        """Return the latest version of every Bundle stored about the patient, oldest first,
        whichever facility sent it (logged)."""
        ...

    def platform_access_records(self, *, platform_code: str) -> list[HealthAccessRecord]:
        """Return the 予防接種 and PMH access log, oldest first, a PMH check's facility not
        named while a registration is under the 不開示フラグ."""
        ...

    def verify_platform_log(self, *, platform_code: str) -> list[str]:
        """Return the problems found in that access log; empty if intact."""
        ...


class OwnRecordsService:
    """`OwnRecords` on the `health` schema, mixed into `LocalHealth`."""

    _db: Database
    _ctx: service.Context

    def own_vaccinations(self, *, platform_code: str, reader: str) -> OwnVaccinations:
        key = self._person(platform_code)
        with self._db.unit_of_work() as uow:
            rows = uow.session.scalars(
                select(VaccinationRow).where(VaccinationRow.person_key == key)
                .order_by(VaccinationRow.occurred_on, VaccinationRow.dose_number)
            ).all()  # fmt: skip
            shown = tuple(Vaccination.model_validate(r, from_attributes=True) for r in rows)
            service.record(uow.session, self._ctx, key, facility=reader,
                           action="own vaccinations", outcome=f"shown:{len(shown)}")  # fmt: skip
        return OwnVaccinations(vaccinations=shown)

    def own_pmh(self, *, platform_code: str, reader: str) -> OwnPmh:
        key = self._person(platform_code)
        with self._db.unit_of_work() as uow:
            subsidies = tuple(map(_subsidy, _subsidies(uow.session, key)))
            checkups = tuple(map(_checkup, _checkups(uow.session, key)))
            withheld = sum(s.is_not_disclosed for s in subsidies) + sum(
                c.is_not_disclosed for c in checkups
            )
            outcome = f"shown ({withheld} withheld)" if withheld else "shown"
            service.record(uow.session, self._ctx, key, facility=reader, action="own pmh",
                           outcome=outcome)  # fmt: skip
        return OwnPmh(subsidies=subsidies, checkups=checkups)

    def own_bundles(self, *, patient: InsuredPatient, reader: str) -> tuple[StoredBundle, ...]:
        key = service.patient_key(self._ctx, patient)
        with self._db.unit_of_work() as uow:
            rows = store.latest_for(uow.session, key, None)
            service.record(uow.session, self._ctx, key, facility=reader, action="own bundles",
                           outcome=f"shown:{len(rows)}")  # fmt: skip
            return tuple(map(store.stored, rows))

    def platform_access_records(self, *, platform_code: str) -> list[HealthAccessRecord]:
        key = self._person(platform_code)
        with self._db.unit_of_work() as uow:
            hidden = _under_flag(uow.session, key)
            return [
                HealthAccessRecord(
                    seq=r.seq, recorded_at=r.recorded_at, action=r.payload["action"],
                    outcome=r.payload["outcome"],
                    facility=NOT_NAMED if hidden and r.payload["action"] == PMH_CHECK
                    else r.payload["facility"],
                )
                for r in self._ctx.log.read(uow.session, stream=key)
            ]  # fmt: skip

    def verify_platform_log(self, *, platform_code: str) -> list[str]:
        key = self._person(platform_code)
        with self._db.unit_of_work() as uow:
            return self._ctx.log.verify(uow.session, stream=key)

    def _person(self, platform_code: str) -> str:
        return person_key(self._ctx.patient_secret, platform_code)


def _subsidies(session: Session, key: str) -> list[SubsidyRow]:
    statement = select(SubsidyRow).where(SubsidyRow.person_key == key)
    return list(session.scalars(statement.order_by(SubsidyRow.valid_from)))


def _checkups(session: Session, key: str) -> list[CheckupEntitlementRow]:
    statement = select(CheckupEntitlementRow).where(CheckupEntitlementRow.person_key == key)
    order = (CheckupEntitlementRow.fiscal_year, CheckupEntitlementRow.kind)
    return list(session.scalars(statement.order_by(*order)))


def _under_flag(session: Session, key: str) -> bool:
    """Return whether any of the person's registrations is under the 不開示フラグ."""
    return any(r.not_disclosed for r in _subsidies(session, key)) or any(
        r.not_disclosed for r in _checkups(session, key)
    )


def _subsidy(row: SubsidyRow) -> Subsidy:
    if row.not_disclosed:
        return Subsidy(is_not_disclosed=True, message=WITHHELD)
    return Subsidy(
        is_not_disclosed=False, law_number=row.insurer_number[:2],
        insurer_number=row.insurer_number, recipient_number=row.recipient_number,
        certification_name=row.certification_name, valid_from=row.valid_from,
        valid_to=row.valid_to, max_copayment_amount=row.max_copayment,
    )  # fmt: skip


def _checkup(row: CheckupEntitlementRow) -> CheckupEntitlement:
    if row.not_disclosed:
        return CheckupEntitlement(is_not_disclosed=True, message=WITHHELD)
    return CheckupEntitlement(
        is_not_disclosed=False, kind=CheckupKind(row.kind), fiscal_year=row.fiscal_year,
        municipality_code=row.municipality_code,
    )  # fmt: skip
