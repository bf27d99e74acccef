"""自己情報表示 (own data): what each organisation holds about the logged-in person, fetched
through its public api for the one request and kept nowhere by the portal.

Sources: the register (基本4情報 and 世帯), eligibility (insurance coverage history and, for the
person's own eyes, medication, check-ups and visits), the municipality (住民税 and income), the
pension service (被保険者記録, 年金決定, 支払) and employment insurance (被保険者記録, 受給資格).
Each source records the read in its own access log under the reader `portal`.

⚠ The real portal reaches agency data through the network's 自己情報提供 under its own 符号.
Here the portal calls each agency's api: eligibility by its 符号 (asked of the network for the
call), the register and the municipality by the resident code, and the pension service and
ハローワーク by the My Number the register gives (their apis find people by it, as their desks
do); the number is used for the call, never shown or kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field

from mynumber.eligibility.api import PersonSide
from mynumber.eligibility.data import MembershipRecord, OwnMedical
from mynumber.employment.api import Employment
from mynumber.employment.data import BenefitDecision, InsuredRecord
from mynumber.kernel.clock import Clock, today_in_japan
from mynumber.kernel.errors import NotFoundError
from mynumber.kernel.fields import JsonDateTime
from mynumber.municipality.api import Municipality
from mynumber.municipality.data import TaxAssessment
from mynumber.pension.api import Pension
from mynumber.pension.data import Payment, PensionAward, PensionRecord
from mynumber.registry.api import Registry
from mynumber.registry.data import Relationship, Resident, Sex

__all__ = [
    "READER",
    "SECTION_NAMES",
    "BasicInfo",
    "EmploymentInfo",
    "OwnData",
    "OwnDataSources",
    "PensionInfo",
    "Section",
]

READER = "portal"  # the actor each source's access log names
MASKED = "（表示しません）"  # the My Number an agency keeps beside its record is not shown
_FROZEN = ConfigDict(frozen=True, extra="forbid")
T = TypeVar("T")


class Section(StrEnum):
    """One part of the 自己情報表示, by source."""

    BASIC = "basic"  # 住民基本台帳: 基本4情報・世帯
    INSURANCE = "insurance"  # オンライン資格確認等システム: 医療保険の資格
    MEDICAL = "medical"  # 同: 薬剤・特定健診・受診歴
    TAX = "tax"  # 市区町村: 税・所得
    PENSION = "pension"  # 日本年金機構: 年金
    EMPLOYMENT = "employment"  # ハローワーク: 雇用保険


SECTION_NAMES = {
    Section.BASIC: "基本4情報・世帯（住民基本台帳）",
    Section.INSURANCE: "医療保険の資格（オンライン資格確認等システム）",
    Section.MEDICAL: "薬剤・特定健診・受診歴（オンライン資格確認等システム）",
    Section.TAX: "税・所得（市区町村）",
    Section.PENSION: "年金（日本年金機構）",
    Section.EMPLOYMENT: "雇用保険（ハローワーク）",
}
SEX_NAMES = {Sex.MALE: "男", Sex.FEMALE: "女", Sex.NOT_APPLICABLE: "適用不能"}
RELATIONSHIP_NAMES = {
    Relationship.HEAD: "世帯主", Relationship.SPOUSE: "配偶者", Relationship.CHILD: "子",
    Relationship.CHILD_IN_LAW: "子の配偶者", Relationship.GRANDCHILD: "孫",
    Relationship.PARENT: "父母", Relationship.GRANDPARENT: "祖父母",
    Relationship.SIBLING: "兄弟姉妹", Relationship.OTHER_RELATIVE: "その他の親族",
    Relationship.LODGER: "同居人",
}  # fmt: skip


class BasicInfo(BaseModel):
    """基本4情報 (name, address, birth date, sex) with the kana and the household, as the
    register holds them (⚠ the other members of the household are not listed yet)."""

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


class PensionInfo(BaseModel):
    """The person's pension record, award and payments (the My Number beside it not shown)."""

    model_config = _FROZEN
    record: PensionRecord
    award: PensionAward | None = None
    payments: tuple[Payment, ...] = ()


