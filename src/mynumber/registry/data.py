"""Frozen DTOs and enums of the registry: what crosses its boundary."""

from __future__ import annotations

import datetime as dt
import re
from enum import IntEnum, StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from mynumber.kernel.checkdigits import IdentifierKind
from mynumber.kernel.fields import (
    KANA_PATTERN,
    OPTIONAL_TEXT_PATTERN,
    TEXT_PATTERN,
    JsonDate,
    checked_identifier,
    identifier_field,
)
from mynumber.kernel.japanese import is_katakana_name, normalize_kana, normalize_text

__all__ = [
    "AGENCY_PATTERN",
    "Address",
    "ChangeKind",
    "ClaimedIdentity",
    "CodeRequest",
    "HouseholdMember",
    "HouseholdMemberView",
    "IdentityItem",
    "NewHousehold",
    "NewResident",
    "PersonName",
    "Relationship",
    "Resident",
    "ResidentChange",
    "ResidentEvent",
    "ResidentStatus",
    "Sex",
    "SupportMeasure",
    "SupportMeasureNotice",
    "changes_topic",
    "is_agency_id",
    "support_measures_topic",
]

AGENCY_PATTERN = r"^[a-z][a-z0-9_.:-]{1,63}$"
_FROZEN = ConfigDict(frozen=True, extra="forbid")
_LocalGovernmentCode = Annotated[
    str,
    checked_identifier(
        IdentifierKind.LOCAL_GOVERNMENT_CODE, "全国地方公共団体コード (6 digits with check digit)"
    ),
]


class Sex(IntEnum):
    """性別 as ISO/IEC 5218, the coding on the card."""

    MALE = 1
    FEMALE = 2
    NOT_APPLICABLE = 9


class Relationship(StrEnum):
    """続柄: relationship to the head of the household (世帯主)."""

    HEAD = "head"  # 世帯主
    SPOUSE = "spouse"  # 妻 / 夫
    CHILD = "child"  # 子
    CHILD_IN_LAW = "child_in_law"  # 子の妻 / 子の夫
    GRANDCHILD = "grandchild"  # 孫
    PARENT = "parent"  # 父 / 母
    GRANDPARENT = "grandparent"  # 祖父 / 祖母
    SIBLING = "sibling"  # 兄弟姉妹
    OTHER_RELATIVE = "other_relative"  # その他の親族
    LODGER = "lodger"  # 同居人


class ResidentStatus(StrEnum):
    """Whether the person is on the register."""

    ACTIVE = "active"
    DECEASED = "deceased"  # 死亡
    EMIGRATED = "emigrated"  # 国外転出


class ChangeKind(StrEnum):
    """Life events the registry records and publishes."""

    BIRTH = "birth"  # 出生
    MOVE_IN = "move_in"  # 転入 (from abroad, or first registration)
    MOVE = "move"  # 転居 / 転出入 within Japan
    RENAME = "rename"  # 氏名の変更
    DEATH = "death"  # 死亡
    MY_NUMBER_CHANGE = "my_number_change"  # 個人番号の変更 (on leak)


def _text(value: str) -> str:
    text = normalize_text(value)
    if not text:
        raise ValueError("must not be empty")
    return text


def _kana(value: str) -> str:
    kana = normalize_kana(value)
    if not is_katakana_name(kana):
        raise ValueError("kana reading (フリガナ) must be katakana or hiragana")
    return kana


def _stored(limit: int) -> AfterValidator:
    """Refuse text that outgrows its column once normalised (NFKC turns ¼ into 1⁄4)."""

    def check(value: str) -> str:
        if len(value) > limit:
            raise ValueError(f"longer than {limit} characters once normalised")
        return value

    return AfterValidator(check)


Text = Annotated[str, AfterValidator(_text)]
Kana = Annotated[str, AfterValidator(_kana)]


class PersonName(BaseModel):
    """氏名 in kanji (or as registered) with its reading in katakana."""

    model_config = _FROZEN
    family: Annotated[Text, _stored(50)] = Field(max_length=50, pattern=TEXT_PATTERN)
    given: Annotated[Text, _stored(50)] = Field(max_length=50, pattern=TEXT_PATTERN)
    family_kana: Annotated[Kana, _stored(100)] = Field(max_length=100, pattern=KANA_PATTERN)
    given_kana: Annotated[Kana, _stored(100)] = Field(max_length=100, pattern=KANA_PATTERN)

    @property
    def full(self) -> str:
        """Return 氏 and 名 with a full-width space, as printed on the 住民票."""
        return f"{self.family}\u3000{self.given}"

    @property
    def full_kana(self) -> str:
        """Return the reading of the full name."""
        return f"{self.family_kana}\u3000{self.given_kana}"


