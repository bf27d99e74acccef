"""A minimal DER encoder: just what the CMS signature and the certificate attributes need; and
the PEM text of a DER certificate."""

from __future__ import annotations

import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

__all__ = [
    "certificate_pem",
    "context",
    "generalized_or_utc_time",
    "integer",
    "length_octets",
    "null",
    "octet_string",
    "oid",
    "sequence",
    "set_of",
    "tlv",
    "utf8_string",
]


def length_octets(size: int) -> bytes:
    """Return a DER length: one byte below 128, else 0x80 + the count of big-endian bytes."""
    if size < 0x80:
        return bytes([size])
    body = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def tlv(tag: int, content: bytes) -> bytes:
    """Return one element: a one-byte tag, the DER length and the content."""
    return bytes([tag]) + length_octets(len(content)) + content


def sequence(*items: bytes) -> bytes:
    """Return a SEQUENCE of already encoded items, in the given order."""
    return tlv(0x30, b"".join(items))


def set_of(*items: bytes) -> bytes:
    """Return a SET OF: DER orders the encoded elements as octet strings."""
    return tlv(0x31, b"".join(sorted(items)))


def integer(value: int) -> bytes:
    """Return an INTEGER (two's complement, minimal length)."""
    magnitude = value if value >= 0 else ~value  # -128 fits one byte, 128 needs two
    size = (magnitude.bit_length() + 8) // 8
    return tlv(0x02, value.to_bytes(size, "big", signed=True))


def oid(dotted: str) -> bytes:
    """Return an OBJECT IDENTIFIER given in dotted form."""
    arcs = [int(part) for part in dotted.split(".")]
    body = bytearray([40 * arcs[0] + arcs[1]])
    for arc in arcs[2:]:
        chunk, rest = [arc & 0x7F], arc >> 7
        while rest:
            chunk.append(0x80 | (rest & 0x7F))
            rest >>= 7
        body.extend(reversed(chunk))
    return tlv(0x06, bytes(body))


def octet_string(data: bytes) -> bytes:
    """Return an OCTET STRING."""
    return tlv(0x04, data)


def null() -> bytes:
    """Return NULL."""
    return b"\x05\x00"


def utf8_string(text: str) -> bytes:
    """Return a UTF8String."""
    return tlv(0x0C, text.encode("utf-8"))


def generalized_or_utc_time(when: dt.datetime) -> bytes:
    """Return a Time as RFC 5280 wants it: UTCTime through 2049, GeneralizedTime after."""
    utc = when.astimezone(dt.UTC)
    if 1950 <= utc.year <= 2049:
        return tlv(0x17, utc.strftime("%y%m%d%H%M%SZ").encode("ascii"))
    return tlv(0x18, utc.strftime("%Y%m%d%H%M%SZ").encode("ascii"))


def context(number: int, content: bytes, *, constructed: bool = True) -> bytes:
    """Return a context-specific [number] element around content (IMPLICIT or EXPLICIT)."""
    return tlv((0xA0 if constructed else 0x80) | number, content)


def certificate_pem(certificate: bytes) -> str:
    """Return a DER certificate as PEM text (ValueError if it is not a certificate)."""
    return x509.load_der_x509_certificate(certificate).public_bytes(Encoding.PEM).decode("ascii")
