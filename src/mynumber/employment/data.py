"""Frozen DTOs of employment insurance (ハローワーク): what crosses its boundary."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from mynumber.kernel.checkdigits import IdentifierKind
from mynumber.kernel.fields import TEXT_PATTERN, JsonDate, JsonInt, identifier_field

__all__ = [
    "AGENCY_ID",
    "AGENCY_NAME",
    "EMPLOYMENT_BENEFIT_ITEM",
    "INSURED_NUMBER_PATTERN",
    "BenefitDecision",
    "BenefitKind",
    "CoverageSpell",
    "EmploymentBenefitInfo",
    "EmploymentCopyRun",
    "Hiring",
    "InsuredRecord",
    "NoticeReport",
    "Separation",
    "SeparationReason",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
AGENCY_ID = "employment:mhlw"  # ハローワーク's agency id on the network (機関コード ⚠)
AGENCY_NAME = "ハローワーク（厚生労働省）"
# 特定個人情報名 of 雇用保険給付関係情報 on the network (code invented ⚠, as network/table.py).
EMPLOYMENT_BENEFIT_ITEM = "TM00000000000201"
# 雇用保険被保険者番号: 4-digit office, 6-digit serial, check digit; printed 1234-567890-1.
INSURED_NUMBER_PATTERN = r"^\d{11}$"
_MAX_WAGE = 10_000_000


class SeparationReason(StrEnum):
    """離職理由, as the 離職証明書 gives it (what decides the 所定給付日数)."""

    VOLUNTARY = "voluntary"  # 自己都合: 一般の受給資格者, 給付制限 1 month
    RETIREMENT = "retirement"  # 定年 (契約期間満了 alike): 一般, no 給付制限
    DISMISSAL = "dismissal"  # 解雇・倒産: 特定受給資格者


class Hiring(BaseModel):
    """資格取得届: an employer's notice that it employs the person from a day."""

    model_config = _FROZEN
    my_number: str = identifier_field(IdentifierKind.MY_NUMBER)
    name: str = Field(max_length=101, pattern=TEXT_PATTERN)
    birth_date: JsonDate
    employer: str = Field(max_length=60, pattern=TEXT_PATTERN, description="事業所の名称")
    hired_on: JsonDate = Field(description="資格取得日")
    monthly_wage: JsonInt = Field(
        ge=0, le=_MAX_WAGE, description="賃金月額 (stands for the last 6 months' at leaving ⚠)"
    )
    office: str = Field(
        default="1301", pattern=r"^\d{4}$", description="公共職業安定所番号 of the workplace"
    )


class Separation(BaseModel):
    """資格喪失届 with the 離職証明書: the person left on `last_day` for a reason."""

    model_config = _FROZEN
    my_number: str = identifier_field(IdentifierKind.MY_NUMBER)
    last_day: JsonDate = Field(description="離職日 (the 喪失日 is the day after)")
    reason: SeparationReason


class NoticeReport(BaseModel):
    """What a batch of notices did."""

    model_config = _FROZEN
    received: int = Field(ge=0)
    taken: int = Field(ge=0, description="notices that changed a record (repeats are not)")
    new_numbers: int = Field(ge=0, description="people given a 被保険者番号 by this batch")


class CoverageSpell(BaseModel):
    """A spell with one employer, from `start` to `last_day` (離職日; null: still employed)."""

    model_config = _FROZEN
    employer: str
    start: dt.date
    last_day: dt.date | None
    monthly_wage: int
    reason: SeparationReason | None


class InsuredRecord(BaseModel):
    """A person's record under their 被保険者番号, with the My Number beside it."""

    model_config = _FROZEN
    insured_number: str = Field(pattern=INSURED_NUMBER_PATTERN)
    printed_number: str = Field(description="as printed on the 被保険者証: 4-6-1")
    my_number: str = Field(description="個人番号, kept with the record as ハローワーク keeps it")
    name: str
    birth_date: dt.date
    spells: tuple[CoverageSpell, ...]
    insured_now: bool


class BenefitKind(StrEnum):
    """What an application for benefits gave."""

    BASIC = "basic"  # 基本手当 (一般被保険者)
    ELDERLY = "elderly"  # 高年齢求職者給付金 (65+: a lump sum)
    NONE = "none"  # 受給資格なし


class BenefitDecision(BaseModel):
    """受給資格の決定: the benefit of one separation, with the figures behind it."""

    model_config = _FROZEN
    decision_id: int
    insured_number: str
    applied_on: dt.date = Field(description="求職の申込み・受給資格決定日")
    separated_on: dt.date = Field(description="離職日")
    reason: SeparationReason
    age: int = Field(description="age on the 離職日")
    kind: BenefitKind
    insured_months: int = Field(description="被保険者期間 in the reference period (months)")
    insured_years: int = Field(description="算定基礎期間 (whole years)")
    wage_daily: int = Field(description="賃金日額")
    benefit_rate: float = Field(description="給付率")
    benefit_daily: int = Field(description="基本手当日額")
    benefit_days: int = Field(description="所定給付日数 (高年齢: days of the lump sum)")
    restriction_months: int = Field(description="給付制限 (自己都合)")
    total: int = Field(description="日額 × 日数")
    receivable_until: dt.date = Field(description="受給期間: a year from the day after leaving")
    note: str


class EmploymentBenefitInfo(BaseModel):
    """雇用保険給付関係情報 of one person on a day: what ハローワーク may provide as a 副本."""

    model_config = _FROZEN
    insured_number: str = Field(pattern=INSURED_NUMBER_PATTERN)
    on: dt.date
    insured: str = Field(pattern=r"^[01]$", description="被保険者: 1/0")
    benefit_kind: str = Field(description="the latest decision's kind (empty: none)")
    benefit_daily: int = Field(ge=0, description="基本手当日額")
    benefit_days: int = Field(ge=0, description="所定給付日数")
    receiving: str = Field(pattern=r"^[01]$", description="受給期間内: 1/0")

    def values(self) -> dict[str, str | int | None]:
        """Return the values of the 副本 (CopyRecord.values), keyed by item name."""
        return self.model_dump(mode="json", exclude={"insured_number"})


class EmploymentCopyRun(BaseModel):
    """What registering a day's 雇用保険給付関係情報 as 副本 on the intermediate server gave."""

    model_config = _FROZEN
    agency: str = Field(description="ハローワーク's agency id on the network")
    on: dt.date = Field(description="the day the information is of (and published)")
    people: int = Field(ge=0, description="people with a benefit decision")
    codes_obtained: int = Field(ge=0, description="符号 obtained and linked in this run")
    registered: int = Field(ge=0, description="副本 rows registered")
    already_registered: int = Field(ge=0, description="rows refused as already held")
    refused: int = Field(ge=0, description="rows refused for another reason")
