"""Consent at the reader (閲覧同意): what a person may consent to show, and what they chose."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

__all__ = ["ConsentRecord", "ConsentScope"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class ConsentScope(StrEnum):
    """What a person may consent to show at the reader (閲覧同意)."""

    MEDICATION = "medication"  # 薬剤情報
    CHECKUP = "checkup"  # 特定健診情報
    TREATMENT = "treatment"  # 診療情報 (diagnoses and procedures)


class ConsentRecord(BaseModel):
    """A consent given at a facility's reader: what, from when, until when."""

    model_config = _FROZEN
    facility_code: str
    scopes: tuple[ConsentScope, ...]
    given_at: dt.datetime
    valid_until: dt.datetime
