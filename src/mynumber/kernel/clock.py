"""Timezone-aware UTC time, behind a clock that tests can fix."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

__all__ = ["JST", "Clock", "FixedClock", "SystemClock", "today_in_japan"]

JST = dt.timezone(dt.timedelta(hours=9), "JST")


class Clock(Protocol):
    """A source of the current time."""

    def now(self) -> dt.datetime:
        """Return the current time, timezone-aware, in UTC."""
        ...


class SystemClock:
    """The machine's clock."""

    def now(self) -> dt.datetime:
        """Return the current time in UTC."""
        return dt.datetime.now(dt.UTC)


class FixedClock:
    """A clock that stands still until moved; for tests and replays."""

    def __init__(self, at: dt.datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware time")
        self._at = at.astimezone(dt.UTC)

    def now(self) -> dt.datetime:
        """Return the fixed time."""
        return self._at

    def advance(self, delta: dt.timedelta) -> None:
        """Move the clock forward."""
        self._at += delta


def today_in_japan(clock: Clock) -> dt.date:
    """Return today's date in Japan, the calendar every legal date follows."""
    return clock.now().astimezone(JST).date()
