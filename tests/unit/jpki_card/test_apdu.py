"""APDU parsing and every status word the card answers with, at the byte level."""

from __future__ import annotations

import functools
import operator

import pytest

from mynumber.jpki.card import ATR, VirtualCard, digest_info_sha256
from mynumber.jpki.card.apdu import Refusal, parse
from mynumber.jpki.card.tlv import decode_header, decode_sequence, encode
from tests.unit.jpki_card.conftest import (
    SELECT_CARD_FACE,
    SELECT_INPUT_SUPPORT,
    SELECT_JPKI,
    run,
    select_ef,
    verify,
)

SIGN_DIGEST_INFO = "80 2A 00 80 33 " + digest_info_sha256(b"data").hex() + " 00"


@pytest.mark.parametrize(
    ("apdu", "data", "le"),
    [
        ("00B00000", b"", None),  # case 1
        ("00B0000000", b"", 256),  # case 2, Le 00 = 256
        ("00B0000004", b"", 4),
        ("00A4020C020018", b"\x00\x18", None),  # case 3
        ("802A00800201 0200", b"\x01\x02", 256),  # case 4
        ("00B00000000000", b"", 65536),  # case 2 extended
        ("00B00000000102", b"", 258),
        ("00A4020C0000020018", b"\x00\x18", None),  # case 3 extended
        ("802A0080000002AABB0000", b"\xaa\xbb", 65536),  # case 4 extended
    ],
)
def test_parse_all_four_cases_short_and_extended(apdu: str, data: bytes, le: int | None) -> None:
    command = parse(bytes.fromhex(apdu.replace(" ", "")))
    assert (command.data, command.le) == (data, le)


@pytest.mark.parametrize(
    "apdu", ["", "00", "00A404", "00A4040C05AABB", "00A4040C01AABBCC", "00B0000000000201"]
)
def test_malformed_apdus_are_refused_with_6700(apdu: str) -> None:
    with pytest.raises(Refusal) as refusal:
        parse(bytes.fromhex(apdu))
    assert refusal.value.sw == 0x6700


def test_atr_is_the_one_opensc_matches_with_a_correct_tck() -> None:
    assert ATR.hex(":") == "3b:e0:00:ff:81:31:fe:45:14"
    # TCK: the XOR of T0 up to and including TCK is zero (ISO/IEC 7816-3 §8.2.5).
    assert functools.reduce(operator.xor, ATR[1:]) == 0


def test_select_known_and_unknown_applets(card: VirtualCard) -> None:
    assert run(card, SELECT_JPKI) == "9000"
    assert run(card, SELECT_INPUT_SUPPORT) == "9000"
    assert run(card, SELECT_CARD_FACE) == "9000"
    # PIV's AID, as OpenSC's piv driver probes it before jpki's turn.
    assert run(card, "00 A4 04 00 09 A00000030800001000 00") == "6A82"
    assert run(card, "00 A4 04 0C 0A D392F000260100000002") == "6A82"


def test_select_ef(card: VirtualCard) -> None:
    assert run(card, select_ef("000A")) == "6A82"  # no applet selected yet
    assert run(card, SELECT_JPKI, select_ef("000A")) == "9000"
    assert run(card, select_ef("0011")) == "6A82"  # the 券面入力補助AP's PIN, not here
    assert run(card, "00 A4 02 0C 01 0A") == "6700"
    assert run(card, "00 A4 02 0C 03 00000A") == "6700"
    assert run(card, "00 A4 04 0C") == "6700"


@pytest.mark.parametrize(
    "apdu",
    [
        "00 A4 00 0C 02 3F00",  # select MF by FID: not offered
        "00 A4 02 04 02 000A",  # P2 asking for an FCP template
        "00 B0 80 00 04",  # short EF identifier in P1
        "00 20 00 81",  # VERIFY of a global PIN reference
        "00 20 01 80",
        "00 24 00 80 04 31323334",  # CHANGE with old and new PIN in the data
        "80 2A 9E 9A 02 0102 00",  # ISO PSO:CDS parameters instead of the card's 00 80
    ],
)
def test_wrong_p1_p2_is_6a86(card: VirtualCard, apdu: str) -> None:
    assert run(card, SELECT_JPKI, select_ef("0018"), apdu) == "6A86"


