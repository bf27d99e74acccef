"""Answering a chunk of 一括照会 (batch inquiry) lines set-wise, as `verify_by_number` answers one.

Each line gets the answer and the access records the number path gives it alone, but the chunk
reads what it needs in a few statements (the memberships by insured number, the newer cover and
the unreported enrolments of the people found, whose addresses are withheld) and appends every
access record in one go (`HashChainedLog.append_many`, the chains as one append at a time).
The lines of one chunk share one moment: their 処理実行日時 and the time of their records.

Where several stored memberships match a line, the oldest row (lowest id) answers, as in
`verify_by_number`. ⚠
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.eligibility.access_log import Context, read_payload
from mynumber.eligibility.batch.lines import line_query
from mynumber.eligibility.callers.facilities import check_facility_code
from mynumber.eligibility.data import BatchLine, NumberQuery, QualificationValidity
from mynumber.eligibility.memberships.coverage import covers
from mynumber.eligibility.memberships.withholding import withheld_subjects
from mynumber.eligibility.models import MembershipRow, PendingRow
from mynumber.eligibility.verification.answers import answer_of
from mynumber.kernel.clock import today_in_japan
from mynumber.kernel.errors import DomainError

__all__ = ["answer_lines"]

_IN_BATCH = 500  # values per IN list: well under SQLite's limit on bound parameters
_Key = tuple[str, str, str, str]
_Validity = QualificationValidity


def answer_lines(
    session: Session,
    ctx: Context,
    *,
    lines: Sequence[tuple[int, str]],
    facility_code: str,
    terminal: str,
) -> list[dict[str, Any]]:
    """Answer stored lines (number, query JSON); return each line's answer or refusal, in order.

    Every person read gets their access record, in line order, as one check each would write.
    """
    queries, refused = _queries(lines, facility_code)
    found = _candidates(session, queries.values())
    candidates = {line: found.get(_key(query), []) for line, query in queries.items()}
    matched = {
        line: matches[0]
        for line, query in queries.items()
        if (matches := [r for r in candidates[line] if r.birth_date == query.birth_date])
    }
    validity = _validities(session, ctx, {line: (r, queries[line]) for line, r in matched.items()})
    entries: list[tuple[str, dict[str, str]]] = []
    for line, query in queries.items():
        if line in matched:
            reads = [(matched[line].subject, validity[line].value)]
        else:  # like an unknown number, but the holder sees the attempt in their records
            subjects = sorted({row.subject for row in candidates[line]})
            reads = [(subject, "birth_date_mismatch") for subject in subjects]
        for subject, outcome in reads:
            payload = read_payload(
                facility=query.facility_code, outcome=outcome, terminal=terminal,
                operator=query.operator,
            )  # fmt: skip
            entries.append((subject, payload))
    now = ctx.clock.now()
    ctx.access_log.append_many(session, entries=entries, at=now)
    today = today_in_japan(ctx.clock)
    withheld = withheld_subjects(session, (r.subject for r in matched.values()), today)
    texts: dict[tuple[Any, ...], str] = {}  # lines of one membership answer alike
    outcomes: list[dict[str, Any]] = []
    for line, _ in lines:
        if line in refused:
            error = refused[line]
            outcomes.append(_outcome(line, None, error.code, error.reason))
            continue
        query, row = queries[line], matched.get(line)
        found_as = _Validity.NONE if row is None else validity[line]
        key = (None if row is None else row.id, query.visit_date, found_as)
        if key not in texts:
            texts[key] = answer_of(
                now, reference="2", validity=found_as, rows=() if row is None else (row,),
                on=query.visit_date, withheld=withheld,
            ).model_dump_json(by_alias=True)  # fmt: skip
        outcomes.append(_outcome(line, texts[key], None, None))
    return outcomes


def _outcome(line: int, answer: str | None, code: str | None, reason: str | None) -> dict[str, Any]:
    return {"line": line, "answer": answer, "error_code": code, "error_reason": reason}


def _queries(
    lines: Sequence[tuple[int, str]], facility_code: str
) -> tuple[dict[int, NumberQuery], dict[int, DomainError]]:
    """Return the check each stored line asks for, or why it is refused (as one check would)."""
    queries: dict[int, NumberQuery] = {}
    refused: dict[int, DomainError] = {}
    for line, text in lines:
        stored = json.loads(text)
        try:
            query = line_query(
                BatchLine.model_validate(stored["line"]),
                facility_code=facility_code,
                visit_date=dt.date.fromisoformat(stored["visit_date"]),
            )
            check_facility_code(query.facility_code)
            queries[line] = query
        except DomainError as refusal:
            refused[line] = refusal
    return queries, refused


def _key(query: NumberQuery) -> _Key:
    return (query.insurer_number, query.number, query.branch, query.symbol)


def _candidates(
    session: Session, queries: Iterable[NumberQuery]
) -> dict[_Key, list[MembershipRow]]:
    """Return the memberships under each insured number asked for, oldest row first."""
    wanted = {_key(q) for q in queries}
    found: dict[_Key, list[MembershipRow]] = defaultdict(list)
    insurers = sorted({k[0] for k in wanted})
    numbers = sorted({k[1] for k in wanted})
    for start in range(0, len(numbers), _IN_BATCH):
        rows = session.scalars(
            select(MembershipRow)
            .where(
                MembershipRow.insurer_number.in_(insurers),
                MembershipRow.number.in_(numbers[start : start + _IN_BATCH]),
            )
            .order_by(MembershipRow.id)
        )
        for row in rows:
            key = (row.insurer_number, row.number, row.branch, row.symbol)
            if key in wanted:
                found[key].append(row)
    return found


def _validities(
    session: Session, ctx: Context, matched: dict[int, tuple[MembershipRow, NumberQuery]]
) -> dict[int, QualificationValidity]:
    """Return how each matched membership answers on its visit date (as `validity_of`)."""
    lapsed = {row.subject for row, query in matched.values() if not covers(row, query.visit_date)}
    others = _by_subject(session, MembershipRow, lapsed)
    pending = (
        {}
        if ctx.policy.pending_enrolment_reads_as_no_coverage
        else _by_subject(session, PendingRow, lapsed)
    )
    validity: dict[int, QualificationValidity] = {}
    for line, (row, query) in matched.items():
        on = query.visit_date
        if covers(row, on):
            validity[line] = _Validity.VALID
        elif any(
            o.valid_from > row.valid_from and covers(o, on) for o in others.get(row.subject, ())
        ):
            validity[line] = _Validity.INVALID_WITH_NEWER
        elif any(p.valid_from <= on for p in pending.get(row.subject, ())):
            validity[line] = _Validity.PENDING
        else:
            validity[line] = _Validity.INVALID
    return validity


def _by_subject(session: Session, model: Any, subjects: set[str]) -> dict[str, list[Any]]:
    """Return the rows of a table keyed by subject, for these subjects."""
    rows: dict[str, list[Any]] = defaultdict(list)
    ordered = sorted(subjects)
    for start in range(0, len(ordered), _IN_BATCH):
        chunk = ordered[start : start + _IN_BATCH]
        for row in session.scalars(select(model).where(model.subject.in_(chunk))):
            rows[row.subject].append(row)
    return rows
