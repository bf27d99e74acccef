"""Timezone-aware UTC time, behind a clock that tests can fix."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

__all__ = ["JST", "Clock", "FixedClock", "SystemClock", "TravellingClock", "today_in_japan"]

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


class TravellingClock:
    """A clock that follows another and can be sent back for a while, from where it runs on:
    how `mynumber demo` leaves a year of exchanges behind, dated in that past by everything that
    asks the clock (requests, the network's records, the 副本 in publication that day)."""

    def __init__(self, follows: Clock) -> None:
        self._follows = follows
        self._offset: dt.timedelta | None = None  # while on a journey

    def now(self) -> dt.datetime:
        """Return the followed clock's time, shifted while on a journey."""
        return self._follows.now() + (self._offset or dt.timedelta(0))

    @contextmanager
    def at(self, moment: dt.datetime) -> Iterator[None]:
        """Run the block as if it began at `moment` (never later than now: the past only)."""
        if moment.tzinfo is None:
            raise ValueError("TravellingClock needs a timezone-aware time")
        if self._offset is not None:
            raise RuntimeError("the clock is on a journey already")
        self._offset = min(moment - self._follows.now(), dt.timedelta(0))
        try:
            yield
        finally:
            self._offset = None


def today_in_japan(clock: Clock) -> dt.date:
    """Return today's date in Japan, the calendar every legal date follows."""
    return clock.now().astimezone(JST).date()
