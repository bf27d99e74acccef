"""The travelling clock the demo dates a year of exchanges with."""

from __future__ import annotations

import datetime as dt

import pytest

from mynumber.kernel.clock import JST, FixedClock, TravellingClock

NOW = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC)


def test_it_goes_back_runs_on_there_and_comes_back() -> None:
    followed = FixedClock(NOW)
    clock = TravellingClock(followed)
    assert clock.now() == NOW
    then = dt.datetime(2025, 12, 10, 10, 0, tzinfo=JST)
    with clock.at(then):
        assert clock.now() == then
        followed.advance(dt.timedelta(minutes=5))  # time runs on in the past
        assert clock.now() == then + dt.timedelta(minutes=5)
    assert clock.now() == NOW + dt.timedelta(minutes=5)


def test_it_never_goes_to_the_future_nor_on_two_journeys() -> None:
    clock = TravellingClock(FixedClock(NOW))
    with clock.at(NOW + dt.timedelta(days=1)):
        assert clock.now() == NOW
        with pytest.raises(RuntimeError), clock.at(NOW - dt.timedelta(days=1)):
            pass
    with pytest.raises(ValueError), clock.at(dt.datetime(2025, 1, 1)):
        pass
