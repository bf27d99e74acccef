"""Intake of insurers' reports, one membership or a nightly transfer of thousands at once.

A batch costs one query per chunk of rows, not one per row; a single report is a batch of one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import delete, insert, select, tuple_, update
from sqlalchemy.orm import Session

from mynumber.eligibility.access_log import Context
from mynumber.eligibility.data import MembershipLoss, MembershipRecord
from mynumber.eligibility.models import MembershipRow, PendingRow
from mynumber.kernel.errors import InvalidInputError, NotFoundError
from mynumber.kernel.keysets import each_column_in

_CHUNK = 400
Pair = tuple[str, str]


def _chunks(items: Sequence[Pair]) -> Iterable[Sequence[Pair]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


_KEY = (MembershipRow.insurer_number, MembershipRow.membership_id)


def _existing(session: Session, pairs: Sequence[Pair]) -> dict[Pair, tuple[int, str]]:
    """Return (id, subject) of the stored memberships among (insurer, membership id) pairs
    (asked column by column: `kernel.keysets`)."""
    found: dict[Pair, tuple[int, str]] = {}
    for chunk in _chunks(sorted(set(pairs))):
        wanted = set(chunk)
        rows = session.execute(
            select(
                MembershipRow.insurer_number,
                MembershipRow.membership_id,
                MembershipRow.id,
                MembershipRow.subject,
            ).where(each_column_in(_KEY, chunk))
        )
        found.update({(r[0], r[1]): (r[2], r[3]) for r in rows if (r[0], r[1]) in wanted})
    return found


def record_memberships(
    session: Session,
    ctx: Context,
    batch: Sequence[tuple[str, MembershipRecord]],
    insurer_names: Mapping[str, str] | None = None,
) -> None:
    """Store (or replace) many reported memberships, with their insurer's name (保険者名称)
    when the report gives it; end the time lag for each."""
    existing = _existing(session, [(r.insurer_number, r.membership_id) for _, r in batch])
    now = ctx.clock.now()
    names = insurer_names or {}
    new_rows, changed = [], []
    for subject, record in batch:
        values = record.model_dump() | {"subject": subject, "received_at": now}
        if record.insurer_number in names:  # a report without the name keeps the one known
            values["insurer_name"] = names[record.insurer_number]
        stored = existing.get((record.insurer_number, record.membership_id))
        if stored is None:
            new_rows.append({"insurer_name": ""} | values)
        elif stored[1] != subject:
            raise InvalidInputError(
                "this membership is already recorded for another person",
                code="membership_subject_mismatch",
            )
        else:
            changed.append(values | {"id": stored[0]})
    if new_rows:
        session.execute(insert(MembershipRow), new_rows)
    if changed:
        session.execute(update(MembershipRow), changed)
    ended = sorted({(subject, record.insurer_number) for subject, record in batch})
    pending = tuple_(PendingRow.subject, PendingRow.insurer_number)
    for chunk in _chunks(ended):
        session.execute(delete(PendingRow).where(pending.in_(chunk)))


def record_changes(session: Session, ctx: Context, records: Sequence[MembershipRecord]) -> None:
    """Replace memberships already reported (a new 負担割合 or 限度額区分), found by insurer and
    membership id; the person (subject) stays."""
    existing = _existing(session, [(r.insurer_number, r.membership_id) for r in records])
    now = ctx.clock.now()
    changes = []
    for record in records:
        stored = existing.get((record.insurer_number, record.membership_id))
        if stored is None:
            raise NotFoundError(
                f"no membership {record.membership_id} of insurer {record.insurer_number}"
            )
        changes.append(record.model_dump() | {"id": stored[0], "received_at": now})
    session.execute(update(MembershipRow), changes)


def record_losses(session: Session, losses: Sequence[MembershipLoss]) -> None:
    """Close many memberships on their last days of coverage."""
    existing = _existing(session, [(loss.insurer_number, loss.membership_id) for loss in losses])
    starts = _starts(session, [stored[0] for stored in existing.values()])
    changes = []
    for loss in losses:
        stored = existing.get((loss.insurer_number, loss.membership_id))
        if stored is None:
            raise NotFoundError(
                f"no membership {loss.membership_id} of insurer {loss.insurer_number}"
            )
        if loss.valid_to < starts[stored[0]]:
            raise InvalidInputError("coverage cannot end before it began")
        changes.append({"id": stored[0], "valid_to": loss.valid_to, "loss_reason": loss.reason})
    if changes:
        session.execute(update(MembershipRow), changes)


def _starts(session: Session, ids: Sequence[int]) -> dict[int, dt.date]:
    found: dict[int, dt.date] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        rows = session.execute(
            select(MembershipRow.id, MembershipRow.valid_from).where(MembershipRow.id.in_(chunk))
        )
        found.update({r[0]: r[1] for r in rows})
    return found
