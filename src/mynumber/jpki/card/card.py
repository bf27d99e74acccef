"""The virtual My Number card (マイナンバーカード): keys made inside, reached through APDUs.

Holders and relying parties reach the card only through `transmit`. The issuer-side methods
(install_certificates, replace_key, reset_pin, update_profile) stand for what J-LIS and the
municipality do through the secure personalisation channel of a real card. No method returns
private key material; the only way the state leaves the card is `seal`, encrypted.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from typing import NoReturn

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.x509 import load_der_x509_certificate

from mynumber.jpki.card import applets
from mynumber.jpki.card.apdu import SW
from mynumber.jpki.card.errors import UnsealError
from mynumber.jpki.card.filesystem import CERTIFICATE_FIDS, KEY_CERTIFICATE, Applet, KeySlot
from mynumber.jpki.card.pins import MAX_TRIES, PinCounter, PinKind, PinRef, Pins, validate
from mynumber.jpki.card.profile import CardProfile, validate_profile
from mynumber.jpki.card.state import CardState, Session

__all__ = ["VirtualCard"]

_MAGIC = b"MNC1"  # sealed-card format 1: magic, 12-byte nonce, AES-GCM ciphertext and tag
_UNKNOWN = SW.UNKNOWN.to_bytes(2, "big")


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class VirtualCard:
    """One My Number card with its JPKI AP, 券面事項入力補助AP and 券面事項確認AP."""

    def __init__(self, state: CardState) -> None:
        """Wrap a card state; use manufacture or unseal rather than calling this."""
        self._state = state
        self._session = Session()
        # The vpcd thread and the issuer may reach one card at once; a card does one thing.
        self._lock = threading.Lock()

    @classmethod
    def manufacture(
        cls,
        *,
        profile: CardProfile,
        pins: Pins,
        keys: Mapping[KeySlot, rsa.RSAPrivateKey] | None = None,
    ) -> VirtualCard:
        """Make a personalised card: both key pairs generated inside, PINs and face written.

        keys: ⚠ for bench cards only, key pairs drawn from a pool (`jpki.bench_issue`) instead
        of generated inside; every other card makes its own.
        """
        validate_profile(profile)
        values = {
            PinRef.AUTH: validate(PinRef.AUTH, pins.auth),
            PinRef.SIGN: validate(PinRef.SIGN, pins.sign),
            PinRef.INPUT_SUPPORT: validate(PinRef.INPUT_SUPPORT, pins.input_support),
        }
        state = CardState(
            profile=profile,
            keys={slot: keys[slot] if keys else _new_key() for slot in KeySlot},
            pins={ref: PinCounter(ref, value, MAX_TRIES[ref]) for ref, value in values.items()},
        )
        state.write_face()
        return cls(state)

    def __repr__(self) -> str:
        installed = {
            slot.value: (Applet.JPKI, KEY_CERTIFICATE[slot]) in self._state.files
            for slot in KeySlot
        }
        return f"VirtualCard(certificates={installed})"

    def __reduce__(self) -> NoReturn:
        # Pickling or deep-copying would write the private keys out in clear.
        raise TypeError("a VirtualCard cannot be copied or pickled; seal() it")

    def public_key(self, slot: KeySlot) -> rsa.RSAPublicKey:
        """Return the public half of the key pair in this slot."""
        with self._lock:
            return self._state.keys[slot].public_key()

    def install_certificates(
        self,
        *,
        auth: bytes | None = None,
        auth_ca: bytes | None = None,
        sign: bytes | None = None,
        sign_ca: bytes | None = None,
    ) -> None:
        """Write DER certificates to EF 000A/000B/0001/0002; leave out what stays as it is."""
        given = {"auth": auth, "auth_ca": auth_ca, "sign": sign, "sign_ca": sign_ca}
        with self._lock:
            for name, der in given.items():
                if der is None:
                    continue
                certificate = load_der_x509_certificate(der)  # ValueError if not DER X.509
                if name in ("auth", "sign"):
                    own = self._state.keys[KeySlot(name)].public_key().public_numbers()
                    key = certificate.public_key()
                    if not isinstance(key, rsa.RSAPublicKey) or key.public_numbers() != own:
                        raise ValueError(f"the {name} certificate is not for this card's key")
            for name, der in given.items():
                if der is not None:
                    self._state.files[Applet.JPKI, CERTIFICATE_FIDS[name]] = der

    def replace_key(self, slot: KeySlot) -> rsa.RSAPublicKey:
        """Generate a new pair in this slot (renewal, reissue); its certificate is cleared."""
        key = _new_key()
        with self._lock:
            self._state.keys[slot] = key
            self._state.files.pop((Applet.JPKI, KEY_CERTIFICATE[slot]), None)
            return key.public_key()

    def reset_pin(self, kind: PinKind, new_pin: str) -> None:
        """Set a new PIN with a full counter, unblocking it (at the municipal counter, 窓口)."""
        ref = PinRef(kind.value)
        value = validate(ref, new_pin)
        with self._lock:
            self._state.pins[ref].reset(value)
            self._session.verified.discard(ref)

    def update_profile(self, profile: CardProfile) -> None:
        """Rewrite the card face (券面事項の変更) after a change of name or address."""
        validate_profile(profile)
        with self._lock:
            if profile.my_number != self._state.profile.my_number:
                # A new My Number means a new card (the number is printed on it).
                raise ValueError("a card's My Number cannot be rewritten; issue a new card")
            self._state.profile = profile
            self._state.write_face()

    def pin_status(self) -> dict[PinKind, int]:
        """Return the tries left for each PIN a person sets."""
        with self._lock:
            return {kind: self._state.pins[PinRef(kind.value)].tries_left for kind in PinKind}

    def reset(self) -> None:
        """Forget the session, as a power cycle or a warm reset does."""
        with self._lock:
            self._session = Session()

    def transmit(self, apdu: bytes) -> bytes:
        """Answer one command APDU with response data and SW1 SW2; never raises."""
        try:
            with self._lock:
                return applets.process(self._state, self._session, bytes(apdu))
        except Exception:  # a card never throws: it answers 6F00 (no precise diagnosis)
            return _UNKNOWN

    def seal(self, key: bytes) -> bytes:
        """Return the whole card state encrypted and authenticated under key (AES-GCM)."""
        nonce = os.urandom(12)
        with self._lock:
            plaintext = self._state.to_json()
        return _MAGIC + nonce + AESGCM(key).encrypt(nonce, plaintext, _MAGIC)

    @classmethod
    def unseal(cls, blob: bytes, key: bytes) -> VirtualCard:
        """Open a sealed card; raise UnsealError on a wrong key or a tampered blob."""
        if len(blob) < len(_MAGIC) + 12 + 16 or not blob.startswith(_MAGIC):
            raise UnsealError("not a sealed My Number card")
        nonce, ciphertext = blob[4:16], blob[16:]
        try:
            plaintext = AESGCM(key).decrypt(nonce, ciphertext, _MAGIC)
        except (InvalidTag, ValueError):  # ValueError: a key of the wrong size
            raise UnsealError("the card state is tampered with or the key is wrong") from None
        try:
            return cls(CardState.from_json(plaintext))
        except (ValueError, KeyError, TypeError) as error:
            raise UnsealError(f"the sealed card state is malformed: {error}") from None
