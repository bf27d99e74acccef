"""Frozen DTOs and enums of the insurers: what crosses their boundary."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from mynumber.kernel.checkdigits import IdentifierKind
from mynumber.kernel.fields import JsonBool, JsonDate, JsonInt, checked_identifier

__all__ = [
    "KOUKI_CONTRIBUTION_PROCEDURE",
    "ContributionDecision",
    "ContributionRefusal",
    "ContributionRun",
    "DocumentKind",
    "Enrolment",
    "FamilyRole",
    "HeldLink",
    "IncomeCategory",
    "InsuredDocument",
    "InsuredNumber",
    "Insurer",
    "InsurerKind",
    "KoukiMember",
    "LimitClassification",
    "LossReason",
    "Member",
    "Membership",
    "export_agency",
    "is_kouki_number",
    "network_agency_id",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
# The legal table's 事務 後期高齢者医療 一部負担金割合の判定: 広域連合 asks municipality.
KOUKI_CONTRIBUTION_PROCEDURE = "J0001"
_InsurerNumber = Annotated[
    str,
    checked_identifier(IdentifierKind.INSURER_NUMBER, "保険者番号 (6 or 8 digits with 検証番号)"),
]


class InsurerKind(StrEnum):
    """Kinds of insurer, with the 法別番号 their 8-digit numbers start with."""

    KYOKAI = "kyokai"  # 全国健康保険協会 (協会けんぽ), 法別 01
    KUMIAI = "kumiai"  # 健康保険組合, 法別 06
    KYOSAI = "kyosai"  # 共済組合, 法別 31–34
    KOKUHO = "kokuho"  # 市町村国民健康保険, 6 digits
    KOKUHO_KUMIAI = "kokuho_kumiai"  # 国民健康保険組合, 6 digits
    KOKI = "koki"  # 後期高齢者医療広域連合, 法別 39


class FamilyRole(StrEnum):
    """PersonalFamilyClassification: 1 本人 (the insured), 2 家族 (a dependant)."""

    INSURED = "1"
    DEPENDANT = "2"


class IncomeCategory(StrEnum):
    """Income bands that set the contribution ratio and the limit classification."""

    ACTIVE_EQUIVALENT = "active_equivalent"  # 現役並み所得
    ABOVE_CERTAIN = "above_certain"  # 一定以上所得 (後期 2割)
    GENERAL = "general"  # 一般
    LOW = "low"  # 低所得 (住民税非課税)


class LimitClassification(StrEnum):
    """限度額適用認定証 区分: ア–オ under 70, and the bands from 70."""

    CLASS_A = "ア"
    CLASS_I = "イ"
    CLASS_U = "ウ"
    CLASS_E = "エ"
    CLASS_O = "オ"
    ELDERLY_ACTIVE = "現役並み"
    ELDERLY_GENERAL = "一般"
    ELDERLY_LOW = "低所得"


class LossReason(StrEnum):
    """ReasonOfLoss: why coverage ended (資格喪失事由)."""

    RETIREMENT = "retirement"  # 退職
    JOB_CHANGE = "job_change"  # 転職
    MOVED_AWAY = "moved_away"  # 転出 (国保)
    AGE_75 = "age_75"  # 後期高齢者医療へ移行
    EMPLOYMENT = "employment"  # 就職 (国保 → 被用者保険)
    DEPENDANT_ENDED = "dependant_ended"  # 被扶養者でなくなった
    DEATH = "death"  # 死亡
    OTHER = "other"


class Insurer(BaseModel):
    """An insurer with its 保険者番号."""

    model_config = _FROZEN
    number: _InsurerNumber
    kind: InsurerKind
    name: str
    prefecture_code: str = Field(pattern=r"^(0[1-9]|[1-3][0-9]|4[0-7])$")

    @model_validator(mode="after")
    def _kind_matches_number(self) -> Insurer:
        """A 広域連合 and only a 広域連合 has a 法別番号 39 number: its network id depends on it."""
        if (self.kind is InsurerKind.KOKI) != is_kouki_number(self.number):
            raise ValueError("a 後期高齢者医療広域連合 and only it has an 8-digit 39… number")
        return self


class InsuredNumber(BaseModel):
    """What is printed on a 資格確認書: 保険者番号, 記号, 番号 and the 2-digit 枝番."""

    model_config = _FROZEN
    insurer_number: str
    symbol: str = Field(max_length=20, description="記号 (may be empty)")
    number: str = Field(min_length=1, max_length=20, description="番号")
    branch: str = Field(pattern=r"^\d{2}$", description="枝番")


def export_agency(insurer_number: str) -> str:
    """Return the agency an insurer's records carry in the link export (insurer:<保険者番号>)."""
    return f"insurer:{insurer_number}"


