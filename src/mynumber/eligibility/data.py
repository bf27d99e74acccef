"""Frozen DTOs of the eligibility system; answers use the field names of the real interface."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AccessRecord",
    "CardAuthentication",
    "CardQuery",
    "EligibilityAnswer",
    "MembershipRecord",
    "NumberQuery",
    "QualificationInfo",
    "QualificationValidity",
    "Registration",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
_ANSWER = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, serialize_by_alias=True)


class QualificationValidity(StrEnum):
    """資格有効性: the headline of every answer."""

    VALID = "1"  # 有効
    INVALID = "2"  # 無効
    INVALID_WITH_NEWER = "3"  # 無効（新しい資格あり）
    NONE = "4"  # 該当資格なし
    MULTIPLE = "5"  # 複数該当


class MembershipRecord(BaseModel):
    """A membership as an insurer reports it (資格情報), without any My Number."""

    model_config = _FROZEN
    insurer_number: str
    membership_id: str
    symbol: str
    number: str
    branch: str = Field(pattern=r"^\d{2}$")
    role: str = Field(pattern=r"^[12]$", description="1 本人, 2 家族")
    insured_name: str = Field(description="name of the insured person (本人)")
    name: str
    name_kana: str
    birth_date: dt.date
    sex: int
    address: str = ""
    postal_code: str = ""
    valid_from: dt.date
    valid_to: dt.date | None = None
    loss_reason: str | None = None
    contribution_percent: int = Field(ge=10, le=30)
    limit_classification: str


class NumberQuery(BaseModel):
    """QualificationConfirmSearchInfo: a check by the numbers on a 資格確認書 or 保険証."""

    model_config = _FROZEN
    facility_code: str
    visit_date: dt.date
    insurer_number: str
    symbol: str = ""
    number: str
    branch: str = Field(pattern=r"^\d{2}$")
    birth_date: dt.date


class QualificationInfo(BaseModel):
    """ResultOfQualificationConfirmation: one membership as the facility sees it."""

    model_config = _ANSWER
    insured_card_classification: str = Field(alias="InsuredCardClassification")
    insurer_number: str = Field(alias="InsurerNumber")
    insured_card_symbol: str = Field(alias="InsuredCardSymbol")
    insured_identification_number: str = Field(alias="InsuredIdentificationNumber")
    insured_branch_number: str = Field(alias="InsuredBranchNumber")
    personal_family_classification: str = Field(alias="PersonalFamilyClassification")
    insured_name: str = Field(alias="InsuredName")
    name: str = Field(alias="Name")
    name_kana: str = Field(alias="NameKana")
    sex1: str = Field(alias="Sex1")
    birthdate: str = Field(alias="Birthdate", description="YYYYMMDD")
    address: str = Field(alias="Address")
    post_number: str = Field(alias="PostNumber")
    insured_card_valid_date: str = Field(alias="InsuredCardValidDate")
    insured_card_expiration_date: str = Field(alias="InsuredCardExpirationDate")
    insured_partial_contribution_ratio: str = Field(alias="InsuredPartialContributionRatio")
    preschool_classification: str = Field(alias="PreschoolClassification")
    reason_of_loss: str = Field(alias="ReasonOfLoss")
    limit_application_certificate_classification: str = Field(
        alias="LimitApplicationCertificateClassification"
    )


class EligibilityAnswer(BaseModel):
    """The response: header (MessageHeader) and body (資格確認結果)."""

    model_config = _ANSWER
    process_execution_time: str = Field(alias="ProcessExecutionTime")
    reference_classification: str = Field(
        alias="ReferenceClassification", description="1 card, 2 number"
    )
    segment_of_result: str = Field(
        alias="SegmentOfResult", description="1 OK, 2 processing, 9 error"
    )
    error_code: str = Field(default="", alias="ErrorCode")
    error_message: str = Field(default="", alias="ErrorMessage")
    qualification_validity: QualificationValidity | None = Field(alias="QualificationValidity")
    results: tuple[QualificationInfo, ...] = Field(default=(), alias="ResultList")


class CardAuthentication(BaseModel):
    """What the reader sends: the card's auth certificate and its signature over a challenge."""

    model_config = _FROZEN
    certificate: bytes = Field(description="the user-authentication certificate (DER)")
    challenge: bytes
    signature: bytes


class CardQuery(BaseModel):
    """A check by card at reception (PIN path: the card signed the challenge after its PIN)."""

    model_config = _FROZEN
    facility_code: str
    visit_date: dt.date
    authentication: CardAuthentication


class Registration(BaseModel):
    """The state of a person's card registration (利用登録)."""

    model_config = _FROZEN
    registered: bool
    registered_at: dt.datetime | None
    cancelled_at: dt.datetime | None


class AccessRecord(BaseModel):
    """One read of a person's eligibility data, as the person sees it."""

    model_config = _FROZEN
    seq: int
    recorded_at: dt.datetime
    facility_code: str
    what: str
    purpose: str
    outcome: str
