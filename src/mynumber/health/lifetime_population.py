"""Across the population: how many years, facilities and insurers each person's lifetime record
(生涯にわたる記録) spans, read a page of residents at a time. Each page asks each system once
for all its people through their batch api (the eligibility system's 符号 from J-LIS in one
request, the histories and 自己情報 in one transaction, the platform's records with one query
per table), so the figures are those of `lifetime_record` for each person, and every person's
access logs show the reads as they would for `lifetime_record`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from mynumber.care.data import CareStatus
from mynumber.eligibility.api import AGENCY
from mynumber.health.api import PlatformRecordQuery
from mynumber.health.lifetime import (
    Sources,
    care_status_entries,
    claim_entries,
    coverage_entry,
    insured_patients,
)
from mynumber.health.lifetime_data import LifetimeStats, LifetimeSummary, distribution, summarise
from mynumber.network.data import new_acquisition_number
from mynumber.registry.data import CodeRequest, Resident

__all__ = ["PAGE", "population_stats", "summaries"]

PAGE = 200  # residents read from the register, and from each system, at a time


def population_stats(
    sources: Sources,
    *,
    actor: str,
    limit: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> LifetimeStats:
    """Read every resident's record (the first `limit` in resident-code order) and return how
    many years, facilities and insurers each spans; `progress` is told of each page read.
    ⚠ Every person's record is read, so every person's access logs show it."""
    years: list[int] = []
    facilities: list[int] = []
    insurers: list[int] = []
    items = 0
    for page in _pages(sources, actor, limit):
        for summary in summaries(sources, page, actor=actor):
            years.append(summary.years_spanned)
            facilities.append(summary.facilities)
            insurers.append(summary.insurers)
            items += summary.items
        if progress is not None:
            progress(len(page))
    return LifetimeStats(
        persons=len(years), with_records=sum(1 for y in years if y), items=items,
        years_spanned=distribution(years), facilities=distribution(facilities),
        insurers=distribution(insurers),
    )  # fmt: skip


def _pages(sources: Sources, actor: str, limit: int | None) -> Iterator[list[Resident]]:
    offset = 0
    while limit is None or offset < limit:
        size = PAGE if limit is None else min(PAGE, limit - offset)
        page = sources.registry.listing(limit=size, offset=offset, actor=actor)
        if page:
            yield page
        if len(page) < size:
            return
        offset += size


def summaries(
    sources: Sources, residents: Sequence[Resident], *, actor: str
) -> list[LifetimeSummary]:
    """Return the summary of each resident's lifetime record, in order, each system asked once
    for them all."""
    if not residents:
        return []
    issued = sources.registry.acquire_codes(requests=[
        CodeRequest(agency=AGENCY, my_number=r.my_number,
                    acquisition_number=new_acquisition_number(), actor=actor)
        for r in residents
    ])  # fmt: skip
    reads = sources.eligibility.lifetime_reads(subjects=[i.code for i in issued], reader=actor)
    platforms = sources.health.platform_records(
        people=[
            PlatformRecordQuery(patients=tuple(insured_patients(read.memberships)),
                                my_number=resident.my_number)
            for resident, read in zip(residents, reads, strict=True)
        ],
        reader=actor,
    )  # fmt: skip
    cares = _cares(sources, residents, actor)
    return [
        summarise([
            *map(coverage_entry, read.memberships),
            *claim_entries(read.views, read.memberships),
            *platform.entries,
            *care_status_entries(care),
        ])
        for read, platform, care in zip(reads, platforms, cares, strict=True)
    ]  # fmt: skip


def _cares(sources: Sources, residents: Sequence[Resident], actor: str) -> list[CareStatus | None]:
    """Each resident's care status (None: not insured, or no care platform)."""
    if sources.care is None:
        return [None] * len(residents)
    codes = [r.resident_code for r in residents]
    return sources.care.statuses(resident_codes=codes, actor=actor)
