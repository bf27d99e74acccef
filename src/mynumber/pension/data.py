"""Frozen DTOs of the pension service (日本年金機構): what crosses its boundary."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from mynumber.kernel.checkdigits import IdentifierKind
from mynumber.kernel.fields import TEXT_PATTERN, JsonInt, RecordDate, identifier_field

__all__ = [
    "AGENCY_ID",
    "AGENCY_NAME",
    "BASIC_PENSION_NUMBER_PATTERN",
    "PENSION_BENEFIT_ITEM",
    "SUPPORT_BENEFIT_PROCEDURE",
    "AwardRun",
    "CoverageNotice",
    "CoveragePeriod",
    "InsuredKind",
    "NoticeReport",
    "Payment",
    "PaymentRun",
    "PensionAward",
    "PensionBenefitInfo",
    "PensionCopyRun",
    "PensionRecord",
    "SupportBenefitDecision",
    "SupportBenefitKind",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
AGENCY_ID = "pension:jpo"  # the pension service's agency id on the network (機関コード ⚠)
AGENCY_NAME = "日本年金機構"
# 年金生活者支援給付金の支給: the procedure (事務) of network/table.py the service asks under.
SUPPORT_BENEFIT_PROCEDURE = "J0003"
# 特定個人情報名 of 年金給付関係情報 on the network (code invented ⚠, as network/table.py).
PENSION_BENEFIT_ITEM = "TM00000000000101"
# 基礎年金番号: a 4-digit 記号 and a 6-digit 番号, printed 1234-567890 on the 基礎年金番号通知書;
# stored as the 10 digits (no check digit is published ⚠).
BASIC_PENSION_NUMBER_PATTERN = r"^\d{10}$"
_MAX_REMUNERATION = 1_390_000  # 標準報酬月額 above the top grade (650,000) is refused anyway


class InsuredKind(StrEnum):
    """被保険者種別 of the national pension."""

    FIRST = "first"  # 第1号: 20–59, self-employed, students, not working (国民年金保険料)
    SECOND = "second"  # 第2号: employees under 70 (厚生年金), whatever their age
    THIRD = "third"  # 第3号: a 第2号's dependent spouse, 20–59 (no contribution of their own)


class CoverageNotice(BaseModel):
    """A notice that from `since` the person is insured as `kind` (None: no longer insured).

    Stands for the 資格取得届・種別変更届・資格喪失届 that employers, spouses' employers and
    municipalities send; it names the person by My Number, as the real forms do.
    """

    model_config = _FROZEN
    my_number: str = identifier_field(IdentifierKind.MY_NUMBER)
    name: str = Field(max_length=101, pattern=TEXT_PATTERN)
    birth_date: RecordDate
    since: RecordDate = Field(description="資格取得日 or the day the kind changes (喪失日 if None)")
    kind: InsuredKind | None = Field(description="被保険者種別 from that day; null: 資格喪失")
    monthly_remuneration: JsonInt = Field(
        default=0, ge=0, le=_MAX_REMUNERATION, description="標準報酬月額 (第2号 only)"
    )
    name_kana: str | None = Field(default=None, max_length=200, description="where the form has it")
    sex: JsonInt | None = Field(default=None, ge=0, le=9, description="ISO 5218, where given")
    address: str | None = Field(default=None, max_length=200)
    postal_code: str | None = Field(default=None, pattern=r"^\d{7}$")


class NoticeReport(BaseModel):
    """What a batch of notices did."""

    model_config = _FROZEN
    received: int = Field(ge=0)
    taken: int = Field(ge=0, description="notices that changed a record (repeats are not)")
    new_numbers: int = Field(ge=0, description="people given a 基礎年金番号 by this batch")
    held: int = Field(default=0, ge=0, description="new links held for review (link check)")


class CoveragePeriod(BaseModel):
    """A spell of one 被保険者種別: from `start` up to `end` (the 喪失日, not included)."""

    model_config = _FROZEN
    kind: InsuredKind
    start: dt.date
    end: dt.date | None = Field(description="null: still in force")
    monthly_remuneration: int = Field(ge=0, description="標準報酬月額 (第2号)")


class PensionRecord(BaseModel):
    """A person's record (被保険者記録) under their 基礎年金番号, with the My Number beside it."""

    model_config = _FROZEN
    basic_pension_number: str = Field(pattern=BASIC_PENSION_NUMBER_PATTERN)
    printed_number: str = Field(description="as printed on the 基礎年金番号通知書: 記号-番号")
    my_number: str = Field(description="個人番号, kept with the record as the service keeps it")
    name: str
    birth_date: dt.date
    periods: tuple[CoveragePeriod, ...]
    current_kind: InsuredKind | None = Field(description="種別 today (null: not insured)")
    contribution_months: int = Field(ge=0, description="保険料納付済月数 between 20 and 60")
    qualifying_months: int = Field(ge=0, description="受給資格期間 (every insured month)")
    employee_months: int = Field(ge=0, description="第2号 (厚生年金) months")


