"""The care data given for research (二次利用, the 介護DB): every person's 給付実績, one
`ResearchCareMonth` per person and month, with the 要介護度 in force that month, streamed a chunk
of people at a time. Each person whose months are given gets one record per export in their
access log (⚠ one per export, not per month)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.care import access
from mynumber.care.data import ResearchCareMonth
from mynumber.care.models import CertificationRow, ClaimRow, InsuredRow
from mynumber.kernel.clock import Clock
from mynumber.kernel.db import Database
from mynumber.kernel.hashlog import HashChainedLog

__all__ = ["CareResearch", "LocalCareResearch"]

CHUNK = 500  # people per read


class CareResearch(Protocol):
    """The care months as the maker of research extracts receives them."""

    def research_care_months(self, *, reader: str) -> Iterator[ResearchCareMonth]:
        """Yield every person's 給付実績, one per person and month, keyed by the 被保険者番号,
        without name or My Number; each person's export logged once, naming `reader`."""
        ...


class LocalCareResearch:
    """`research_care_months`, a chunk of people per transaction, the log records appended
    together before the chunk is given out."""

    _db: Database
    _clock: Clock
    _log: HashChainedLog

    def research_care_months(self, *, reader: str) -> Iterator[ResearchCareMonth]:
        with self._db.unit_of_work() as uow:
            numbers = list(uow.session.scalars(
                select(ClaimRow.insured_number).distinct().order_by(ClaimRow.insured_number)
            ))  # fmt: skip
        for start in range(0, len(numbers), CHUNK):
            with self._db.unit_of_work() as uow:
                months = _months(uow.session, numbers[start : start + CHUNK])
                counts: dict[str, int] = defaultdict(int)
                for month in months:
                    counts[month.insured_number] += 1
                payload = access.desk_read_payload(reader, "research_care_months")
                entries = [(access.stream_of(n), payload | {"outcome": f"exported:{c}"})
                           for n, c in counts.items()]  # fmt: skip
                self._log.append_many(uow.session, entries=entries, at=self._clock.now())
            yield from months


def _months(session: Session, numbers: Sequence[str]) -> list[ResearchCareMonth]:
    people = {row.insured_number: row for row in session.execute(
        select(InsuredRow.insured_number, InsuredRow.birth_date, InsuredRow.insurer_number)
        .where(InsuredRow.insured_number.in_(numbers))
    )}  # fmt: skip
    levels: dict[str, list[Any]] = defaultdict(list)
    for cert in session.execute(
        select(CertificationRow.insured_number, CertificationRow.level,
               CertificationRow.valid_from, CertificationRow.valid_to)
        .where(CertificationRow.insured_number.in_(numbers), CertificationRow.level.is_not(None))
        .order_by(CertificationRow.application_id)
    ):  # fmt: skip
        levels[cert.insured_number].append(cert)
    grouped: dict[tuple[str, dt.date], list[Any]] = defaultdict(list)
    for row in session.execute(
        select(ClaimRow.insured_number, ClaimRow.month, ClaimRow.service_type, ClaimRow.units)
        .where(ClaimRow.insured_number.in_(numbers))
        .order_by(ClaimRow.insured_number, ClaimRow.month, ClaimRow.service_type)
    ):  # fmt: skip
        grouped[(row.insured_number, row.month)].append(row)
    return [
        ResearchCareMonth(
            insured_number=number,
            birth_date=people[number].birth_date,
            municipality=people[number].insurer_number,
            month=month,
            level=_level_on(levels[number], month),
            services=tuple(dict.fromkeys(r.service_type for r in rows)),
            units=sum(r.units for r in rows),
        )
        for (number, month), rows in grouped.items()
        if number in people
    ]


def _level_on(certifications: Sequence[Any], month: dt.date) -> str:
    """The 要介護度 in force during the month, the latest decided if two ('' when none)."""
    last = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    found = [row.level for row in certifications
             if row.valid_from and row.valid_to and row.valid_from <= last
             and row.valid_to >= month]  # fmt: skip
    return str(found[-1]) if found else ""
