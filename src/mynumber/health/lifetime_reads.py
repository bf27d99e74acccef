"""The platform's read of everything it holds about one person (`Health.platform_record`),
mixed into `LocalHealth`: prescriptions, dispensings and Bundles under each insured number the
person has had, vaccinations and PMH under the platform's 符号 for their My Number.

Each read is in the person's access log: one record under each insured number (what the portal
shows as 電子処方箋管理サービス reads), and one under the 符号's key when it was asked.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.health.data import InsuredPatient, PrescriptionContent
from mynumber.health.lifetime_data import LifetimeEntry, LifetimeSource, PlatformRecord
from mynumber.health.models import (
    CheckupEntitlementRow,
    DispensingRow,
    EhrBundleRow,
    PrescriptionRow,
    SubsidyRow,
    VaccinationRow,
)
from mynumber.health.people import person_key
from mynumber.health.platform_services import PlatformServices
from mynumber.health.prescriptions import service
from mynumber.kernel.clock import JST
from mynumber.kernel.db import Database

__all__ = ["PlatformRecordReads", "insured_entries_from", "person_entries_from"]

ACTION = "lifetime view"
WITHHELD = "（不開示）"


class PlatformRecordReads:
    """`platform_record`: the person's entries across the platform's services, logged."""

    _db: Database
    _ctx: service.Context
    _services: PlatformServices

    def platform_record(
        self, *, patients: Sequence[InsuredPatient], my_number: str | None, reader: str
    ) -> PlatformRecord:
        entries: list[LifetimeEntry] = []
        keys = {service.patient_key(self._ctx, p): p.insurer_number for p in patients}
        with self._db.unit_of_work() as uow:
            for key, insurer in keys.items():
                found = _insured_entries(uow.session, key, insurer)
                service.record(uow.session, self._ctx, key, facility=reader, action=ACTION,
                               outcome=f"shown:{len(found)}")  # fmt: skip
                entries += found
        links = self._services.links
        if my_number is not None and links is not None:
            key = person_key(self._ctx.patient_secret, links.code_for(my_number))
            with self._db.unit_of_work() as uow:
                found = _person_entries(uow.session, key)
                service.record(uow.session, self._ctx, key, facility=reader, action=ACTION,
                               outcome=f"shown:{len(found)}")  # fmt: skip
                entries += found
        return PlatformRecord(entries=tuple(sorted(entries, key=lambda e: (e.on, e.source))))


def _drugs(names: Sequence[str]) -> str:
    return "、".join(names)


def _insured_entries(session: Session, key: str, insurer: str) -> list[LifetimeEntry]:
    """Prescriptions, dispensings and the latest Bundles under one insured number's key."""
    rows = (
        list(session.scalars(select(PrescriptionRow).where(PrescriptionRow.patient_key == key))),
        list(session.scalars(select(DispensingRow).where(DispensingRow.patient_key == key))),
        list(session.scalars(select(EhrBundleRow).where(EhrBundleRow.patient_key == key))),
    )
    return insured_entries_from(rows, insurer)


def insured_entries_from(rows: Sequence[Sequence[Any]], insurer: str) -> list[LifetimeEntry]:
    """The entries of one insured number's (prescription, dispensing, Bundle) rows."""
    prescriptions, dispensings, bundles = rows
    entries = [
        LifetimeEntry(
            source=LifetimeSource.PRESCRIPTION,
            on=row.issued_on,
            facility=row.facility_code,
            insurer=insurer,
            description=_prescribed(row),
        )
        for row in prescriptions
    ]
    entries += [
        LifetimeEntry(
            source=LifetimeSource.DISPENSING,
            on=row.dispensed_on,
            facility=row.facility_code,
            insurer=insurer,
            description=f"調剤 {_drugs([d['name'] for d in json.loads(row.drugs)])}",
        )
        for row in dispensings
    ]
    entries += [
        LifetimeEntry(
            source=LifetimeSource.BUNDLE,
            on=row.received_at.astimezone(JST).date(),
            facility=row.facility_code,
            insurer=row.insurer_number,
            description=f"{row.category} {row.bundle_type} v{row.version}",
        )
        for row in bundles
    ]
    return entries


def _prescribed(row: PrescriptionRow) -> str:
    content = PrescriptionContent.model_validate_json(row.content)
    refill = f"（リフィル {row.uses}回）" if row.uses > 1 else ""
    return f"処方 {_drugs([d.name for d in content.drugs])}{refill}"


def _person_entries(session: Session, key: str) -> list[LifetimeEntry]:
    """Vaccinations, 公費 and 自治体検診 under the 符号's key."""
    rows = (
        list(session.scalars(select(VaccinationRow).where(VaccinationRow.person_key == key))),
        list(session.scalars(select(SubsidyRow).where(SubsidyRow.person_key == key))),
        list(session.scalars(
            select(CheckupEntitlementRow).where(CheckupEntitlementRow.person_key == key)
        )),
    )  # fmt: skip
    return person_entries_from(rows)


def person_entries_from(rows: Sequence[Sequence[Any]]) -> list[LifetimeEntry]:
    """The entries of one 符号's (vaccination, 公費, 自治体検診) rows; 不開示 ones without
    details (⚠ the flag is kept for the operator's read as for a facility's)."""
    vaccinations, subsidies, checkups = rows
    entries = [
        LifetimeEntry(
            source=LifetimeSource.VACCINATION,
            on=row.occurred_on,
            facility=row.facility_code,
            description=f"{row.vaccine_name} 第{row.dose_number}回 ({row.municipality_code})",
        )
        for row in vaccinations
    ]
    entries += [_subsidy(row) for row in subsidies]
    entries += [_checkup(row) for row in checkups]
    return entries


def _subsidy(row: SubsidyRow) -> LifetimeEntry:
    shown = not row.not_disclosed
    return LifetimeEntry(
        source=LifetimeSource.SUBSIDY, on=row.valid_from,
        insurer=row.insurer_number if shown else "",
        description=f"{row.certification_name} – {row.valid_to}" if shown else WITHHELD,
    )  # fmt: skip


def _checkup(row: CheckupEntitlementRow) -> LifetimeEntry:
    what = f"{row.fiscal_year}年度 {row.kind} ({row.municipality_code})"
    return LifetimeEntry(
        source=LifetimeSource.MUNICIPAL_CHECKUP, on=dt.date(row.fiscal_year, 4, 1),
        description=WITHHELD if row.not_disclosed else what,
    )  # fmt: skip