class PensionAward(BaseModel):
    """年金決定 (裁定): the old-age pension awarded at 65."""

    model_config = _FROZEN
    basic_pension_number: str
    kind: str = Field(description="老齢基礎年金, or 老齢基礎年金・老齢厚生年金")
    basic_annual: int = Field(ge=0, description="老齢基礎年金 (年額)")
    employees_annual: int = Field(ge=0, description="老齢厚生年金 (年額, simplified ⚠)")
    annual_total: int = Field(ge=0)
    first_month: dt.date = Field(description="支給開始月: the month after turning 65")
    contribution_months: int = Field(ge=0)
    decided_at: dt.datetime


class AwardRun(BaseModel):
    """What deciding the awards of everyone 65 or over gave."""

    model_config = _FROZEN
    on: dt.date
    awarded: int = Field(ge=0, description="new awards")
    not_qualified: int = Field(ge=0, description="65+ without the 120 months of 受給資格期間")


class Payment(BaseModel):
    """One payment (定時払): paid on the 15th of an even month for the two months before."""

    model_config = _FROZEN
    basic_pension_number: str
    payment_month: dt.date = Field(description="the payment day (15th of an even month)")
    months: int = Field(ge=1, le=2, description="months covered (the two before the payment)")
    amount: int = Field(ge=0)


class PaymentRun(BaseModel):
    """What a payment run paid."""

    model_config = _FROZEN
    payment_month: dt.date
    paid: int = Field(ge=0, description="people paid by this run")
    total: int = Field(ge=0, description="円 paid by this run")


class PensionBenefitInfo(BaseModel):
    """年金給付関係情報 of one person and calendar year: what the service may provide as a 副本.

    `receives_old_age_basic` is "1" when the 老齢基礎年金 is being paid, else "0".
    """

    model_config = _FROZEN
    basic_pension_number: str = Field(pattern=BASIC_PENSION_NUMBER_PATTERN)
    year: int = Field(description="暦年 of the payments")
    pension_income: int = Field(ge=0, description="公的年金等収入金額 paid in the year")
    pension_kind: str = Field(description="年金の種類 (empty: none awarded)")
    receives_old_age_basic: str = Field(pattern=r"^[01]$", description="老齢基礎年金 受給: 1/0")

    def values(self) -> dict[str, str | int | None]:
        """Return the values of the 副本 (CopyRecord.values), keyed by item name."""
        return self.model_dump(exclude={"basic_pension_number"})


class PensionCopyRun(BaseModel):
    """What registering a year's 年金給付関係情報 as 副本 on the intermediate server gave."""

    model_config = _FROZEN
    agency: str = Field(description="the service's agency id on the network")
    year: int = Field(description="暦年 of the payments")
    people: int = Field(ge=0, description="people awarded")
    codes_obtained: int = Field(ge=0, description="符号 obtained and linked in this run")
    registered: int = Field(ge=0, description="副本 rows registered")
    already_registered: int = Field(ge=0, description="rows refused as already held")
    refused: int = Field(ge=0, description="rows refused for another reason")


class SupportBenefitKind(StrEnum):
    """Which 年金生活者支援給付金 (老齢) a decision grants."""

    FULL = "full"  # 老齢年金生活者支援給付金
    SUPPLEMENTARY = "supplementary"  # 補足的老齢年金生活者支援給付金
    NONE = "none"  # 不該当


class SupportBenefitDecision(BaseModel):
    """年金生活者支援給付金 (老齢) of one person for a month, with the figures behind it."""

    model_config = _FROZEN
    basic_pension_number: str
    month: dt.date
    income_year: int = Field(description="the 前年 whose income decides (Oct–Sep on Y−1)")
    pension_revenue: int = Field(description="公的年金等収入金額")
    other_income: int = Field(description="その他の所得 (from the municipality)")
    household_exempt: bool = Field(description="世帯全員が市町村民税非課税")
    income_line: int = Field(description="所得基準額 (the 補足的 line is 100,000 above)")
    kind: SupportBenefitKind
    monthly: int = Field(ge=0, description="月額")
    reason: str
    income_from: str = Field(description="own (the service's payments) or given")
