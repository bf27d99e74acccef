"""Many people's insurance history and 自己情報 at once, for their lifetime records (生涯にわたる
記録): the same reads as `coverage.history` and `self_information_view` for each person, in one
transaction, one query per table for them all and the access-log records appended together.
Functions take the caller's session; none commits.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.eligibility.access_log import Context
from mynumber.eligibility.data import ConsentScope, InsuredRef, LifetimeReads, MembershipRecord
from mynumber.eligibility.medical.self_information import PORTAL_READER
from mynumber.eligibility.medical.views import SCOPE_KINDS, view_from
from mynumber.eligibility.memberships.coverage import to_record
from mynumber.eligibility.models import CheckupRow, ClaimEntryRow, MembershipRow

__all__ = ["lifetime_reads"]

CHUNK = 500  # subjects per IN (…) query


def lifetime_reads(
    session: Session, ctx: Context, *, subjects: Sequence[str], reader: str
) -> list[LifetimeReads]:
    """Return each person's history and 自己情報 of every scope, in the subjects' order; each
    read is in the person's access log for `reader`, as `self_information_view` records it."""
    scopes = list(ConsentScope)
    ctx.access_log.append_many(
        session,
        entries=[
            (subject, _read_payload(scope, reader)) for subject in subjects for scope in scopes
        ],
        at=ctx.clock.now(),
    )
    histories = _by_subject(session, MembershipRow, subjects, MembershipRow.valid_from)
    entries = _by_subject(session, ClaimEntryRow, subjects, ClaimEntryRow.service_date)
    checkups = _by_subject(session, CheckupRow, subjects, CheckupRow.examined_on)
    found: list[LifetimeReads] = []
    for subject in subjects:
        memberships = [to_record(row) for row in histories.get(subject, [])]
        insured = _latest_insured(memberships)
        claimed = entries.get(subject, [])
        views = tuple(
            view_from(scope, insured, None, [e for e in claimed if e.kind in SCOPE_KINDS[scope]],
                      checkups.get(subject, []))
            for scope in scopes
        )  # fmt: skip
        found.append(LifetimeReads(subject=subject, memberships=tuple(memberships), views=views))
    return found


def _read_payload(scope: ConsentScope, reader: str) -> dict[str, str]:
    """The access-log record `self_information_view` appends (through `log_read`)."""
    payload = {"facility_code": PORTAL_READER, "terminal": "", "what": scope.value,
               "purpose": "self_information", "outcome": "shown"}  # fmt: skip
    return payload | ({"operator": reader} if reader else {})


def _by_subject(
    session: Session, table: Any, subjects: Sequence[str], dated: Any
) -> dict[str, list[Any]]:
    """The table's rows of these people, by subject, each person's in date order (then id)."""
    found: dict[str, list[Any]] = defaultdict(list)
    unique = list(dict.fromkeys(subjects))
    for start in range(0, len(unique), CHUNK):
        rows = session.scalars(
            select(table)
            .where(table.subject.in_(unique[start : start + CHUNK]))
            .order_by(table.subject, dated, table.id)
        )
        for row in rows:
            found[row.subject].append(row)
    return found


def _latest_insured(memberships: Sequence[MembershipRecord]) -> InsuredRef:
    """The latest insured number (as `self_information._latest_insured`: the last to begin)."""
    if not memberships:
        return InsuredRef(insurer_number="", number="", branch="00")
    m = memberships[-1]
    return InsuredRef(insurer_number=m.insurer_number, symbol=m.symbol, number=m.number,
                      branch=m.branch)  # fmt: skip
