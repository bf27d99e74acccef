"""自己情報表示 (own data): what each organisation holds about the logged-in person, fetched
for the one request and kept nowhere by the portal.

Sources: the register (基本4情報 and the 世帯 with its members), eligibility (insurance coverage
history and, for the person's own eyes, medication, check-ups and visits) and, through the
network's 自己情報提供 under the portal's own 符号 (`own_copies`), the 副本 of the municipality
(地方税関係情報), the pension service (年金給付関係情報) and ハローワーク (雇用保険給付関係情報);
the care platform and the prescription service (`platform_data`); 予防接種, 電子カルテ情報 and
PMH of the medical information platform (`platform_health`).
The register and eligibility record the read in their own access logs under the reader `portal`;
the network records each 自己情報提供 in the person's 情報提供等記録.

⚠ As the real portal does for the オンライン資格確認等システム, eligibility is read directly (by
its 符号, asked of the network for the call), and the register by the resident code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from mynumber.care.data import CareStatus
from mynumber.eligibility.api import PersonSide
from mynumber.eligibility.data import MembershipRecord, OwnMedical
from mynumber.health.api import OwnPmh, Vaccination
from mynumber.kernel.clock import Clock
from mynumber.kernel.fields import JsonDateTime
from mynumber.portal.ehr_summary import EhrDocument
from mynumber.portal.own_copies import OwnCopies, Purpose, ReceivedCopy
from mynumber.portal.platform_data import InsuranceMedication, PlatformData
from mynumber.portal.platform_health import HealthRecords
from mynumber.registry.api import Registry
from mynumber.registry.data import HouseholdMemberView, Relationship, Resident, Sex

__all__ = [
    "READER",
    "SECTION_NAMES",
    "BasicInfo",
    "HouseholdMemberInfo",
    "OwnData",
    "OwnDataSources",
    "Section",
]

READER = "portal"  # the actor each source's access log names
_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Section(StrEnum):
    """One part of the 自己情報表示, by source."""

    BASIC = "basic"  # 住民基本台帳: 基本4情報・世帯
    INSURANCE = "insurance"  # オンライン資格確認等システム: 医療保険の資格
    MEDICAL = "medical"  # 同: 薬剤・特定健診・受診歴
    TAX = "tax"  # 市区町村: 税・所得
    PENSION = "pension"  # 日本年金機構: 年金
    EMPLOYMENT = "employment"  # ハローワーク: 雇用保険
    CARE = "care"  # 介護情報基盤: 介護保険 (`platform_data`)
    PRESCRIPTIONS = "prescriptions"  # 電子処方箋管理サービス: 処方・調剤 (`platform_data`)
    VACCINATIONS = "vaccinations"  # 全国医療情報プラットフォーム: 予防接種 (`platform_health`)
    EHR = "ehr"  # 電子カルテ情報共有サービス: 3文書6情報 (`platform_health`)
    PMH = "pmh"  # PMH: 公費負担医療・自治体検診 (`platform_health`)


SECTION_NAMES = {
    Section.BASIC: "基本4情報・世帯（住民基本台帳）",
    Section.INSURANCE: "医療保険の資格（オンライン資格確認等システム）",
    Section.MEDICAL: "薬剤・特定健診・受診歴（オンライン資格確認等システム）",
    Section.TAX: "税・所得（市区町村の地方税関係情報）",
    Section.PENSION: "年金（日本年金機構の年金給付関係情報）",
    Section.EMPLOYMENT: "雇用保険（ハローワークの雇用保険給付関係情報）",
    Section.CARE: "介護保険（介護情報基盤）",
    Section.PRESCRIPTIONS: "処方・調剤（電子処方箋管理サービス）",
    Section.VACCINATIONS: "予防接種（全国医療情報プラットフォーム）",
    Section.EHR: "電子カルテ情報（電子カルテ情報共有サービス）",
    Section.PMH: "公費負担医療・自治体検診（PMH）",
}
SEX_NAMES = {Sex.MALE: "男", Sex.FEMALE: "女", Sex.NOT_APPLICABLE: "適用不能"}
RELATIONSHIP_NAMES = {
    Relationship.HEAD: "世帯主", Relationship.SPOUSE: "配偶者", Relationship.CHILD: "子",
    Relationship.CHILD_IN_LAW: "子の配偶者", Relationship.GRANDCHILD: "孫",
    Relationship.PARENT: "父母", Relationship.GRANDPARENT: "祖父母",
    Relationship.SIBLING: "兄弟姉妹", Relationship.OTHER_RELATIVE: "その他の親族",
    Relationship.LODGER: "同居人",
}  # fmt: skip


class HouseholdMemberInfo(BaseModel):
    """A member of the person's household as the register holds them (no My Number)."""

    model_config = _FROZEN
    name: str
    name_kana: str
    birth_date: dt.date
    relationship: str = Field(description="世帯主との続柄")
    is_self: bool = Field(description="the person themself")


class BasicInfo(BaseModel):
    """基本4情報 (name, address, birth date, sex) with the kana and the household, as the
    register holds them, the members of the household listed."""

    model_config = _FROZEN
    name: str
    name_kana: str
    birth_date: dt.date
    sex: str
    postal_code: str
    address: str
    household_code: str = Field(description="世帯コード")
    relationship: str = Field(description="世帯主との続柄")
    status: str
    members: tuple[HouseholdMemberInfo, ...] = Field(default=(), description="世帯員")


