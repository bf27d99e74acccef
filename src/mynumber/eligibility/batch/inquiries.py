"""一括照会 (batch inquiry): a facility's list of patients, answered later under a 受付番号.

A facility submits up to 100,000 lines by insured number for a visit date. Every line is
stored at once; a line that cannot make a NumberQuery is refused there and then (error code
`row_invalid`, its reason naming the field), the others are answered later, a chunk per unit
of work, each by the number-path rule (`verification.by_number`), which also writes the
person's access record. Nothing is lost: a fault in a chunk rolls that chunk back and marks the
inquiry failed with the reason, leaving the lines already answered and those still waiting.

Every function takes the caller's session; none commits.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from mynumber.eligibility.access_log import Context
from mynumber.eligibility.batch.answering import answer_lines
from mynumber.eligibility.batch.lines import line_query
from mynumber.eligibility.batch.storing import store_outcomes
from mynumber.eligibility.data import (
    BatchLine,
    BatchLineResult,
    BatchResults,
    BatchState,
    BatchStatus,
    BatchSubmission,
    EligibilityAnswer,
)
from mynumber.eligibility.memberships.withholding import withhold_stored
from mynumber.eligibility.models import BatchInquiryLineRow, BatchInquiryRow
from mynumber.kernel.bulk import insert_rows
from mynumber.kernel.errors import InvalidInputError, NotFoundError

CHUNK = 500  # lines answered per unit of work: progress shows, a fault loses little work
MAX_PAGE = 10_000
_Inquiry = BatchInquiryRow
_Line = BatchInquiryLineRow
_LINES = cast(Table, BatchInquiryLineRow.__table__)
_LINE_COLUMNS = ("reception_number", "line", "query", "answer", "error_code", "error_reason")


def submit(
    session: Session,
    *,
    submission: BatchSubmission,
    terminal_id: str,
    number: str,
    now: dt.datetime,
) -> BatchStatus:
    """Store an inquiry and every line under a new reception number; refuse bad lines now.

    The inquiry row is written first, so on SQLite the write lock is taken before anything is
    read (a read first could be outdated by a concurrent chunk and refused at commit).
    """
    rows: list[tuple[str, int, str, None, str | None, str | None]] = []
    refused = 0
    for index, line in enumerate(submission.lines, start=1):
        stored = json.dumps(
            {"visit_date": submission.visit_date.isoformat(), "line": line.model_dump()},
            ensure_ascii=False,
        )
        try:
            line_query(
                line, facility_code=submission.facility_code, visit_date=submission.visit_date
            )
            rows.append((number, index, stored, None, None, None))
        except InvalidInputError as bad:
            rows.append((number, index, stored, None, bad.code, bad.reason))
            refused += 1
    session.execute(
        insert(_Inquiry).values(
            reception_number=number,
            facility_code=submission.facility_code,
            terminal_id=terminal_id,
            status=BatchState.QUEUED.value,
            total_rows=len(rows),
            answered_rows=0,
            refused_rows=refused,
            submitted_at=now,
        )
    )
    insert_rows(session.connection(), _LINES, _LINE_COLUMNS, rows)
    return status(session, facility_code=submission.facility_code, reception_number=number)


def status(session: Session, *, facility_code: str, reception_number: str) -> BatchStatus:
    """Return an inquiry of this facility; another facility's is not found, like no inquiry."""
    row = session.get(_Inquiry, reception_number, populate_existing=True)
    if row is None or row.facility_code != facility_code:
        raise NotFoundError(f"no batch inquiry {reception_number}", code="batch_not_found")
    return BatchStatus(
        reception_number=row.reception_number,
        facility_code=row.facility_code,
        status=BatchState(row.status),
        total_rows=row.total_rows,
        answered_rows=row.answered_rows,
        refused_rows=row.refused_rows,
        submitted_at=row.submitted_at,
        finished_at=row.finished_at,
        failure=row.failure,
    )


def results(
    session: Session,
    *,
    facility_code: str,
    reception_number: str,
    offset: int,
    limit: int,
    today: dt.date,
) -> BatchResults:
    """Return lines offset+1 … offset+limit of an inquiry, answered or not yet (addresses
    withheld today taken out)."""
    if offset < 0 or not 1 <= limit <= MAX_PAGE:
        raise InvalidInputError(f"offset ≥ 0 and 1 ≤ limit ≤ {MAX_PAGE}", code="page_invalid")
    state = status(session, facility_code=facility_code, reception_number=reception_number)
    rows = session.scalars(
        select(_Line)
        .where(_Line.reception_number == reception_number, _Line.line > offset)
        .order_by(_Line.line)
        .limit(limit)
    ).all()
    end = offset + len(rows)
    lines = [_result(row) for row in rows]
    answers = withhold_stored(session, [line.answer for line in lines], today)
    return BatchResults(
        status=state,
        lines=[
            line.model_copy(update={"answer": a}) for line, a in zip(lines, answers, strict=True)
        ],
        next_offset=end if end < state.total_rows else None,
    )


