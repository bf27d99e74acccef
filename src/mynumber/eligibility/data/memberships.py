"""Memberships as insurers report them (資格情報), end them (資格喪失) and name them back."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "MembershipLoss",
    "MembershipRecord",
    "MembershipRef",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class MembershipRecord(BaseModel):
    """A membership as an insurer reports it (資格情報), without any My Number."""

    model_config = _FROZEN
    insurer_number: str
    membership_id: str
    symbol: str
    number: str
    branch: str = Field(pattern=r"^\d{2}$")
    role: str = Field(pattern=r"^[12]$", description="1 本人, 2 家族")
    insured_name: str = Field(description="name of the insured person (本人)")
    name: str
    name_kana: str
    birth_date: dt.date
    sex: int
    address: str = ""
    postal_code: str = ""
    valid_from: dt.date
    valid_to: dt.date | None = None
    loss_reason: str | None = None
    contribution_percent: int = Field(ge=10, le=30)
    limit_classification: str


class MembershipRef(BaseModel):
    """Which membership, by the insurer's own id (sent back to the insurer that owns it)."""

    model_config = _FROZEN
    insurer_number: str
    membership_id: str


class MembershipLoss(BaseModel):
    """An insurer's report that a membership ended (資格喪失)."""

    model_config = _FROZEN
    insurer_number: str
    membership_id: str
    valid_to: dt.date
    reason: str