def test_read_binary_offsets_and_lengths(card: VirtualCard) -> None:
    run(card, SELECT_JPKI, select_ef("000A"))
    head = card.transmit(bytes.fromhex("00B0000004"))
    assert head[:2] == b"\x30\x82" and head[-2:] == b"\x90\x00"
    size = int.from_bytes(head[2:4], "big") + 4
    whole = card.transmit(bytes.fromhex("00B00000000000"))  # extended Le 0000 = 65536
    assert len(whole) == size + 2
    assert card.transmit(bytes.fromhex("00B0000000"))[:-2] == whole[:256]  # Le 00 = 256
    last = size - 1
    tail = card.transmit(bytes([0x00, 0xB0, last >> 8, last & 0xFF, 0x10]))
    assert tail == whole[last:size] + b"\x90\x00"  # fewer bytes than Le at the end, no error
    assert run(card, f"00 B0 {size >> 8:02X} {size & 0xFF:02X} 01") == "6B00"
    assert run(card, "00 B0 7F FF 01") == "6B00"
    assert run(card, "00 B0 00 00") == "6700"  # no Le
    assert run(card, "00 B0 00 00 01 00 00") == "6700"  # data in a READ BINARY


def test_read_binary_on_the_wrong_kind_of_ef(card: VirtualCard) -> None:
    assert run(card, SELECT_JPKI, "00 B0 00 00 04") == "6986"  # no EF selected
    assert run(card, select_ef("0017"), "00 B0 00 00 04") == "6981"  # a private key
    assert run(card, select_ef("0018"), "00 B0 00 00 04") == "6981"  # a PIN


def test_guarded_files_need_their_pin_in_this_session(card: VirtualCard) -> None:
    assert run(card, SELECT_JPKI, select_ef("0001"), "00 B0 00 00 04") == "6982"
    assert run(card, select_ef("001B"), verify("PASS123")) == "9000"
    assert run(card, select_ef("0001"), "00 B0 00 00 04") == "9000"
    assert run(card, SELECT_INPUT_SUPPORT, select_ef("0001"), "00 B0 00 00 04") == "6982"


def test_sign_needs_key_ef_and_its_pin(card: VirtualCard) -> None:
    assert run(card, SELECT_JPKI, SIGN_DIGEST_INFO) == "6986"  # no EF
    assert run(card, select_ef("000A"), SIGN_DIGEST_INFO) == "6986"  # not a key EF
    assert run(card, select_ef("0017"), SIGN_DIGEST_INFO) == "6982"  # PIN not verified
    run(card, select_ef("0018"), verify("1234"))
    assert run(card, select_ef("001A"), SIGN_DIGEST_INFO) == "6982"  # the other key's PIN
    assert run(card, select_ef("0017"), SIGN_DIGEST_INFO) == "9000"
    assert run(card, "80 2A 00 80 04 01020304 00") == "6A80"  # not a DigestInfo
    assert run(card, "80 2A 00 80 00") == "6700"  # no data


def test_unknown_instructions_and_classes(card: VirtualCard) -> None:
    assert run(card, "00 CA DF 30 05") == "6D00"  # GET DATA, as OpenSC drivers probe
    assert run(card, "00 C0 00 00 00") == "6D00"  # GET RESPONSE
    assert run(card, "00 84 00 00 08") == "6D00"  # GET CHALLENGE
    assert run(card, "0C A4 04 0C 0A D392F000260100000001") == "6E00"  # secure messaging
    assert run(card, "FF B0 00 00 04") == "6E00"
    assert run(card, "80 A4 04 0C 0A D392F000260100000001") == "6E00"  # wrong class for SELECT
    assert run(card, "00 2A 00 80 02 0102 00") == "6E00"  # SIGN needs the class 80


def test_an_internal_error_answers_6f00(card: VirtualCard, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*_: object) -> bytes:
        raise RuntimeError("boom")

    monkeypatch.setattr("mynumber.jpki.card.applets.process", explode)
    assert card.transmit(bytes.fromhex("00A4040C0AD392F000260100000001")) == b"\x6f\x00"


def test_token_ef_names_a_my_number_card(card: VirtualCard) -> None:
    run(card, SELECT_JPKI, select_ef("0006"))
    token = card.transmit(bytes.fromhex("00B0000020"))
    assert token[:-2].rstrip(b" ") == b"JPKIAPICCTOKEN2" and len(token) == 34


def test_tlv_round_trip_with_two_byte_private_tags() -> None:
    long_value = bytes(300)
    data = encode(0xFF10, b"123456789018") + encode(0x30, long_value)
    assert data[:3] == bytes.fromhex("FF100C")
    assert decode_sequence(data) == [(0xFF10, b"123456789018"), (0x30, long_value)]
    assert decode_header(encode(0xFF20, bytes(200))) == (0xFF20, 4, 200)  # FF 20 81 C8
