"""Frozen DTOs of the 一括照会 (batch inquiry), and the CSV a facility submits it as.

A facility sends tomorrow's patients by insured number; the eligibility system answers them
later and keeps the answers under a 受付番号 (reception number). Re-exported by `data`; other
subsystems import them from there.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from mynumber.kernel.errors import InvalidInputError
from mynumber.kernel.fields import JsonDate

__all__ = [
    "MAX_BATCH_LINES",
    "BatchLine",
    "BatchLineResult",
    "BatchResults",
    "BatchState",
    "BatchStatus",
    "BatchSubmission",
    "parse_batch_csv",
]

MAX_BATCH_LINES = 100_000
_FROZEN = ConfigDict(frozen=True, extra="forbid")


# Spreadsheets turn numbers into numbers: a line's fields take either, and keep the text.
_TEXT_OR_NUMBER: Any = Field(default="", json_schema_extra={"type": ["string", "number"]})


class BatchLine(BaseModel):
    """One patient as the facility submitted them; every field may be wrong or missing.

    A broken line still makes a BatchLine: it is kept and answered with the reason it was
    refused, while the other lines are answered. Birth dates are YYYY-MM-DD or YYYYMMDD (or
    YYYY/MM/DD); `arbitrary_identifier` (任意識別子) is the clinic's own patient id, echoed back.
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


# Column names accepted in the header row: Japanese as clinics write them, or the field names.
_HEADERS = {
    "保険者番号": "insurer_number",
    "記号": "symbol",
    "番号": "number",
    "被保険者番号": "number",
    "枝番": "branch",
    "生年月日": "birth_date",
    "患者id": "arbitrary_identifier",
    "任意識別子": "arbitrary_identifier",
} | {name: name for name in BatchLine.model_fields}
_REQUIRED = {
    "insurer_number": "保険者番号",
    "number": "番号",
    "branch": "枝番",
    "birth_date": "生年月日",
}
_EXPECTED = "保険者番号,記号,番号,枝番,生年月日,患者ID"


def parse_batch_csv(raw: bytes) -> list[BatchLine]:
    """Return the lines of a batch inquiry CSV (UTF-8 with or without BOM, or Shift_JIS).

    The first row names the columns (`保険者番号,記号,番号,枝番,生年月日,患者ID` or the
    BatchLine field names, in any order; 記号 and 患者ID may be left out). Blank rows are
    skipped; a bad value is kept for the inquiry to refuse with its reason.

    Raises:
        InvalidInputError: undecodable text, a wrong header, or a row longer than the header.
    """
    try:
        rows = [row for row in csv.reader(io.StringIO(_decode(raw))) if any(c.strip() for c in row)]
    except csv.Error as error:  # e.g. a carriage return inside a field
        raise InvalidInputError(f"the CSV cannot be read: {error}", code="csv_invalid") from None
    if not rows:
        raise InvalidInputError(f"the CSV is empty: expected {_EXPECTED}", code="csv_invalid")
    fields = _header(rows[0])
    lines = []
    for number, row in enumerate(rows[1:], start=2):
        if any(cell.strip() for cell in row[len(fields) :]):
            raise InvalidInputError(
                f"row {number} has {len(row)} columns, the header {len(fields)}",
                code="csv_invalid",
            )
        cells = dict(zip(fields, row, strict=False))
        lines.append(BatchLine.model_validate(cells))
    return lines


def _decode(raw: bytes) -> str:
    # A BOM settles it; otherwise UTF-8, then Shift_JIS as Windows writes it (cp932).
    bom = raw.startswith(b"\xef\xbb\xbf")
    for encoding in ("utf-8",) if bom else ("utf-8", "cp932"):
        try:
            return raw[3:].decode(encoding) if bom else raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidInputError("the CSV is neither UTF-8 nor Shift_JIS", code="csv_encoding")


def _header(row: list[str]) -> list[str]:
    names = [unicodedata.normalize("NFKC", cell).strip().lower() for cell in row]
    unknown = [cell for cell, name in zip(row, names, strict=True) if name not in _HEADERS]
    fields = [_HEADERS.get(name, "") for name in names]
    missing = [label for name, label in _REQUIRED.items() if name not in fields]
    if unknown or missing or len(set(fields)) != len(fields):
        problems = [f"unknown column {', '.join(unknown)}"] if unknown else []
        problems += [f"missing {', '.join(missing)}"] if missing else []
        problems = problems or ["a column is named twice"]
        raise InvalidInputError(
            f"the CSV header must be {_EXPECTED}: {'; '.join(problems)}", code="csv_header_invalid"
        )
    return fields


# `data` re-exports this module at its end: taking EligibilityAnswer only now lets either module
# be imported first.
from mynumber.eligibility.data import EligibilityAnswer  # noqa: E402

BatchLineResult.model_rebuild()
BatchResults.model_rebuild()
