"""The care platform's identifiers: the 介護保険事業所番号 and its check digit.

介護保険事業所番号 (MHLW 資料13, 総合事業における事業所番号の考え方): 都道府県 2 digits,
事業所区分 1 (0 包括, 7 指定, 8 基準該当, 9 地域密着, A 総合事業), 郡市区 2, 番号 4, and a check
digit: modulus 10, weights 2, 1 from the right over the 9 characters, letters counted A=10 … Z=32
(I, O and Q are never used), two-digit products split into their digits, CD = 10 − (sum mod 10).
⚠ A remainder of 0 gives 0 (the document does not say; as the 医療機関コード's 検証番号).

The 介護保険被保険者番号 has 10 digits and no public structure or check digit (⚠ opaque here:
numbered from one counter of the platform, zero-padded).
"""

from __future__ import annotations

import re

from mynumber.care.data import OFFICE_NUMBER_PATTERN
from mynumber.kernel.errors import InvalidInputError

__all__ = ["format_insured_number", "is_valid_office_number", "office_check_digit", "office_number"]

_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"  # A=10 … Z=32: the alphabet less I, O, Q
_VALUES = {c: str(i) for i, c in enumerate("0123456789")} | {
    c: str(10 + i) for i, c in enumerate(_LETTERS)
}
_SHAPE = re.compile(OFFICE_NUMBER_PATTERN)


def office_check_digit(base: str) -> int:
    """Return the check digit of the 9 characters of a 介護保険事業所番号."""
    if len(base) != 9 or any(c not in _VALUES for c in base):
        raise ValueError(f"not the 9 characters of an office number: {base!r}")
    total = 0
    for n, char in enumerate(reversed(base), 1):
        product = int(_VALUES[char]) * (2 if n % 2 else 1)
        total += sum(int(d) for d in str(product))
    return (10 - total % 10) % 10


def is_valid_office_number(value: str) -> bool:
    """Return whether value is a 介護保険事業所番号 with its check digit right."""
    if not _SHAPE.match(value) or not 1 <= int(value[:2]) <= 47:
        return False
    return office_check_digit(value[:9]) == int(value[9])


def office_number(value: str) -> str:
    """Return a valid 介護保険事業所番号 (upper-cased), or refuse it (422)."""
    number = value.strip().upper()
    if not is_valid_office_number(number):
        raise InvalidInputError(
            f"{value!r} is not a valid 介護保険事業所番号 (check digit)",
            code="invalid_office_number",
        )
    return number


def format_insured_number(serial: int) -> str:
    """Return the 10-digit 被保険者番号 of a serial."""
    return f"{serial:010d}"
