"""Certificate and card dates: the 5th birthday after issue, and the card's own expiry."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mynumber.jpki.issuance import card_expiry
from mynumber.jpki.profiles import end_of_day, nth_birthday_after
from mynumber.kernel.ages import age_on


@pytest.mark.parametrize(
    ("born", "issued", "fifth"),
    [
        (dt.date(1980, 4, 1), dt.date(2026, 11, 22), dt.date(2031, 4, 1)),
        (dt.date(1980, 12, 1), dt.date(2026, 11, 22), dt.date(2030, 12, 1)),
        (dt.date(1980, 11, 22), dt.date(2026, 11, 22), dt.date(2031, 11, 22)),  # not that day
        (dt.date(2000, 2, 29), dt.date(2026, 1, 10), dt.date(2030, 2, 28)),
        (dt.date(2000, 2, 29), dt.date(2027, 3, 1), dt.date(2032, 2, 29)),
    ],
)
def test_the_fifth_birthday_after_issue(born: dt.date, issued: dt.date, fifth: dt.date) -> None:
    assert nth_birthday_after(born, issued, 5) == fifth


@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 12, 31)),
    st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2090, 12, 31)),
)
def test_validity_is_between_four_and_five_years(born: dt.date, issued: dt.date) -> None:
    last = nth_birthday_after(born, issued, 5)
    assert issued + dt.timedelta(days=4 * 365) <= last <= issued + dt.timedelta(days=5 * 366)
    assert (last.month, last.day) == (born.month, born.day) or (born.month, born.day) == (2, 29)


def test_cards_run_ten_years_for_adults_and_five_for_minors() -> None:
    issued = dt.date(2026, 11, 22)
    assert card_expiry(dt.date(2008, 11, 22), issued) == dt.date(2036, 11, 22)  # 18 today
    assert card_expiry(dt.date(2008, 11, 23), issued) == dt.date(2030, 11, 23)  # 17
    assert age_on(dt.date(2008, 11, 23), issued) == 17


def test_the_day_ends_at_midnight_in_japan() -> None:
    assert end_of_day(dt.date(2031, 4, 1)) == dt.datetime(2031, 4, 1, 14, 59, 59, tzinfo=dt.UTC)
