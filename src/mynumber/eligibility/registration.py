"""Card registration (利用登録): the person's choice to use their My Number card as their insurance
card, and its cancellation (登録解除). Who the card's holder is, J-LIS says; this module keeps only
the state. Every function takes the caller's session; none commits.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table
from sqlalchemy.orm import Session

from mynumber.eligibility.access_log import Context
from mynumber.eligibility.data import Registration
from mynumber.eligibility.models import RegistrationRow
from mynumber.kernel.upsert import upsert

__all__ = ["register", "to_registration", "unregister"]


def register(session: Session, ctx: Context, *, subject: str) -> Registration:
    """Record the person's registration; registering again is harmless.

    One upsert: a new registration is inserted, a cancelled one starts again, a current one is
    left as it is, even when the same card is registered twice at once.
    """
    now = ctx.clock.now()
    table = cast(Table, RegistrationRow.__table__)
    session.execute(
        upsert(
            session.get_bind().dialect.name,
            table,
            ("subject",),
            set_={"registered_at": now, "cancelled_at": None},
            where=table.c.cancelled_at.is_not(None),
        ),
        {"subject": subject, "registered_at": now, "cancelled_at": None},
    )
    return to_registration(session.get(RegistrationRow, subject, populate_existing=True))


def unregister(session: Session, ctx: Context, *, subject: str) -> Registration:
    """Cancel the registration (登録解除): the card no longer answers as an insurance card."""
    row = session.get(RegistrationRow, subject)
    if row is not None and row.cancelled_at is None:
        row.cancelled_at = ctx.clock.now()
    return to_registration(row)


def to_registration(row: RegistrationRow | None) -> Registration:
    """Return the DTO of a registration state."""
    if row is None:
        return Registration(registered=False, registered_at=None, cancelled_at=None)
    return Registration(
        registered=row.cancelled_at is None,
        registered_at=row.registered_at,
        cancelled_at=row.cancelled_at,
    )
