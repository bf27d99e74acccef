"""お知らせ (notices): what agencies push to a person, read or not yet read.

An agency sends a `NoticeMessage` through its outbox, addressed by its own 符号 for the person;
the portal stores it as addressed. A logged-in person's notices are those addressed by any 符号
the network holds for them (`PortalRecords.codes_held`): the portal never keeps a resident code
or My Number beside a notice. Functions take the caller's session; none commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field, computed_field
from sqlalchemy import ColumnElement, and_, false, or_, select
from sqlalchemy.orm import Session

from mynumber.kernel.errors import NotFoundError
from mynumber.kernel.fields import JsonDateTime
from mynumber.portal.data import NoticeMessage
from mynumber.portal.models import NoticeRow

__all__ = ["Notice", "Notices", "mark_read", "notices_of", "store"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Notice(BaseModel):
    """One お知らせ as the person sees it."""

    model_config = _FROZEN
    notice_id: int
    sender: str
    kind: str
    title: str
    body: str
    sent_at: JsonDateTime
    read_at: JsonDateTime | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def unread(self) -> bool:
        """Whether the person has not opened it yet."""
        return self.read_at is None


class Notices(BaseModel):
    """The person's お知らせ, newest first, with how many are unread."""

    model_config = _FROZEN
    notices: tuple[Notice, ...]
    unread: int = Field(ge=0)


def store(session: Session, message: NoticeMessage, *, now: dt.datetime) -> None:
    """Keep a notice as addressed (the sender's agency and 符号)."""
    session.add(
        NoticeRow(
            agency=message.agency,
            code=message.code,
            sender=message.sender,
            kind=message.kind,
            title=message.title,
            body=message.body,
            sent_at=now,
        )
    )


def _addressed_to(codes: Mapping[str, str]) -> ColumnElement[bool]:
    pairs = [and_(NoticeRow.agency == a, NoticeRow.code == c) for a, c in sorted(codes.items())]
    return or_(*pairs) if pairs else false()


def notices_of(session: Session, codes: Mapping[str, str]) -> Notices:
    """Return the notices addressed by any of the person's 符号, newest first."""
    rows = session.scalars(
        select(NoticeRow)
        .where(_addressed_to(codes))
        .order_by(NoticeRow.sent_at.desc(), NoticeRow.id.desc())
    ).all()
    shown = tuple(_notice(row) for row in rows)
    return Notices(notices=shown, unread=sum(1 for n in shown if n.unread))


def mark_read(
    session: Session, codes: Mapping[str, str], *, notice_id: int, now: dt.datetime
) -> Notice:
    """Mark one of the person's notices read (again: harmless); another's is not found."""
    row = session.scalars(
        select(NoticeRow).where(NoticeRow.id == notice_id, _addressed_to(codes))
    ).first()
    if row is None:
        raise NotFoundError("そのお知らせはありません。", code="notice_not_found")
    if row.read_at is None:
        row.read_at = now
    return _notice(row)


def _notice(row: NoticeRow) -> Notice:
    return Notice(
        notice_id=row.id,
        sender=row.sender,
        kind=row.kind,
        title=row.title,
        body=row.body,
        sent_at=row.sent_at,
        read_at=row.read_at,
    )
