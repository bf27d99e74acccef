"""Disaster mode (災害時医療情報閲覧): activated by the operator for prefectures and a period,
inside which a facility may find a patient without a card (`verification.disaster_search`) and
see their medical information without consent (`medical.views`)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.eligibility.data import Disaster
from mynumber.eligibility.models import DisasterRow
from mynumber.kernel.errors import InvalidInputError

__all__ = ["activate", "active_disaster"]


def activate(session: Session, disaster: Disaster, now: dt.datetime) -> None:
    """Activate disaster mode in each prefecture for the period."""
    if disaster.ends < disaster.starts:
        raise InvalidInputError("a disaster period cannot end before it starts")
    for prefecture in disaster.prefecture_codes:
        session.add(
            DisasterRow(
                name=disaster.name,
                prefecture_code=prefecture,
                starts=disaster.starts,
                ends=disaster.ends,
                active=True,
                activated_at=now,
            )
        )


def active_disaster(session: Session, prefecture: str, on: dt.date) -> DisasterRow | None:
    """Return an activation covering the prefecture on the date, if any."""
    return session.scalars(
        select(DisasterRow).where(
            DisasterRow.prefecture_code == prefecture,
            DisasterRow.active.is_(True),
            DisasterRow.starts <= on,
            DisasterRow.ends >= on,
        )
    ).first()
