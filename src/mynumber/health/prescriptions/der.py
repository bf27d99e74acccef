"""The little DER this service reads and writes: TLVs, for the CMS signatures of the cards and the
HPKI hcRole extension (cryptography parses neither)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Tlv", "children", "encode_oid", "oid_text", "read", "tlv"]


@dataclass(frozen=True)
class Tlv:
    """One DER element: its tag byte, its content and its whole encoding."""

    tag: int
    content: bytes
    encoded: bytes


def read(data: bytes, offset: int = 0) -> Tlv:
    """Return the element starting at offset (short tags only); refuse what does not fit."""
    if offset + 2 > len(data):
        raise ValueError("truncated DER")
    tag, first = data[offset], data[offset + 1]
    start = offset + 2
    if first < 0x80:
        size = first
    else:
        count = first & 0x7F
        if count == 0 or count > 4 or start + count > len(data):
            raise ValueError("bad DER length")
        size = int.from_bytes(data[start : start + count], "big")
        start += count
    end = start + size
    if end > len(data):
        raise ValueError("truncated DER")
    return Tlv(tag, data[start:end], data[offset:end])


def children(element: Tlv) -> list[Tlv]:
    """Return the elements inside a constructed element."""
    items, offset = [], 0
    while offset < len(element.content):
        item = read(element.content, offset)
        items.append(item)
        offset += len(item.encoded)
    return items


def _length(size: int) -> bytes:
    if size < 0x80:
        return bytes([size])
    raw = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def tlv(tag: int, content: bytes) -> bytes:
    """Return one DER element."""
    return bytes([tag]) + _length(len(content)) + content


def encode_oid(dotted: str) -> bytes:
    """Return the content octets of an OBJECT IDENTIFIER."""
    parts = [int(p) for p in dotted.split(".")]
    out = bytearray(_base128(parts[0] * 40 + parts[1]))
    for part in parts[2:]:
        out += _base128(part)
    return bytes(out)


def _base128(value: int) -> bytes:
    groups = [value & 0x7F]
    value >>= 7
    while value:
        groups.append(0x80 | (value & 0x7F))
        value >>= 7
    return bytes(reversed(groups))


def oid_text(content: bytes) -> str:
    """Return the dotted form of an OBJECT IDENTIFIER's content octets."""
    values, current = [], 0
    for byte in content:
        current = (current << 7) | (byte & 0x7F)
        if not byte & 0x80:
            values.append(current)
            current = 0
    first = values[0]
    head = [min(first // 40, 2), first - 40 * min(first // 40, 2)]
    return ".".join(str(v) for v in head + values[1:])
