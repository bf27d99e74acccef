"""The person's lifetime record (生涯にわたる記録) at the national medical information platform
(全国医療情報プラットフォーム): one entry per thing held about them, whatever the source, and
the figures of how far it reaches (years, facilities, insurers), for one person or everyone.

Pure data: the entries come from the platform's own read (`Health.platform_record`), the online
eligibility system, and the care platform, put together by `health.lifetime`.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Sequence
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

__all__ = [
    "SOURCE_NAMES",
    "Bucket",
    "Distribution",
    "LifetimeEntry",
    "LifetimeRecord",
    "LifetimeSource",
    "LifetimeStats",
    "LifetimeSummary",
    "PlatformRecord",
    "distribution",
    "summarise",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class LifetimeSource(StrEnum):
    """Where an entry is kept, in the order the record lists them."""

    COVERAGE = "coverage"  # 資格履歴 (オンライン資格確認等システム)
    MEDICATION = "medication"  # 薬剤情報 (レセプト)
    TREATMENT = "treatment"  # 診療情報 (レセプト: 傷病名・診療行為)
    CHECKUP = "checkup"  # 特定健診情報
    PRESCRIPTION = "prescription"  # 電子処方箋
    DISPENSING = "dispensing"  # 調剤結果
    BUNDLE = "bundle"  # 電子カルテ情報共有サービス (3文書6情報)
    VACCINATION = "vaccination"  # 予防接種
    SUBSIDY = "subsidy"  # PMH 公費負担医療
    MUNICIPAL_CHECKUP = "municipal_checkup"  # PMH 自治体検診
    CARE = "care"  # 介護情報基盤


SOURCE_NAMES = {
    LifetimeSource.COVERAGE: "資格履歴（オンライン資格確認等システム）",
    LifetimeSource.MEDICATION: "薬剤情報（レセプト）",
    LifetimeSource.TREATMENT: "診療情報（レセプト）",
    LifetimeSource.CHECKUP: "特定健診情報",
    LifetimeSource.PRESCRIPTION: "電子処方箋",
    LifetimeSource.DISPENSING: "調剤結果",
    LifetimeSource.BUNDLE: "電子カルテ情報共有サービス（3文書6情報）",
    LifetimeSource.VACCINATION: "予防接種",
    LifetimeSource.SUBSIDY: "PMH 公費負担医療",
    LifetimeSource.MUNICIPAL_CHECKUP: "PMH 自治体検診",
    LifetimeSource.CARE: "介護情報基盤",
}


class LifetimeEntry(BaseModel):
    """One thing held about the person: when, where (医療機関・事業所コード), under which
    insurer or payer (保険者番号, 公費負担者番号, the 介護保険's municipality) and what."""

    model_config = _FROZEN
    source: LifetimeSource
    on: dt.date
    facility: str = ""
    insurer: str = ""
    description: str


class PlatformRecord(BaseModel):
    """What the platform's own services hold about a person: prescriptions, dispensings,
    Bundles, vaccinations and PMH, oldest first."""

    model_config = _FROZEN
    entries: tuple[LifetimeEntry, ...] = ()


class LifetimeSummary(BaseModel):
    """How far a record reaches: items, the first and last year, the years spanned (both
    counted), and how many distinct facilities and insurers it names."""

    model_config = _FROZEN
    items: int
    first_year: int | None
    last_year: int | None
    years_spanned: int
    facilities: int
    insurers: int


class LifetimeRecord(BaseModel):
    """A person's lifetime record: every entry by source, and its summary."""

    model_config = _FROZEN
    resident_code: str
    summary: LifetimeSummary
    entries: tuple[LifetimeEntry, ...]

    def by_source(self) -> dict[LifetimeSource, list[LifetimeEntry]]:
        """Return the entries grouped by source, in the sources' order, each oldest first."""
        grouped: dict[LifetimeSource, list[LifetimeEntry]] = {}
        for source in LifetimeSource:
            chosen = [e for e in self.entries if e.source is source]
            if chosen:
                grouped[source] = sorted(chosen, key=lambda e: e.on)
        return grouped


def summarise(entries: Iterable[LifetimeEntry]) -> LifetimeSummary:
    """Return the summary of some entries."""
    listed = list(entries)
    years = [e.on.year for e in listed]
    first, last = (min(years), max(years)) if years else (None, None)
    return LifetimeSummary(
        items=len(listed), first_year=first, last_year=last,
        years_spanned=(last - first + 1) if first is not None and last is not None else 0,
        facilities=len({e.facility for e in listed if e.facility}),
        insurers=len({e.insurer for e in listed if e.insurer}),
    )  # fmt: skip


class Bucket(BaseModel):
    """How many persons have a value in [low, high] (high None: no upper bound)."""

    model_config = _FROZEN
    label: str
    low: int
    high: int | None
    persons: int


class Distribution(BaseModel):
    """A distribution over persons: the buckets, and the mean, median and maximum."""

    model_config = _FROZEN
    buckets: tuple[Bucket, ...]
    mean: float
    median: float
    max: int


class LifetimeStats(BaseModel):
    """Across the population: how many years and facilities each person's record spans."""

    model_config = _FROZEN
    persons: int
    with_records: int
    items: int
    years_spanned: Distribution
    facilities: Distribution
    insurers: Distribution


BOUNDS = ((0, 0), (1, 1), (2, 4), (5, 9), (10, 19), (20, None))


def distribution(values: Sequence[int]) -> Distribution:
    """Return the distribution of values in the buckets 0, 1, 2–4, 5–9, 10–19 and 20+."""
    buckets = tuple(
        Bucket(
            label=f"{low}" if low == high else f"{low}+" if high is None else f"{low}–{high}",
            low=low,
            high=high,
            persons=sum(1 for v in values if v >= low and (high is None or v <= high)),
        )
        for low, high in BOUNDS
    )
    if not values:
        return Distribution(buckets=buckets, mean=0.0, median=0.0, max=0)
    return Distribution(
        buckets=buckets, mean=round(statistics.fmean(values), 2),
        median=float(statistics.median(values)), max=max(values),
    )  # fmt: skip
