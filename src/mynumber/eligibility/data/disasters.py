"""Disaster mode (災害時医療情報閲覧): an activation, and a card-less search inside one."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from mynumber.kernel.fields import JsonDate, JsonInt, PrefectureCode

__all__ = [
    "Disaster",
    "DisasterSearch",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


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
