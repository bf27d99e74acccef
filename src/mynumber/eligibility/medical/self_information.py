"""The person's own medical information (自己情報), asked for through マイナポータル: what the
portal's 自己情報取得API passes on to a third party the person consented to. Each read is in the
person's access record, naming the reader; functions take the caller's session, none commits.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.eligibility.access_log import Context, log_read
from mynumber.eligibility.data import ConsentScope, InsuredRef, MedicalView
from mynumber.eligibility.medical.views import build
from mynumber.eligibility.models import MembershipRow

__all__ = ["PORTAL_READER", "self_information_view"]

PORTAL_READER = "portal"  # the facility column of the access record: マイナポータル


def self_information_view(
    session: Session, ctx: Context, *, subject: str, scope: ConsentScope, reader: str
) -> MedicalView:
    """Return the person's information of one scope and record the read for `reader` (the
    portal and the client it passes the data to)."""
    log_read(
        session,
        ctx,
        subject,
        facility=PORTAL_READER,
        operator=reader,
        what=scope.value,
        purpose="self_information",
        outcome="shown",
    )
    return build(session, scope, _latest_insured(session, subject), subject, None)


def _latest_insured(session: Session, subject: str) -> InsuredRef:
    """The person's latest insured number (check-ups are filed without one)."""
    row = session.scalars(
        select(MembershipRow)
        .where(MembershipRow.subject == subject)
        .order_by(MembershipRow.valid_from.desc(), MembershipRow.id.desc())
    ).first()
    if row is None:
        return InsuredRef(insurer_number="", number="", branch="00")
    return InsuredRef(
        insurer_number=row.insurer_number, symbol=row.symbol, number=row.number, branch=row.branch
    )
