"""Check-digit codecs for the identifiers of the My Number system.

Each codec validates a full identifier and generates valid ones. Sources: REFERENCE.md.
Formulas marked ⚠ there are assumptions documented on the codec.
"""

from __future__ import annotations

import operator
import random
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "CODECS",
    "Codec",
    "IdentifierKind",
    "corporate_number_check_digit",
    "facility_code_check_digit",
    "insurer_number_check_digit",
    "local_government_code_check_digit",
    "my_number_check_digit",
    "resident_code_check_digit",
]


def _digits_from_right(base: str) -> list[int]:
    if not base.isascii() or not base.isdigit():
        raise ValueError(f"not a string of ASCII digits: {base!r}")
    return [int(c) for c in reversed(base)]


def _weighted_mod11(base: str, weights_from_left: tuple[int, ...]) -> int:
    if len(base) != len(weights_from_left) or not base.isascii() or not base.isdigit():
        raise ValueError(f"expected {len(weights_from_left)} ASCII digits, got {base!r}")
    # Bytes iterate as code points; subtracting 48·Σw turns them into digit values. Hot path of
    # bulk registration, hence map() rather than a generator.
    total = sum(map(operator.mul, base.encode(), weights_from_left)) - 48 * sum(weights_from_left)
    remainder = total % 11
    return 0 if remainder <= 1 else 11 - remainder


# Weights Qn for base digits Pn numbered from the right: n+1 for n ≤ 6, n−5 for n ≥ 7.
_MY_NUMBER_WEIGHTS = tuple(n + 1 if n <= 6 else n - 5 for n in range(11, 0, -1))
_RESIDENT_CODE_WEIGHTS = _MY_NUMBER_WEIGHTS[1:]


def my_number_check_digit(base: str) -> int:
    """Return the 個人番号 check digit for 11 base digits (総務省令 formula)."""
    return _weighted_mod11(base, _MY_NUMBER_WEIGHTS)


def resident_code_check_digit(base: str) -> int:
    """Return the 住民票コード check digit for 10 base digits.

    ⚠ The official formula is not public; we use the My Number's mod-11 weights
    (2..7, then 2..5 from the right), with remainders 0 and 1 giving 0.
    """
    return _weighted_mod11(base, _RESIDENT_CODE_WEIGHTS)


def corporate_number_check_digit(base: str) -> int:
    """Return the 法人番号 check digit (it stands first) for 12 base digits."""
    if len(base) != 12:
        raise ValueError("a corporate number has 12 base digits")
    total = sum(p * (1 if n % 2 else 2) for n, p in enumerate(_digits_from_right(base), 1))
    return 9 - total % 9


