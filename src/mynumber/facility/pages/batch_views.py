"""What the reception page shows of a 一括照会 (batch inquiry): its progress and each line."""

from __future__ import annotations

from dataclasses import dataclass, replace

from mynumber.eligibility.data import BatchLineResult, BatchState, BatchStatus
from mynumber.facility.pages.answer_views import answer_view, moment_text, refusal_text, ymd_text

__all__ = ["STATE_LABELS", "BatchRow", "StatusView", "batch_row", "status_view"]

STATE_LABELS = {
    BatchState.QUEUED: "受付済み（照会待ち）",
    BatchState.RUNNING: "照会中",
    BatchState.DONE: "完了",
    BatchState.FAILED: "中断（障害）",
}
ROW_INVALID = "row_invalid"


@dataclass(frozen=True)
class StatusView:
    """An inquiry under its 受付番号: state, counts, and whether the page should ask again."""

    reception_number: str
    state: str
    finished: bool
    failed: bool
    total: int
    answered: int
    refused: int
    submitted_at: str
    finished_at: str
    failure: str


@dataclass(frozen=True)
class BatchRow:
    """One submitted line: what was asked and the answer (or why it was refused)."""

    line: int
    identifier: str
    insurer_number: str
    numbers: str
    birth_date: str
    outcome: str
    tone: str  # ok / warn / bad / wait
    name: str
    ratio: str
    error_code: str


def status_view(status: BatchStatus) -> StatusView:
    """Return an inquiry's progress in staff's words."""
    return StatusView(
        reception_number=status.reception_number,
        state=STATE_LABELS[status.status],
        finished=status.status in {BatchState.DONE, BatchState.FAILED},
        failed=status.status is BatchState.FAILED,
        total=status.total_rows,
        answered=status.answered_rows,
        refused=status.refused_rows,
        submitted_at=moment_text(status.submitted_at),
        finished_at=moment_text(status.finished_at) if status.finished_at else "",
        failure=status.failure or "",
    )


def batch_row(result: BatchLineResult) -> BatchRow:
    """Return one line of an inquiry's results."""
    query = result.query
    asked = BatchRow(
        line=result.line,
        identifier=result.arbitrary_identifier,
        insurer_number=query.insurer_number,
        numbers="・".join(v or "—" for v in (query.symbol, query.number, query.branch)),
        birth_date=ymd_text(query.birth_date) if query.birth_date else "—",
        outcome="照会待ち",
        tone="wait",
        name="",
        ratio="",
        error_code="",
    )
    if result.error_code:
        outcome = _line_refusal(result.error_code, result.error_reason)
        return replace(asked, outcome=outcome, tone="bad", error_code=result.error_code)
    if result.answer is None:
        return asked
    view = answer_view(result.answer)
    if view.refused:
        return replace(asked, outcome=view.error_text, tone="bad", error_code=view.error_code)
    first = view.qualifications[0] if view.qualifications else None
    return replace(
        asked,
        outcome=view.validity,
        tone=view.tone,
        name=first.info.name if first else "",
        ratio=first.ratio if first else "",
    )


def _line_refusal(code: str, reason: str) -> str:
    """Return why a line was refused; a bad line's reason is Japanese after its field name."""
    if code == ROW_INVALID:
        return "入力に誤りがあります: " + (reason.partition(": ")[2] or reason)
    return refusal_text(code, reason)
