"""What crosses the boundary of PMH (Public Medical Hub): the municipality's registrations of
公費負担医療 and 自治体検診 recipients (shaped after デジタル庁's 医療費助成対象者情報登録API and
自治体検診対象者情報登録API), the facility's check by card and its answer.

`is_not_disclosed` is PMH's 不開示フラグ: it replaces the DV 支援措置区分 and is meant more broadly
(the person may ask). Under it a facility is told only that a registration exists.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from mynumber.eligibility.data import CardAuthentication
from mynumber.health.pmh.numbers import (
    INSURER_NUMBER_FORMAT,
    RECIPIENT_NUMBER_FORMAT,
    is_valid_insurer_number,
    is_valid_recipient_number,
)
from mynumber.health.vaccinations.data import MyNumberText
from mynumber.kernel.checkdigits import IdentifierKind
from mynumber.kernel.fields import JsonBool, JsonDate, JsonInt, identifier_field

__all__ = [
    "CheckupEntitlement",
    "CheckupKind",
    "CheckupRegistration",
    "PmhAnswer",
    "PmhCheck",
    "Subsidy",
    "SubsidyRegistration",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
_TEXT = r"^[^\x00-\x1f]*$"
WITHHELD = "不開示: 受給者証を確認してください"


def _insurer(value: str) -> str:
    if not is_valid_insurer_number(value):
        raise ValueError("not a valid 公費負担者番号 (8 digits, 検証番号)")
    return value


def _recipient(value: str) -> str:
    if not is_valid_recipient_number(value):
        raise ValueError("not a valid 公費受給者番号 (7 digits, 検証番号)")
    return value


class CheckupKind(StrEnum):
    """自治体検診 kinds (健康増進法 がん検診 and others)."""

    STOMACH = "stomach"  # 胃がん検診
    LUNG = "lung"  # 肺がん検診
    COLORECTAL = "colorectal"  # 大腸がん検診
    BREAST = "breast"  # 乳がん検診
    CERVICAL = "cervical"  # 子宮頸がん検診
    OSTEOPOROSIS = "osteoporosis"  # 骨粗鬆症検診
    PERIODONTAL = "periodontal"  # 歯周疾患検診


class SubsidyRegistration(BaseModel):
    """A 医療費助成 recipient the municipality registers (`medicalSubsidy…` fields of PMH)."""

    model_config = _FROZEN
    my_number: MyNumberText
    municipality_code: str = identifier_field(IdentifierKind.LOCAL_GOVERNMENT_CODE)
    resident_code: str | None = identifier_field(
        IdentifierKind.RESIDENT_CODE, default=None,
        description="住民票コード, for the register's 支援措置 (optional)",
    )  # fmt: skip
    insurer_number: str = Field(
        pattern=r"^\d{8}$",
        description="公費負担者番号 (medicalSubsidyInsurerNumber): 法別 都道府県 実施機関 検証番号",
        json_schema_extra={"format": INSURER_NUMBER_FORMAT},
    )
    recipient_number: str = Field(
        pattern=r"^\d{7}$",
        description="公費受給者番号 (medicalSubsidyRecipientNumber): 6 digits and 検証番号",
        json_schema_extra={"format": RECIPIENT_NUMBER_FORMAT},
    )
    certification_name: str = Field(min_length=1, max_length=100, pattern=_TEXT)
    valid_from: JsonDate
    valid_to: JsonDate = Field(description="on or after valid_from")
    max_copayment_amount: JsonInt | None = Field(
        default=None, ge=0, le=1_000_000, description="自己負担上限額 (円/月)"
    )
    is_not_disclosed: JsonBool = Field(default=False, description="不開示フラグ (the person asks)")

    @model_validator(mode="after")
    def _check(self) -> SubsidyRegistration:
        _insurer(self.insurer_number)
        _recipient(self.recipient_number)
        if self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")
        return self

    @property
    def law_number(self) -> str:
        """Return the 法別番号 (the first two digits of the 公費負担者番号)."""
        return self.insurer_number[:2]


class CheckupRegistration(BaseModel):
    """A 自治体検診 recipient the municipality registers (modificationSeg 1: 登録/更新)."""

    model_config = _FROZEN
    my_number: MyNumberText
    municipality_code: str = identifier_field(IdentifierKind.LOCAL_GOVERNMENT_CODE)
    resident_code: str | None = identifier_field(IdentifierKind.RESIDENT_CODE, default=None)
    kind: CheckupKind
    fiscal_year: JsonInt = Field(ge=2000, le=2199)
    is_not_disclosed: JsonBool = False


class Subsidy(BaseModel):
    """A 公費 as a facility or the clerk sees it; details are None when not disclosed."""

    model_config = _FROZEN
    is_not_disclosed: bool
    message: str = ""
    law_number: str | None = Field(default=None, description="法別番号")
    insurer_number: str | None = None
    recipient_number: str | None = None
    certification_name: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    max_copayment_amount: int | None = None


class CheckupEntitlement(BaseModel):
    """A 自治体検診 the person may take; kind is None when not disclosed."""

    model_config = _FROZEN
    is_not_disclosed: bool
    message: str = ""
    kind: CheckupKind | None = None
    fiscal_year: int | None = None
    municipality_code: str | None = None


class PmhCheck(BaseModel):
    """A facility's check of 公費 eligibility with the card (over the platform's challenge)."""

    model_config = _FROZEN
    facility_code: str = identifier_field(IdentifierKind.FACILITY_CODE)
    visit_date: JsonDate
    holder: CardAuthentication


class PmhAnswer(BaseModel):
    """The subsidies and screenings valid on the visit date."""

    model_config = _FROZEN
    visit_date: dt.date
    subsidies: tuple[Subsidy, ...]
    checkups: tuple[CheckupEntitlement, ...]
