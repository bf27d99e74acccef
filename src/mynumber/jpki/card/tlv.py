"""BER-TLV as the My Number card writes it: DER lengths, and one- or two-byte tags.

The card's 券面 (card-face) files use private-class tags in the two-byte form even for small tag
numbers (`FF 10`, `FF 20`…), which strict DER parsers refuse; jpki/myna's parsers read them as
such. ⚠ The exact bytes of the real files are not public; this is the shape those clients accept.
"""

from __future__ import annotations

from mynumber.jpki.der import length_octets

__all__ = ["decode_header", "decode_sequence", "encode"]


def encode(tag: int, value: bytes) -> bytes:
    """Return tag, length and value; tags above 0xFF are written as two bytes."""
    tag_bytes = tag.to_bytes(2 if tag > 0xFF else 1, "big")
    return tag_bytes + length_octets(len(value)) + value


def decode_header(data: bytes) -> tuple[int, int, int]:
    """Return (tag, header length, value length) of the TLV at the start of data."""
    if len(data) < 2:
        raise ValueError("truncated TLV header")
    tag_length = 2 if data[0] & 0x1F == 0x1F else 1
    tag = int.from_bytes(data[:tag_length], "big")
    first = data[tag_length]
    if first < 0x80:
        return tag, tag_length + 1, first
    count = first & 0x7F
    if count == 0 or count > 3 or len(data) < tag_length + 1 + count:
        raise ValueError("unsupported or truncated TLV length")
    length = int.from_bytes(data[tag_length + 1 : tag_length + 1 + count], "big")
    return tag, tag_length + 1 + count, length


def decode_sequence(data: bytes) -> list[tuple[int, bytes]]:
    """Return the (tag, value) pairs laid end to end in data."""
    items: list[tuple[int, bytes]] = []
    offset = 0
    while offset < len(data):
        tag, header, length = decode_header(data[offset:])
        end = offset + header + length
        if end > len(data):
            raise ValueError("TLV value runs past the end of the data")
        items.append((tag, data[offset + header : end]))
        offset = end
    return items
