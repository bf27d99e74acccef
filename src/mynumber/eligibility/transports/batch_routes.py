"""HTTP surface of the 一括照会 (batch inquiry): submit tomorrow's patients, read the answers.

A terminal submits its facility's list as JSON or as a CSV file and gets 202 with the 受付番号;
the answers are read back by that number, a page at a time. Every request is signed by the
terminal (see `dependencies.terminal_caller`) and reaches only its own facility's inquiries.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from starlette.convertors import StringConvertor, register_url_convertor

from mynumber.eligibility.data import (
    MAX_BATCH_LINES,
    BatchResults,
    BatchStatus,
    BatchSubmission,
    parse_batch_csv,
)
from mynumber.eligibility.transports.dependencies import (
    Body,
    EligibilityDep,
    TerminalCaller,
    require_own_facility,
)
from mynumber.kernel.apicontract import error_responses
from mynumber.kernel.errors import InvalidInputError
from mynumber.kernel.fields import MAX_OFFSET, SPACE_CLASS, JsonDate

batch_api = APIRouter(
    prefix="/api/eligibility/batches",
    tags=["eligibility オンライン資格確認"],
    responses=error_responses(401, 403, 413, 422),
)

# The header, then at least one row whose first cell is filled (no quoting, at most six cells).
_BLANK = SPACE_CLASS.replace(r"\n", "").replace(r"\r", "")  # whitespace as Python strips it
_CSV_ROW = rf'[{_BLANK}]*[^{SPACE_CLASS},"\x00][^,\r\n"\x00]*(?:,[^,\r\n"\x00]*){{0,5}}'
_CSV_PATTERN = (
    "^\ufeff?保険者番号,記号,番号,枝番,生年月日,患者ID\r?\n"
    + rf"(?:{_CSV_ROW}\r?\n)*{_CSV_ROW}(?:\r?\n)?$"
)
_CSV_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"text/csv": {"schema": {"type": "string", "pattern": _CSV_PATTERN}}},
        "description": "保険者番号,記号,番号,枝番,生年月日,患者ID (UTF-8 or Shift_JIS)",
    }
}


class _ReceptionNumberConvertor(StringConvertor):
    """Route only 受付番号 (B, YYMMDD, 8 digits): `/batches/csv` is not a batch to read."""

    regex = r"B[0-9]{14}"


register_url_convertor("reception_number", _ReceptionNumberConvertor())
ReceptionNumber = Annotated[str, Path(pattern=r"^B[0-9]{14}$", description="受付番号")]
# Which facility: the terminal's own unless named (and then it must be the terminal's).
FacilityParam = Annotated[str | None, Query(description="医療機関コード (default: the terminal's)")]


@batch_api.post("", status_code=202, response_model=BatchStatus)
def submit(
    submission: BatchSubmission, eligibility: EligibilityDep, terminal: TerminalCaller
) -> BatchStatus:
    """一括照会: queue up to 100,000 patients; bad lines are kept and refused with a reason."""
    require_own_facility(terminal, submission.facility_code)
    return eligibility.submit_batch(submission=submission, terminal_id=terminal.terminal_id)


@batch_api.post("/csv", status_code=202, response_model=BatchStatus, openapi_extra=_CSV_BODY)
def submit_csv(
    visit_date: Annotated[JsonDate, Query(description="受診予定日")],
    body: Body,
    eligibility: EligibilityDep,
    terminal: TerminalCaller,
) -> BatchStatus:
    """一括照会 from a CSV file (header 保険者番号,記号,番号,枝番,生年月日,患者ID), for the
    terminal's own facility."""
    if b"\x00" in body:
        raise InvalidInputError("text must not contain NUL (U+0000)", code="csv_invalid")
    lines = parse_batch_csv(body)
    if not 1 <= len(lines) <= MAX_BATCH_LINES:
        raise InvalidInputError(
            f"a batch inquiry has 1 to {MAX_BATCH_LINES:,} lines, not {len(lines):,}",
            code="batch_size_invalid",
        )
    submission = BatchSubmission(
        facility_code=terminal.facility_code, visit_date=visit_date, lines=lines
    )
    return eligibility.submit_batch(submission=submission, terminal_id=terminal.terminal_id)


@batch_api.get(
    "/{reception_number:reception_number}",
    response_model=BatchStatus,
    responses=error_responses(404),
)
def status(
    reception_number: ReceptionNumber,
    eligibility: EligibilityDep,
    terminal: TerminalCaller,
    facility_code: FacilityParam = None,
) -> BatchStatus:
    """Where an inquiry is: queued, running, done or failed, and how many lines are answered."""
    facility = facility_code or terminal.facility_code
    require_own_facility(terminal, facility)
    return eligibility.batch_status(facility_code=facility, reception_number=reception_number)


@batch_api.get(
    "/{reception_number:reception_number}/results",
    response_model=BatchResults,
    responses=error_responses(404),
)
def results(  # noqa: PLR0917 (FastAPI parameters)
    reception_number: ReceptionNumber,
    eligibility: EligibilityDep,
    terminal: TerminalCaller,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
    facility_code: FacilityParam = None,
) -> BatchResults:
    """A page of answers in line order; follow `next_offset` until it is null."""
    facility = facility_code or terminal.facility_code
    require_own_facility(terminal, facility)
    return eligibility.batch_results(
        facility_code=facility, reception_number=reception_number, offset=offset, limit=limit
    )
