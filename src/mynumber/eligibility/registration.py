"""Card registration (利用登録): the person's choice to use their My Number card as their insurance
card, and its cancellation (登録解除). Who the card's holder is, J-LIS says at registration.

Under the real rules (policy `registration_links_serial`, S1 L55-58: 利用登録 is "電子証明書の発行
番号と被保険者番号を紐付ける作業") the registration keeps the card's serial, so a later check
finds the person from the serial alone (`linked_holder`); when J-LIS replaces the certificate
(renewal, reissue) the registration follows it (`follow`). Safeguarded: no serial is kept.
Every function takes the caller's session; none commits.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from mynumber.eligibility.access_log import Context
from mynumber.eligibility.data import Registration
from mynumber.eligibility.models import RegistrationRow
from mynumber.kernel.upsert import upsert

__all__ = [
    "follow",
    "linked_holder",
    "linked_serial",
    "register",
    "to_registration",
    "unregister",
]


def register(
    session: Session, ctx: Context, *, subject: str, serial: str | None = None
) -> Registration:
    """Record the person's registration (with the card's serial when the policy keeps it);
    registering again is harmless.

    One upsert: a new registration is inserted, a cancelled one starts again, a current one is
    left as it is, even when the same card is registered twice at once. A current one registered
    with another card takes this card's serial.
    """
    now = ctx.clock.now()
    table = cast(Table, RegistrationRow.__table__)
    session.execute(
        upsert(
            session.get_bind().dialect.name,
            table,
            ("subject",),
            set_={"registered_at": now, "cancelled_at": None, "serial": serial},
            where=table.c.cancelled_at.is_not(None),
        ),
        {"subject": subject, "registered_at": now, "cancelled_at": None, "serial": serial},
    )
    row = session.get(RegistrationRow, subject, populate_existing=True)
    if row is not None and serial is not None and row.serial != serial:
        row.serial = serial
    return to_registration(row)


def unregister(session: Session, ctx: Context, *, subject: str) -> Registration:
    """Cancel the registration (登録解除): the card no longer answers as an insurance card, and
    its serial is no longer linked to the person."""
    row = session.get(RegistrationRow, subject)
    if row is not None and row.cancelled_at is None:
        row.cancelled_at = ctx.clock.now()
        row.serial = None
    return to_registration(row)


def linked_holder(session: Session, serial: str) -> str | None:
    """Return the person whose current registration holds this serial (real policy only).

    The registration itself is loaded into the session, so a check that goes on in the same
    unit of work reads it without asking the database again.
    """
    row = session.scalars(
        select(RegistrationRow).where(
            RegistrationRow.serial == serial, RegistrationRow.cancelled_at.is_(None)
        )
    ).first()
    return row.subject if row is not None else None


def linked_serial(session: Session, subject: str) -> str | None:
    """Return the serial the person's current registration holds, if any."""
    row = session.get(RegistrationRow, subject)
    return row.serial if row is not None and row.cancelled_at is None else None


def follow(session: Session, *, subject: str, serial: str) -> None:
    """Move the person's registration to the certificate that replaced its card's (J-LIS's
    証明書新旧紐付け said so): no new 利用登録 is needed after a renewal or a reissue."""
    row = session.get(RegistrationRow, subject)
    if row is not None and row.cancelled_at is None:
        row.serial = serial


def to_registration(row: RegistrationRow | None) -> Registration:
    """Return the DTO of a registration state."""
    if row is None:
        return Registration(registered=False, registered_at=None, cancelled_at=None)
    return Registration(
        registered=row.cancelled_at is None,
        registered_at=row.registered_at,
        cancelled_at=row.cancelled_at,
    )
