"""What staff type at reception, made regular: widths folded, dates in the forms people use."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

__all__ = ["FormError", "clean", "parse_date"]

_DATE = re.compile(r"^(\d{4})[-/年]?(\d{1,2})[-/月]?(\d{1,2})日?$")


class FormError(ValueError):
    """A field staff must correct; the message is in Japanese and names the field."""


def clean(value: str) -> str:
    """Return a typed value with full-width digits and letters narrowed and spaces trimmed."""
    return unicodedata.normalize("NFKC", value).strip()


def parse_date(value: str, label: str) -> dt.date:
    """Return the date in 2026-11-22, 20261122, 2026/11/22 or 2026年11月22日, or refuse it."""
    cleaned = clean(value)
    if len(cleaned) == 8 and cleaned.isdigit():
        cleaned = f"{cleaned[:4]}-{cleaned[4:6]}-{cleaned[6:]}"
    match = _DATE.match(cleaned)
    if not cleaned:
        raise FormError(f"{label}を入力してください。")
    try:
        if match is None:
            raise ValueError(cleaned)
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise FormError(f"{label}の日付が正しくありません（例: 1980-04-01）。") from None
