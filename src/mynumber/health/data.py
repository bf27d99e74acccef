"""What crosses the boundary of the medical information platform (全国医療情報プラットフォーム):
practitioners and their HPKI certificates, electronic prescriptions (電子処方箋), dispensing
results (調剤結果) and the duplicate and interaction check (重複投薬等チェック).

The patient is named as on the insurance card, by the insured number (保険者番号・記号・番号・
枝番) with the birth date; the doctor signs `PrescriptionContent.signed_bytes()` on their card.
"""

from __future__ import annotations

import datetime as dt
import json
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from mynumber.eligibility.data import CardAuthentication, MembershipRecord
from mynumber.kernel.fields import Base64Bytes, JsonBool, JsonDate, JsonFloat, JsonInt

__all__ = [
    "HC_ROLE_CODING_SCHEME",
    "HPKI_SIGNATURE_POLICY",
    "CheckFinding",
    "DispensingRecord",
    "DispensingRequest",
    "Drug",
    "DuplicateCheck",
    "FindingKind",
    "HealthAccessRecord",
    "InsuredPatient",
    "IssuedPrescription",
    "OwnPrescriptions",
    "Practitioner",
    "PractitionerApplication",
    "PractitionerRole",
    "Prescription",
    "PrescriptionContent",
    "PrescriptionRequest",
    "PrescriptionStatus",
    "RetrievalRequest",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
_BINARY = ConfigDict(frozen=True, extra="forbid", ser_json_bytes="base64", val_json_bytes="base64")
# HPKI (保健医療福祉分野PKI): the national qualification is an ISO 17090 hcRole in the
# certificate's subjectDirectoryAttributes, coded under this scheme with its English name; seen
# in a MEDIS test certificate (hcRole 1.0.17090.0.1 → 1.2.392.100495.1.6.1.1 "Medical Doctor").
HC_ROLE_CODING_SCHEME = "1.2.392.100495.1.6.1.1"
# ⚠ The signing certificate policy OID of that MEDIS certificate; other HPKI CAs (日本医師会)
# use their own OIDs under 1.2.392.100495.1.5.
HPKI_SIGNATURE_POLICY = "1.2.392.100495.1.5.1.1.0.1"
_DIGITS = r"^\d+$"
_TEXT = r"^[^\x00-\x1f]*$"


class PractitionerRole(StrEnum):
    """国家資格 as HPKI names it (hcRole codeDataValue)."""

    DOCTOR = "Medical Doctor"  # 医師
    DENTIST = "Dentist"  # 歯科医師 ⚠ the English names besides Medical Doctor are from memory
    PHARMACIST = "Pharmacist"  # 薬剤師


PRESCRIBERS = frozenset({PractitionerRole.DOCTOR, PractitionerRole.DENTIST})


class PractitionerApplication(BaseModel):
    """An application for an HPKI certificate on the card's signing key: the qualification as
    the operator checked it in the register (医籍), and the card's signature over
    `signed_bytes()` (a detached CMS SignedData made by the card, J-LIS's certificate inside)."""

    model_config = _BINARY
    name: str = Field(min_length=1, max_length=100, pattern=_TEXT)
    role: PractitionerRole
    license_number: str = Field(
        min_length=1, max_length=10, pattern=_DIGITS, description="医籍登録番号 (or 薬剤師名簿)"
    )
    signature: Base64Bytes = Field(description="detached CMS SignedData (DER) over signed_bytes()")

    def signed_bytes(self) -> bytes:
        """Return the canonical bytes the card signs."""
        return f"hpki-application\n{self.name}\n{self.role.value}\n{self.license_number}".encode()


class Practitioner(BaseModel):
    """A practitioner with the HPKI certificate issued on their card's signing key."""

    model_config = _BINARY
    practitioner_id: str
    name: str
    role: PractitionerRole
    license_number: str
    hpki_certificate: bytes = Field(description="DER, with the hcRole and the HPKI policy")
    registered_at: dt.datetime


class Drug(BaseModel):
    """One drug of an RP: the 薬価基準収載医薬品コード (YJ code), amount, days and usage."""

    model_config = _FROZEN
    yj_code: str = Field(pattern=r"^[0-9]{4}[0-9A-Z]{3}[A-Z][0-9A-Z]{3}[0-9]$")
    name: str = Field(min_length=1, max_length=200, pattern=_TEXT)
    quantity: JsonFloat = Field(gt=0, le=100000)
    unit: str = Field(min_length=1, max_length=20, pattern=_TEXT)
    days: JsonInt = Field(ge=1, le=365)
    usage: str = Field(default="", max_length=200, pattern=_TEXT, description="用法")


class InsuredPatient(BaseModel):
    """The patient as on the card: insured number and birth date."""

    model_config = _FROZEN
    insurer_number: str = Field(pattern=r"^\d{6}(?:\d{2})?$")
    symbol: str = Field(default="", max_length=20, pattern=_TEXT)
    number: str = Field(min_length=1, max_length=20, pattern=_TEXT)
    branch: str = Field(pattern=r"^\d{2}$")
    birth_date: JsonDate

    @classmethod
    def of_membership(cls, m: MembershipRecord) -> InsuredPatient:
        """The patient the platform knows under a membership's insured number."""
        return cls(
            insurer_number=m.insurer_number, symbol=m.symbol, number=m.number, branch=m.branch,
            birth_date=m.birth_date,
        )  # fmt: skip


class PrescriptionContent(BaseModel):
    """What the doctor signs (記録条件仕様 in spirit): facility, patient, date, drugs, uses."""

    model_config = _FROZEN
    facility_code: str = Field(pattern=r"^\d{10}$", description="医療機関コード")
    patient: InsuredPatient
    issued_on: JsonDate
    drugs: tuple[Drug, ...] = Field(min_length=1, max_length=30)
    uses: JsonInt = Field(
        default=1, ge=1, le=3, description="1: ordinary; 2–3: リフィル処方箋, that many uses"
    )

    def signed_bytes(self) -> bytes:
        """Return the canonical JSON the doctor's card signs."""
        data = self.model_dump(mode="json")
        return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


class PrescriptionRequest(BaseModel):
    """A signed prescription to register (処方箋登録), and how the patient was identified."""

    model_config = _BINARY
    content: PrescriptionContent
    signature: Base64Bytes = Field(description="detached CMS SignedData over the content")
    hpki_certificate: Base64Bytes = Field(description="the prescriber's HPKI certificate (DER)")
    card: CardAuthentication | None = Field(
        default=None, description="the patient's card at reception; none: by the insured number"
    )
    show_details: JsonBool = Field(
        default=False,
        description="the patient consented (口頭同意 at this visit, ⚠) to see the check's details",
    )


class FindingKind(StrEnum):
    """What the check found."""

    DUPLICATE = "duplicate"  # 重複投薬: the same ingredient in overlapping days
    CONTRAINDICATED = "contraindicated"  # 併用禁忌


class CheckFinding(BaseModel):
    """One finding, with the other prescription's facility and drug."""

    model_config = _FROZEN
    kind: FindingKind
    drug: str = Field(description="YJ code of the new drug")
    other_drug: str = Field(description="YJ code found in the period")
    other_name: str
    other_facility: str
    other_date: dt.date
    source: str = Field(description="prescription or dispensing")


class DuplicateCheck(BaseModel):
    """重複投薬等チェック: 'found' always; the findings only with the patient's consent."""

    model_config = _FROZEN
    found: bool
    count: int
    details_shown: bool
    findings: tuple[CheckFinding, ...] = ()
    message: str = Field(description="重複あり / 重複なし (and 詳細は同意が必要 when hidden)")


class PrescriptionStatus(StrEnum):
    """Where a prescription stands."""

    REGISTERED = "registered"  # 登録済: waiting at the service
    RECEIVED = "received"  # 受付済: a pharmacy has taken it
    DISPENSED = "dispensed"  # 調剤済: every use dispensed


class IssuedPrescription(BaseModel):
    """The answer to a registration: the 処方箋ID, the 引換番号 and the check."""

    model_config = _FROZEN
    prescription_id: str
    exchange_number: str = Field(description="引換番号, 6 digits, for the 処方内容（控え）")
    check: DuplicateCheck


class Prescription(BaseModel):
    """A registered prescription as the pharmacy (or the patient) sees it."""

    model_config = _FROZEN
    prescription_id: str
    content: PrescriptionContent
    prescriber: str = Field(description="the prescriber's name from the HPKI certificate")
    status: PrescriptionStatus
    uses_left: int
    registered_at: dt.datetime


class RetrievalRequest(BaseModel):
    """A pharmacy asks for prescriptions: 引換番号 and insured number, or the patient's card."""

    model_config = _BINARY
    facility_code: str = Field(pattern=r"^\d{10}$", description="薬局コード (医療機関等コード)")
    exchange_number: str | None = Field(default=None, pattern=r"^\d{6}$")
    patient: InsuredPatient | None = None
    card: CardAuthentication | None = None
    visit_date: JsonDate


class DispensingRequest(BaseModel):
    """調剤結果登録: what the pharmacy gave for a prescription it received."""

    model_config = _FROZEN
    facility_code: str = Field(pattern=r"^\d{10}$")
    prescription_id: str = Field(pattern=r"^[0-9a-f-]{36}$")
    dispensed_on: JsonDate
    drugs: tuple[Drug, ...] = Field(min_length=1, max_length=30)


class DispensingRecord(BaseModel):
    """A dispensing as recorded."""

    model_config = _FROZEN
    dispensing_id: str
    prescription_id: str
    facility_code: str
    dispensed_on: dt.date
    drugs: tuple[Drug, ...]
    use: int = Field(description="which use of the prescription (1 … uses)")


class OwnPrescriptions(BaseModel):
    """The person's own prescriptions and dispensings (for the portal)."""

    model_config = _FROZEN
    prescriptions: tuple[Prescription, ...]
    dispensings: tuple[DispensingRecord, ...]


class HealthAccessRecord(BaseModel):
    """One record of the person's access log: who did what, and the outcome."""

    model_config = _FROZEN
    seq: int
    recorded_at: dt.datetime
    facility: str
    action: str
    outcome: str