def _result(row: BatchInquiryLineRow) -> BatchLineResult:
    query = BatchLine.model_validate(json.loads(row.query)["line"])
    return BatchLineResult(
        line=row.line,
        arbitrary_identifier=query.arbitrary_identifier,
        query=query,
        answer=EligibilityAnswer.model_validate_json(row.answer) if row.answer else None,
        error_code=row.error_code or "",
        error_reason=row.error_reason or "",
    )


def queued(session: Session, *, limit: int = 10) -> list[str]:
    """Return the reception numbers waiting to be answered, oldest first."""
    return list(
        session.scalars(
            select(_Inquiry.reception_number)
            .where(_Inquiry.status == BatchState.QUEUED.value)
            .order_by(_Inquiry.submitted_at, _Inquiry.reception_number)
            .limit(limit)
        )
    )


def claim(session: Session, *, reception_number: str) -> bool:
    """Mark a queued inquiry running; return False if another worker took it first."""
    return _move(session, reception_number, BatchState.QUEUED, BatchState.RUNNING)


def state(session: Session, *, reception_number: str) -> BatchState | None:
    """Return where an inquiry is, or None if there is no such inquiry."""
    found = session.scalar(
        select(_Inquiry.status).where(_Inquiry.reception_number == reception_number)
    )
    return None if found is None else BatchState(found)


def requeue(session: Session, *, reception_number: str | None = None) -> int:
    """Put running inquiries (or one) back in the queue; return how many."""
    moved = update(_Inquiry).where(_Inquiry.status == BatchState.RUNNING.value)
    if reception_number is not None:
        moved = moved.where(_Inquiry.reception_number == reception_number)
    return _count(session.execute(moved.values(status=BatchState.QUEUED.value)))


def answer_chunk(
    session: Session,
    ctx: Context,
    *,
    reception_number: str,
    after: int = 0,
    size: int = CHUNK,
) -> int | None:
    """Answer the next waiting lines after line `after` of a running inquiry; return the last
    line answered, or None once there are none left (the inquiry is then done) or it is no
    longer running.

    Its first statement locks the inquiry row, so two workers never answer the same lines.
    Passing the last line back skips the lines already answered without reading them again.
    """
    if not _move(session, reception_number, BatchState.RUNNING, BatchState.RUNNING):
        return None  # finished, failed or put back in the queue by someone else
    inquiry = session.get(_Inquiry, reception_number, populate_existing=True)
    assert inquiry is not None
    waiting = session.execute(
        select(_Line.line, _Line.query)
        .where(
            _Line.reception_number == reception_number,
            _Line.line > after,
            _Line.answer.is_(None),
            _Line.error_code.is_(None),
        )
        .order_by(_Line.line)
        .limit(size)
    ).all()
    if not waiting:
        inquiry.status, inquiry.finished_at = BatchState.DONE.value, ctx.clock.now()
        return None
    outcomes = answer_lines(
        session,
        ctx,
        lines=[(int(line), text) for line, text in waiting],
        facility_code=inquiry.facility_code,
        terminal=inquiry.terminal_id,
    )
    store_outcomes(session, reception_number, outcomes)
    answered = sum(1 for o in outcomes if o["answer"] is not None)
    inquiry.answered_rows += answered
    inquiry.refused_rows += len(outcomes) - answered
    return int(waiting[-1].line)


def fail(session: Session, *, reception_number: str, reason: str, now: dt.datetime) -> None:
    """Stop an inquiry for a fault, keeping every line as it is."""
    session.execute(
        update(_Inquiry)
        .where(_Inquiry.reception_number == reception_number)
        .values(status=BatchState.FAILED.value, failure=reason, finished_at=now)
    )


def _move(session: Session, number: str, old: BatchState, new: BatchState) -> bool:
    moved = session.execute(
        update(_Inquiry)
        .where(_Inquiry.reception_number == number, _Inquiry.status == old.value)
        .values(status=new.value)
    )
    return _count(moved) == 1


def _count(result: Any) -> int:
    return int(result.rowcount)
