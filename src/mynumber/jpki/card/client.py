"""The host side: what a JPKI client application does with a card, in APDUs only.

Built on a transmit callable alone, so the same code drives a VirtualCard, a vpcd-attached card
or a real card behind a PC/SC reader.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from mynumber.jpki.card import tlv
from mynumber.jpki.card.apdu import SW
from mynumber.jpki.card.errors import CardError, error_for
from mynumber.jpki.card.filesystem import PIN_EFS, Applet, fid
from mynumber.jpki.card.pins import PinKind, PinRef, normalise

__all__ = ["CardClient", "digest_info_sha256"]

_SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")
_AUTH_KEY, _SIGN_KEY = fid("0017"), fid("001A")
_AUTH_CERT, _AUTH_CA, _SIGN_CERT, _SIGN_CA = fid("000A"), fid("000B"), fid("0001"), fid("0002")


def digest_info_sha256(data: bytes) -> bytes:
    """Return the DER DigestInfo of SHA-256(data), what the card's SIGN takes."""
    return _SHA256_DIGEST_INFO + hashlib.sha256(data).digest()


class CardClient:
    """A JPKI client application talking to one card through transmit."""

    def __init__(self, transmit: Callable[[bytes], bytes]) -> None:
        """Use this callable to send a command APDU and get back data + SW1 SW2."""
        self._transmit = transmit

    # Certificates (証明書の読み出し)

    def read_auth_certificate(self) -> bytes:
        """Return the user-authentication certificate (DER); no PIN is needed."""
        return self._read_certificate(_AUTH_CERT)

    def read_auth_ca_certificate(self) -> bytes:
        """Return the user-authentication CA certificate (DER)."""
        return self._read_certificate(_AUTH_CA)

    def read_sign_certificate(self, sign_pin: str) -> bytes:
        """Return the signing certificate (DER); it carries the four items, so it needs the PIN."""
        self._verify(PinRef.SIGN, sign_pin)
        return self._read_certificate(_SIGN_CERT)

    def read_sign_ca_certificate(self) -> bytes:
        """Return the signing CA certificate (DER)."""
        return self._read_certificate(_SIGN_CA)

    # Signatures (利用者証明 and 電子署名)

    def authenticate(self, pin: str, data: bytes) -> bytes:
        """Sign SHA-256(data) with the user-authentication key after its 4-digit PIN."""
        self._verify(PinRef.AUTH, pin)
        return self._sign(_AUTH_KEY, digest_info_sha256(data))

    def sign(self, sign_pin: str, data: bytes) -> bytes:
        """Sign SHA-256(data) with the signing key after the signing password."""
        return self.sign_digest_info(sign_pin, digest_info_sha256(data))

    def sign_digest_info(self, sign_pin: str, digest_info: bytes) -> bytes:
        """Sign a ready DER DigestInfo with the signing key after the signing password."""
        self._verify(PinRef.SIGN, sign_pin)
        return self._sign(_SIGN_KEY, digest_info)

    # PINs

    def retries_left(self, kind: PinKind) -> int:
        """Return how many wrong tries this PIN still allows (0: blocked)."""
        self._select_pin(PinRef(kind.value))
        _, sw = self._exchange(bytes.fromhex("00200080"))
        if sw & 0xFFF0 != 0x63C0:
            raise error_for(sw)
        return sw & 0x0F

    def change_pin(self, kind: PinKind, old: str, new: str) -> None:
        """Change a PIN: VERIFY the old one, then CHANGE REFERENCE DATA with the new one."""
        ref = PinRef(kind.value)
        self._verify(ref, old)
        self._check(_command(0x00, 0x24, 0x01, 0x80, normalise(ref, new).encode("ascii")))

    # 券面事項入力補助AP

    def read_my_number(self, input_support_pin: str) -> str:
        """Return the My Number from the 券面事項入力補助AP (EF 0001)."""
        self._verify(PinRef.INPUT_SUPPORT, input_support_pin)
        self._select_ef(fid("0001"))
        _, value = tlv.decode_sequence(self._read_tlv())[0]
        return value.decode("ascii")

    def read_four_items(self, input_support_pin: str) -> dict[str, str]:
        """Return name, address, birth date (YYYYMMDD) and sex (ISO 5218) from EF 0002."""
        self._verify(PinRef.INPUT_SUPPORT, input_support_pin)
        self._select_ef(fid("0002"))
        (_, body), *_ = tlv.decode_sequence(self._read_tlv())
        fields = {0xFF22: "name", 0xFF23: "address", 0xFF24: "birth_date", 0xFF25: "sex"}
        return {
            fields[tag]: value.decode("utf-8")
            for tag, value in tlv.decode_sequence(body)
            if tag in fields
        }

    # APDU plumbing

    def _exchange(self, apdu: bytes) -> tuple[bytes, int]:
        response = self._transmit(apdu)
        if len(response) < 2:
            raise CardError(SW.UNKNOWN, "the card's response has no status word")
        return response[:-2], int.from_bytes(response[-2:], "big")

    def _check(self, apdu: bytes) -> bytes:
        data, sw = self._exchange(apdu)
        if sw != SW.OK:
            raise error_for(sw)
        return data

    def _select_applet(self, applet: Applet) -> None:
        self._check(_command(0x00, 0xA4, 0x04, 0x0C, applet.value))

    def _select_ef(self, number: int) -> None:
        self._check(_command(0x00, 0xA4, 0x02, 0x0C, number.to_bytes(2, "big")))

    def _select_pin(self, ref: PinRef) -> None:
        applet, number = PIN_EFS[ref]
        self._select_applet(applet)
        self._select_ef(number)

    def _verify(self, ref: PinRef, pin: str) -> None:
        self._select_pin(ref)
        self._check(_command(0x00, 0x20, 0x00, 0x80, normalise(ref, pin).encode("ascii")))

    def _sign(self, key: int, digest_info: bytes) -> bytes:
        self._select_ef(key)
        return self._check(_command(0x80, 0x2A, 0x00, 0x80, digest_info, le=256))

    def _read_certificate(self, number: int) -> bytes:
        self._select_applet(Applet.JPKI)
        self._select_ef(number)
        return self._read_tlv()

    def _read_tlv(self) -> bytes:
        # Read the header, then exactly the rest: real EFs are larger than what they hold.
        head = self._read(0, 5)
        _, header, length = tlv.decode_header(head)
        total = header + length
        return (head + self._read(len(head), total - len(head)))[:total]

    def _read(self, offset: int, count: int) -> bytes:
        out = b""
        while len(out) < count:
            chunk = min(count - len(out), 256)
            position = offset + len(out)
            p1p2 = position.to_bytes(2, "big")
            data = self._check(bytes([0x00, 0xB0, *p1p2, chunk & 0xFF]))
            if not data:
                break
            out += data
        return out


def _command(cla: int, ins: int, p1: int, p2: int, data: bytes, *, le: int | None = None) -> bytes:
    apdu = bytes([cla, ins, p1, p2, len(data)]) + data
    return apdu if le is None else apdu + bytes([le & 0xFF])
