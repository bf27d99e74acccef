"""Agencies' signing keys (⚠ Ed25519 standing in for each 中間サーバー's certificate).

In the real system each agency's 中間サーバー connects to the information-provision network with
its own certificate and signs what it sends. Here each agency holds an Ed25519 key pair: the
private key in `AgencyKeyStore` (one PEM file per agency id under the instance's data directory,
made on first use with mode 0600), the public key registered with the network as base64url of its
32 raw bytes. The functions below sign and check bytes; what is signed is the caller's business.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import os
import secrets
import threading
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

__all__ = [
    "PUBLIC_KEY_PATTERN",
    "AgencyKeyStore",
    "public_key_text",
    "public_key_valid",
    "sign_message",
    "signature_valid",
]

_RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw
# 32 bytes in base64url without padding: 43 characters, the last carrying 4 bits and 2 zeros.
PUBLIC_KEY_PATTERN = r"^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def public_key_text(key: Ed25519PrivateKey) -> str:
    """Return the public half of a key as base64url of its 32 raw bytes (43 characters)."""
    return _b64(key.public_key().public_bytes(*_RAW))


def public_key_valid(text: str) -> bool:
    """Tell whether text is an Ed25519 public key as `public_key_text` writes it."""
    try:
        raw = _unb64(text)
    except (ValueError, binascii.Error):
        return False
    return len(text) == 43 and len(raw) == 32 and _b64(raw) == text


def sign_message(key: Ed25519PrivateKey, message: bytes) -> str:
    """Return the Ed25519 signature of message as base64url (86 characters)."""
    return _b64(key.sign(message))


def signature_valid(public_key: str | None, message: bytes, signature: str) -> bool:
    """Tell whether signature is a valid Ed25519 signature of message under public_key; a missing
    key, or a key or signature that is not base64url of the right length, is not valid."""
    if not public_key or not signature:
        return False
    try:
        key = Ed25519PublicKey.from_public_bytes(_unb64(public_key))
        key.verify(_unb64(signature), message)
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True


class AgencyKeyStore:
    """The agencies' private keys on this instance: `<directory>/<agency id>.pem`, made on first
    use (mode 0600) and loaded thereafter; `renew` replaces one (a new certificate)."""

    def __init__(self, directory: Path) -> None:
        self._directory = directory
        self._loaded: dict[str, Ed25519PrivateKey] = {}
        self._lock = threading.Lock()

    def private_key(self, agency_id: str) -> Ed25519PrivateKey:
        """Return the agency's private key, made and kept the first time it is asked for."""
        with self._lock:
            if agency_id not in self._loaded:
                self._loaded[agency_id] = self._load_or_make(agency_id)
            return self._loaded[agency_id]

    def public_key(self, agency_id: str) -> str:
        """Return the agency's public key as the network registers it (base64url, raw)."""
        return public_key_text(self.private_key(agency_id))

    def renew(self, agency_id: str) -> str:
        """Replace the agency's key with a new one; return the new public key (to register)."""
        key = Ed25519PrivateKey.generate()
        with self._lock:
            self._write(self._path(agency_id), key, replace=True)
            self._loaded[agency_id] = key
        return public_key_text(key)

    def _path(self, agency_id: str) -> Path:
        # ':' separates kind and code in an agency id; '+' is in no agency id, so names stay apart.
        if not agency_id or "/" in agency_id or agency_id.startswith("."):
            raise ValueError(f"not an agency id: {agency_id!r}")
        return self._directory / f"{agency_id.replace(':', '+')}.pem"

    def _load_or_make(self, agency_id: str) -> Ed25519PrivateKey:
        path = self._path(agency_id)
        if not path.exists():
            self._write(path, Ed25519PrivateKey.generate(), replace=False)
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{path} does not hold an Ed25519 key")
        return key

    def _write(self, path: Path, key: Ed25519PrivateKey, *, replace: bool) -> None:
        """Write the key to a private temporary file, then put it in place: atomically, and,
        unless replacing, only if no other process made one first (theirs wins)."""
        self._directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(pem)
        try:
            if replace:
                os.replace(temporary, path)
            else:
                with contextlib.suppress(FileExistsError):  # another process made it first
                    os.link(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)
