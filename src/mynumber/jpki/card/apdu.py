"""Command APDUs (ISO/IEC 7816-4) and the status words the card answers with."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

__all__ = ["SW", "Command", "Refusal", "parse", "pin_tries_sw"]


class SW(IntEnum):
    """Status words (SW1 SW2) this card uses."""

    OK = 0x9000
    WRONG_LENGTH = 0x6700
    FILE_STRUCTURE = 0x6981  # READ BINARY on a key or PIN EF
    SECURITY_STATUS = 0x6982  # the PIN that guards this was not verified in this session
    PIN_BLOCKED = 0x6983
    CONDITIONS_OF_USE = 0x6985  # nothing written there yet (no certificate installed)
    NO_CURRENT_EF = 0x6986  # no EF, or an EF of the wrong kind, is selected
    WRONG_DATA = 0x6A80  # a new PIN that breaks the PIN rules, a SIGN input that is no DigestInfo
    FILE_NOT_FOUND = 0x6A82
    WRONG_P1P2 = 0x6A86
    WRONG_OFFSET = 0x6B00
    INS_NOT_SUPPORTED = 0x6D00
    CLA_NOT_SUPPORTED = 0x6E00
    UNKNOWN = 0x6F00


def pin_tries_sw(tries_left: int) -> int:
    """Return `63 Cx`: a PIN check failed or was asked about, x tries left."""
    return 0x63C0 | min(tries_left, 0x0F)


class Refusal(Exception):  # noqa: N818 - a card answer, not a failure of ours
    """Raised inside the card to answer with a status word and no data."""

    def __init__(self, sw: int) -> None:
        super().__init__(f"SW {sw:04X}")
        self.sw = sw


@dataclass(frozen=True)
class Command:
    """A parsed command APDU; le is None when absent, 0 never (00 already means 256)."""

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes
    le: int | None


def parse(apdu: bytes) -> Command:
    """Parse short and extended APDUs of the four cases; refuse a malformed one with 6700."""
    if len(apdu) < 4:
        raise Refusal(SW.WRONG_LENGTH)
    cla, ins, p1, p2 = apdu[:4]
    body = apdu[4:]
    # Short Lc is never 00, so a body of more than one byte starting with 00 is extended.
    extended = len(body) > 1 and body[0] == 0
    data, le = _extended_body(body) if extended else _short_body(body)
    return Command(cla, ins, p1, p2, data, le)


def _short_body(body: bytes) -> tuple[bytes, int | None]:
    if not body:  # case 1
        return b"", None
    if len(body) == 1:  # case 2
        return b"", body[0] or 256
    lc = body[0]
    if len(body) == 1 + lc:  # case 3
        return body[1:], None
    if len(body) == 2 + lc:  # case 4
        return body[1 : 1 + lc], body[-1] or 256
    raise Refusal(SW.WRONG_LENGTH)


def _extended_body(body: bytes) -> tuple[bytes, int | None]:
    if len(body) == 3:  # case 2: 00, then a 2-byte Le
        return b"", int.from_bytes(body[1:3], "big") or 65536
    lc = int.from_bytes(body[1:3], "big")
    if lc == 0 or len(body) < 4:
        raise Refusal(SW.WRONG_LENGTH)
    if len(body) == 3 + lc:  # case 3
        return body[3:], None
    if len(body) == 5 + lc:  # case 4: and a 2-byte Le
        return body[3 : 3 + lc], int.from_bytes(body[-2:], "big") or 65536
    raise Refusal(SW.WRONG_LENGTH)
