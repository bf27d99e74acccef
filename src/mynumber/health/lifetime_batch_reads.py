"""The platform's read of many people's records at once (`Health.platform_records`), mixed into
`LocalHealth`: what `platform_record` gives for each, read in one transaction, with one query
per table for the whole batch, the 符号 asked of J-LIS in one request, and the access-log
records appended together (still one per insured number and one per 符号, as there).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.health.data import InsuredPatient
from mynumber.health.lifetime_data import LifetimeEntry, PlatformRecord
from mynumber.health.lifetime_reads import (
    ACTION,
    insured_entries_from,
    person_entries_from,
)
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
from mynumber.kernel.db import Database

__all__ = ["PlatformRecordBatchReads", "PlatformRecordQuery"]

CHUNK = 500  # keys per IN (…) query


class PlatformRecordQuery(BaseModel):
    """One person whose platform record is asked for: every insured number they have had,
    and their My Number (None: no 符号 is asked, as for `platform_record`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    patients: tuple[InsuredPatient, ...]
    my_number: str | None = None


class PlatformRecordBatchReads:
    """`platform_records`: many people's entries across the platform's services, logged."""

    _db: Database
    _ctx: service.Context
    _services: PlatformServices

    def platform_records(
        self, *, people: Sequence[PlatformRecordQuery], reader: str
    ) -> list[PlatformRecord]:
        insured = [{service.patient_key(self._ctx, p): p.insurer_number for p in q.patients}
                   for q in people]  # fmt: skip
        coded = self._person_keys(people)
        with self._db.unit_of_work() as uow:
            by_insured = _insured_rows(uow.session, [k for keys in insured for k in keys])
            by_person = _person_rows(uow.session, [k for k in coded if k is not None])
            records, log = [], []
            for keys, code_key in zip(insured, coded, strict=True):
                entries: list[LifetimeEntry] = []
                for key, insurer in keys.items():
                    found = insured_entries_from(by_insured[key], insurer)
                    log.append((key, _payload(reader, len(found))))
                    entries += found
                if code_key is not None:
                    found = person_entries_from(by_person[code_key])
                    log.append((code_key, _payload(reader, len(found))))
                    entries += found
                records.append(PlatformRecord(
                    entries=tuple(sorted(entries, key=lambda e: (e.on, e.source)))
                ))  # fmt: skip
            self._ctx.log.append_many(uow.session, entries=log, at=self._ctx.clock.now())
        return records

    def _person_keys(self, people: Sequence[PlatformRecordQuery]) -> list[str | None]:
        """Each person's key under the platform's 符号 (None: not asked, or no links)."""
        links = self._services.links
        numbers = [q.my_number for q in people if q.my_number is not None]
        if links is None or not numbers:
            return [None] * len(people)
        codes = iter(links.codes_for(numbers))
        secret = self._ctx.patient_secret
        return [None if q.my_number is None else person_key(secret, next(codes)) for q in people]


def _payload(reader: str, shown: int) -> dict[str, str]:
    """The access-log record `service.record` appends for the read."""
    return {"facility": reader, "action": ACTION, "outcome": f"shown:{shown}"}


def _grouped(session: Session, column: Any, keys: Sequence[str]) -> dict[str, list[Any]]:
    """The rows of column's table whose column is one of the keys, by key."""
    found: dict[str, list[Any]] = defaultdict(list)
    unique = list(dict.fromkeys(keys))
    table = column.class_
    for start in range(0, len(unique), CHUNK):
        for row in session.scalars(select(table).where(column.in_(unique[start : start + CHUNK]))):
            found[getattr(row, column.key)].append(row)
    return found


def _insured_rows(session: Session, keys: Sequence[str]) -> dict[str, tuple[list[Any], ...]]:
    """Per insured number's key: its prescriptions, dispensings and Bundles."""
    tables = (PrescriptionRow.patient_key, DispensingRow.patient_key, EhrBundleRow.patient_key)
    found = [_grouped(session, column, keys) for column in tables]
    return defaultdict(lambda: ([], [], []), {k: tuple(f.get(k, []) for f in found) for k in keys})


def _person_rows(session: Session, keys: Sequence[str]) -> dict[str, tuple[list[Any], ...]]:
    """Per 符号's key: its vaccinations, 公費 and 自治体検診."""
    tables = (VaccinationRow.person_key, SubsidyRow.person_key, CheckupEntitlementRow.person_key)
    found = [_grouped(session, column, keys) for column in tables]
    return {k: tuple(f.get(k, []) for f in found) for k in keys}
