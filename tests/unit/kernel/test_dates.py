"""The interface date formats: written one way, read back, and refused when they are not dates."""

from __future__ import annotations

import datetime as dt

import pytest

from mynumber.kernel.dates import (
    compact_date,
    compact_moment,
    japanese_date,
    parse_compact_date,
    parse_iso_date,
    parse_typed_date,
)

DAY = dt.date(2026, 2, 3)


def test_compact_forms_round_trip_and_use_japan_time() -> None:
    assert compact_date(DAY) == "20260203"
    assert compact_date(None) == ""
    assert parse_compact_date(compact_date(DAY)) == DAY
    late_utc = dt.datetime(2026, 2, 3, 15, 30, 5, tzinfo=dt.UTC)
    assert compact_moment(late_utc) == "20260204003005"  # already the next day in Japan
    assert japanese_date(DAY) == "2026年2月3日"


@pytest.mark.parametrize(
    "typed",
    ["2026-02-03", "20260203", "2026/2/3", "2026年2月3日", "２０２６年２月３日", " 2026-2-3 "],
)
def test_typed_dates_in_every_form_people_use(typed: str) -> None:
    assert parse_typed_date(typed) == DAY


@pytest.mark.parametrize("bad", ["", "2026-02-30", "20261301", "2026", "3 Feb 2026", "2026-02-03x"])
def test_what_is_not_a_date_is_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_typed_date(bad)


def test_strict_forms_refuse_the_other_forms() -> None:
    with pytest.raises(ValueError):
        parse_compact_date("2026-02-03")
    with pytest.raises(ValueError):
        parse_iso_date("20260203")
    with pytest.raises(ValueError):
        parse_iso_date("2026-02-30")
    assert parse_iso_date("2026-02-03") == DAY
