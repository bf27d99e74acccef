"""The 基礎年金番号: a 4-digit 記号 and a 6-digit 番号, printed `1234-567890`.

The service gives each person one number for life (基礎年金番号, since 1997) and prints it on the
基礎年金番号通知書 (since 2022, instead of the 年金手帳). The 記号 once named the issuing office;
here the numbers are cut from one serial ⚠: 記号 = 1000 + serial ÷ 1,000,000, 番号 = the
remainder, so the first number is 1000-000001. No check digit is published for it ⚠.
"""

from __future__ import annotations

import re

from mynumber.kernel.errors import InvalidInputError

__all__ = ["FIRST_SERIAL", "format_number", "number_of_serial", "parse_number"]

FIRST_SERIAL = 1
_PRINTED = re.compile(r"^(\d{4})-?(\d{6})$")
_LAST_SERIAL = 8_999_999_999


def number_of_serial(serial: int) -> str:
    """Return the 10 digits of the number cut from a serial (1 → 1000000001)."""
    if not FIRST_SERIAL <= serial <= _LAST_SERIAL:
        raise ValueError(f"no 基礎年金番号 for serial {serial}")
    symbol, number = divmod(serial, 1_000_000)
    return f"{1000 + symbol:04d}{number:06d}"


def format_number(digits: str) -> str:
    """Return the number as printed: 記号-番号."""
    return f"{digits[:4]}-{digits[4:]}"


def parse_number(text: str) -> str:
    """Return the 10 digits of a number written with or without its hyphen, or refuse it."""
    found = _PRINTED.match(text.strip())
    if found is None:
        raise InvalidInputError(
            f"not a 基礎年金番号 (4-digit 記号, 6-digit 番号): {text!r}",
            code="invalid_basic_pension_number",
        )
    return found.group(1) + found.group(2)
