"""Frozen DTOs of the care information platform (介護情報基盤): what crosses its boundary."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from mynumber.kernel.checkdigits import IdentifierKind
from mynumber.kernel.fields import (
    TEXT_PATTERN,
    Base64Bytes,
    JsonBool,
    JsonDate,
    JsonInt,
    identifier_field,
)

__all__ = [
    "AGENCY_ID",
    "AGENCY_NAME",
    "INSURED_NUMBER_PATTERN",
    "OFFICE_NUMBER_PATTERN",
    "BurdenCertificate",
    "CardAuthentication",
    "CardView",
    "CareLevel",
    "CarePlan",
    "CareStatus",
    "Certification",
    "CertificationApplication",
    "CertificationDecision",
    "Claim",
    "ClaimReport",
    "EnrolmentRun",
    "InsuredCategory",
    "InsuredPerson",
    "Item",
    "ItemRefusal",
    "LimitApplication",
    "LimitCertificate",
    "NumberView",
    "PlannedService",
    "Provider",
    "ProviderKind",
    "Relationship",
    "ResearchCareMonth",
    "ViewAnswer",
    "Viewer",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
_BINARY = ConfigDict(frozen=True, extra="forbid", ser_json_bytes="base64", val_json_bytes="base64")
AGENCY_ID = "care:kokuhoren"  # the platform's agency id on the network and at J-LIS (⚠ name)
AGENCY_NAME = "介護情報基盤（国保中央会）"
# 介護保険被保険者番号: 10 digits; no public structure or check digit (⚠ opaque here).
INSURED_NUMBER_PATTERN = r"^\d{10}$"
# 介護保険事業所番号: 都道府県2 + 事業所区分1 + 郡市区2 + 番号4 + CD (letters without I, O, Q).
OFFICE_NUMBER_PATTERN = r"^\d{2}[0-9A-HJ-NPR-Z]{7}\d$"
_TEXT = Field(max_length=200, pattern=TEXT_PATTERN)


class InsuredCategory(StrEnum):
    """被保険者の区分."""

    FIRST = "1"  # 第1号被保険者: 65 and over, insured by the municipality directly
    SECOND = "2"  # 第2号被保険者: 40–64, through their health insurance


class CareLevel(StrEnum):
    """要介護状態区分コード, as on the 被保険者証 and the 国保連 interface."""

    NOT_APPLICABLE = "01"  # 非該当
    PROGRAMME = "06"  # 事業対象者 (総合事業)
    SUPPORT_1 = "12"  # 要支援1
    SUPPORT_2 = "13"  # 要支援2
    CARE_1 = "21"  # 要介護1
    CARE_2 = "22"  # 要介護2
    CARE_3 = "23"  # 要介護3
    CARE_4 = "24"  # 要介護4
    CARE_5 = "25"  # 要介護5


class ProviderKind(StrEnum):
    """Who asks the platform: a care office, a care manager's office or a medical institution."""

    CARE_SERVICE = "care_service"  # 介護サービス事業所 (介護事業所番号)
    CARE_MANAGEMENT = "care_management"  # 居宅介護支援事業所: the care manager (ケアマネ)
    MEDICAL = "medical"  # 医療機関 (医療機関コード), giving no care service


class Item(StrEnum):
    """What a provider may ask to see of a person."""

    INSURANCE = "insurance"  # 被保険者証情報: number, category, 要介護状態区分 and its period
    CERTIFICATION_DOCS = "certification_docs"  # 認定調査票 and 主治医意見書
    CARE_PLAN = "care_plan"  # ケアプラン (居宅サービス計画)
    CLAIMS = "claims"  # 給付実績
    BURDEN = "burden"  # 負担割合証
    LIMIT = "limit"  # 負担限度額認定証


class InsuredPerson(BaseModel):
    """A person insured by the municipality's 介護保険, under their 被保険者番号."""

    model_config = _FROZEN
    insured_number: str = Field(pattern=INSURED_NUMBER_PATTERN)
    insurer_number: str = Field(description="保険者番号: here the municipality's code ⚠")
    name: str
    birth_date: dt.date
    category: InsuredCategory
    acquired_on: dt.date = Field(description="資格取得日 (第1号: the day before the 65th birthday)")
    health_insurance: str = Field(default="", description="第2号: the health insurance's 記号番号")


class EnrolmentRun(BaseModel):
    """What the 65th-birthday job did in one municipality on one day."""

    model_config = _FROZEN
    municipality: str
    on: dt.date
    found: int = Field(ge=0, description="residents reaching 65 that day")
    enrolled: int = Field(ge=0, description="given a 被保険者番号 (or moved to 第1号)")
    already: int = Field(ge=0, description="already 第1号")


