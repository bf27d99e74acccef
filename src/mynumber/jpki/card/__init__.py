"""The virtual My Number card (マイナンバーカード) and the host side that talks to it.

The card speaks the JPKI AP protocol in APDUs (SELECT, READ BINARY, VERIFY, CHANGE REFERENCE DATA,
SIGN) and carries the 券面事項入力補助AP and 券面事項確認AP; `CardClient` is the host side built on
a transmit callable only, and `attach` puts a card into pcscd's vpcd virtual reader.
"""

from mynumber.jpki.card.apdu import SW
from mynumber.jpki.card.card import VirtualCard
from mynumber.jpki.card.client import CardClient, digest_info_sha256
from mynumber.jpki.card.errors import (
    CardError,
    CardNotReady,
    FileNotFound,
    PinBlocked,
    SecurityStatusNotSatisfied,
    UnsealError,
    WrongPin,
)
from mynumber.jpki.card.filesystem import Applet, KeySlot
from mynumber.jpki.card.pins import PinKind, Pins
from mynumber.jpki.card.profile import CardProfile
from mynumber.jpki.card.vpcd import ATR, DEFAULT_PORT, attach

__all__ = [
    "ATR",
    "DEFAULT_PORT",
    "SW",
    "Applet",
    "CardClient",
    "CardError",
    "CardNotReady",
    "CardProfile",
    "FileNotFound",
    "KeySlot",
    "PinBlocked",
    "PinKind",
    "Pins",
    "SecurityStatusNotSatisfied",
    "UnsealError",
    "VirtualCard",
    "WrongPin",
    "attach",
    "digest_info_sha256",
]