class OwnData(BaseModel):
    """What was fetched, by section: a section asked for and holding nothing is empty (or
    null), one not asked for is absent from `sections`. The 税・年金・雇用保険 sections hold the
    副本 received through the network (a provider without one: status `no_copy`)."""

    model_config = _FROZEN
    sections: tuple[Section, ...]
    fetched_at: JsonDateTime
    basic: BasicInfo | None = None
    insurance: tuple[MembershipRecord, ...] = ()
    medical: OwnMedical | None = None
    tax: tuple[ReceivedCopy, ...] = Field(
        default=(), description="地方税関係情報, one per municipality holding a 符号 for the person"
    )
    pension: ReceivedCopy | None = None
    employment: ReceivedCopy | None = None
    care: CareStatus | None = Field(
        default=None,
        description="介護保険: 被保険者, 要介護認定, ケアプラン, 負担割合 (null: not insured)",
    )
    prescriptions: tuple[InsuranceMedication, ...] = Field(
        default=(), description="処方・調剤, per insured number of the coverage history"
    )
    vaccinations: tuple[Vaccination, ...] = Field(default=(), description="予防接種, oldest first")
    ehr: tuple[EhrDocument, ...] = Field(
        default=(), description="電子カルテ情報: every 3文書6情報 Bundle stored about the person"
    )
    pmh: OwnPmh | None = Field(
        default=None, description="公費負担医療・自治体検診 registrations (不開示: existence only)"
    )


@dataclass(frozen=True)
class OwnDataSources:
    """Where the portal reads the person's own data: the register, eligibility, and the
    network's 自己情報提供."""

    clock: Clock
    registry: Registry
    eligibility: PersonSide
    copies: OwnCopies
    platforms: PlatformData = field(default_factory=PlatformData)
    records: HealthRecords | None = None

    def fetch(self, resident_code: str, subject: str, sections: Sequence[Section]) -> OwnData:
        """Return the sections asked for, for a person and their eligibility 符号."""
        found: dict[str, object] = {}
        if Section.BASIC in sections:
            resident = self.registry.get(resident_code=resident_code, actor=READER)
            members = self.registry.household_members(resident_code=resident_code, actor=READER)
            found["basic"] = basic_info(resident, members)
        history: tuple[MembershipRecord, ...] = ()
        if {Section.INSURANCE, Section.PRESCRIPTIONS, Section.EHR} & set(sections):
            history = tuple(self.eligibility.history(subject=subject))
        if Section.INSURANCE in sections:
            found["insurance"] = history
        if Section.MEDICAL in sections:
            found["medical"] = self.eligibility.own_medical(subject=subject)
        own = Purpose.OWN_VIEW
        if Section.TAX in sections:
            found["tax"] = self.copies.tax(resident_code, own)
        if Section.PENSION in sections:
            found["pension"] = self.copies.pension(resident_code, own)
        if Section.EMPLOYMENT in sections:
            found["employment"] = self.copies.employment(resident_code, own)
        found |= self._platform_sections(resident_code, history, sections)
        return OwnData.model_validate(
            {"sections": tuple(sections), "fetched_at": self.clock.now(), **found}
        )

    def _platform_sections(
        self, resident_code: str, history: Sequence[MembershipRecord], sections: Sequence[Section]
    ) -> dict[str, object]:
        """Return the platforms' sections asked for: 介護保険, 処方・調剤, 予防接種, 電子カルテ
        情報 and PMH."""
        found: dict[str, object] = {}
        if Section.CARE in sections:
            found["care"] = self.platforms.care_status(resident_code)
        if Section.PRESCRIPTIONS in sections:
            found["prescriptions"] = self.platforms.medication(history)
        records = self.records
        if records is None:
            return found
        if Section.VACCINATIONS in sections:
            found["vaccinations"] = records.vaccinations(resident_code)
        if Section.EHR in sections:
            found["ehr"] = records.ehr(history)
        if Section.PMH in sections:
            found["pmh"] = records.pmh(resident_code)
        return found


def _relationship(relationship: Relationship) -> str:
    return RELATIONSHIP_NAMES.get(relationship, relationship.value)


def basic_info(resident: Resident, members: Sequence[HouseholdMemberView] = ()) -> BasicInfo:
    """Return the four items and the household of a resident, without the My Number."""
    name, address = resident.name, resident.address
    return BasicInfo(
        name=name.full,
        name_kana=name.full_kana,
        birth_date=resident.birth_date,
        sex=SEX_NAMES.get(resident.sex, str(resident.sex)),
        postal_code=address.postal_code,
        address=address.text,
        household_code=resident.household_code,
        relationship=_relationship(resident.relationship),
        status={"active": "住民", "deceased": "死亡", "emigrated": "国外転出"}.get(
            resident.status.value, resident.status.value
        ),
        members=tuple(_member(m) for m in members),
    )


def _member(member: HouseholdMemberView) -> HouseholdMemberInfo:
    return HouseholdMemberInfo(
        name=member.name,
        name_kana=member.name_kana,
        birth_date=member.birth_date,
        relationship=_relationship(member.relationship),
        is_self=member.is_self,
    )
