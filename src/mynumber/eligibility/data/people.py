"""The person as the eligibility system knows them: by its own agency code (機関別符号), with
their card registration (利用登録) and the record of every read of their data.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AGENCY",
    "AccessRecord",
    "Registration",
]

# The agency id under which the code service derives the eligibility system's codes (subject).
AGENCY = "eligibility"
_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Registration(BaseModel):
    """The state of a person's card registration (利用登録)."""

    model_config = _FROZEN
    registered: bool
    registered_at: dt.datetime | None
    cancelled_at: dt.datetime | None


class AccessRecord(BaseModel):
    """One read of a person's eligibility data, as the person sees it."""

    model_config = _FROZEN
    seq: int
    recorded_at: dt.datetime
    facility_code: str
    terminal: str = ""
    operator: str = Field(default="", description="the staff account at the terminal")
    what: str
    purpose: str
    outcome: str
    consent: str = Field(
        default="", description="oral: shown in disaster mode on the patient's oral consent"
    )
