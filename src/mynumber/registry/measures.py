"""住民基本台帳事務におけるDV等支援措置 (the DV support measure): registered at the resident
register by a municipality's clerk, for a period from the resident's request (申出). While it is
in force the resident's address is withheld from every view but the register's own desk: the
registry answers `address_withheld`, and tells each agency keeping its own copy of addresses
(`SupportMeasureNotice` on `support_measures_topic(agency)`, under the agency's 符号).

Each set and lift is written to the resident's hash-chained access log, naming the clerk.
⚠ The measure starts on the request day and lasts a year (`DEFAULT_TERM_DAYS`), as the real one
is renewed yearly (延長の申出); renewing is setting it again from a new request.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from sqlalchemy.orm import Session

from mynumber.kernel.clock import today_in_japan
from mynumber.kernel.db import Database
from mynumber.kernel.errors import ConflictError, InvalidInputError, NotFoundError
from mynumber.network.data import new_acquisition_number
from mynumber.registry.data import (
    SupportMeasure,
    SupportMeasureNotice,
    is_agency_id,
    support_measures_topic,
)
from mynumber.registry.models import SupportMeasureRow
from mynumber.registry.service import Context, active_resident

__all__ = ["DEFAULT_TERM_DAYS", "LocalSupportMeasures", "SupportMeasures"]

DEFAULT_TERM_DAYS = 365  # ⚠ one year, renewed on a new request


class SupportMeasures(Protocol):
    """The support measure, as the register's clerks set it and other subsystems ask it."""

    def set_support_measure(
        self,
        *,
        resident_code: str,
        requested_on: dt.date,
        actor: str,
        valid_until: dt.date | None = None,
    ) -> SupportMeasure:
        """Put a resident under the measure from requested_on (申出日) until valid_until (a year
        by default); setting it again renews it. Agencies keeping addresses are told."""
        ...

    def clear_support_measure(self, *, resident_code: str, actor: str) -> SupportMeasure:
        """Lift a resident's measure before its end (404 `no_support_measure` without one)."""
        ...

    def support_measure(self, *, resident_code: str) -> SupportMeasure | None:
        """Return the resident's measure, in force or not, or None if never set."""
        ...

    def address_withheld(self, *, resident_code: str) -> bool:
        """Return whether the resident's address is withheld today (the measure in force)."""
        ...

    def publish_support_measures(self, *, agency: str) -> str:
        """Tell agency of every later set or lift, under its own 符号; return the topic."""
        ...


def in_force(row: SupportMeasureRow | None, today: dt.date) -> bool:
    """Return whether a stored measure withholds the address on this day."""
    if row is None or row.cleared_at is not None:
        return False
    return row.valid_from <= today <= row.valid_until


def to_measure(row: SupportMeasureRow, today: dt.date) -> SupportMeasure:
    """Return the DTO of a stored measure, as it stands on this day."""
    return SupportMeasure(
        resident_code=row.resident_code,
        requested_on=row.requested_on,
        valid_from=row.valid_from,
        valid_until=row.valid_until,
        cleared_at=row.cleared_at,
        in_force=in_force(row, today),
    )


def set_measure(
    session: Session,
    ctx: Context,
    *,
    resident_code: str,
    requested_on: dt.date,
    valid_until: dt.date | None,
    actor: str,
) -> SupportMeasure:
    """Store (or renew) a resident's measure, log it and tell the agencies."""
    active_resident(session, resident_code)
    today = today_in_japan(ctx.clock)
    if requested_on > today:
        raise ConflictError(f"request date {requested_on} is in the future", code="date_in_future")
    until = valid_until or requested_on + dt.timedelta(days=DEFAULT_TERM_DAYS - 1)
    if until < requested_on:
        raise InvalidInputError("valid_until is before the request date")
    now = ctx.clock.now()
    row = session.get(SupportMeasureRow, resident_code)
    if row is None:
        row = SupportMeasureRow(resident_code=resident_code, version=0)
        session.add(row)
    row.requested_on, row.valid_from, row.valid_until = requested_on, requested_on, until
    row.set_by, row.set_at, row.cleared_at = actor, now, None
    row.version += 1
    _log(session, ctx, resident_code, actor=actor, what=f"support_measure:set:{until}")
    _notify(session, ctx, row, valid=(requested_on, until), at=now)
    session.flush()
    return to_measure(row, today)


