"""The minimal DER encoder against encodings cryptography produces."""

from __future__ import annotations

import datetime as dt

from cryptography import x509
from cryptography.x509.oid import NameOID
from hypothesis import given
from hypothesis import strategies as st

from mynumber.jpki import der


def test_object_identifiers_encode_as_in_certificates() -> None:
    for dotted in ("2.5.4.3", "1.2.392.200149.8.5.5.1", "1.2.840.113549.1.9.16.2.47"):
        name = x509.Name([x509.NameAttribute(x509.ObjectIdentifier(dotted), "x")])
        assert der.oid(dotted) in name.public_bytes()
    assert der.oid("1.2.840.113549.1.7.2").hex() == "06092a864886f70d010702"
    assert NameOID.COMMON_NAME.dotted_string == "2.5.4.3"


@given(st.integers(min_value=-(2**160), max_value=2**160))
def test_integers_are_minimal_twos_complement(value: int) -> None:
    encoded = der.integer(value)
    assert encoded[0] == 0x02
    body = encoded[2:] if encoded[1] < 0x80 else encoded[2 + (encoded[1] & 0x7F) :]
    assert int.from_bytes(body, "big", signed=True) == value
    if len(body) > 1:  # no redundant leading byte
        assert not (body[0] == 0 and body[1] < 0x80) and not (body[0] == 0xFF and body[1] >= 0x80)


@given(st.binary(max_size=70_000))
def test_long_lengths(data: bytes) -> None:
    encoded = der.octet_string(data)
    assert encoded.endswith(data)
    header = encoded[: len(encoded) - len(data)]
    if len(data) < 128:
        assert header == bytes([0x04, len(data)])
    else:
        size = header[1] & 0x7F
        assert int.from_bytes(header[2 : 2 + size], "big") == len(data) and len(header) == 2 + size


def test_sets_sort_their_elements_and_times_switch_in_2050() -> None:
    assert der.set_of(b"\x02\x01\x05", b"\x02\x01\x01") == b"\x31\x06\x02\x01\x01\x02\x01\x05"
    assert der.generalized_or_utc_time(dt.datetime(2049, 12, 31, tzinfo=dt.UTC))[0] == 0x17
    assert der.generalized_or_utc_time(dt.datetime(2050, 1, 1, tzinfo=dt.UTC)) == (
        b"\x18\x0f20500101000000Z"
    )
    assert der.utf8_string("髙橋") == b"\x0c\x06" + "髙橋".encode()
    assert der.context(0, b"") == b"\xa0\x00" and der.null() == b"\x05\x00"