class Member(BaseModel):
    """The person as the insurer was told of them (資格取得届)."""

    model_config = _FROZEN
    name: str = Field(max_length=100)
    name_kana: str = Field(max_length=200)
    birth_date: JsonDate
    sex: JsonInt = Field(description="ISO 5218: 1 male, 2 female")
    address: str = Field(default="", max_length=200)
    postal_code: str = Field(default="", max_length=7)


class Enrolment(BaseModel):
    """A request to enrol a person (資格取得), with the My Number the gateway exchanges."""

    model_config = _FROZEN
    insurer_number: str
    my_number: str = Field(repr=False)
    member: Member
    valid_from: JsonDate
    dependant_of: str | None = Field(default=None, description="membership id of the insured")
    income: IncomeCategory = IncomeCategory.GENERAL
    defer_report: JsonBool = Field(
        default=False,
        description="accept now, report the numbers to the eligibility system later (time lag)",
    )


class Membership(BaseModel):
    """One membership: who, which numbers, from when to when, at what ratio."""

    model_config = _FROZEN
    membership_id: str
    insured: InsuredNumber
    role: FamilyRole
    member: Member
    valid_from: dt.date
    valid_to: dt.date | None
    loss_reason: LossReason | None
    income: IncomeCategory
    contribution_percent: int
    limit_classification: LimitClassification


class DocumentKind(StrEnum):
    """What an insurer sends a member about their coverage."""

    CERTIFICATE = "certificate"  # 資格確認書: shown at reception instead of a registered card
    NOTICE = "notice"  # 資格情報のお知らせ: the insured numbers, for card users


class InsuredDocument(BaseModel):
    """A 資格確認書 (valid up to 5 years) or a 資格情報のお知らせ sent to a member."""

    model_config = _FROZEN
    document_id: str
    kind: DocumentKind
    membership_id: str
    insured: InsuredNumber
    name: str
    issued_on: dt.date
    valid_until: dt.date | None = Field(description="資格確認書 only")
    reason: str = Field(description="no_registered_card, registration_cancelled, card_registered")


def is_kouki_number(insurer_number: str) -> bool:
    """Return whether a 保険者番号 is a 後期高齢者医療広域連合's: 8 digits, 法別番号 39."""
    return len(insurer_number) == 8 and insurer_number.startswith("39")


def network_agency_id(insurer_number: str) -> str:
    """Return an insurer's one agency id on the network (機関コード ⚠ shape), under which it
    obtains its 符号 at enrolment and asks with them: `kouki:39…` for a 後期高齢者医療広域連合
    (the legal table names it as a requester of its own kind), `insurer:…` for the others."""
    return f"{'kouki' if is_kouki_number(insurer_number) else 'insurer'}:{insurer_number}"


class KoukiMember(BaseModel):
    """A 広域連合 member whose 符号 the 広域連合 obtains, and the municipality they live in (住所地:
    the window that enrolled them, and the provider of their 住民税 over the network)."""

    model_config = _FROZEN
    number: str = Field(pattern=r"^[0-9]{1,20}$", description="被保険者番号")
    my_number: str = Field(repr=False)
    resident_code: str = Field(repr=False, description="⚠ until J-LIS converts the My Number")
    municipality: str = Field(pattern=r"^[0-9]{6}$", description="全国地方公共団体コード")


class ContributionDecision(BaseModel):
    """一部負担金割合の判定: a member's 負担割合 from the household's 住民税, over the network."""

    model_config = _FROZEN
    membership_id: str
    number: str = Field(description="被保険者番号")
    fiscal_year: int = Field(description="年度 of the 住民税 it was decided from")
    income: IncomeCategory
    contribution_percent: int = Field(description="10, 20 or 30 (1割・2割・3割)")
    previous_percent: int
    household_members: int = Field(ge=1, description="後期高齢 members of the household")
    reason: str
    decided_at: dt.datetime


class ContributionRefusal(BaseModel):
    """A member whose 負担割合 could not be decided, with the network's code and message."""

    model_config = _FROZEN
    number: str = Field(description="被保険者番号")
    code: str
    message: str


class ContributionRun(BaseModel):
    """What a batch (or one member's household) of 負担割合 decisions gave."""

    model_config = _FROZEN
    insurer_number: str
    agency: str
    queries: int = Field(ge=0, description="queries sent over the network")
    decisions: list[ContributionDecision]
    refusals: list[ContributionRefusal]


class HeldLink(BaseModel):
    """An enrolment held for review instead of accepted: the member data on the form contradict
    J-LIS's 本人確認情報 for the My Number given (under `links_checked_before_acceptance`)."""

    model_config = _FROZEN
    held_id: int
    insurer_number: str
    member: Member
    valid_from: dt.date
    mismatched: tuple[str, ...] = Field(
        description="the items that differ: name_kana, birth_date, sex"
    )
    actor: str
    held_at: dt.datetime
