"""What the host side raises when the card refuses a command, by status word."""

from __future__ import annotations

from mynumber.jpki.card.apdu import SW

__all__ = [
    "CardError",
    "CardNotReady",
    "FileNotFound",
    "PinBlocked",
    "SecurityStatusNotSatisfied",
    "UnsealError",
    "WrongPin",
    "error_for",
]


class CardError(Exception):
    """The card answered with a status word other than 9000."""

    def __init__(self, sw: int, reason: str | None = None) -> None:
        super().__init__(reason or f"the card refused the command (SW {sw:04X})")
        self.sw = sw


class WrongPin(CardError):  # noqa: N818 - the names the JPKI world uses
    """The PIN did not match; the card counted the try down."""

    def __init__(self, sw: int, tries_left: int) -> None:
        super().__init__(sw, f"wrong PIN: {tries_left} tries left")
        self.tries_left = tries_left


class PinBlocked(CardError):  # noqa: N818
    """The PIN is blocked (閉塞); only a reset at the municipal counter reopens it."""

    def __init__(self, sw: int) -> None:
        super().__init__(sw, "the PIN is blocked; reset it at the municipal counter")
        self.tries_left = 0


class SecurityStatusNotSatisfied(CardError):  # noqa: N818
    """The PIN that guards this file or key was not verified in this session."""


class FileNotFound(CardError):  # noqa: N818
    """No such applet or file on this card."""


class CardNotReady(CardError):  # noqa: N818
    """The certificate this needs has not been installed on the card."""


class UnsealError(ValueError):
    """A sealed card state could not be opened: wrong key, tampered or not a card at all."""


def error_for(sw: int) -> CardError:
    """Return the exception that stands for this refusal."""
    if sw & 0xFFF0 == 0x63C0:
        tries = sw & 0x0F
        return PinBlocked(sw) if tries == 0 else WrongPin(sw, tries)
    kinds: dict[int, type[CardError]] = {
        SW.PIN_BLOCKED: PinBlocked,
        SW.SECURITY_STATUS: SecurityStatusNotSatisfied,
        SW.FILE_NOT_FOUND: FileNotFound,
        SW.CONDITIONS_OF_USE: CardNotReady,
    }
    kind = kinds.get(sw)
    if kind is PinBlocked:
        return PinBlocked(sw)
    if kind is not None:
        return kind(sw)
    return CardError(sw)
