"""Dates and moments as the interfaces write them: one place for each format.

The online-eligibility interface writes dates as ``YYYYMMDD`` and moments as ``YYYYMMDDHHMMSS`` in
Japan time; the JSON API and the command line use ISO 8601 (``YYYY-MM-DD``); people type any of
these, or ``2026/11/22`` and ``2026年11月22日``, into the pages.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from mynumber.kernel.clock import JST

__all__ = [
    "compact_date",
    "compact_moment",
    "japanese_date",
    "parse_compact_date",
    "parse_iso_date",
    "parse_typed_date",
]

_COMPACT = re.compile(r"^\d{8}$")
_TYPED = re.compile(r"^(\d{4})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})\s*日?$")


def compact_date(day: dt.date | None) -> str:
    """Return a date as YYYYMMDD, or an empty string for none (the interface's empty element)."""
    return day.strftime("%Y%m%d") if day else ""


def compact_moment(moment: dt.datetime) -> str:
    """Return an aware moment as YYYYMMDDHHMMSS in Japan time."""
    return moment.astimezone(JST).strftime("%Y%m%d%H%M%S")


def japanese_date(day: dt.date) -> str:
    """Return a date as 2026年11月22日."""
    return f"{day.year}年{day.month}月{day.day}日"


def parse_compact_date(value: str) -> dt.date:
    """Return the date written YYYYMMDD; ValueError if it is not eight digits or not a date."""
    if not _COMPACT.match(value):
        raise ValueError(f"{value!r} is not YYYYMMDD")
    return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))


def parse_iso_date(value: str) -> dt.date:
    """Return the date written YYYY-MM-DD; ValueError otherwise."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)")
    return dt.date.fromisoformat(value)


def parse_typed_date(value: str) -> dt.date:
    """Return a date a person typed: 2026-11-22, 20261122, 2026/11/22 or 2026年11月22日.

    Full-width digits and separators are folded first (NFKC). ValueError if it is none of these
    or not a day of the calendar.
    """
    cleaned = unicodedata.normalize("NFKC", value).strip()
    if _COMPACT.match(cleaned):
        return parse_compact_date(cleaned)
    match = _TYPED.match(cleaned)
    if match is None:
        raise ValueError(f"{value!r} is not a date")
    return dt.date(*(int(part) for part in match.groups()))
