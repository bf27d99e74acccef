"""What proves a card's holder is present, as eligibility takes it: the card's signature over a
fresh challenge, or a terminal's signed reader result (re-exported by `eligibility.data`)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from mynumber.eligibility.data.consent import ConsentScope
from mynumber.eligibility.data.verification import Operator
from mynumber.kernel.fields import Base64Bytes, JsonBool, JsonDate, JsonDateTime

__all__ = ["CardAuthentication", "CardProof", "CardQuery", "ReaderMethod", "ReaderResult"]

_BINARY = ConfigDict(frozen=True, extra="forbid", ser_json_bytes="base64", val_json_bytes="base64")


class ReaderMethod(StrEnum):
    """How the reader confirmed the holder (本人確認の方法)."""

    PIN = "pin"  # 暗証番号: the card signed the challenge
    FACE = "face"  # 顔認証: the reader matched the face to the card's photo
    VISUAL = "visual"  # 目視確認: staff compared face and card when face matching failed


class CardAuthentication(BaseModel):
    """What the reader sends: the auth certificate and, on the PIN path, its signature."""

    model_config = _BINARY
    certificate: Base64Bytes = Field(
        description="the auth certificate (DER), readable without the PIN"
    )
    challenge: Base64Bytes = Field(
        description="from POST /api/eligibility/challenges: once, 2 minutes"
    )
    signature: Base64Bytes | None = Field(
        default=None, description="the card's signature over it, after its PIN (PIN path only)"
    )


class ReaderResult(BaseModel):
    """The card reader's signed account of the check: method, match and the consent given."""

    model_config = _BINARY
    terminal_id: str
    method: ReaderMethod
    matched: JsonBool
    consent: tuple[ConsentScope, ...] = ()
    certificate_digest: str = Field(description="SHA-256 hex of the card's auth certificate")
    challenge: Base64Bytes
    signed_at: JsonDateTime
    signature: Base64Bytes = Field(description="Ed25519 over signed_bytes(), by the terminal's key")

    def signed_bytes(self) -> bytes:
        """Return the canonical bytes the terminal signs."""
        fields = (
            self.terminal_id,
            self.method.value,
            "1" if self.matched else "0",
            ",".join(sorted(scope.value for scope in self.consent)),
            self.certificate_digest,
            self.challenge.hex(),
            self.signed_at.astimezone(dt.UTC).isoformat(timespec="seconds"),
        )
        return "\n".join(fields).encode()


class CardProof(BaseModel):
    """Proof that the card's holder is present, as 利用登録, 登録解除 and a check by card need.

    PIN path: `authentication.signature`, the card's signature over a fresh challenge, made only
    after its PIN. Face path: `reader`, a `ReaderResult` for this card and challenge (holder
    confirmed by face or by staff, 目視確認), signed in the last 5 minutes by a registered
    terminal of `facility_code`. J-LIS then checks chain and revocation and spends the challenge.
    A certificate alone proves nothing (any reader reads it without the PIN): it is refused
    (`no_card_signature`, 403) and changes nothing.
    """

    model_config = _BINARY
    facility_code: str | None = Field(
        default=None,
        description="医療機関コード presenting the card; over HTTP the signing terminal's (the "
        "default). None: the holder's own PIN, as at マイナポータル (no reader result then).",
    )
    authentication: CardAuthentication
    reader: ReaderResult | None = Field(default=None, description="face path; none on PIN path")


class CardQuery(CardProof):
    """A check by card at reception: the proof of the card (`CardProof`), a visit date, consent.

    Without a reader result (a CLI or PIN pad), the card's signature is required and the
    consent is taken from `consent`. At the patient's home (居宅同意取得型) the facility states
    the visit plan's last day.
    """

    facility_code: str
    visit_date: JsonDate
    consent: tuple[ConsentScope, ...] = ()
    operator: Operator = ""
    home_visits_until: JsonDate | None = Field(
        default=None,
        description="居宅同意取得型 (訪問診療・訪問看護, at the patient's home): the last day of "
        "the visit plan; the consent given at home lasts until it ends. Required at a home "
        "nursing station, refused at a 施術所",
    )
