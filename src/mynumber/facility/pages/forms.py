"""What staff type at reception, made regular: widths folded, dates in the forms people use."""

from __future__ import annotations

import datetime as dt
import unicodedata

from mynumber.kernel.dates import parse_typed_date

__all__ = ["FormError", "clean", "parse_date"]


class FormError(ValueError):
    """A field staff must correct; the message is in Japanese and names the field."""


def clean(value: str) -> str:
    """Return a typed value with full-width digits and letters narrowed and spaces trimmed."""
    return unicodedata.normalize("NFKC", value).strip()


def parse_date(value: str, label: str) -> dt.date:
    """Return the date in 2026-11-22, 20261122, 2026/11/22 or 2026年11月22日, or refuse it."""
    if not clean(value):
        raise FormError(f"{label}を入力してください。")
    try:
        return parse_typed_date(value)
    except ValueError:
        raise FormError(f"{label}の日付が正しくありません（例: 1980-04-01）。") from None
