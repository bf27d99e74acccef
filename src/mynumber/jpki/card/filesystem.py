"""The card's applets (AP), their elementary files (EF) and who may read each.

Facts from REFERENCE.md and the open clients (OpenSC card-jpki.c, jpki/myna, jsapdu). The JPKI AP
token EF 0006 reads `JPKIAPICCTOKEN2` padded with spaces to 32 bytes on a My Number card
(`JPKIAPICCTOKEN` alone marks the older 住基カード); clients such as myna check for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, StrEnum

from mynumber.jpki.card.pins import PinRef

__all__ = [
    "CERTIFICATE_FIDS",
    "KEY_CERTIFICATE",
    "LAYOUT",
    "PIN_EFS",
    "TOKEN",
    "Applet",
    "Ef",
    "EfKind",
    "KeySlot",
    "fid",
]


class KeySlot(StrEnum):
    """The two key pairs of the JPKI AP."""

    AUTH = "auth"  # 利用者証明用 (user authentication)
    SIGN = "sign"  # 署名用 (digital signature)


class Applet(Enum):
    """Applications on the card, by AID."""

    JPKI = bytes.fromhex("D392F000260100000001")  # 公的個人認証AP
    INPUT_SUPPORT = bytes.fromhex("D3921000310001010408")  # 券面事項入力補助AP
    CARD_FACE = bytes.fromhex("D3921000310001010402")  # 券面事項確認AP (券面AP)

    @classmethod
    def by_aid(cls, aid: bytes) -> Applet | None:
        """Return the applet with this AID, or None."""
        return next((applet for applet in cls if applet.value == aid), None)


class EfKind(Enum):
    """What an EF holds, which decides the commands that apply to it."""

    BINARY = "binary"  # READ BINARY
    KEY = "key"  # SIGN, after its PIN
    PIN = "pin"  # VERIFY and CHANGE REFERENCE DATA


@dataclass(frozen=True)
class Ef:
    """One elementary file: its kind, and the PINs any one of which opens it for reading."""

    kind: EfKind
    read_with: frozenset[PinRef] = frozenset()
    pin: PinRef | None = None  # the PIN of a PIN EF, or the PIN that unlocks a key EF
    key: KeySlot | None = None


def fid(value: str) -> int:
    """Return a file identifier written as four hex digits."""
    return int(value, 16)


_FREE = Ef(EfKind.BINARY)
_SIGN_PIN = frozenset({PinRef.SIGN})
_INPUT_SUPPORT_PIN = frozenset({PinRef.INPUT_SUPPORT})

LAYOUT: dict[Applet, dict[int, Ef]] = {
    Applet.JPKI: {
        fid("0001"): Ef(EfKind.BINARY, read_with=_SIGN_PIN),  # signing certificate
        fid("0002"): _FREE,  # signing CA certificate
        fid("0006"): _FREE,  # token
        fid("000A"): _FREE,  # user-authentication certificate
        fid("000B"): _FREE,  # user-authentication CA certificate
        fid("0017"): Ef(EfKind.KEY, pin=PinRef.AUTH, key=KeySlot.AUTH),
        fid("0018"): Ef(EfKind.PIN, pin=PinRef.AUTH),
        fid("001A"): Ef(EfKind.KEY, pin=PinRef.SIGN, key=KeySlot.SIGN),
        fid("001B"): Ef(EfKind.PIN, pin=PinRef.SIGN),
    },
    Applet.INPUT_SUPPORT: {
        fid("0001"): Ef(EfKind.BINARY, read_with=_INPUT_SUPPORT_PIN),  # My Number
        fid("0002"): Ef(EfKind.BINARY, read_with=_INPUT_SUPPORT_PIN),  # basic four items
        fid("0011"): Ef(EfKind.PIN, pin=PinRef.INPUT_SUPPORT),
    },
    Applet.CARD_FACE: {
        fid("0002"): Ef(EfKind.BINARY, read_with=frozenset({PinRef.FACE_A, PinRef.FACE_B})),
        fid("0005"): Ef(EfKind.BINARY, read_with=frozenset({PinRef.FACE_A})),  # My Number
        fid("0012"): Ef(EfKind.PIN, pin=PinRef.FACE_B),
        fid("0013"): Ef(EfKind.PIN, pin=PinRef.FACE_A),
    },
}

# Where install_certificates writes: (slot or CA of slot) → EF of the JPKI AP.
CERTIFICATE_FIDS: dict[str, int] = {
    "auth": fid("000A"),
    "auth_ca": fid("000B"),
    "sign": fid("0001"),
    "sign_ca": fid("0002"),
}
KEY_CERTIFICATE: dict[KeySlot, int] = {
    KeySlot.AUTH: CERTIFICATE_FIDS["auth"],
    KeySlot.SIGN: CERTIFICATE_FIDS["sign"],
}

# Where each PIN lives, for the host side.
PIN_EFS: dict[PinRef, tuple[Applet, int]] = {
    ef.pin: (applet, number)
    for applet, files in LAYOUT.items()
    for number, ef in files.items()
    if ef.kind is EfKind.PIN and ef.pin is not None
}

TOKEN = b"JPKIAPICCTOKEN2".ljust(32, b" ")
