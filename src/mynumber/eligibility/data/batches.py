"""Frozen DTOs of the 一括照会 (batch inquiry).

A facility sends tomorrow's patients by insured number; the eligibility system answers them
later and keeps the answers under a 受付番号 (reception number). Re-exported by `data`; other
subsystems import them from there.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from mynumber.eligibility.data.verification import EligibilityAnswer
from mynumber.kernel.fields import JsonDate

__all__ = [
    "MAX_BATCH_LINES",
    "BatchLine",
    "BatchLineResult",
    "BatchResults",
    "BatchState",
    "BatchStatus",
    "BatchSubmission",
]

MAX_BATCH_LINES = 100_000
_FROZEN = ConfigDict(frozen=True, extra="forbid")


# Spreadsheets turn numbers into numbers: a line's fields take either, and keep the text.
_TEXT_OR_NUMBER: Any = Field(default="", json_schema_extra={"type": ["string", "number"]})


class BatchLine(BaseModel):
    """One patient as the facility submitted them; every field may be wrong or missing.

    A broken line still makes a BatchLine: it is kept and answered with the reason it was
    refused, while the other lines are answered. Birth dates are as a person types them
    (1980-04-01, 19800401, 1980/4/1 or 1980年4月1日); `arbitrary_identifier` (任意識別子) is the
    clinic's own patient id, echoed back.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", coerce_numbers_to_str=True)
    insurer_number: str = _TEXT_OR_NUMBER
    symbol: str = _TEXT_OR_NUMBER
    number: str = _TEXT_OR_NUMBER
    branch: str = _TEXT_OR_NUMBER
    birth_date: str = _TEXT_OR_NUMBER
    arbitrary_identifier: str = _TEXT_OR_NUMBER

    @field_validator("*", mode="before")
    @classmethod
    def _null_is_empty(cls, value: Any) -> Any:
        return "" if value is None else value


class BatchSubmission(BaseModel):
    """一括照会の依頼: a facility's patients for one visit date (受診予定日)."""

    model_config = _FROZEN
    facility_code: str
    visit_date: JsonDate = Field(description="受診予定日")
    lines: list[BatchLine] = Field(min_length=1, max_length=MAX_BATCH_LINES)


class BatchState(StrEnum):
    """Where a batch inquiry is: waiting, being answered, answered, or stopped by a fault."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class BatchStatus(BaseModel):
    """A batch inquiry under its 受付番号, with its progress (answered + refused of total)."""

    model_config = _FROZEN
    reception_number: str = Field(description="受付番号")
    facility_code: str
    status: BatchState
    total_rows: int
    answered_rows: int
    refused_rows: int
    submitted_at: dt.datetime
    finished_at: dt.datetime | None = None
    failure: str | None = None


class BatchLineResult(BaseModel):
    """One line's outcome: the answer, or the reason it was refused; neither while queued."""

    model_config = _FROZEN
    line: int = Field(description="1-based, in the order submitted")
    arbitrary_identifier: str
    query: BatchLine
    answer: EligibilityAnswer | None
    error_code: str = ""
    error_reason: str = ""


class BatchResults(BaseModel):
    """A page of a batch inquiry's lines; `next_offset` is None on the last page."""

    model_config = _FROZEN
    status: BatchStatus
    lines: list[BatchLineResult]
    next_offset: int | None
