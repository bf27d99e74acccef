"""Who may call the eligibility system: registered facilities, their terminals, and the
requests a terminal signs (the lines it signs for each HTTP request it sends)."""

from __future__ import annotations

from dataclasses import asdict
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mynumber.kernel.checkdigits import IdentifierKind
from mynumber.kernel.errors import UnauthenticatedError
from mynumber.kernel.fields import Base64Key, identifier_field
from mynumber.kernel.terminalsig import MALFORMED, TerminalHeaders

__all__ = [
    "HOME_MODE_KINDS",
    "REQUEST_SIGNATURE_VERSION",
    "SIMPLE_MODE_KINDS",
    "FacilityKind",
    "FacilityRegistration",
    "SignedRequest",
    "TerminalIdentity",
    "TerminalRegistration",
    "request_signing_bytes",
    "signed_request",
]

REQUEST_SIGNATURE_VERSION = "mynumber-terminal-request-1"
_FROZEN = ConfigDict(frozen=True, extra="forbid")
# Keys travel as base64 in JSON.
_BINARY = ConfigDict(frozen=True, extra="forbid", ser_json_bytes="base64", val_json_bytes="base64")


class FacilityKind(StrEnum):
    """Kinds of facility that use the eligibility system."""

    HOSPITAL = "hospital"  # 病院
    CLINIC = "clinic"  # 医科診療所
    DENTAL = "dental"  # 歯科診療所
    PHARMACY = "pharmacy"  # 薬局
    PRACTITIONER = "practitioner"  # 施術所 (柔道整復・あん摩マッサージ指圧・はり・きゅう)
    HOME_NURSING = "home_nursing"  # 訪問看護ステーション


# Simple mode (資格確認限定型, S2 L227-237): eligibility only, never medical information, for
# the 施術所.
SIMPLE_MODE_KINDS = frozenset({FacilityKind.PRACTITIONER})
# 居宅 mode (居宅同意取得型, S2 L225, L617): every check by card is at the patient's home, and the
# consent given there lasts the visit plan. A hospital or clinic making a 訪問診療 uses the same
# mode for that check by stating the plan (`CardQuery.home_visits_until`).
HOME_MODE_KINDS = frozenset({FacilityKind.HOME_NURSING})


class FacilityRegistration(BaseModel):
    """A facility registered to use the eligibility system (オンライン資格確認の利用申請)."""

    model_config = _FROZEN
    code: str = identifier_field(
        IdentifierKind.FACILITY_CODE, description="医療機関コード (prefecture first)"
    )
    kind: FacilityKind
    name: str = Field(max_length=200)


class TerminalRegistration(BaseModel):
    """A facility's terminal (資格確認端末) and the public key its requests are signed with."""

    model_config = _BINARY
    terminal_id: str = Field(min_length=1, max_length=64)
    facility_code: str = identifier_field(IdentifierKind.FACILITY_CODE)
    public_key: Base64Key = Field(description="Ed25519 public key, raw 32 bytes (base64)")


class TerminalIdentity(BaseModel):
    """Who sent a verified request: the terminal and the facility it belongs to."""

    model_config = _FROZEN
    terminal_id: str
    facility_code: str
    facility_kind: FacilityKind


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


def signed_request(headers: TerminalHeaders) -> SignedRequest:
    """Return the signed request the headers describe, or refuse it (401
    `request_signature_invalid`) when they break its rules (the nonce's length and letters)."""
    try:
        return SignedRequest(**asdict(headers))
    except ValidationError:
        raise UnauthenticatedError(MALFORMED, code="request_signature_invalid") from None