def clear_measure(
    session: Session, ctx: Context, *, resident_code: str, actor: str
) -> SupportMeasure:
    """Lift a resident's measure, log it and tell the agencies."""
    row = session.get(SupportMeasureRow, resident_code)
    if row is None or row.cleared_at is not None:
        raise NotFoundError(
            f"resident {resident_code} is under no support measure", code="no_support_measure"
        )
    now = ctx.clock.now()
    row.cleared_at = now
    row.version += 1
    _log(session, ctx, resident_code, actor=actor, what="support_measure:cleared")
    _notify(session, ctx, row, valid=None, at=now)
    session.flush()
    return to_measure(row, today_in_japan(ctx.clock))


def _log(session: Session, ctx: Context, resident_code: str, *, actor: str, what: str) -> None:
    ctx.access_log.append(
        session,
        stream=resident_code,
        payload={"actor": actor, "what": what, "organisation": "registry"},
        at=ctx.clock.now(),
    )


def _notify(
    session: Session,
    ctx: Context,
    row: SupportMeasureRow,
    *,
    valid: tuple[dt.date, dt.date] | None,
    at: dt.datetime,
) -> None:
    """Send each agency told of measures its message, in this transaction, under its 符号."""
    if not ctx.measures_to:
        return
    issued = ctx.codes.issue_codes(
        agencies=list(ctx.measures_to),
        acquisition_numbers=[new_acquisition_number() for _ in ctx.measures_to],
        resident_codes=[row.resident_code] * len(ctx.measures_to),
    )
    for agency, code in zip(ctx.measures_to, issued, strict=True):
        notice = SupportMeasureNotice(
            agency=agency,
            subject=code.code,
            valid_from=valid[0] if valid else None,
            valid_until=valid[1] if valid else None,
            changed_at=at,
            version=row.version,
        )
        ctx.outbox.send(
            session, topic=support_measures_topic(agency), body=notice.model_dump(mode="json")
        )


class LocalSupportMeasures:
    """The support measure in this process (mixed into `LocalRegistry`)."""

    _db: Database
    _ctx: Context

    def set_support_measure(
        self,
        *,
        resident_code: str,
        requested_on: dt.date,
        actor: str,
        valid_until: dt.date | None = None,
    ) -> SupportMeasure:
        with self._db.unit_of_work() as uow:
            measure = set_measure(
                uow.session, self._ctx, resident_code=resident_code,
                requested_on=requested_on, valid_until=valid_until, actor=actor,
            )  # fmt: skip
        return measure

    def clear_support_measure(self, *, resident_code: str, actor: str) -> SupportMeasure:
        with self._db.unit_of_work() as uow:
            measure = clear_measure(
                uow.session, self._ctx, resident_code=resident_code, actor=actor
            )
        return measure

    def support_measure(self, *, resident_code: str) -> SupportMeasure | None:
        with self._db.unit_of_work() as uow:
            row = uow.session.get(SupportMeasureRow, resident_code)
            return None if row is None else to_measure(row, today_in_japan(self._ctx.clock))

    def address_withheld(self, *, resident_code: str) -> bool:
        with self._db.unit_of_work() as uow:
            row = uow.session.get(SupportMeasureRow, resident_code)
            return in_force(row, today_in_japan(self._ctx.clock))

    def publish_support_measures(self, *, agency: str) -> str:
        if not is_agency_id(agency):
            raise InvalidInputError(f"{agency!r} is not an agency id")
        if agency not in self._ctx.measures_to:
            self._ctx.measures_to.append(agency)
        return support_measures_topic(agency)
