"""Signed terminal requests: the lines a terminal signs for each HTTP request it sends."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["REQUEST_SIGNATURE_VERSION", "SignedRequest", "request_signing_bytes"]

REQUEST_SIGNATURE_VERSION = "mynumber-terminal-request-1"


class SignedRequest(BaseModel):
    """An HTTP request as a terminal signed it: the signature headers and what they cover.

    The terminal signs, with its Ed25519 key, the lines of `signing_bytes`: a version tag, its
    id, the method, the path with its query, the timestamp and nonce exactly as sent, and the
    SHA-256 of the body. The headers are `X-Terminal-Id`, `X-Terminal-Timestamp` (ISO 8601
    with its offset), `X-Terminal-Nonce` and `X-Terminal-Signature` (base64).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    terminal_id: str = Field(min_length=1, max_length=64)
    method: str
    target: str = Field(description="path and query, as in the request line")
    timestamp: str
    nonce: str = Field(min_length=16, max_length=64, pattern=r"^[0-9A-Za-z_-]+$")
    body_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    signature: bytes

    def signing_bytes(self) -> bytes:
        """Return the canonical bytes the terminal signs."""
        return request_signing_bytes(
            terminal_id=self.terminal_id,
            method=self.method,
            target=self.target,
            timestamp=self.timestamp,
            nonce=self.nonce,
            body_sha256=self.body_sha256,
        )


def request_signing_bytes(
    *, terminal_id: str, method: str, target: str, timestamp: str, nonce: str, body_sha256: str
) -> bytes:
    """Return the lines a terminal signs for one HTTP request (see `SignedRequest`)."""
    lines = (REQUEST_SIGNATURE_VERSION, terminal_id, method.upper(), target, timestamp, nonce)
    return "\n".join((*lines, body_sha256)).encode()