class CertificationApplication(BaseModel):
    """要介護認定の申請, with the 主治医意見書作成依頼 the insurer sends to the person's doctor."""

    model_config = _FROZEN
    insured_number: str = Field(pattern=INSURED_NUMBER_PATTERN)
    applied_on: JsonDate
    doctor: str = Field(max_length=60, pattern=TEXT_PATTERN, description="主治医の氏名")
    institution: str = identifier_field(
        IdentifierKind.FACILITY_CODE, description="主治医の医療機関コード (asked for the opinion)"
    )
    renewal: JsonBool = Field(default=False, description="更新申請 (else 新規)")
    specified_disease: str = Field(
        default="", max_length=60, description="第2号: the 特定疾病 the need arises from"
    )


class CertificationDecision(BaseModel):
    """The 介護認定審査会's decision, with the survey and the doctor's opinion behind it."""

    model_config = _FROZEN
    application_id: JsonInt
    level: CareLevel
    decided_on: JsonDate
    survey: str = Field(max_length=2000, pattern=TEXT_PATTERN, description="認定調査票 (概況)")
    opinion: str = Field(max_length=2000, pattern=TEXT_PATTERN, description="主治医意見書 (所見)")
    first_judgement: CareLevel | None = Field(default=None, description="一次判定結果")


class Certification(BaseModel):
    """An application and, once decided, its 要介護認定."""

    model_config = _FROZEN
    application_id: int
    insured_number: str
    applied_on: dt.date
    renewal: bool
    doctor: str
    institution: str = Field(description="医療機関コード asked for the 主治医意見書")
    level: CareLevel | None = Field(description="二次判定 要介護状態区分 (null: pending)")
    first_judgement: CareLevel | None
    decided_on: dt.date | None
    valid_from: dt.date | None = Field(description="認定有効期間開始年月日")
    valid_to: dt.date | None = Field(description="認定有効期間終了年月日")
    survey: str | None = Field(description="認定調査票 (shown only where allowed)")
    opinion: str | None = Field(description="主治医意見書 (shown only where allowed)")


class PlannedService(BaseModel):
    """One service of a care plan: its kind, the office giving it, units a month."""

    model_config = _FROZEN
    service_type: str = Field(pattern=r"^\d{2}$", description="サービス種類コード (11 訪問介護 …)")
    office_number: str = Field(pattern=OFFICE_NUMBER_PATTERN)
    units: JsonInt = Field(ge=0, le=100_000, description="単位数 a month")


class CarePlan(BaseModel):
    """ケアプラン (居宅サービス計画) made by a care manager at a 居宅介護支援事業所."""

    model_config = _FROZEN
    insured_number: str = Field(pattern=INSURED_NUMBER_PATTERN)
    office_number: str = Field(pattern=OFFICE_NUMBER_PATTERN, description="居宅介護支援事業所")
    care_manager: str = Field(max_length=60, pattern=TEXT_PATTERN, description="介護支援専門員")
    starts_on: JsonDate
    services: tuple[PlannedService, ...] = Field(min_length=1, max_length=20)


class Claim(BaseModel):
    """給付実績 of one month, one office, one kind of service (from the 国保連's 審査)."""

    model_config = _FROZEN
    insured_number: str = Field(pattern=INSURED_NUMBER_PATTERN)
    month: JsonDate = Field(description="サービス提供年月 (its first day)")
    office_number: str = Field(pattern=OFFICE_NUMBER_PATTERN)
    service_type: str = Field(pattern=r"^\d{2}$")
    units: JsonInt = Field(ge=0, le=1_000_000)
    total: int = Field(default=0, description="費用額 (units × 10円 ⚠)")
    insurer_paid: int = Field(default=0, description="保険給付額")
    person_paid: int = Field(default=0, description="利用者負担額 (by the 負担割合)")


class ClaimReport(BaseModel):
    """What a batch of 給付実績 did."""

    model_config = _FROZEN
    received: int
    recorded: int


class BurdenCertificate(BaseModel):
    """負担割合証: 1, 2 or 3割, from the person's income, for August to July."""

    model_config = _FROZEN
    insured_number: str
    ratio: int = Field(ge=1, le=3, description="利用者負担の割合 (割)")
    valid_from: dt.date
    valid_to: dt.date
    fiscal_year: int = Field(description="the 住民税 assessment it rests on")
    total_income: int = Field(description="合計所得金額")
    pension_and_other: int = Field(description="年金収入＋その他の合計所得金額")
    basis: str


