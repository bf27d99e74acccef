"""The card's persistent state (keys, PINs, files) and its per-session security state."""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from mynumber.jpki.card import profile as face
from mynumber.jpki.card.filesystem import TOKEN, Applet, KeySlot, fid
from mynumber.jpki.card.pins import MAX_TRIES, PinCounter, PinRef
from mynumber.jpki.card.profile import CardProfile

__all__ = ["CardState", "Session"]

_FORMAT = 1


@dataclass(repr=False)
class CardState:
    """Everything the card keeps across power cycles; only ever leaves the card sealed."""

    profile: CardProfile
    keys: dict[KeySlot, rsa.RSAPrivateKey]
    pins: dict[PinRef, PinCounter]
    files: dict[tuple[Applet, int], bytes] = field(default_factory=dict)

    def __repr__(self) -> str:
        return "CardState(<sealed contents>)"

    def write_face(self) -> None:
        """(Re)write the card-face files and the 照合番号 from the profile."""
        profile = self.profile
        self.files[Applet.JPKI, fid("0006")] = TOKEN
        self.files[Applet.INPUT_SUPPORT, fid("0001")] = face.my_number_file(profile)
        self.files[Applet.INPUT_SUPPORT, fid("0002")] = face.four_items_file(profile)
        self.files[Applet.CARD_FACE, fid("0002")] = face.face_front_file(profile)
        self.files[Applet.CARD_FACE, fid("0005")] = face.face_my_number_file(profile)
        for ref, value in (
            (PinRef.FACE_A, profile.my_number),
            (PinRef.FACE_B, face.face_b_pin(profile)),
        ):
            counter = self.pins.get(ref)
            if counter is None:
                self.pins[ref] = PinCounter(ref, value, MAX_TRIES[ref])
            else:  # keep the counter: a rewrite of the face does not forgive wrong tries
                counter.value = value

    def to_json(self) -> bytes:
        """Return the whole state as JSON, private keys included: only for sealing."""
        p = self.profile
        document: dict[str, Any] = {
            "format": _FORMAT,
            "profile": {
                "my_number": p.my_number,
                "name": p.name,
                "address": p.address,
                "birth_date": p.birth_date.isoformat(),
                "sex": p.sex,
                "expiry": p.expiry.isoformat(),
                "security_code": p.security_code,
            },
            "keys": {
                slot.value: _b64(
                    key.private_bytes(
                        serialization.Encoding.DER,
                        serialization.PrivateFormat.PKCS8,
                        serialization.NoEncryption(),
                    )
                )
                for slot, key in self.keys.items()
            },
            "pins": {ref.value: [c.value, c.tries_left] for ref, c in self.pins.items()},
            "files": [[a.name, number, _b64(data)] for (a, number), data in self.files.items()],
        }
        return json.dumps(document, ensure_ascii=False).encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes) -> CardState:
        """Rebuild the state from to_json's output; raise ValueError if it is not that."""
        document = json.loads(raw)
        if document.get("format") != _FORMAT:
            raise ValueError("unknown card state format")
        p = document["profile"]
        profile = CardProfile(
            my_number=p["my_number"],
            name=p["name"],
            address=p["address"],
            birth_date=dt.date.fromisoformat(p["birth_date"]),
            sex=int(p["sex"]),
            expiry=dt.date.fromisoformat(p["expiry"]),
            security_code=p["security_code"],
        )
        keys: dict[KeySlot, rsa.RSAPrivateKey] = {}
        for slot, der in document["keys"].items():
            # The AES-GCM tag already proved these are the keys the card made, so the costly
            # RSA consistency check (tens of ms per key) would prove nothing more.
            key = serialization.load_der_private_key(
                base64.b64decode(der), password=None, unsafe_skip_rsa_key_validation=True
            )
            if not isinstance(key, rsa.RSAPrivateKey):
                raise ValueError("a card key is not an RSA key")
            keys[KeySlot(slot)] = key
        pins = {
            PinRef(ref): PinCounter(PinRef(ref), str(value), int(tries))
            for ref, (value, tries) in document["pins"].items()
        }
        files = {
            (Applet[name], int(number)): base64.b64decode(data)
            for name, number, data in document["files"]
        }
        return cls(profile=profile, keys=keys, pins=pins, files=files)


@dataclass
class Session:
    """What a power cycle forgets: the selected applet and EF, and the PINs verified."""

    applet: Applet | None = None
    ef: int | None = None
    verified: set[PinRef] = field(default_factory=set)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
