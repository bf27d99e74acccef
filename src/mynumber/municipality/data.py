"""Frozen DTOs of the municipality (市区町村 as administration): what crosses its boundary."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from mynumber.kernel.checkdigits import IdentifierKind
from mynumber.kernel.fields import JsonInt, identifier_field

__all__ = [
    "ADDRESS_NUMBER_PATTERN",
    "AGENCY_KIND",
    "LOCAL_TAX_ITEM",
    "NURSERY_FEE_PROCEDURE",
    "RESIDENT_ITEM",
    "Addressee",
    "AllowanceLine",
    "AssessmentRun",
    "ChildAllowanceDecision",
    "CopyRun",
    "EnrolmentReport",
    "IncomeReport",
    "LocalTaxInfo",
    "NurseryFee",
    "TaxAssessment",
    "agency_id",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
AGENCY_KIND = "municipality"
# 特定個人情報名 of 地方税関係情報 on the network (code invented ⚠: the catalogue is not public).
LOCAL_TAX_ITEM = "TM00000000000001"
# The legal table's 事務 保育料（利用者負担額）の決定: municipality asks municipality.
NURSERY_FEE_PROCEDURE = "J0002"
# 住民票関係情報: the household (世帯) and 続柄, which 世帯単位 rules need.
RESIDENT_ITEM = "TM00000000000002"
# 団体内統合宛名番号: 15 digits, zero-padded, issued by each municipality in turn ⚠ (the shape is
# each municipality's; 15 digits is the width of the 中間サーバー's field).
ADDRESS_NUMBER_PATTERN = r"^\d{15}$"
# Exactly one of my_number and resident_code names the person (the schema says so too).
_BY_NUMBER: dict[str, Any] = {
    "required": ["my_number"],
    "properties": {"my_number": {"type": "string"}, "resident_code": {"type": "null"}},
}
_BY_CODE: dict[str, Any] = {
    "required": ["resident_code"],
    "properties": {"resident_code": {"type": "string"}, "my_number": {"type": "null"}},
}
_MAX_YEN = 100_000_000_000


def agency_id(local_government_code: str) -> str:
    """Return a municipality's agency id on the network (機関コード ⚠ shape), e.g.
    `municipality:131016`."""
    return f"{AGENCY_KIND}:{local_government_code}"


class Addressee(BaseModel):
    """A person in the municipality's 宛名 system: the 宛名番号 beside the My Number."""

    model_config = _FROZEN
    municipality: str = Field(description="全国地方公共団体コード")
    address_number: str = Field(pattern=ADDRESS_NUMBER_PATTERN, description="団体内統合宛名番号")
    resident_code: str = Field(description="住民票コード (the municipality runs the 住基 too)")
    my_number: str = Field(description="個人番号, kept as municipalities keep it")
    name: str
    birth_date: dt.date
    household_code: str
    relationship: str = Field(description="続柄 to the head of the household")


class EnrolmentReport(BaseModel):
    """What taking in the resident register gave the 宛名 system."""

    model_config = _FROZEN
    municipality: str
    enrolled: int = Field(ge=0, description="people given a new 宛名番号")
    updated: int = Field(ge=0, description="people whose My Number or household changed")
    total: int = Field(ge=0, description="addressees of the municipality")


class IncomeReport(BaseModel):
    """A year's incomes of one person, as 給与支払報告書, 公的年金等支払報告書 and 申告 give them.

    The reports name the person by My Number, as the real ones do (or by resident code).
    """

    model_config = ConfigDict(
        frozen=True, extra="forbid", json_schema_extra={"anyOf": [_BY_NUMBER, _BY_CODE]}
    )
    my_number: str | None = identifier_field(IdentifierKind.MY_NUMBER, default=None)
    resident_code: str | None = identifier_field(IdentifierKind.RESIDENT_CODE, default=None)
    income_year: JsonInt = Field(ge=1990, le=2100, description="暦年 (the tax is of the next FY)")
    salary_revenue: JsonInt = Field(default=0, ge=0, le=_MAX_YEN, description="給与収入")
    pension_revenue: JsonInt = Field(default=0, ge=0, le=_MAX_YEN, description="公的年金等収入")
    other_income: JsonInt = Field(
        default=0, ge=0, le=_MAX_YEN, description="その他の所得 (事業・不動産 …, after costs)"
    )
    social_insurance: JsonInt = Field(
        default=0, ge=0, le=_MAX_YEN, description="社会保険料 paid (社会保険料控除)"
    )

    @model_validator(mode="after")
    def _one_person(self) -> IncomeReport:
        if (self.my_number is None) == (self.resident_code is None):
            raise ValueError("name the person by my_number or by resident_code, not both")
        return self


