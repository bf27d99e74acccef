"""Medical information behind the consent gate: claims and check-ups as they arrive, and the
views a facility is shown (re-exported by `eligibility.data`)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from mynumber.eligibility.data.consent import ConsentScope
from mynumber.eligibility.data.memberships import MembershipRecord
from mynumber.eligibility.data.verification import Operator
from mynumber.kernel.fields import JsonBool, JsonDate, JsonFloat, JsonInt

__all__ = [
    "CheckupResult",
    "Claim",
    "Diagnosis",
    "InsuredRef",
    "IntakeReceipt",
    "LifetimeReads",
    "MedicalQuery",
    "MedicalView",
    "Medication",
    "OwnCheckup",
    "OwnMedical",
    "Procedure",
    "ResearchClaim",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class InsuredRef(BaseModel):
    """A person as claims and check-ups name them: by the insured number."""

    model_config = _FROZEN
    insurer_number: str
    symbol: str = ""
    number: str
    branch: str = Field(pattern=r"^\d{2}$")


class Medication(BaseModel):
    """A drug prescribed or dispensed (薬剤情報), from a claim."""

    model_config = _FROZEN
    code: str = Field(max_length=20, description="薬価基準収載医薬品コード (YJ code)")
    name: str = Field(max_length=200)
    quantity: JsonFloat = Field(gt=0)
    unit: str = Field(max_length=20)
    days: JsonInt = Field(ge=1)


class Diagnosis(BaseModel):
    """A diagnosis on a claim (傷病名), ICD-10 coded."""

    model_config = _FROZEN
    code: str = Field(max_length=20)
    name: str = Field(max_length=200)


class Procedure(BaseModel):
    """A procedure on a claim (診療行為: operations, tests)."""

    model_config = _FROZEN
    code: str = Field(max_length=20)
    name: str = Field(max_length=200)


class Claim(BaseModel):
    """One claim (レセプト) as the review bodies pass it on: who, where, when, what."""

    model_config = _FROZEN
    insured: InsuredRef
    facility_code: str = Field(max_length=10, description="医療機関コード")
    service_date: JsonDate
    diagnoses: tuple[Diagnosis, ...] = ()
    procedures: tuple[Procedure, ...] = ()
    medications: tuple[Medication, ...] = ()


class OwnCheckup(BaseModel):
    """A check-up result as the person themself sees it (without the insured number)."""

    model_config = _FROZEN
    examined_on: JsonDate
    height_cm: JsonFloat
    weight_kg: JsonFloat
    waist_cm: JsonFloat
    systolic_mmhg: JsonInt
    diastolic_mmhg: JsonInt
    hba1c_percent: JsonFloat
    ldl_mg_dl: JsonInt
    hdl_mg_dl: JsonInt
    triglycerides_mg_dl: JsonInt


class CheckupResult(OwnCheckup):
    """A specific health check-up (特定健診) result an insurer reports: the person's own view of
    it, filed under the insured number."""

    insured: InsuredRef


# A pair [row index, reason]: stated without prefixItems, which some OpenAPI tools misread.
_ROW_AND_REASON: JsonDict = {
    "type": "array",
    "items": {"type": ["integer", "string"]},
    "minItems": 2,
    "maxItems": 2,
}


class IntakeReceipt(BaseModel):
    """What happened to a batch of claims or check-ups: stored, and each row refused with why."""

    model_config = _FROZEN
    stored: int
    refused: tuple[tuple[int, str], ...] = Field(
        default=(),
        description="(row index, reason)",
        json_schema_extra={"items": _ROW_AND_REASON},
    )


class MedicalQuery(BaseModel):
    """A facility's request to view a consented kind of information about a patient."""

    model_config = _FROZEN
    facility_code: str
    insured: InsuredRef
    birth_date: JsonDate
    scope: ConsentScope
    disaster: JsonBool = Field(default=False, description="under an active 災害時 activation")
    oral_consent: JsonBool = Field(
        default=False,
        description="災害時: the facility states the patient consented orally (口頭同意); a "
        "disaster-mode view is refused without it",
    )
    operator: Operator = ""


class MedicalView(BaseModel):
    """The information shown, in date order; only the consented scope is filled."""

    model_config = _FROZEN
    scope: ConsentScope
    consent_valid_until: dt.datetime | None
    disaster: bool = False
    medications: tuple[tuple[dt.date, str, Medication], ...] = Field(
        default=(), description="(date, facility code, medication)"
    )
    checkups: tuple[CheckupResult, ...] = ()
    treatments: tuple[tuple[dt.date, str, Diagnosis | Procedure], ...] = ()


class OwnMedical(BaseModel):
    """What the person may see of their own medical information (マイナポータル 自己情報表示):
    薬剤情報, 特定健診情報 and the visits their claims record (受診歴), in date order.

    ⚠ Claims here carry no amounts, so no 医療費通知情報 (medical expenses) can be given.
    """

    model_config = _FROZEN
    medications: tuple[tuple[dt.date, str, Medication], ...] = Field(
        default=(), description="(date, facility code, medication)"
    )
    checkups: tuple[OwnCheckup, ...] = ()
    visits: tuple[tuple[dt.date, str], ...] = Field(
        default=(), description="(date, facility code) of each claim"
    )


class LifetimeReads(BaseModel):
    """What the eligibility system gives of one person to their lifetime record (生涯にわたる
    記録): the insurance history, oldest first, and the 自己情報 of every scope, in
    `ConsentScope`'s order (each read logged as `self_information` does)."""

    model_config = _FROZEN
    subject: str
    memberships: tuple[MembershipRecord, ...]
    views: tuple[MedicalView, ...]


class ResearchClaim(BaseModel):
    """One month of one person's claims at one facility (レセプト, 診療月単位), as the eligibility
    system gives it to the maker of research extracts (次世代医療基盤法's 作成事業者, the NDB's
    hashing body): no name, no address line, no subject; the person only by the key material
    of the NDB's ID5, their oldest insured number (最古の個人単位被保険者番号).

    ⚠ The postal code and sex are those of the membership in force in the month (else the
    latest); the real NDB carries no postal code (the 作成事業者 takes it from the EHR).
    """

    model_config = _FROZEN
    oldest_insured: InsuredRef
    birth_date: JsonDate
    sex: JsonInt = Field(description="1 male, 2 female")
    postal_code: str
    facility_code: str
    month: JsonDate = Field(description="the first day of the month of service (診療月)")
    first_day: JsonDate
    days: JsonInt = Field(ge=1, description="days of service in the month (実日数)")
    diagnoses: tuple[str, ...] = Field(default=(), description="ICD-10 codes, first the main")
    medicines: tuple[str, ...] = Field(default=(), description="YJ codes")
