"""一括照会 on the reception page: upload tomorrow's patients as CSV, watch, read the answers.

The eligibility system answers an inquiry in the background under its 受付番号; the page asks
for its progress every second (htmx polling) until it is done, then shows every line, a
refused line with its reason.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from mynumber.eligibility.api import Eligibility
from mynumber.eligibility.data import (
    MAX_BATCH_LINES,
    BatchStatus,
    BatchSubmission,
    parse_batch_csv,
)
from mynumber.facility.pages.answer_views import refusal_text
from mynumber.facility.pages.batch_views import batch_row, status_view
from mynumber.facility.pages.desk import (
    Desk,
    EligibilityDep,
    FacilitiesDep,
    TerminalField,
    desk_or_problem,
    fragment,
    problem,
    today,
)
from mynumber.facility.pages.forms import FormError, parse_date
from mynumber.kernel.errors import DomainError

__all__ = ["PAGE_ROWS", "batch"]

PAGE_ROWS = 1000  # lines shown on the page; the API pages through the rest
CSV_PROBLEMS = {
    "csv_invalid": "CSVの形式が正しくありません。",
    "csv_header_invalid": "CSVの1行目（見出し）は 保険者番号,記号,番号,枝番,生年月日,患者ID です。",
    "csv_encoding": "CSVの文字コードは UTF-8 または Shift_JIS にしてください。",
}

batch = APIRouter()


@batch.post("/batch", response_class=HTMLResponse)
def submit_batch(
    request: Request,
    *,
    facilities: FacilitiesDep,
    eligibility: EligibilityDep,
    terminal: TerminalField,
    csv_file: Annotated[UploadFile | None, File()] = None,
    visit_date: Annotated[str, Form()] = "",
) -> Response:
    """一括照会を送信: submit the CSV's patients for a visit date; show the 受付番号."""
    desk = desk_or_problem(request, facilities, terminal)
    if isinstance(desk, Response):
        return desk
    try:
        submission = _submission(request, desk, csv_file, visit_date)
    except FormError as wrong:
        return problem(request, str(wrong))
    try:
        status = eligibility.submit_batch(
            submission=submission, terminal_id=desk.terminal.terminal_id
        )
    except DomainError as refused:
        return problem(request, refusal_text(refused.code, refused.reason), code=refused.code)
    return _progress(request, desk, eligibility, status)


def _submission(
    request: Request, desk: Desk, csv_file: UploadFile | None, visit_date: str
) -> BatchSubmission:
    """Return the inquiry the form asks for, or refuse it in Japanese (FormError)."""
    raw = csv_file.file.read() if csv_file is not None else b""
    if not raw.strip():
        raise FormError("CSVファイルを選んでください。")
    visit = parse_date(visit_date, "受診予定日") if visit_date.strip() else None
    try:
        lines = parse_batch_csv(raw)
    except DomainError as refused:
        text = CSV_PROBLEMS.get(refused.code, refusal_text(refused.code, refused.reason))
        raise FormError(f"{text}（{refused.reason}）") from None
    if not 1 <= len(lines) <= MAX_BATCH_LINES:
        raise FormError(f"CSVの患者は1～{MAX_BATCH_LINES:,}行にしてください。")
    return BatchSubmission(
        facility_code=desk.facility.code,
        visit_date=visit or today(request) + dt.timedelta(days=1),
        lines=lines,
    )


@batch.get("/batch", response_class=HTMLResponse)
def batch_progress(
    request: Request,
    *,
    facilities: FacilitiesDep,
    eligibility: EligibilityDep,
    terminal: str = "",
    reception_number: str = "",
) -> Response:
    """Show an inquiry's progress, and its lines once answered (polled every second)."""
    desk = desk_or_problem(request, facilities, terminal)
    if isinstance(desk, Response):
        return desk
    try:
        status = eligibility.batch_status(
            facility_code=desk.facility.code, reception_number=reception_number.strip()
        )
    except DomainError:
        text = f"受付番号 {reception_number.strip()} の一括照会はありません。"
        return problem(request, text, code="batch_not_found", status=404)
    return _progress(request, desk, eligibility, status)


def _progress(
    request: Request, desk: Desk, eligibility: Eligibility, status: BatchStatus
) -> Response:
    view = status_view(status)
    context: dict[str, Any] = {"desk": desk, "status": view, "rows": None, "more": False}
    if view.finished:
        results = eligibility.batch_results(
            facility_code=desk.facility.code,
            reception_number=status.reception_number,
            limit=PAGE_ROWS,
        )
        context["rows"] = [batch_row(line) for line in results.lines]
        context["more"] = results.next_offset is not None
    return fragment(request, "_batch.html", context)