class TaxAssessment(BaseModel):
    """One person's 住民税 of a fiscal year (個人住民税の賦課), with the figures behind it."""

    model_config = _FROZEN
    municipality: str
    address_number: str
    fiscal_year: int = Field(description="年度: the tax of FY Y is on the income of year Y−1")
    income_year: int
    salary_revenue: int = Field(description="給与収入")
    salary_income: int = Field(description="給与所得")
    pension_revenue: int = Field(description="公的年金等収入")
    pension_income: int = Field(description="公的年金等に係る雑所得")
    other_income: int = Field(description="その他の所得")
    total_income: int = Field(description="合計所得金額")
    deductions: int = Field(description="所得控除の合計")
    taxable_income: int = Field(description="課税所得 (課税総所得金額)")
    spouse: bool = Field(description="supports a 同一生計配偶者")
    dependants: int = Field(description="扶養親族 supported (年少 included)")
    municipal_income_levy: int = Field(description="市町村民税所得割額")
    prefectural_income_levy: int = Field(description="道府県民税所得割額")
    income_levy: int = Field(description="所得割額")
    per_capita_levy: int = Field(description="均等割額 (森林環境税 included)")
    exempt: bool = Field(description="非課税")
    income_levy_exempt: bool = Field(description="所得割 非課税 (均等割のみ課税 if not exempt)")
    total_levy: int = Field(description="年税額")


class AssessmentRun(BaseModel):
    """What assessing a municipality's residents for a fiscal year gave."""

    model_config = _FROZEN
    municipality: str
    fiscal_year: int
    assessed: int = Field(ge=0)
    exempt: int = Field(ge=0, description="非課税")
    per_capita_only: int = Field(ge=0, description="均等割のみ課税")
    income_levy_total: int = Field(ge=0, description="所得割 in all")
    per_capita_total: int = Field(ge=0, description="均等割 in all")


class LocalTaxInfo(BaseModel):
    """地方税関係情報 of one person and fiscal year: what the municipality may provide as a 副本.

    Values are as the network's item list names them; `exempt` is "1" (非課税) or "0".
    """

    model_config = _FROZEN
    address_number: str = Field(pattern=ADDRESS_NUMBER_PATTERN)
    fiscal_year: int
    taxable_income: int = Field(description="課税所得")
    income_levy: int = Field(description="所得割額")
    municipal_income_levy: int = Field(description="市町村民税所得割額 (保育料の算定)")
    per_capita_levy: int = Field(description="均等割額")
    exempt: str = Field(pattern=r"^[01]$", description="非課税: 1, 課税: 0")
    total_income: int = Field(description="合計所得金額")
    pension_income: int = Field(description="公的年金等収入金額")
    pension_net_income: int = Field(description="公的年金等に係る雑所得")
    revenue: int = Field(
        description="収入金額: 給与収入 + 公的年金等収入 + その他の所得 ⚠ (after costs)"
    )

    def values(self) -> dict[str, str | int | None]:
        """Return the values of the 副本 (CopyRecord.values), keyed by item name."""
        return self.model_dump(exclude={"address_number"})


class CopyRun(BaseModel):
    """What registering a fiscal year's 副本 on the intermediate server gave (副本登録)."""

    model_config = _FROZEN
    municipality: str
    agency: str = Field(description="the municipality's agency id on the network")
    fiscal_year: int
    people: int = Field(ge=0, description="assessed addressees")
    codes_obtained: int = Field(ge=0, description="符号 obtained and linked in this run")
    registered: int = Field(ge=0, description="副本 rows registered")
    already_registered: int = Field(ge=0, description="rows refused as already held")
    refused: int = Field(ge=0, description="rows refused for another reason")


class AllowanceLine(BaseModel):
    """One child of a 児童手当 decision."""

    model_config = _FROZEN
    address_number: str
    name: str
    birth_date: dt.date
    monthly: int = Field(ge=0, description="月額")


class ChildAllowanceDecision(BaseModel):
    """児童手当の認定: a household's children and amounts for a month, and its payment."""

    model_config = _FROZEN
    decision_id: int
    municipality: str
    household_code: str
    recipient: str | None = Field(description="受給者の宛名番号 (the main earner of the parents)")
    month: dt.date = Field(description="the month decided (its first day)")
    children: tuple[AllowanceLine, ...]
    monthly_total: int = Field(ge=0)
    payment_month: dt.date = Field(description="the even month this month is paid in")
    payment_amount: int = Field(ge=0, description="paid that month: the two months it covers")


class NurseryFee(BaseModel):
    """保育料 (認可保育所の利用者負担額) of one child for one month."""

    model_config = _FROZEN
    municipality: str
    address_number: str
    month: dt.date
    class_age: int = Field(description="クラス年齢: age on 1 April of the fiscal year")
    tax_year: int = Field(description="fiscal year of the 住民税 the fee is set from")
    parents_income_levy: int = Field(description="父母の市町村民税所得割額の合計")
    exempt_household: bool = Field(description="市町村民税非課税世帯")
    sibling_order: int = Field(ge=1, description="among the household's preschool children")
    band: int = Field(ge=0, description="階層 (0: free by age)")
    full_fee: int = Field(ge=0)
    fee: int = Field(ge=0, description="月額")
    reason: str
    income_from: str = Field(
        description="assessment (own records) or given (e.g. over the network)"
    )
