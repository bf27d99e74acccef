"""Frozen DTOs of the facilities: facilities, terminals and what a patient does at the reader."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from mynumber.eligibility.data import ConsentScope, FacilityKind, ReaderMethod
from mynumber.kernel.checkdigits import IdentifierKind
from mynumber.kernel.fields import checked_identifier

__all__ = ["CardPresentation", "Facility", "FacilityKind", "ReaderMethod", "Terminal"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
_FacilityCode = Annotated[
    str,
    checked_identifier(
        IdentifierKind.FACILITY_CODE, "医療機関コード (10 digits with its 検証番号)"
    ),
]


class Facility(BaseModel):
    """A 保険医療機関 or 保険薬局 (or a 施術所, a 訪問看護ステーション) by its 医療機関コード."""

    model_config = _FROZEN
    code: _FacilityCode = Field(
        description="医療機関コード: prefecture 2 + 点数表 1 + 6 digits + check"
    )
    kind: FacilityKind
    name: str = Field(min_length=1, max_length=100)
    address: str = Field(default="", max_length=200)
    prefecture_code: str = Field(default="", description="都道府県番号: the code's first 2 digits")

    @model_validator(mode="before")
    @classmethod
    def _prefecture_from_code(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("prefecture_code"):
            return {**data, "prefecture_code": str(data.get("code", ""))[:2]}
        return data

    @model_validator(mode="after")
    def _prefecture_matches(self) -> Facility:
        if self.prefecture_code != self.code[:2]:
            raise ValueError("the prefecture code is the 医療機関コード's first two digits")
        return self


class Terminal(BaseModel):
    """A facility's 資格確認端末; its private key stays with the facility subsystem."""

    model_config = _FROZEN
    terminal_id: str = Field(min_length=1, max_length=64)
    facility_code: str
    public_key: bytes = Field(description="Ed25519 public key, raw 32 bytes")
    created_at: dt.datetime


class CardPresentation(BaseModel):
    """What happens at the reader: the card placed, how the holder is confirmed, the consent.

    PIN: the card signs the challenge once the PIN is verified. Face: the reader compares the
    face with the card's photo (face_matches); when it fails, staff may compare them by eye
    (目視確認, staff_confirms). Consent is the scopes the patient ticked on the reader's screen.
    At the patient's home (訪問看護, 訪問診療) the staff state the visit plan's last day.
    """

    model_config = _FROZEN
    card_id: str
    method: ReaderMethod
    pin: str | None = Field(default=None, repr=False)
    face_matches: bool = True
    staff_confirms: bool = False
    consent: tuple[ConsentScope, ...] = ()
    home_visits_until: dt.date | None = Field(
        default=None,
        description="居宅同意取得型: read at the patient's home; the visit plan's last day",
    )
