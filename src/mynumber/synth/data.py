"""Frozen DTOs of the synth subsystem: what crosses its boundary."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "CareReport",
    "ClaimsReport",
    "EmploymentReport",
    "LinkErrorCounts",
    "LivesReport",
    "MunicipalReport",
    "PensionReport",
    "SynthReport",
    "VaccinationReport",
]


class SynthReport(BaseModel):
    """What a synthetic population run produced, with figures measured on the output."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    people: int = Field(ge=0)
    households: int = Field(ge=0)
    seconds: float = Field(ge=0, description="wall-clock time of generation and registration")
    seed: int
    share_under_15: float = Field(ge=0, le=1, description="年少人口 share, aged 0-14")
    share_65_plus: float = Field(ge=0, le=1, description="老年人口 share, aged 65 and over")
    variant_name_count: int = Field(
        ge=0, description="people whose registered name uses a kanji variant (異体字), e.g. 髙"
    )
    same_name_same_birthdate_pairs: int = Field(
        ge=0,
        description="people sharing family kanji, given kanji and birth date with someone else",
    )
    foreign_resident_count: int = Field(ge=0, description="外国人住民 among the people")


class LinkErrorCounts(BaseModel):
    """Wrong-person links injected into a run (`link_errors`): accepted as given, or held for
    review by the link check."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    injected: int = Field(default=0, ge=0)
    accepted: int = Field(default=0, ge=0)
    held: int = Field(default=0, ge=0)


class LivesReport(BaseModel):
    """What a run of synthetic insurance lives loaded; coverage as on its reference day."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    residents: int = Field(ge=0, description="living residents given a life")
    covered: int = Field(ge=0, description="people with a membership in force on the day")
    memberships: int = Field(ge=0, description="memberships enrolled over the lives (資格取得)")
    losses: int = Field(ge=0, description="losses reported (資格喪失), dependants' not counted")
    job_changes: int = Field(ge=0, description="losses for a job change (転職)")
    dependants: int = Field(ge=0, description="people covered as dependants (被扶養者) on the day")
    by_kind: dict[str, int] = Field(description="people covered on the day by kind of insurer")
    seconds: float = Field(ge=0, description="wall-clock time of planning and loading")
    link_errors: LinkErrorCounts = Field(default_factory=LinkErrorCounts)

    @property
    def covered_share(self) -> float:
        """Return the share of residents covered on the day."""
        return self.covered / self.residents if self.residents else 0.0


class ClaimsReport(BaseModel):
    """What a run of synthetic claims and check-ups sent to the eligibility system."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    people: int = Field(ge=0, description="covered people considered")
    patients: int = Field(ge=0, description="people with at least one claim")
    claims: int = Field(ge=0, description="claims stored (レセプト: clinic and pharmacy)")
    medications: int = Field(ge=0, description="medication lines on the claims")
    checkups: int = Field(ge=0, description="特定健診 results stored")
    refused: int = Field(ge=0, description="claims or results the eligibility system refused")
    seconds: float = Field(ge=0, description="wall-clock time of generation and loading")


class MunicipalReport(BaseModel):
    """What a run of synthetic incomes and 住民税 gave the municipalities."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    municipalities: int = Field(ge=0, description="municipalities with residents")
    addressees: int = Field(ge=0, description="people in their 宛名 systems")
    incomes: int = Field(ge=0, description="income reports recorded (person × year)")
    fiscal_years: tuple[int, ...] = Field(description="the fiscal years assessed")
    assessed: int = Field(ge=0, description="assessments (person × fiscal year)")
    exempt: int = Field(ge=0, description="of them 非課税")
    seconds: float = Field(ge=0, description="wall-clock time of planning, loading, assessing")


