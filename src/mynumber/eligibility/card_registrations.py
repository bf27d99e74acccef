"""利用登録 of many cards at once: what `registration.register` does for each, in a few multi-row
statements. Every function takes the caller's session; none commits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import cast

from sqlalchemy import Table, case, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from mynumber.eligibility.access_log import Context
from mynumber.eligibility.models import RegistrationRow
from mynumber.kernel.upsert import upsert

__all__ = ["linked_holders", "register_many"]

_CHUNK = 400


def register_many(session: Session, ctx: Context, *, serials: Mapping[str, str | None]) -> None:
    """Record each person's registration (subject → the card's serial, or None where the policy
    keeps none), as `registration.register` does: a new one is inserted, a cancelled one starts
    again, a current one keeps its date and takes this card's serial."""
    now = ctx.clock.now()
    table = cast(Table, RegistrationRow.__table__)
    dialect = session.get_bind().dialect.name
    excluded = (postgresql if dialect == "postgresql" else sqlite).insert(table).excluded
    rows = [
        {"subject": subject, "registered_at": now, "cancelled_at": None, "serial": serial}
        for subject, serial in sorted(serials.items())
    ]
    statement = upsert(
        dialect,
        table,
        ("subject",),
        set_={
            # A cancelled registration starts again; a current one only takes the new serial.
            "registered_at": case(
                (table.c.cancelled_at.is_not(None), excluded.registered_at),
                else_=table.c.registered_at,
            ),
            "cancelled_at": None,
            "serial": func.coalesce(excluded.serial, table.c.serial),
        },
        where=None,
    )
    for start in range(0, len(rows), _CHUNK):
        session.execute(statement, rows[start : start + _CHUNK])


def linked_holders(session: Session, serials: Sequence[str]) -> dict[str, str]:
    """Return, by serial, the person whose current registration holds it (real policy)."""
    found: dict[str, str] = {}
    ordered = sorted(set(serials))
    for start in range(0, len(ordered), _CHUNK):
        rows = session.execute(
            select(RegistrationRow.serial, RegistrationRow.subject).where(
                RegistrationRow.serial.in_(ordered[start : start + _CHUNK]),
                RegistrationRow.cancelled_at.is_(None),
            )
        )
        found.update({serial: subject for serial, subject in rows if serial is not None})
    return found
