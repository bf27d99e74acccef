"""Frozen DTOs of the eligibility system; answers use the field names of the real interface."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from mynumber.eligibility.proofs import (
    CardAuthentication,
    CardProof,
    CardQuery,
    ReaderMethod,
    ReaderResult,
)
from mynumber.eligibility.records import (
    CheckupResult,
    Claim,
    ConsentScope,
    Diagnosis,
    InsuredRef,
    IntakeReceipt,
    MedicalQuery,
    MedicalView,
    Medication,
    Operator,
    Procedure,
)
from mynumber.eligibility.requests import (
    REQUEST_SIGNATURE_VERSION,
    SignedRequest,
    request_signing_bytes,
)
from mynumber.kernel.checkdigits import IdentifierKind
from mynumber.kernel.fields import (
    Base64Key,
    JsonDate,
    JsonInt,
    PrefectureCode,
    identifier_field,
)

__all__ = [
    "MAX_BATCH_LINES",
    "REQUEST_SIGNATURE_VERSION",
    "SIMPLE_MODE_KINDS",
    "AccessRecord",
    "BatchLine",
    "BatchLineResult",
    "BatchResults",
    "BatchState",
    "BatchStatus",
    "BatchSubmission",
    "CardAuthentication",
    "CardProof",
    "CardQuery",
    "CheckupResult",
    "Claim",
    "ConsentRecord",
    "ConsentScope",
    "Diagnosis",
    "Disaster",
    "DisasterSearch",
    "EligibilityAnswer",
    "FacilityKind",
    "FacilityRegistration",
    "InsuredRef",
    "IntakeReceipt",
    "MedicalQuery",
    "MedicalView",
    "Medication",
    "MembershipLoss",
    "MembershipRecord",
    "MembershipRef",
    "NumberQuery",
    "Procedure",
    "QualificationInfo",
    "QualificationValidity",
    "ReaderMethod",
    "ReaderResult",
    "Registration",
    "SignedRequest",
    "TerminalIdentity",
    "TerminalRegistration",
    "parse_batch_csv",
    "request_signing_bytes",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
# Keys, certificates, challenges and signatures travel as base64 in JSON.
_BINARY = ConfigDict(frozen=True, extra="forbid", ser_json_bytes="base64", val_json_bytes="base64")
_ANSWER = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, serialize_by_alias=True)


class QualificationValidity(StrEnum):
    """資格有効性: the headline of every answer."""

    VALID = "1"  # 有効
    INVALID = "2"  # 無効
    INVALID_WITH_NEWER = "3"  # 無効（新しい資格あり）
    NONE = "4"  # 該当資格なし
    MULTIPLE = "5"  # 複数該当
    # 有効（資格情報未登録）: the insurer has accepted an enrolment covering the date but has not
    # yet reported its numbers (the time lag); never answered as a false "invalid".
    PENDING = "6"


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


class FacilityKind(StrEnum):
    """Kinds of facility that use the eligibility system."""

    HOSPITAL = "hospital"  # 病院
    CLINIC = "clinic"  # 医科診療所
    DENTAL = "dental"  # 歯科診療所
    PHARMACY = "pharmacy"  # 薬局
    PRACTITIONER = "practitioner"  # 施術所 (柔道整復・あん摩マッサージ指圧・はり・きゅう)
    HOME_NURSING = "home_nursing"  # 訪問看護ステーション


# Simple mode (資格確認限定型): eligibility only, never medical information.
SIMPLE_MODE_KINDS = frozenset({FacilityKind.PRACTITIONER, FacilityKind.HOME_NURSING})


class FacilityRegistration(BaseModel):
    """A facility registered to use the eligibility system (オンライン資格確認の利用申請)."""

    model_config = _FROZEN
    code: str = identifier_field(
        IdentifierKind.FACILITY_CODE, description="医療機関コード (prefecture first)"
    )
    kind: FacilityKind
    name: str = Field(max_length=200)


class TerminalRegistration(BaseModel):
    """A facility's terminal (資格確認端末) and the public key its requests are signed with."""

    model_config = _BINARY
    terminal_id: str = Field(min_length=1, max_length=64)
    facility_code: str = identifier_field(IdentifierKind.FACILITY_CODE)
    public_key: Base64Key = Field(description="Ed25519 public key, raw 32 bytes (base64)")


class TerminalIdentity(BaseModel):
    """Who sent a verified request: the terminal and the facility it belongs to."""

    model_config = _FROZEN
    terminal_id: str
    facility_code: str
    facility_kind: FacilityKind


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
    terminal: str = ""
    operator: str = Field(default="", description="the staff account at the terminal")
    what: str
    purpose: str
    outcome: str


class ConsentRecord(BaseModel):
    """A consent given at a facility's reader: what, from when, until when."""

    model_config = _FROZEN
    facility_code: str
    scopes: tuple[ConsentScope, ...]
    given_at: dt.datetime
    valid_until: dt.datetime


class MembershipRef(BaseModel):
    """Which membership, by the insurer's own id (sent back to the insurer that owns it)."""

    model_config = _FROZEN
    insurer_number: str
    membership_id: str


class MembershipLoss(BaseModel):
    """An insurer's report that a membership ended (資格喪失)."""

    model_config = _FROZEN
    insurer_number: str
    membership_id: str
    valid_to: dt.date
    reason: str


class Disaster(BaseModel):
    """A 災害時 activation: the prefectures and period where card-less lookup is allowed."""

    model_config = _FROZEN
    name: str = Field(min_length=1, max_length=200)
    prefecture_codes: tuple[PrefectureCode, ...] = Field(min_length=1)
    starts: JsonDate
    ends: JsonDate = Field(description="on or after starts")


class DisasterSearch(BaseModel):
    """A card-less lookup in disaster mode, by the four items (address may be partial)."""

    model_config = _FROZEN
    facility_code: str
    visit_date: JsonDate
    name: str = Field(min_length=1, description="kanji or kana, with or without the space")
    birth_date: JsonDate
    sex: JsonInt
    address: str = ""


# Last: the batch inquiry DTOs carry EligibilityAnswer, defined above.
from mynumber.eligibility.batch_records import (  # noqa: E402
    MAX_BATCH_LINES,
    BatchLine,
    BatchLineResult,
    BatchResults,
    BatchState,
    BatchStatus,
    BatchSubmission,
    parse_batch_csv,
)