class Address(BaseModel):
    """住所: postal code, the municipality's code and the address text down to the room."""

    model_config = _FROZEN
    postal_code: str = Field(pattern=r"^\d{7}$", description="郵便番号, 7 digits")
    local_government_code: _LocalGovernmentCode = identifier_field(
        IdentifierKind.LOCAL_GOVERNMENT_CODE, description="全国地方公共団体コード, 6 digits"
    )
    prefecture: Annotated[Text, _stored(10)] = Field(max_length=10, pattern=TEXT_PATTERN)
    municipality: Annotated[Text, _stored(50)] = Field(max_length=50, pattern=TEXT_PATTERN)
    town: str = Field(default="", max_length=100, pattern=OPTIONAL_TEXT_PATTERN)
    block: str = Field(
        default="", max_length=100, description="丁目・番地・号", pattern=OPTIONAL_TEXT_PATTERN
    )
    building: str = Field(default="", max_length=100, pattern=OPTIONAL_TEXT_PATTERN)

    @field_validator("town", "block", "building")
    @classmethod
    def _normalise(cls, value: str) -> str:
        text = normalize_text(value)
        if len(text) > 100:
            raise ValueError("longer than 100 characters once normalised")
        return text

    @property
    def text(self) -> str:
        """Return the address as one line, without the postal code."""
        line = f"{self.prefecture}{self.municipality}{self.town}{self.block}"
        return f"{line}\u3000{self.building}" if self.building else line


def _code_number(value: Any) -> Any:
    if isinstance(value, bool | str | float):
        raise ValueError("a code number (integer)")
    return value


# Without a household the resident heads a new one; with one, they are not its head.
_STARTS_A_HOUSEHOLD: dict[str, Any] = {
    "properties": {"household_code": {"type": "null"}, "relationship": {"const": "head"}}
}
_JOINS_A_HOUSEHOLD: dict[str, Any] = {
    "required": ["household_code", "relationship"],
    "properties": {
        "household_code": {"type": "string"},
        "relationship": {"not": {"const": "head"}},
    },
}


def _past_date(value: dt.date) -> dt.date:
    if value < dt.date(1890, 1, 1):
        raise ValueError("birth date before 1890 is not plausible")
    return value


# Years from 1890 on, as the pattern of the date's text says (JSON Schema compares no dates).
BirthDate = Annotated[
    JsonDate,
    AfterValidator(_past_date),
    Field(json_schema_extra={"pattern": r"^(?:189\d|19\d\d|[2-9]\d\d\d)-"}),
]


class NewResident(BaseModel):
    """A person to put on the register (birth or move-in)."""

    name: PersonName
    birth_date: BirthDate
    sex: Annotated[Sex, BeforeValidator(_code_number)]
    address: Address
    household_code: str | None = Field(
        default=None, description="join this household; omit to start a new one as its head"
    )
    relationship: Relationship = Relationship.HEAD
    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        json_schema_extra={"anyOf": [_STARTS_A_HOUSEHOLD, _JOINS_A_HOUSEHOLD]},
    )

    @model_validator(mode="after")
    def _household_rule(self) -> NewResident:
        if self.household_code is None and self.relationship is not Relationship.HEAD:
            raise ValueError("a resident starting a new household is its head")
        if self.household_code is not None and self.relationship is Relationship.HEAD:
            raise ValueError("a household already has a head; give the relationship to it")
        return self


class HouseholdMember(BaseModel):
    """One member of a household registered in bulk."""

    model_config = _FROZEN
    name: PersonName
    birth_date: BirthDate
    sex: Sex
    relationship: Relationship


class HouseholdMemberView(BaseModel):
    """A member of a person's household as the person may see them (世帯員): no My Number, no
    resident code."""

    model_config = _FROZEN
    name: str = Field(description="氏名, 氏 and 名 with a full-width space")
    name_kana: str
    birth_date: dt.date
    relationship: Relationship = Field(description="世帯主との続柄")
    is_self: bool = Field(description="the person who asked")