class LimitApplication(BaseModel):
    """負担限度額認定の申請: savings declared (with the bankbook's copy, S1 L711-740)."""

    model_config = _FROZEN
    insured_number: str = Field(pattern=INSURED_NUMBER_PATTERN)
    applied_on: JsonDate
    savings: JsonInt = Field(ge=0, description="預貯金等の額 (通帳の写しで確認)")
    household_exempt: JsonBool = Field(
        description="世帯全員が住民税非課税 (as the clerk checked ⚠)"
    )
    spouse_savings: JsonInt = Field(default=0, ge=0)
    public_assistance: JsonBool = Field(default=False, description="生活保護受給者 (第1段階)")
    welfare_pension: JsonBool = Field(default=False, description="老齢福祉年金受給者 (第1段階)")


class LimitCertificate(BaseModel):
    """負担限度額認定証 (特定入所者介護サービス費): the stage that caps food and lodging."""

    model_config = _FROZEN
    insured_number: str
    stage: str = Field(description="利用者負担段階: 2, 3-1, 3-2")
    valid_from: dt.date
    valid_to: dt.date
    daily_food_limit: int = Field(description="食費の負担限度額 (日額, 施設)")
    basis: str


class Provider(BaseModel):
    """A care office, care manager's office or medical institution known to the platform."""

    model_config = _FROZEN
    number: str = Field(
        description="介護事業所番号, or the 医療機関コード of a medical institution"
    )
    kind: ProviderKind
    name: str = _TEXT


class Relationship(BaseModel):
    """A provider serving a person (利用関係): from `since` until `until` (null: ongoing)."""

    model_config = _FROZEN
    office_number: str
    insured_number: str
    since: dt.date
    until: dt.date | None
    identity_checked_at: dt.datetime | None = Field(description="when the card was last checked")


class Viewer(BaseModel):
    """Who asks: a provider and the member of its staff acting."""

    model_config = _FROZEN
    number: str
    kind: ProviderKind
    operator: str = Field(default="", max_length=60)


class CardAuthentication(BaseModel):
    """The person's card at the provider: the auth certificate and its signature over a fresh
    challenge of the platform (PIN path; ⚠ the face path is not in this slice)."""

    model_config = _BINARY
    certificate: Base64Bytes
    challenge: Base64Bytes = Field(description="from POST /api/care/challenges: once, 2 minutes")
    signature: Base64Bytes


class CardView(BaseModel):
    """A view by card: the card proves the person is present; the items asked; consent."""

    model_config = _BINARY
    authentication: CardAuthentication
    items: tuple[Item, ...] = Field(min_length=1, max_length=6)
    consent: JsonBool = Field(
        default=False, description="the person consents, at the card read, to this provider"
    )


class NumberView(BaseModel):
    """A later view by 被保険者番号, while the relationship lasts."""

    model_config = _FROZEN
    insured_number: str = Field(pattern=INSURED_NUMBER_PATTERN)
    items: tuple[Item, ...] = Field(min_length=1, max_length=6)


class ItemRefusal(BaseModel):
    """An item the viewer may not see: code and Japanese message."""

    model_config = _FROZEN
    item: Item
    code: str
    message: str


class ViewAnswer(BaseModel):
    """What a provider was shown, and what it was refused."""

    model_config = _FROZEN
    insured_number: str
    via: str = Field(description="card or number")
    insured: InsuredPerson | None = None
    certification: Certification | None = None
    care_plan: CarePlan | None = None
    claims: tuple[Claim, ...] | None = None
    burden: BurdenCertificate | None = None
    limit: LimitCertificate | None = None
    refused: tuple[ItemRefusal, ...] = ()


class CareStatus(BaseModel):
    """A person's care insurance at a glance (the municipality's desk)."""

    model_config = _FROZEN
    insured: InsuredPerson
    certification: Certification | None
    care_plan: CarePlan | None
    burden: BurdenCertificate | None
    limit: LimitCertificate | None


class ResearchCareMonth(BaseModel):
    """One month of one person's 介護給付 (給付実績), as the care platform gives it to the maker of
    research extracts (the 介護DB): no name, no My Number; the person only by their 介護保険
    被保険者番号, the key material here ⚠ (the real 介護DB gets the NDB's ID5, made from the oldest
    medical insured number, which this platform does not hold)."""

    model_config = _FROZEN
    insured_number: str
    birth_date: dt.date
    municipality: str = Field(description="the insurer (保険者), a municipality's code")
    month: dt.date = Field(description="the first day of the month of service")
    level: str = Field(description="the 要介護度 in force that month; '' when none")
    services: tuple[str, ...] = Field(description="サービス種類コード of the month")
    units: int = Field(description="単位数, the month's total")
