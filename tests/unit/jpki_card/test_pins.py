"""PIN rules and lock-out exactly as the real card: 3 tries for 4-digit PINs, 5 for the password."""

from __future__ import annotations

import pytest

from mynumber.jpki.card import (
    CardClient,
    PinBlocked,
    PinKind,
    Pins,
    VirtualCard,
    WrongPin,
)
from tests.unit.jpki_card.conftest import (
    PROFILE,
    SELECT_CARD_FACE,
    SELECT_INPUT_SUPPORT,
    SELECT_JPKI,
    run,
    select_ef,
    verify,
)

CORRECT = {PinKind.AUTH: "1234", PinKind.SIGN: "PASS123", PinKind.INPUT_SUPPORT: "5678"}
WRONG = {PinKind.AUTH: "0000", PinKind.SIGN: "WRONG1", PinKind.INPUT_SUPPORT: "0000"}
LIMITS = {PinKind.AUTH: 3, PinKind.SIGN: 5, PinKind.INPUT_SUPPORT: 3}
PIN_EF = {
    PinKind.AUTH: (SELECT_JPKI, "0018"),
    PinKind.SIGN: (SELECT_JPKI, "001B"),
    PinKind.INPUT_SUPPORT: (SELECT_INPUT_SUPPORT, "0011"),
}


@pytest.mark.parametrize("kind", list(PinKind))
def test_lock_out_after_the_limit_even_with_the_right_pin(card: VirtualCard, kind: PinKind) -> None:
    applet, fid = PIN_EF[kind]
    limit = LIMITS[kind]
    run(card, applet, select_ef(fid))
    assert run(card, "00 20 00 80") == f"63C{limit:X}"
    for left in range(limit - 1, -1, -1):
        assert run(card, verify(WRONG[kind])) == f"63C{left:X}"
    assert run(card, verify(CORRECT[kind])) == "6983"
    assert run(card, "00 20 00 80") == "63C0"  # the status query still answers, with 0
    assert card.pin_status()[kind] == 0


@pytest.mark.parametrize("kind", list(PinKind))
def test_a_right_pin_restores_the_counter(card: VirtualCard, kind: PinKind) -> None:
    applet, fid = PIN_EF[kind]
    run(card, applet, select_ef(fid))
    for _ in range(LIMITS[kind] - 1):
        run(card, verify(WRONG[kind]))
    assert card.pin_status()[kind] == 1
    assert run(card, verify(CORRECT[kind])) == "9000"
    assert card.pin_status()[kind] == LIMITS[kind]


def test_client_raises_wrong_pin_then_blocked(client: CardClient) -> None:
    with pytest.raises(WrongPin) as first:
        client.authenticate("9999", b"x")
    assert (first.value.tries_left, first.value.sw) == (2, 0x63C2)
    client.authenticate("1234", b"x")  # success resets to 3
    assert client.retries_left(PinKind.AUTH) == 3
    for _ in range(2):
        with pytest.raises(WrongPin):
            client.authenticate("9999", b"x")
    with pytest.raises(PinBlocked):  # the third miss blocks (63 C0)
        client.authenticate("9999", b"x")
    with pytest.raises(PinBlocked) as blocked:  # now even the right PIN is refused
        client.authenticate("1234", b"x")
    assert blocked.value.sw == 0x6983
    assert client.retries_left(PinKind.AUTH) == 0


def test_signing_password_is_upper_cased_on_input(client: CardClient) -> None:
    assert client.sign("pass123", b"x")
    client.change_pin(PinKind.SIGN, "PASS123", "newpass9")
    assert client.sign("NEWPASS9", b"x")


def test_lower_case_sent_raw_is_a_miss(card: VirtualCard) -> None:
    # Upper-casing is the client's job (as the JPKI client software does); the card compares
    # bytes, so lower case sent as is (as pkcs11-tool --pin would) costs a try.
    assert run(card, SELECT_JPKI, select_ef("001B"), verify("pass123")) == "63C4"


