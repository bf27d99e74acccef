"""The card's PINs (暗証番号), their format rules and their retry counters."""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "LENGTHS",
    "MAX_TRIES",
    "PinCounter",
    "PinKind",
    "PinRef",
    "Pins",
    "normalise",
    "validate",
]


class PinKind(StrEnum):
    """The PINs a cardholder sets and can have reset at the municipal counter."""

    AUTH = "auth"  # 利用者証明用電子証明書暗証番号: 4 digits, 3 tries
    SIGN = "sign"  # 署名用電子証明書暗証番号: 6–16 of A–Z and 0–9, 5 tries
    INPUT_SUPPORT = "input_support"  # 券面事項入力補助用暗証番号: 4 digits, 3 tries


class PinRef(StrEnum):
    """Every PIN EF on the card: the three a person sets, and the two 照合番号 of the 券面AP."""

    AUTH = "auth"
    SIGN = "sign"
    INPUT_SUPPORT = "input_support"
    FACE_A = "face_a"  # 照合番号A: the 12-digit My Number
    FACE_B = "face_b"  # 照合番号B: birth date YYMMDD + expiry year + security code ⚠


MAX_TRIES: dict[PinRef, int] = {
    PinRef.AUTH: 3,
    PinRef.SIGN: 5,
    PinRef.INPUT_SUPPORT: 3,
    # ⚠ The retry limits of 照合番号A/B are not public; 10 is our assumption.
    PinRef.FACE_A: 10,
    PinRef.FACE_B: 10,
}

_FORMATS: dict[PinRef, re.Pattern[str]] = {
    PinRef.AUTH: re.compile(r"[0-9]{4}"),
    PinRef.SIGN: re.compile(r"[A-Z0-9]{6,16}"),
    PinRef.INPUT_SUPPORT: re.compile(r"[0-9]{4}"),
    PinRef.FACE_A: re.compile(r"[0-9]{12}"),
    PinRef.FACE_B: re.compile(r"[0-9]{14}"),
}
# Lengths the card accepts in VERIFY before comparing; anything else is a malformed command.
LENGTHS: dict[PinRef, range] = {
    PinRef.AUTH: range(4, 5),
    PinRef.SIGN: range(6, 17),
    PinRef.INPUT_SUPPORT: range(4, 5),
    PinRef.FACE_A: range(12, 13),
    PinRef.FACE_B: range(14, 15),
}


def normalise(ref: PinRef, pin: str) -> str:
    """Return the PIN as the card stores it: the signing password is upper-cased on input."""
    return pin.upper() if ref is PinRef.SIGN else pin


def validate(ref: PinRef, pin: str) -> str:
    """Return the normalised PIN, or raise ValueError naming the rule it breaks."""
    value = normalise(ref, pin)
    if not _FORMATS[ref].fullmatch(value):
        rules = {
            PinRef.AUTH: "4 digits",
            PinRef.SIGN: "6 to 16 letters A–Z and digits",
            PinRef.INPUT_SUPPORT: "4 digits",
            PinRef.FACE_A: "the 12-digit My Number",
            PinRef.FACE_B: "14 digits",
        }
        raise ValueError(f"the {ref.value} PIN must be {rules[ref]}")
    return value


@dataclass(frozen=True)
class Pins:
    """The three PINs set when the card is issued (交付時の暗証番号設定)."""

    auth: str = field(repr=False)
    sign: str = field(repr=False)
    input_support: str = field(repr=False)


@dataclass
class PinCounter:
    """One PIN EF: its reference value and how many wrong tries it still allows."""

    ref: PinRef
    value: str = field(repr=False)
    tries_left: int

    @property
    def blocked(self) -> bool:
        """Return whether the PIN is blocked (閉塞)."""
        return self.tries_left == 0

    def check(self, candidate: bytes) -> bool:
        """Compare in constant time, counting down on a miss and restoring on a hit."""
        if hmac.compare_digest(candidate, self.value.encode("ascii")):
            self.tries_left = MAX_TRIES[self.ref]
            return True
        self.tries_left = max(self.tries_left - 1, 0)
        return False

    def reset(self, value: str) -> None:
        """Set a new reference value and a full retry counter (unblocks)."""
        self.value = value
        self.tries_left = MAX_TRIES[self.ref]
