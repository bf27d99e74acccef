"""What a check of eligibility asks and what it answers, in the field names of the real interface.

A check by number (`NumberQuery`) or by card (`proofs.CardQuery`) gets an `EligibilityAnswer`:
its header, its 資格有効性 and one `QualificationInfo` per membership shown.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from mynumber.kernel.fields import JsonDate

__all__ = [
    "EligibilityAnswer",
    "NumberQuery",
    "Operator",
    "QualificationInfo",
    "QualificationValidity",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
_ANSWER = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, serialize_by_alias=True)
# 受付職員: the staff account working the terminal, as the terminal attests it (its request is
# signed); written into the person's access record beside the facility and terminal.
Operator = Annotated[
    str,
    Field(
        pattern=r"^(?:[a-z0-9][a-z0-9._-]{1,39})?$",
        description="the staff account at the terminal (受付職員); empty when none is named",
    ),
]


class QualificationValidity(StrEnum):
    """資格有効性: the headline of every answer."""

    VALID = "1"  # 有効
    INVALID = "2"  # 無効
    INVALID_WITH_NEWER = "3"  # 無効（新しい資格あり）
    NONE = "4"  # 該当資格なし
    MULTIPLE = "5"  # 複数該当
    # 有効（資格情報未登録）: the insurer has accepted an enrolment covering the date but has not
    # yet reported its numbers (the time lag). ⚠ This project's code, answered only under the
    # safeguarded policy; the real rules answer 2 or 4 instead (policy
    # `pending_enrolment_reads_as_no_coverage`).
    PENDING = "6"


class NumberQuery(BaseModel):
    """QualificationConfirmSearchInfo: a check by the numbers on a 資格確認書 or 保険証."""

    model_config = _FROZEN
    facility_code: str
    visit_date: JsonDate
    insurer_number: str
    symbol: str = ""
    number: str
    branch: str = Field(pattern=r"^\d{2}$")
    birth_date: JsonDate
    operator: Operator = ""


class QualificationInfo(BaseModel):
    """ResultOfQualificationConfirmation: one membership as the facility sees it."""

    model_config = _ANSWER
    insured_card_classification: str = Field(alias="InsuredCardClassification")
    insurer_number: str = Field(alias="InsurerNumber")
    insurer_name: str = Field(
        default="", alias="InsurerName", description="保険者名称; empty when not reported"
    )
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
    address_not_disclosed: str = Field(
        default="0",
        alias="AddressNotDisclosed",
        pattern=r"^[01]$",
        description="不開示フラグ (the PMH API's isNotDisclosed): 1 when the person is under a "
        "DV 支援措置 (住民基本台帳事務におけるDV等支援措置); Address and PostNumber are then empty",
    )
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
    # Consent at the reader: flag 1 given / 0 refused / "" not asked; times YYYYMMDDHHMMSS JST.
    # PharmacistsInfo = medication, SpecificHealthCheckupsInfo = check-ups, Diagnosis and
    # Operation = treatment.
    pharmacists_info_cons_flg: str = Field(default="", alias="PharmacistsInfoConsFlg")
    pharmacists_info_cons_time: str = Field(default="", alias="PharmacistsInfoConsTime")
    pharmacists_info_available_time: str = Field(default="", alias="PharmacistsInfoAvailableTime")
    specific_health_checkups_info_cons_flg: str = Field(
        default="", alias="SpecificHealthCheckupsInfoConsFlg"
    )
    specific_health_checkups_info_cons_time: str = Field(
        default="", alias="SpecificHealthCheckupsInfoConsTime"
    )
    specific_health_checkups_info_available_time: str = Field(
        default="", alias="SpecificHealthCheckupsInfoAvailableTime"
    )
    diagnosis_info_cons_flg: str = Field(default="", alias="DiagnosisInfoConsFlg")
    diagnosis_info_cons_time: str = Field(default="", alias="DiagnosisInfoConsTime")
    diagnosis_info_available_time: str = Field(default="", alias="DiagnosisInfoAvailableTime")
    operation_info_cons_flg: str = Field(default="", alias="OperationInfoConsFlg")
    operation_info_cons_time: str = Field(default="", alias="OperationInfoConsTime")
    operation_info_available_time: str = Field(default="", alias="OperationInfoAvailableTime")