def test_reset_pin_unblocks_with_a_new_pin(card: VirtualCard, client: CardClient) -> None:
    for _ in range(4):
        with pytest.raises(WrongPin):
            client.sign("WRONG1", b"x")
    for pin in ("WRONG1", "PASS123"):  # the fifth miss blocks; then nothing gets through
        with pytest.raises(PinBlocked):
            client.sign(pin, b"x")
    card.reset_pin(PinKind.SIGN, "fresh42")
    assert card.pin_status()[PinKind.SIGN] == 5
    assert client.sign("FRESH42", b"x")
    with pytest.raises(ValueError, match="4 digits"):
        card.reset_pin(PinKind.AUTH, "12345")


def test_change_pin_needs_the_old_pin_in_this_session(
    card: VirtualCard, client: CardClient
) -> None:
    assert run(card, SELECT_JPKI, select_ef("0018"), "00 24 01 80 04 31313131") == "6982"
    client.change_pin(PinKind.AUTH, "1234", "4321")
    assert client.authenticate("4321", b"x")
    with pytest.raises(WrongPin):
        client.authenticate("1234", b"x")
    # A new PIN that breaks the rules is refused, and the old one stays.
    assert run(card, SELECT_JPKI, select_ef("0018"), verify("4321")) == "9000"
    assert run(card, "00 24 01 80 03 313131") == "6A80"
    assert run(card, "00 24 01 80 04 3131313A") == "6A80"
    assert run(card, "00 24 01 80") == "6700"
    client.change_pin(PinKind.INPUT_SUPPORT, "5678", "8765")
    assert client.read_my_number("8765") == PROFILE.my_number


def test_verify_with_a_pin_of_impossible_length_costs_no_try(card: VirtualCard) -> None:
    assert run(card, SELECT_JPKI, select_ef("0018"), verify("12345")) == "6700"
    assert run(card, select_ef("001B"), verify("A" * 17)) == "6700"
    assert card.pin_status() == LIMITS


def test_security_state_resets_on_another_applet_and_on_reset(card: VirtualCard) -> None:
    sign = "80 2A 00 80 33 3031300d060960864801650304020105000420" + "00" * 32 + " 00"
    assert run(card, SELECT_JPKI, select_ef("0018"), verify("1234"), select_ef("0017")) == "9000"
    assert run(card, sign) == "9000"
    assert run(card, SELECT_JPKI, select_ef("0017"), sign) == "9000"  # same applet: kept
    assert run(card, SELECT_INPUT_SUPPORT, SELECT_JPKI, select_ef("0017"), sign) == "6982"
    run(card, select_ef("0018"), verify("1234"))
    card.reset()  # power off, or warm reset, as vpcd reports it
    assert run(card, SELECT_JPKI, select_ef("0017"), sign) == "6982"


@pytest.mark.parametrize(
    "pins",
    [
        Pins(auth="123", sign="PASS123", input_support="5678"),
        Pins(auth="１２３４", sign="PASS123", input_support="5678"),  # full-width digits
        Pins(auth="1234", sign="SHORT", input_support="5678"),
        Pins(auth="1234", sign="A" * 17, input_support="5678"),
        Pins(auth="1234", sign="PASS-123", input_support="5678"),
        Pins(auth="1234", sign="PASS123", input_support="56789"),
    ],
)
def test_pins_are_validated_on_manufacture(pins: Pins) -> None:
    with pytest.raises(ValueError, match="PIN must be"):
        VirtualCard.manufacture(profile=PROFILE, pins=pins)


def test_card_face_ap_pin_a_and_b(card: VirtualCard) -> None:
    pin_a = PROFILE.my_number
    pin_b = "800401" + "2035" + "4321"  # birth YYMMDD, expiry year, security code ⚠
    assert run(card, SELECT_CARD_FACE, select_ef("0005"), "00 B0 00 00 00") == "6982"
    assert run(card, select_ef("0012"), verify(pin_b)) == "9000"
    assert run(card, select_ef("0002"), "00 B0 00 00 00") == "9000"  # the front, with B
    assert run(card, select_ef("0005"), "00 B0 00 00 00") == "6982"  # the number needs A
    assert run(card, select_ef("0013"), verify(pin_a)) == "9000"
    assert run(card, select_ef("0005")) == "9000"
    number = card.transmit(bytes.fromhex("00B0000000"))
    assert pin_a.encode() in number and number.endswith(b"\x90\x00")
    # 照合番号 are printed on the card, so they cannot be changed.
    assert run(card, select_ef("0013"), "00 24 01 80 0C " + pin_a.encode().hex()) == "6985"