class NewHousehold(BaseModel):
    """A whole household registered at once (initial load); the first member is the head."""

    model_config = _FROZEN
    address: Address
    members: tuple[HouseholdMember, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_head_first(self) -> NewHousehold:
        roles = [m.relationship for m in self.members]
        if roles[0] is not Relationship.HEAD or roles.count(Relationship.HEAD) != 1:
            raise ValueError("the first member, and only the first, is the head")
        return self


class Resident(BaseModel):
    """A person as the register holds them."""

    model_config = _FROZEN
    resident_code: str
    my_number: str
    name: PersonName
    birth_date: dt.date
    sex: Sex
    address: Address
    household_code: str
    relationship: Relationship
    status: ResidentStatus
    registered_on: dt.date
    died_on: dt.date | None = None


class ResidentEvent(BaseModel):
    """One entry of a resident's history."""

    model_config = _FROZEN
    kind: ChangeKind
    occurred_on: dt.date
    recorded_at: dt.datetime
    details: dict[str, Any]


class ResidentChange(BaseModel):
    """A change published to one agency, naming the person by that agency's own code."""

    model_config = _FROZEN
    change_id: int
    kind: ChangeKind
    agency: str
    subject: str = Field(description="the person's code for this agency (機関別符号)")
    occurred_on: dt.date
    fields: tuple[str, ...] = Field(description="which of the four items changed")


class CodeRequest(BaseModel):
    """An agency's request, through J-LIS, for its 符号 for the holder of a My Number."""

    model_config = _FROZEN
    agency: str = Field(description="the asking agency's id on the network (機関コード)")
    my_number: str = Field(repr=False)
    acquisition_number: str = Field(repr=False, description="取得番号: one-time, kept by nobody")
    actor: str = Field(description="who asks, for the holder's access log")


class IdentityItem(StrEnum):
    """An item of J-LIS's 本人確認情報 that an agency's record of a person is checked against."""

    NAME = "name"  # 漢字氏名 (folded: 異体字 through the MJ縮退マップ, width and spacing)
    KANA = "name_kana"  # 氏名の振り仮名 (folded: width, small kana and spacing do not count)
    BIRTH_DATE = "birth_date"  # 生年月日
    SEX = "sex"  # 性別
    ADDRESS = "address"  # 住所 (folded text, and the postal code where the form has one)


class ClaimedIdentity(BaseModel):
    """Who an agency's record says the holder of a My Number is (the form it was given); an
    item that is None was not on the form and is not compared."""

    model_config = _FROZEN
    my_number: str = Field(repr=False)
    name_kana: str | None = Field(max_length=200)
    birth_date: JsonDate
    sex: int | None = Field(description="ISO 5218, as the record has it")
    name: str | None = Field(default=None, max_length=200, description="漢字氏名")
    address: str | None = Field(default=None, max_length=400, description="住所 text")
    postal_code: str | None = Field(default=None, max_length=8, description="with the address")


class SupportMeasure(BaseModel):
    """住民基本台帳事務におけるDV等支援措置 (the support measure): while in force, the resident's
    address is withheld from everyone but the register's own desk (the PMH API's
    `isNotDisclosed`). ⚠ It starts on the day of the request (申出日) and lasts a year unless
    renewed, as the real measure is reviewed yearly."""

    model_config = _FROZEN
    resident_code: str
    requested_on: dt.date = Field(description="申出日")
    valid_from: dt.date
    valid_until: dt.date = Field(description="the last day of the measure")
    cleared_at: dt.datetime | None = Field(default=None, description="lifted before its end")
    in_force: bool = Field(description="withholding the address today")


class SupportMeasureNotice(BaseModel):
    """The registry's message to an agency that keeps its own copy of a person's address: the
    measure set (its period) or lifted, the person named by the agency's own 符号."""

    model_config = _FROZEN
    agency: str
    subject: str = Field(description="the person's code for this agency (機関別符号)")
    valid_from: dt.date | None = Field(description="None: the measure was lifted")
    valid_until: dt.date | None = None
    changed_at: dt.datetime = Field(description="when the register changed")
    version: int = Field(ge=1, description="the resident's count of changes: a higher one wins")


def support_measures_topic(agency: str) -> str:
    """Return the topic of the registry's messages to one agency about support measures."""
    return f"registry.support_measures.{agency}"


def changes_topic(agency: str) -> str:
    """Return the topic of the registry's messages to one agency about its people's changes."""
    return f"registry.changes.{agency}"


def is_agency_id(value: str) -> bool:
    """Return whether value is a well-formed agency id (e.g. 'eligibility', 'insurer:06132013')."""
    return re.match(AGENCY_PATTERN, value) is not None
