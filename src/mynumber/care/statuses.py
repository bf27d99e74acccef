"""A resident's care insurance at a glance (`status`), and many residents' at once (`statuses`):
for the municipality's desk and for reads across the population, such as the lifetime records'
figures. Each person's read is in their access log as the desk's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.care import access, burden, enrolment, records
from mynumber.care.data import CareStatus
from mynumber.care.models import InsuredRow
from mynumber.kernel.clock import Clock, today_in_japan
from mynumber.kernel.db import Database
from mynumber.kernel.hashlog import HashChainedLog

__all__ = ["LocalStatusReads", "StatusReads", "status_of"]

CHUNK = 500  # resident codes per IN (…) query


class StatusReads(Protocol):
    """Many residents' care insurance at a glance."""

    def statuses(self, *, resident_codes: Sequence[str], actor: str) -> list[CareStatus | None]:
        """Return each resident's `status`, in order (None: not insured here); the read of each
        insured one is logged as `status` logs it."""
        ...


def status_of(session: Session, row: InsuredRow, today: dt.date) -> CareStatus:
    """Return an insured person's care insurance on a day."""
    number = row.insured_number
    cert = records.current_certification(session, number, today)
    return CareStatus(
        insured=enrolment.to_insured(row),
        certification=records.to_certification(cert, documents=True) if cert else None,
        care_plan=records.current_plan(session, number, today),
        burden=burden.current_burden(session, number, today),
        limit=burden.current_limit(session, number, today),
    )


class LocalStatusReads:
    """`statuses`, in one transaction: the insured found in one query per chunk of residents,
    the access-log records appended together."""

    _db: Database
    _clock: Clock
    _log: HashChainedLog

    def statuses(self, *, resident_codes: Sequence[str], actor: str) -> list[CareStatus | None]:
        today, now = today_in_japan(self._clock), self._clock.now()
        with self._db.unit_of_work() as uow:
            rows = _insured_of(uow.session, resident_codes)
            found = [rows.get(code) for code in resident_codes]
            payload = access.desk_read_payload(actor, "status")
            reads = [(access.stream_of(row.insured_number), payload) for row in found if row]
            self._log.append_many(uow.session, entries=reads, at=now)
            return [None if row is None else status_of(uow.session, row, today) for row in found]


def _insured_of(session: Session, resident_codes: Sequence[str]) -> dict[str, InsuredRow]:
    """The insured persons of these residents, by resident code (one each at most)."""
    unique = list(dict.fromkeys(resident_codes))
    found: dict[str, InsuredRow] = {}
    for start in range(0, len(unique), CHUNK):
        chunk = unique[start : start + CHUNK]
        found.update(
            (row.resident_code, row)
            for row in session.scalars(
                select(InsuredRow).where(InsuredRow.resident_code.in_(chunk))
            )
        )
    return found
