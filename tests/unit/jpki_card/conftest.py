"""Fixtures: one card manufactured per session, handed out as fresh copies via seal/unseal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from mynumber.jpki.card import CardClient, CardProfile, Pins, VirtualCard
from tests.unit.jpki_card.issuer import ThrowawayCa

SEAL_KEY = bytes(range(32))
PROFILE = CardProfile(
    my_number="123456789018",
    name="山田 太郎",
    address="東京都千代田区千代田1番1号",
    birth_date=dt.date(1980, 4, 1),
    sex=1,
    expiry=dt.date(2035, 4, 1),
    security_code="4321",
)
PINS = Pins(auth="1234", sign="PASS123", input_support="5678")


@dataclass(frozen=True)
class Issued:
    """A sealed, personalised card and the certificates installed on it."""

    blob: bytes
    certificates: dict[str, bytes]


@pytest.fixture(scope="session")
def issued() -> Issued:
    """Manufacture one card with certificates (RSA key generation is the slow part)."""
    card = VirtualCard.manufacture(profile=PROFILE, pins=PINS)
    certificates = ThrowawayCa.create().install(card)
    return Issued(blob=card.seal(SEAL_KEY), certificates=certificates)


@pytest.fixture
def card(issued: Issued) -> VirtualCard:
    """Return a fresh copy of the issued card: full PIN counters, nothing selected."""
    return VirtualCard.unseal(issued.blob, SEAL_KEY)


@pytest.fixture
def client(card: VirtualCard) -> CardClient:
    """Return a host-side client speaking to the card through transmit only."""
    return CardClient(card.transmit)


def run(card: VirtualCard, *hex_apdus: str) -> str:
    """Send APDUs given in hex; return the last response's SW as 4 hex digits."""
    response = b""
    for apdu in hex_apdus:
        response = card.transmit(bytes.fromhex(apdu.replace(" ", "")))
    return response[-2:].hex().upper()


SELECT_JPKI = "00 A4 04 0C 0A D392F000260100000001"
SELECT_INPUT_SUPPORT = "00 A4 04 0C 0A D3921000310001010408"
SELECT_CARD_FACE = "00 A4 04 0C 0A D3921000310001010402"


def select_ef(fid: str) -> str:
    """Return SELECT EF for a 4-hex-digit file identifier."""
    return f"00 A4 02 0C 02 {fid}"


def verify(pin: str) -> str:
    """Return VERIFY (current PIN EF) with the PIN in ASCII."""
    return f"00 20 00 80 {len(pin):02X} {pin.encode('ascii').hex()}"
