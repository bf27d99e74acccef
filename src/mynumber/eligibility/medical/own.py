"""The person's own view of their medical information (マイナポータル 自己情報表示): no consent
gate, since it is their own; the read is recorded in their access log as the portal's.
Functions take the caller's session; none commits.
"""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.eligibility.access_log import Context, log_read
from mynumber.eligibility.data import Medication, OwnCheckup, OwnMedical
from mynumber.eligibility.models import CheckupRow, ClaimEntryRow

__all__ = ["PORTAL", "own_view"]

PORTAL = "portal"  # who reads, in the access log: the person through the portal


def own_view(session: Session, ctx: Context, *, subject: str) -> OwnMedical:
    """Return the person's medication, check-ups and visits, and record the read."""
    log_read(session, ctx, subject, facility=PORTAL, what="own_medical",
             purpose="own_view", outcome="shown")  # fmt: skip
    entries = session.scalars(
        select(ClaimEntryRow)
        .where(ClaimEntryRow.subject == subject)
        .order_by(ClaimEntryRow.service_date, ClaimEntryRow.id)
    ).all()
    checkups = session.scalars(
        select(CheckupRow).where(CheckupRow.subject == subject).order_by(CheckupRow.examined_on)
    )
    medications = tuple(
        (e.service_date, e.facility_code, _medication(e)) for e in entries if e.kind == "medication"
    )
    visits = tuple(dict.fromkeys((e.service_date, e.facility_code) for e in entries))
    return OwnMedical(
        medications=medications,
        checkups=tuple(OwnCheckup(**json.loads(row.result)) for row in checkups),
        visits=visits,
    )


def _medication(entry: ClaimEntryRow) -> Medication:
    return Medication(
        code=entry.code,
        name=entry.name,
        quantity=entry.quantity or 0.0,
        unit=entry.unit or "",
        days=entry.days or 1,
    )
