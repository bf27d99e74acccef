"""J-LIS's number derivations: resident codes and My Numbers.

- 住民票コード: a keyed affine permutation of a sequence number over 10^10, so codes are unique
  without a lookup and do not reveal registration order at a glance. ⚠ The real assignment
  method is not public; this is our documented choice.
- 個人番号: HMAC-SHA-256 of the resident code under J-LIS's key, reduced to 11 digits plus the
  statutory check digit. Non-invertible (番号法 第8条); an attempt counter resolves collisions
  and gives a fresh number when a leaked one is changed.

Per-agency codes (符号) are not J-LIS's: the network derives them under its own key
(`network.api.CodeIssuance`), and J-LIS only passes the resident code on.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable, Iterator

from mynumber.kernel.checkdigits import my_number_check_digit, resident_code_check_digit

_RESIDENT_SPACE = 10**10
_NUMBER_SPACE = 10**11


class Numbering:
    """Derive identifiers under the instance's keys."""

    def __init__(self, *, resident_key: bytes, my_number_key: bytes) -> None:
        digest = hashlib.sha256(resident_key).digest()
        multiplier = int.from_bytes(digest[:8]) % _RESIDENT_SPACE
        while multiplier % 2 == 0 or multiplier % 5 == 0:  # must be a unit mod 10^10
            multiplier += 1
        self._multiplier = multiplier
        self._offset = int.from_bytes(digest[8:16]) % _RESIDENT_SPACE
        self._my_number_key = my_number_key

    def resident_code(self, sequence: int) -> str:
        """Return the resident code assigned to the given registration sequence number."""
        base = f"{(self._multiplier * sequence + self._offset) % _RESIDENT_SPACE:010d}"
        return base + str(resident_code_check_digit(base))

    def my_number_candidate(self, resident_code: str, attempt: int = 0) -> str:
        """Return the My Number this resident code receives at a given attempt."""
        message = f"{resident_code}:{attempt}".encode()
        digest = hmac.digest(self._my_number_key, message, "sha256")
        base = f"{int.from_bytes(digest[:16]) % _NUMBER_SPACE:011d}"
        return base + str(my_number_check_digit(base))

    def first_my_number_candidates(self, resident_codes: Iterable[str]) -> list[str]:
        """Return each resident code's first candidate My Number (attempt 0), for bulk loads."""
        key, digest, space = self._my_number_key, hmac.digest, _NUMBER_SPACE
        found = []
        for code in resident_codes:
            reduced = int.from_bytes(digest(key, f"{code}:0".encode(), "sha256")[:16]) % space
            base = f"{reduced:011d}"
            found.append(base + str(my_number_check_digit(base)))
        return found

    def my_number_candidates(self, resident_code: str) -> Iterator[str]:
        """Yield the My Numbers this resident code may receive, in order of preference."""
        attempt = 0
        while True:
            yield self.my_number_candidate(resident_code, attempt)
            attempt += 1

    def first_free_my_number(self, resident_code: str, is_taken: Callable[[str], bool]) -> str:
        """Return the first candidate My Number that is_taken rejects as not yet issued."""
        for candidate in self.my_number_candidates(resident_code):
            if not is_taken(candidate):
                return candidate
        raise AssertionError("unreachable: the candidate stream is infinite")
