"""The host side works through transmit alone, with the APDUs the open clients send."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, utils

from mynumber.jpki.card import (
    CardClient,
    CardError,
    FileNotFound,
    KeySlot,
    PinBlocked,
    PinKind,
    SecurityStatusNotSatisfied,
    VirtualCard,
    WrongPin,
)
from mynumber.jpki.card.errors import CardNotReady, error_for
from tests.unit.jpki_card.conftest import PROFILE, Issued


class Recorder:
    """A transmit callable that logs every APDU on its way to the card."""

    def __init__(self, card: VirtualCard) -> None:
        self.card = card
        self.log: list[tuple[str, str]] = []

    def __call__(self, apdu: bytes) -> bytes:
        response = self.card.transmit(apdu)
        self.log.append((apdu.hex().upper(), response[-2:].hex().upper()))
        return response


def test_reads_certificates_without_pin_except_the_signing_one(
    card: VirtualCard, issued: Issued
) -> None:
    recorder = Recorder(card)
    client = CardClient(recorder)
    assert client.read_auth_certificate() == issued.certificates["auth"]
    assert client.read_auth_ca_certificate() == issued.certificates["auth_ca"]
    assert client.read_sign_ca_certificate() == issued.certificates["sign_ca"]
    assert client.read_sign_certificate("PASS123") == issued.certificates["sign"]
    assert all(sw == "9000" for _, sw in recorder.log)
    first = [apdu for apdu, _ in recorder.log[:4]]
    assert first == ["00A4040C0AD392F000260100000001", "00A4020C02000A", "00B0000005", "00B0000500"]


def test_authenticate_sends_verify_then_sign_over_a_digest_info(card: VirtualCard) -> None:
    recorder = Recorder(card)
    CardClient(recorder).authenticate("1234", b"challenge")
    apdus = [apdu for apdu, _ in recorder.log]
    assert apdus[:4] == [
        "00A4040C0AD392F000260100000001",
        "00A4020C020018",
        "002000800431323334",
        "00A4020C020017",
    ]
    assert apdus[4].startswith("802A008033" + "3031300D060960864801650304020105000420")
    assert apdus[4].endswith("00") and len(apdus[4]) == 2 * (5 + 51 + 1)


def test_sign_digest_info_accepts_other_hashes(client: CardClient, card: VirtualCard) -> None:
    digest = bytes(range(64))
    digest_info = bytes.fromhex("3051300d060960864801650304020305000440") + digest
    signature = client.sign_digest_info("PASS123", digest_info)
    card.public_key(KeySlot.SIGN).verify(
        signature, digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA512())
    )


def test_reads_the_input_support_applet(client: CardClient) -> None:
    assert client.read_my_number("5678") == PROFILE.my_number
    assert client.read_four_items("5678") == {
        "name": PROFILE.name,
        "address": PROFILE.address,
        "birth_date": "19800401",
        "sex": "1",
    }
    with pytest.raises(WrongPin):
        client.read_my_number("0000")
    assert client.retries_left(PinKind.INPUT_SUPPORT) == 2


def test_retries_left_for_each_pin(client: CardClient) -> None:
    assert {kind: client.retries_left(kind) for kind in PinKind} == {
        PinKind.AUTH: 3,
        PinKind.SIGN: 5,
        PinKind.INPUT_SUPPORT: 3,
    }


def test_works_over_any_transmit_callable() -> None:
    # A scripted card, nothing of VirtualCard: the client needs only bytes in, bytes out.
    answers = iter([b"\x90\x00", b"\x90\x00", b"\x63\xc1"])
    client = CardClient(lambda apdu: next(answers))
    assert client.retries_left(PinKind.SIGN) == 1
    with pytest.raises(CardError, match="no status word"):
        CardClient(lambda apdu: b"\x90").retries_left(PinKind.AUTH)


@pytest.mark.parametrize(
    ("sw", "kind"),
    [
        (0x63C2, WrongPin),
        (0x63C0, PinBlocked),
        (0x6983, PinBlocked),
        (0x6982, SecurityStatusNotSatisfied),
        (0x6A82, FileNotFound),
        (0x6985, CardNotReady),
        (0x6D00, CardError),
    ],
)
def test_status_words_map_to_exceptions(sw: int, kind: type[CardError]) -> None:
    error = error_for(sw)
    assert type(error) is kind and error.sw == sw
