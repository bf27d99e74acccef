"""The numbers of a 公費負担医療 受給者証 and their check digits.

公費負担者番号 (8 digits): 法別番号 2 + 都道府県番号 2 + 実施機関番号 3 + 検証番号 1; 公費受給者番号
(7 digits, national programmes): 受給者区分 6 + 検証番号 1. ⚠ Both 検証番号 taken as the
保険者番号's: weights 2, 1 alternating from the right, the digits of each product summed,
10 − (sum mod 10), a remainder of 0 giving 0 (the 審査支払機関's tables are not public).
"""

from __future__ import annotations

__all__ = [
    "INSURER_NUMBER_FORMAT",
    "RECIPIENT_NUMBER_FORMAT",
    "check_digit",
    "is_valid_insurer_number",
    "is_valid_recipient_number",
    "with_check",
]

# The OpenAPI `format` of each number: the check digit is beyond a pattern.
INSURER_NUMBER_FORMAT = "public-expense-insurer-number"
RECIPIENT_NUMBER_FORMAT = "public-expense-recipient-number"


def check_digit(base: str) -> int:
    """Return the 検証番号 of the base digits (2,1 from the right, digit sums, mod 10)."""
    if not base.isascii() or not base.isdigit():
        raise ValueError(f"not digits: {base!r}")
    total = 0
    for n, char in enumerate(reversed(base), 1):
        product = int(char) * (2 if n % 2 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def with_check(base: str) -> str:
    """Return the base digits followed by their 検証番号."""
    return f"{base}{check_digit(base)}"


def _valid(value: str, length: int) -> bool:
    return (
        len(value) == length
        and value.isascii()
        and value.isdigit()
        and check_digit(value[:-1]) == int(value[-1])
    )


def is_valid_insurer_number(value: str) -> bool:
    """Return whether value is an 8-digit 公費負担者番号 with a right 検証番号 (都道府県 01–47)."""
    return _valid(value, 8) and 1 <= int(value[2:4]) <= 47


def is_valid_recipient_number(value: str) -> bool:
    """Return whether value is a 7-digit 公費受給者番号 with a right 検証番号."""
    return _valid(value, 7)