def _weights_21_digit_sum(base: str) -> int:
    """Return the mod-10 check of weights 2,1,2,… from the right, summing product digits."""
    total = 0
    for n, p in enumerate(_digits_from_right(base), 1):
        product = p * (2 if n % 2 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def insurer_number_check_digit(base: str) -> int:
    """Return the 保険者番号 検証番号 for 7 (employee) or 5 (国保) base digits.

    ⚠ Weights 2,1 alternating from the right, digits of each product summed, mod 10.
    """
    if len(base) not in (5, 7):
        raise ValueError("an insurer number has 5 or 7 base digits")
    return _weights_21_digit_sum(base)


def facility_code_check_digit(base: str) -> int:
    """Return the 医療機関コード 検証番号 for 9 base digits.

    The check covers the 郡市区番号 and 医療機関番号 (base digits 4–9), not the prefecture
    or the 点数表 digit. ⚠ Same 2,1 digit-sum mod-10 scheme as the insurer number.
    """
    if len(base) != 9:
        raise ValueError("a facility code has 9 base digits")
    _digits_from_right(base)
    return _weights_21_digit_sum(base[3:])


def local_government_code_check_digit(base: str) -> int:
    """Return the 全国地方公共団体コード check digit for 5 base digits (weights 6..2, mod 11)."""
    if len(base) != 5:
        raise ValueError("a local government code has 5 base digits")
    total = sum(p * w for p, w in zip(_digits_from_right(base), [2, 3, 4, 5, 6], strict=True))
    return (11 - total % 11) % 10


class IdentifierKind(StrEnum):
    """The identifier kinds the `ids` command knows."""

    MY_NUMBER = "my-number"
    CORPORATE_NUMBER = "corporate-number"
    RESIDENT_CODE = "resident-code"
    INSURER_NUMBER = "insurer-number"
    FACILITY_CODE = "facility-code"
    LOCAL_GOVERNMENT_CODE = "local-government-code"


_FACILITY_TABLES = "1346"  # 点数表: 1 医科, 3 歯科, 4 調剤, 6 訪問看護


def _prefecture_ok(two: str) -> bool:
    return 1 <= int(two) <= 47


def _insurer_shape_ok(value: str) -> bool:
    # 国保 (6 digits): prefecture first; employee insurance (8): 法別番号 then prefecture.
    return _prefecture_ok(value[:2]) if len(value) == 6 else _prefecture_ok(value[2:4])


@dataclass(frozen=True)
class Codec:
    """Validate and generate one kind of identifier."""

    kind: IdentifierKind
    lengths: tuple[int, ...]
    check_first: bool
    compute: Callable[[str], int]
    shape_ok: Callable[[str], bool] = lambda _value: True

    def is_valid(self, value: str) -> bool:
        """Return whether the value has the right length, shape and check digit."""
        if len(value) not in self.lengths or not value.isascii() or not value.isdigit():
            return False
        if not self.shape_ok(value):
            return False
        base, check = (value[1:], value[0]) if self.check_first else (value[:-1], value[-1])
        return self.compute(base) == int(check)

    def complete(self, base: str) -> str:
        """Return the full identifier for these base digits."""
        digit = str(self.compute(base))
        return digit + base if self.check_first else base + digit

    def generate(self, rng: random.Random) -> str:
        """Return a random valid identifier."""
        length = self.lengths[-1] - 1
        while True:
            base = "".join(rng.choice("0123456789") for _ in range(length))
            base = _shape_base(self.kind, base, rng)
            value = self.complete(base)
            if self.is_valid(value):
                return value


def _shape_base(kind: IdentifierKind, base: str, rng: random.Random) -> str:
    prefecture = f"{rng.randint(1, 47):02d}"
    if kind is IdentifierKind.INSURER_NUMBER:
        return base[:2] + prefecture + base[4:]
    if kind is IdentifierKind.FACILITY_CODE:
        return prefecture + rng.choice(_FACILITY_TABLES) + base[3:]
    if kind is IdentifierKind.LOCAL_GOVERNMENT_CODE:
        return prefecture + base[2:]
    return base


CODECS: dict[IdentifierKind, Codec] = {
    IdentifierKind.MY_NUMBER: Codec(IdentifierKind.MY_NUMBER, (12,), False, my_number_check_digit),
    IdentifierKind.CORPORATE_NUMBER: Codec(
        IdentifierKind.CORPORATE_NUMBER, (13,), True, corporate_number_check_digit
    ),
    IdentifierKind.RESIDENT_CODE: Codec(
        IdentifierKind.RESIDENT_CODE, (11,), False, resident_code_check_digit
    ),
    IdentifierKind.INSURER_NUMBER: Codec(
        IdentifierKind.INSURER_NUMBER, (6, 8), False, insurer_number_check_digit, _insurer_shape_ok
    ),
    IdentifierKind.FACILITY_CODE: Codec(
        IdentifierKind.FACILITY_CODE,
        (10,),
        False,
        facility_code_check_digit,
        lambda v: _prefecture_ok(v[:2]) and v[2] in _FACILITY_TABLES,
    ),
    IdentifierKind.LOCAL_GOVERNMENT_CODE: Codec(
        IdentifierKind.LOCAL_GOVERNMENT_CODE,
        (6,),
        False,
        local_government_code_check_digit,
        lambda v: _prefecture_ok(v[:2]),
    ),
}