class EmploymentInfo(BaseModel):
    """The person's employment-insurance record and benefit decisions."""

    model_config = _FROZEN
    record: InsuredRecord
    decisions: tuple[BenefitDecision, ...] = ()


class OwnData(BaseModel):
    """What was fetched, by section: a section asked for and holding nothing is empty (or
    null), one not asked for is absent from `sections`."""

    model_config = _FROZEN
    sections: tuple[Section, ...]
    fetched_at: JsonDateTime
    basic: BasicInfo | None = None
    insurance: tuple[MembershipRecord, ...] = ()
    medical: OwnMedical | None = None
    tax: tuple[TaxAssessment, ...] = Field(default=(), description="this fiscal year and last")
    pension: PensionInfo | None = None
    employment: EmploymentInfo | None = None


def _found(fetch: Callable[[], T]) -> T | None:
    """Return what a source gives, or None when it holds no such record."""
    try:
        return fetch()
    except NotFoundError:
        return None


def _fiscal_year(today: dt.date) -> int:
    return today.year if today.month >= 4 else today.year - 1


@dataclass(frozen=True)
class OwnDataSources:
    """The organisations' apis the portal reads the person's own data through."""

    clock: Clock
    registry: Registry
    eligibility: PersonSide
    municipality: Municipality | None = None
    pension: Pension | None = None
    employment: Employment | None = None

    def fetch(self, resident: Resident, subject: str, sections: Sequence[Section]) -> OwnData:
        """Return the sections asked for, for a resident (read once) and their eligibility
        符号."""
        found: dict[str, object] = {}
        if Section.BASIC in sections:
            found["basic"] = basic_info(resident)
        if Section.INSURANCE in sections:
            found["insurance"] = tuple(self.eligibility.history(subject=subject))
        if Section.MEDICAL in sections:
            found["medical"] = self.eligibility.own_medical(subject=subject)
        if Section.TAX in sections:
            found["tax"] = self._tax(resident)
        if Section.PENSION in sections:
            found["pension"] = self._pension(resident.my_number)
        if Section.EMPLOYMENT in sections:
            found["employment"] = self._employment(resident.my_number)
        return OwnData.model_validate(
            {"sections": tuple(sections), "fetched_at": self.clock.now(), **found}
        )

    def _tax(self, resident: Resident) -> tuple[TaxAssessment, ...]:
        if self.municipality is None:
            return ()
        desk, code = self.municipality, resident.address.local_government_code
        year = _fiscal_year(today_in_japan(self.clock))
        found = []
        for fiscal_year in (year, year - 1):
            try:
                found.append(
                    desk.assessment(
                        municipality=code,
                        resident_code=resident.resident_code,
                        fiscal_year=fiscal_year,
                        actor=READER,
                    )
                )
            except NotFoundError:  # no assessment that year, or not this town's resident
                continue
        return tuple(found)

    def _pension(self, my_number: str) -> PensionInfo | None:
        if self.pension is None:
            return None
        service = self.pension
        record = _found(lambda: service.find(my_number=my_number, actor=READER))
        if record is None:
            return None
        number = record.basic_pension_number
        return PensionInfo(
            record=record.model_copy(update={"my_number": MASKED}),
            award=_found(lambda: service.award_of(basic_pension_number=number, actor=READER)),
            payments=tuple(service.payments(basic_pension_number=number, actor=READER)),
        )

    def _employment(self, my_number: str) -> EmploymentInfo | None:
        if self.employment is None:
            return None
        office = self.employment
        record = _found(lambda: office.find(my_number=my_number, actor=READER))
        if record is None:
            return None
        number = record.insured_number
        return EmploymentInfo(
            record=record.model_copy(update={"my_number": MASKED}),
            decisions=tuple(office.decisions(insured_number=number, actor=READER)),
        )


def basic_info(resident: Resident) -> BasicInfo:
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
        relationship=RELATIONSHIP_NAMES.get(resident.relationship, resident.relationship.value),
        status={"active": "住民", "deceased": "死亡", "emigrated": "国外転出"}.get(
            resident.status.value, resident.status.value
        ),
    )
