"""What is printed on the card (券面事項) and the files of the card-face applets built from it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from mynumber.jpki.card import tlv
from mynumber.kernel.checkdigits import my_number_check_digit

__all__ = [
    "CardProfile",
    "face_b_pin",
    "face_front_file",
    "face_my_number_file",
    "four_items_file",
    "my_number_file",
    "validate_profile",
]

SEXES = (0, 1, 2, 9)  # ISO 5218: not known, male, female, not applicable


@dataclass(frozen=True)
class CardProfile:
    """The card face: the basic four items (基本4情報), My Number, expiry, security code."""

    my_number: str = field(repr=False)
    name: str
    address: str
    birth_date: dt.date
    sex: int  # ISO 5218
    expiry: dt.date  # the card's own expiry (有効期限), not a certificate's
    security_code: str = field(repr=False)  # 4 digits, part of 照合番号B


def validate_profile(profile: CardProfile) -> None:
    """Raise ValueError if the card face could not be written as given."""
    number = profile.my_number
    if not (len(number) == 12 and number.isascii() and number.isdigit()):
        raise ValueError("the My Number must be 12 ASCII digits")
    if my_number_check_digit(number[:11]) != int(number[11]):
        raise ValueError("the My Number's check digit is wrong")
    if not profile.name.strip() or not profile.address.strip():
        raise ValueError("the name and the address must not be empty")
    if profile.sex not in SEXES:
        raise ValueError("sex must be an ISO 5218 code: 0, 1, 2 or 9")
    code = profile.security_code
    if not (len(code) == 4 and code.isascii() and code.isdigit()):
        raise ValueError("the security code must be 4 ASCII digits")
    if not dt.date(1000, 1, 1) <= profile.expiry <= dt.date(9999, 12, 31):
        raise ValueError("the expiry year must have 4 digits")


def face_b_pin(profile: CardProfile) -> str:
    """Return 照合番号B: birth date YYMMDD, expiry year, security code (⚠ assumed layout)."""
    return f"{profile.birth_date:%y%m%d}{profile.expiry.year:04d}{profile.security_code}"


def my_number_file(profile: CardProfile) -> bytes:
    """Return 券面事項入力補助AP EF 0001: the My Number under private tag 16."""
    return tlv.encode(0xFF10, profile.my_number.encode("ascii"))


def four_items_file(profile: CardProfile) -> bytes:
    """Return 券面事項入力補助AP EF 0002: a header, name, address, birth date, sex.

    ⚠ The real header's content is not public; ours holds each item's offset in the file.
    """
    items = [
        (0xFF22, profile.name.encode("utf-8")),
        (0xFF23, profile.address.encode("utf-8")),
        (0xFF24, f"{profile.birth_date:%Y%m%d}".encode("ascii")),
        (0xFF25, str(profile.sex).encode("ascii")),
    ]
    encoded = [tlv.encode(tag, value) for tag, value in items]
    header_length = len(tlv.encode(0xFF21, bytes(2 * len(items))))
    body_length = header_length + sum(map(len, encoded))
    # Offsets count from the start of the file, so they depend on the outer header's size.
    outer = len(tlv.encode(0xFF20, bytes(body_length))) - body_length
    offsets, position = [], outer + header_length
    for item in encoded:
        offsets.append(position.to_bytes(2, "big"))
        position += len(item)
    body = tlv.encode(0xFF21, b"".join(offsets)) + b"".join(encoded)
    return tlv.encode(0xFF20, body)


def face_my_number_file(profile: CardProfile) -> bytes:
    """Return 券面事項確認AP EF 0005, readable with 照合番号A only.

    ⚠ The real file holds a PNG image of the number and the issuer's signature; we keep the
    digits as text, which is what a reader of the image would obtain.
    """
    return tlv.encode(0xFF40, tlv.encode(0xFF41, profile.my_number.encode("ascii")))


def face_front_file(profile: CardProfile) -> bytes:
    """Return 券面事項確認AP EF 0002, the card front: birth date, sex and expiry as text.

    ⚠ The real file carries images of name, address and face; those are left out.
    """
    body = (
        tlv.encode(0xFF22, f"{profile.birth_date:%Y%m%d}".encode("ascii"))
        + tlv.encode(0xFF23, str(profile.sex).encode("ascii"))
        + tlv.encode(0xFF29, f"{profile.expiry:%Y%m%d}".encode("ascii"))
    )
    return tlv.encode(0xFF20, body)
