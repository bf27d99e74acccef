"""What crosses the boundary of the vaccination service (予防接種): a municipality's record of a
vaccination (as JP Core Immunization carries it), the facility's question by card and the
answers, the Immunization resources themselves being plain FHIR R4 dicts."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from mynumber.eligibility.data import CardAuthentication, ConsentScope
from mynumber.kernel.checkdigits import IdentifierKind
from mynumber.kernel.fields import (
    JsonDate,
    JsonInt,
    checked_identifier,
    identifier_field,
)

__all__ = [
    "Clerk",
    "ImmunizationRoute",
    "ImmunizationSite",
    "MyNumberText",
    "OwnVaccinations",
    "Vaccination",
    "VaccinationQuery",
    "VaccinationRecord",
    "VaccinationView",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
_TEXT = r"^[^\x00-\x1f]*$"
MyNumberText = Annotated[
    str,
    identifier_field(IdentifierKind.MY_NUMBER, repr=False),
    checked_identifier(IdentifierKind.MY_NUMBER, "個人番号"),
]


class ImmunizationRoute(StrEnum):
    """投与経路 (HL7 v3 RouteOfAdministration codes, as JP Core Immunization binds them)."""

    SUBCUTANEOUS = "SQ"  # 皮下注射
    INTRAMUSCULAR = "IM"  # 筋肉内注射
    ORAL = "PO"  # 経口 (ロタウイルス)
    PERCUTANEOUS = "TRNSDERM"  # 経皮 (BCG, 管針法) ⚠ the closest v3 code


class ImmunizationSite(StrEnum):
    """接種部位 (HL7 v3 ActSite)."""

    LEFT_ARM = "LA"
    RIGHT_ARM = "RA"
    LEFT_THIGH = "LT"
    RIGHT_THIGH = "RT"
    MOUTH = "MOUTH"  # ⚠ not an ActSite code; used for oral vaccines


class Clerk(BaseModel):
    """The municipality clerk recording: their 全国地方公共団体コード and name."""

    model_config = _FROZEN
    municipality_code: str = identifier_field(IdentifierKind.LOCAL_GOVERNMENT_CODE)
    name: str = Field(min_length=1, max_length=100, pattern=_TEXT)


class VaccinationRecord(BaseModel):
    """A vaccination the municipality records (予防接種台帳 → platform), by My Number."""

    model_config = _FROZEN
    my_number: MyNumberText
    municipality_code: str = identifier_field(
        IdentifierKind.LOCAL_GOVERNMENT_CODE, description="実施主体の市区町村"
    )
    vaccine_code: str = Field(pattern=r"^[A-Z0-9-]{2,20}$", description="ワクチンコード")
    vaccine_name: str = Field(min_length=1, max_length=100, pattern=_TEXT)
    lot_number: str = Field(min_length=1, max_length=30, pattern=r"^[0-9A-Za-z-]+$")
    occurred_on: JsonDate = Field(description="接種日")
    dose_number: JsonInt = Field(ge=1, le=10, description="接種回数 (第n回)")
    facility_code: str = identifier_field(IdentifierKind.FACILITY_CODE, description="接種医療機関")
    facility_name: str = Field(default="", max_length=100, pattern=_TEXT)
    route: ImmunizationRoute
    site: ImmunizationSite | None = None


class Vaccination(BaseModel):
    """A recorded vaccination, without the My Number."""

    model_config = _FROZEN
    vaccination_id: str
    municipality_code: str
    vaccine_code: str
    vaccine_name: str
    lot_number: str
    occurred_on: dt.date
    dose_number: int
    facility_code: str
    facility_name: str
    route: ImmunizationRoute
    site: ImmunizationSite | None
    recorded_at: dt.datetime


class VaccinationQuery(BaseModel):
    """A facility asks for a patient's vaccinations at the reader: the card for the online
    eligibility system (`card`, over its challenge) and for this platform (`holder`, over the
    platform's challenge), with the patient's choice at the reader (閲覧同意), which the
    eligibility system records as for any reading. ⚠ Two signatures of one reading; the real
    reader's flow is not public."""

    model_config = _FROZEN
    facility_code: str = identifier_field(IdentifierKind.FACILITY_CODE)
    visit_date: JsonDate
    card: CardAuthentication
    holder: CardAuthentication
    consent: tuple[ConsentScope, ...] = Field(
        default=(), description="what the patient agreed to show, at the reader"
    )


class VaccinationView(BaseModel):
    """The answer to a facility: JP Core Immunization resources (FHIR R4 JSON), oldest first."""

    model_config = ConfigDict(frozen=True)
    immunizations: tuple[dict[str, Any], ...] = Field(
        description="FHIR Immunization (JP_Immunization profile)"
    )


class OwnVaccinations(BaseModel):
    """What the person reads of their own vaccinations."""

    model_config = _FROZEN
    vaccinations: tuple[Vaccination, ...]