class PensionReport(BaseModel):
    """What a run of synthetic pension records, awards and payments gave the pension service."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    people: int = Field(ge=0, description="people given a 基礎年金番号")
    notices: int = Field(ge=0, description="notices of 資格取得・種別変更・喪失 sent")
    by_kind: dict[str, int] = Field(description="people insured on the day by 被保険者種別")
    awarded: int = Field(ge=0, description="old-age pensions awarded (65+)")
    not_qualified: int = Field(ge=0, description="65+ without 10 years of 受給資格期間")
    payments: int = Field(ge=0, description="payments made (person × even month)")
    paid: int = Field(ge=0, description="円 paid in all")
    seconds: float = Field(ge=0, description="wall-clock time of planning and loading")
    link_errors: LinkErrorCounts = Field(default_factory=LinkErrorCounts)


class EmploymentReport(BaseModel):
    """What a run of synthetic coverage and benefit decisions gave ハローワーク."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    people: int = Field(ge=0, description="people given a 雇用保険被保険者番号")
    hirings: int = Field(ge=0, description="資格取得届 sent")
    separations: int = Field(ge=0, description="資格喪失届 sent")
    insured: int = Field(ge=0, description="people covered on the day")
    decisions: dict[str, int] = Field(description="受給資格の決定 by kind")
    seconds: float = Field(ge=0, description="wall-clock time of planning and loading")


class CareReport(BaseModel):
    """What a run of synthetic 介護保険 gave the care platform."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    insured: int = Field(ge=0, description="residents 65 and over insured as 第1号")
    certified: dict[str, int] = Field(description="要介護認定 by 要介護状態区分コード")
    care_plans: int = Field(ge=0)
    claims: int = Field(ge=0, description="給付実績 (office × month)")
    burdens: int = Field(ge=0, description="負担割合証 decided")
    seconds: float = Field(ge=0)


class VaccinationReport(BaseModel):
    """What a run of synthetic 予防接種 gave the medical information platform."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    children: int = Field(ge=0, description="residents of 0–14")
    doses: dict[str, int] = Field(description="recorded doses by vaccine code")
    seconds: float = Field(ge=0)


class TrafficReport(BaseModel):
    """What the demo's exchanges over the network left behind (flows 1 and 2)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    fiscal_year: int = Field(description="年度 of today (the last 副本 registered)")
    since: dt.date = Field(description="the day of the first month the exchanges are spread over")
    months: int = Field(ge=0, description="months the exchanges are spread over, up to today")
    municipalities: int = Field(ge=0, description="municipalities that registered 副本")
    copies: int = Field(ge=0, description="副本 rows registered (each year's in publication)")
    kouki_members: int = Field(ge=0, description="後期高齢 members linked by their 広域連合")
    queries: int = Field(ge=0, description="queries the 広域連合 sent (J0001)")
    contributions: int = Field(ge=0, description="負担割合 decided")
    contribution_refusals: int = Field(ge=0, description="members left undecided")
    families_moved: int = Field(ge=0, description="families with small children moved")
    fees: int = Field(ge=0, description="保育料 decided over the network (J0002)")
    fee_refusals: int = Field(ge=0, description="保育料 the network could not give the income for")
    care_enrolled: int = Field(default=0, ge=0, description="new 65-year-olds insured as 第1号")
    care_burdens: int = Field(default=0, ge=0, description="their 負担割合 decided (J0024)")
    seconds: float = Field(ge=0, description="wall-clock time")


class HealthRecordsReport(BaseModel):
    """What a run of synthetic 電子処方箋 and 電子カルテ情報共有サービス documents gave the
    medical information platform, matching the claims."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    prescriptions: int = Field(ge=0, description="electronic prescriptions, each dispensed once")
    outpatient_prescriptions: int = Field(
        ge=0, description="claims with a 処方箋料 since 電子処方箋 began (electronic or paper)"
    )
    stays: int = Field(ge=0, description="inpatient stays (入院) of the claims")
    bundles: dict[str, int] = Field(description="document Bundles stored, by sample kind")
    refused: int = Field(ge=0, description="Bundles the platform refused")
    seconds: float = Field(ge=0)
