"""The claims given for research (二次利用): every person's claims, one `ResearchClaim` per
person, facility and month of service (a レセプト), keyed by the oldest insured number of the
person's history (the key material of the NDB's ID5) and carrying no name or subject.

Read a chunk of people at a time; each person whose claims are given gets one record in their
access log per export (what, for whom, how many months), so the person can see that their
claims left for research. Functions take the caller's session; none commits.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.eligibility.access_log import Context
from mynumber.eligibility.data import InsuredRef, ResearchClaim
from mynumber.eligibility.models import ClaimEntryRow, MembershipRow

__all__ = ["CHUNK", "research_claims", "subjects_with_claims"]

CHUNK = 500  # people per read
WHAT = "research_claims"
# Only the columns used, read as plain rows (ORM objects cost most of the time otherwise).
_MEMBERSHIP = (
    MembershipRow.subject, MembershipRow.insurer_number, MembershipRow.symbol,
    MembershipRow.number, MembershipRow.branch, MembershipRow.birth_date, MembershipRow.sex,
    MembershipRow.postal_code, MembershipRow.valid_from, MembershipRow.valid_to,
)  # fmt: skip
_ENTRY = (
    ClaimEntryRow.subject, ClaimEntryRow.facility_code, ClaimEntryRow.service_date,
    ClaimEntryRow.kind, ClaimEntryRow.code,
)  # fmt: skip


def subjects_with_claims(session: Session) -> list[str]:
    """Every person with at least one claim, in a stable order."""
    query = select(ClaimEntryRow.subject).distinct().order_by(ClaimEntryRow.subject)
    return list(session.scalars(query))


def research_claims(
    session: Session, ctx: Context, *, subjects: Sequence[str], reader: str
) -> list[ResearchClaim]:
    """Return these people's claims, month by month, and log one read per person for `reader`."""
    memberships = _by_subject(session, _MEMBERSHIP, subjects, MembershipRow.valid_from)
    entries = _by_subject(session, _ENTRY, subjects, ClaimEntryRow.service_date)
    claims: list[ResearchClaim] = []
    log: list[tuple[str, dict[str, str]]] = []
    for subject in subjects:
        history = memberships.get(subject, [])
        if not history:
            continue  # ⚠ claims of a person without a membership cannot be keyed: left out
        months = _months(history, entries.get(subject, []))
        claims += months
        log.append((subject, _payload(reader, len(months))))
    ctx.access_log.append_many(session, entries=log, at=ctx.clock.now())
    return claims


def _payload(reader: str, months: int) -> dict[str, str]:
    return {"facility_code": "", "terminal": "", "what": WHAT, "purpose": "secondary_use",
            "outcome": f"exported:{months}", "operator": reader}  # fmt: skip


def _months(history: Sequence[Any], rows: Sequence[Any]) -> list[ResearchClaim]:
    """One claim per facility and month, its entries in the order they were filed."""
    grouped: dict[tuple[str, dt.date], list[Any]] = defaultdict(list)
    for row in rows:
        grouped[(row.facility_code, row.service_date.replace(day=1))].append(row)
    oldest = history[0]
    key = InsuredRef(insurer_number=oldest.insurer_number, symbol=oldest.symbol,
                     number=oldest.number, branch=oldest.branch)  # fmt: skip
    return [_claim(key, history, facility, month, found)
            for (facility, month), found in grouped.items()]  # fmt: skip


def _claim(
    key: InsuredRef,
    history: Sequence[Any],
    facility: str,
    month: dt.date,
    rows: Sequence[Any],
) -> ResearchClaim:
    days = sorted({row.service_date for row in rows})
    member = next((m for m in reversed(history) if _covers(m, days[0])), history[-1])
    return ResearchClaim(
        oldest_insured=key, birth_date=member.birth_date, sex=member.sex,
        postal_code=member.postal_code, facility_code=facility, month=month,
        first_day=days[0], days=len(days),
        diagnoses=tuple(dict.fromkeys(r.code for r in rows if r.kind == "diagnosis")),
        medicines=tuple(dict.fromkeys(r.code for r in rows if r.kind == "medication")),
    )  # fmt: skip


def _covers(member: Any, on: dt.date) -> bool:
    """Whether the membership (a row of `_MEMBERSHIP`) is in force on the day."""
    return bool(member.valid_from <= on and (member.valid_to is None or on <= member.valid_to))


def _by_subject(
    session: Session, columns: Sequence[Any], subjects: Sequence[str], dated: Any
) -> dict[str, list[Any]]:
    """These columns of the table's rows of these people, by subject, each person's in date
    order (then id)."""
    table = columns[0].class_
    found: dict[str, list[Any]] = defaultdict(list)
    query = (
        select(*columns)
        .where(table.subject.in_(list(subjects)))
        .order_by(table.subject, dated, table.id)
    )
    for row in session.execute(query):
        found[row.subject].append(row)
    return found
