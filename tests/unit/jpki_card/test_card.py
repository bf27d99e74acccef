"""The card as an object: keys stay inside, sealing, and the issuer-side operations."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import pickle
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from mynumber.jpki.card import (
    CardClient,
    CardNotReady,
    KeySlot,
    PinKind,
    UnsealError,
    VirtualCard,
    WrongPin,
)
from mynumber.kernel.checkdigits import my_number_check_digit
from tests.unit.jpki_card.conftest import PINS, PROFILE, SEAL_KEY, Issued
from tests.unit.jpki_card.issuer import ThrowawayCa


def _private_ders(card: VirtualCard) -> list[bytes]:
    # Reaching inside is the only way to get the keys, which is the point; tests may.
    keys = card._state.keys.values()
    return [
        key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        for key in keys
    ]


def test_no_public_method_returns_private_key_material(card: VirtualCard) -> None:
    public = [name for name in dir(card) if not name.startswith("_")]
    assert sorted(public) == [
        "install_certificates",
        "manufacture",
        "pin_status",
        "public_key",
        "replace_key",
        "reset",
        "reset_pin",
        "seal",
        "transmit",
        "unseal",
        "update_profile",
    ]
    secrets = [str(card._state.keys[slot].private_numbers().d) for slot in KeySlot] + [
        PINS.auth,
        PINS.sign,
        PINS.input_support,
        PROFILE.my_number,
        PROFILE.security_code,
    ]
    for text in (repr(card), repr(vars(card)), str(card), repr(PROFILE), repr(PINS)):
        for secret in secrets:
            assert secret not in text


def test_sealed_blob_hides_keys_pins_and_number(card: VirtualCard) -> None:
    blob = card.seal(SEAL_KEY)
    for der in _private_ders(card):
        assert der not in blob and der[-64:] not in blob
    for secret in (PINS.sign, PROFILE.my_number, PROFILE.name):
        assert secret.encode() not in blob
    assert card.seal(SEAL_KEY) != blob  # a fresh nonce each time


def test_seal_unseal_round_trip_keeps_keys_counters_and_files(
    card: VirtualCard, issued: Issued
) -> None:
    client = CardClient(card.transmit)
    client.change_pin(PinKind.AUTH, "1234", "2580")
    with pytest.raises(WrongPin):
        client.authenticate("0000", b"x")
    copy_ = VirtualCard.unseal(card.seal(SEAL_KEY), SEAL_KEY)
    assert copy_.pin_status() == card.pin_status()
    assert _private_ders(copy_) == _private_ders(card)
    other = CardClient(copy_.transmit)
    assert other.read_auth_certificate() == issued.certificates["auth"]
    signature = other.authenticate("2580", b"challenge")
    card.public_key(KeySlot.AUTH).verify(
        signature, b"challenge", padding.PKCS1v15(), hashes.SHA256()
    )


@pytest.mark.parametrize("position", [0, 5, 20, -1])
def test_tampered_blob_is_refused(card: VirtualCard, position: int) -> None:
    blob = bytearray(card.seal(SEAL_KEY))
    blob[position] ^= 0x01
    with pytest.raises(UnsealError):
        VirtualCard.unseal(bytes(blob), SEAL_KEY)


def test_wrong_key_or_garbage_is_refused(card: VirtualCard) -> None:
    blob = card.seal(SEAL_KEY)
    for key in (bytes(32), SEAL_KEY[:16], b"short"):
        with pytest.raises(UnsealError):
            VirtualCard.unseal(blob, key)
    with pytest.raises(UnsealError):
        VirtualCard.unseal(b"not a card", SEAL_KEY)


def test_the_card_cannot_be_pickled_or_copied(card: VirtualCard) -> None:
    with pytest.raises(TypeError, match="seal"):
        pickle.dumps(card)
    with pytest.raises(TypeError, match="seal"):
        copy.deepcopy(card)


@pytest.mark.parametrize("slot", list(KeySlot))
def test_signatures_verify_against_the_card_public_key(
    client: CardClient, card: VirtualCard, slot: KeySlot
) -> None:
    data = "署名対象の文書".encode()
    signature = (
        client.authenticate("1234", data) if slot is KeySlot.AUTH else client.sign("PASS123", data)
    )
    assert len(signature) == 256
    card.public_key(slot).verify(signature, data, padding.PKCS1v15(), hashes.SHA256())


def test_the_two_keys_differ_and_match_their_certificates(
    client: CardClient, card: VirtualCard
) -> None:
    auth = x509.load_der_x509_certificate(client.read_auth_certificate())
    sign = x509.load_der_x509_certificate(client.read_sign_certificate("PASS123"))
    assert auth.public_key() == card.public_key(KeySlot.AUTH)
    assert sign.public_key() == card.public_key(KeySlot.SIGN)
    assert card.public_key(KeySlot.AUTH) != card.public_key(KeySlot.SIGN)


def test_replace_key_clears_that_certificate_until_installed(
    client: CardClient, card: VirtualCard
) -> None:
    old = card.public_key(KeySlot.SIGN)
    new = card.replace_key(KeySlot.SIGN)
    assert new != old and card.public_key(KeySlot.SIGN) == new
    with pytest.raises(CardNotReady):
        client.read_sign_certificate("PASS123")
    with pytest.raises(CardNotReady):
        client.sign("PASS123", b"x")
    assert client.authenticate("1234", b"x")  # the other slot is untouched
    ca = ThrowawayCa.create()
    with pytest.raises(ValueError, match="not for this card"):
        card.install_certificates(sign=client.read_auth_certificate())
    certificate = ca.issue(KeySlot.SIGN, new).public_bytes(serialization.Encoding.DER)
    card.install_certificates(sign=certificate)
    assert client.read_sign_certificate("PASS123") == certificate
    new.verify(client.sign("PASS123", b"x"), b"x", padding.PKCS1v15(), hashes.SHA256())


def test_a_new_card_is_not_ready_until_certificates_are_installed() -> None:
    card = VirtualCard.manufacture(profile=PROFILE, pins=PINS)
    client = CardClient(card.transmit)
    with pytest.raises(CardNotReady):
        client.read_auth_certificate()
    with pytest.raises(CardNotReady):
        client.authenticate("1234", b"x")
    with pytest.raises(ValueError):
        card.install_certificates(auth_ca=b"not DER")
    assert client.read_my_number("5678") == PROFILE.my_number  # the 券面 is written already


def test_update_profile_rewrites_the_face(client: CardClient, card: VirtualCard) -> None:
    moved = dataclasses.replace(PROFILE, name="佐藤 花子", address="大阪府大阪市北区1-2-3")
    card.update_profile(moved)
    items = client.read_four_items("5678")
    assert items == {
        "name": "佐藤 花子",
        "address": "大阪府大阪市北区1-2-3",
        "birth_date": "19800401",
        "sex": "1",
    }
    with pytest.raises(ValueError, match="new card"):
        other = "98765432101" + str(my_number_check_digit("98765432101"))
        card.update_profile(dataclasses.replace(PROFILE, my_number=other))


@pytest.mark.parametrize(
    "change",
    [
        {"my_number": "123456789010"},  # check digit
        {"my_number": "12345678901"},
        {"name": " "},
        {"sex": 3},
        {"security_code": "12a4"},
        {"expiry": dt.date(999, 1, 1)},
    ],
)
def test_profiles_are_validated(change: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        VirtualCard.manufacture(profile=dataclasses.replace(PROFILE, **change), pins=PINS)
