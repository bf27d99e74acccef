"""Ages as Japanese law counts them (年齢計算ニ関スル法律): a year is reached the day before."""

from __future__ import annotations

import datetime as dt

__all__ = ["age_on", "preschool"]


def age_on(birth_date: dt.date, on: dt.date) -> int:
    """Return the age in whole years on a date (a birthday of 29 Feb counts from 1 Mar)."""
    years = on.year - birth_date.year
    return years - ((on.month, on.day) < (birth_date.month, birth_date.day))


def preschool(birth_date: dt.date, on: dt.date) -> bool:
    """Return whether a child is before the 1 April after their 6th birthday (未就学).

    Children born 2 April – 1 April form one school year, because the age is reached on the
    day before the birthday.
    """
    day_before = birth_date - dt.timedelta(days=1)
    after_april = (day_before.month, day_before.day) >= (4, 1)
    return on < dt.date(day_before.year + 6 + after_april, 4, 1)
