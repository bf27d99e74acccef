"""Frozen DTOs, enums and refusals of JPKI: what crosses its boundary."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from mynumber.kernel.errors import ConflictError, ForbiddenError, InvalidInputError

__all__ = [
    "PORTAL",
    "AuthenticationResult",
    "AuthorityName",
    "BenchCard",
    "CardCertificates",
    "CardInfo",
    "CardRefusedError",
    "CardStatus",
    "CertificateInfo",
    "CertificateKind",
    "CertificateLink",
    "CertificateRefusedError",
    "CertificateStatus",
    "Challenge",
    "ChallengeRefusedError",
    "DemoPins",
    "ExpiryNoticeRun",
    "IssuedCard",
    "PinError",
    "PinKind",
    "RelyingParty",
    "RevocationReason",
    "SerialResolution",
    "SerialSuccession",
    "SignatureInvalidError",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
# マイナポータル (情報提供等記録開示システム): the one relying party J-LIS tells whose card it is.
PORTAL = "portal"


class CertificateKind(StrEnum):
    """The two certificates on a card."""

    SIGN = "sign"  # 署名用電子証明書: carries the four items
    AUTH = "auth"  # 利用者証明用電子証明書: carries no personal attribute


class AuthorityName(StrEnum):
    """The certification authorities of this instance's J-LIS."""

    ROOT = "root"
    SIGN = "sign"  # issues signing certificates
    AUTH = "auth"  # issues user-authentication certificates


class PinKind(StrEnum):
    """The PINs a cardholder sets (the same names as the card's)."""

    AUTH = "auth"  # 利用者証明用: 4 digits, 3 tries
    SIGN = "sign"  # 署名用: 6–16 of A–Z and 0–9, 5 tries
    INPUT_SUPPORT = "input_support"  # 券面事項入力補助用: 4 digits, 3 tries


class CardStatus(StrEnum):
    """Where a card stands."""

    ACTIVE = "active"  # 有効
    SUSPENDED = "suspended"  # 一時停止 (loss reported): its certificates are on hold
    RETIRED = "retired"  # 廃止 (replaced, returned, or the holder died)
    EXPIRED = "expired"  # past the card's own expiry date


class CertificateStatus(StrEnum):
    """Where a certificate stands, as OCSP and the CRL tell it."""

    VALID = "valid"
    ON_HOLD = "on_hold"  # certificateHold: suspended, may be resumed
    REVOKED = "revoked"
    EXPIRED = "expired"


class RevocationReason(StrEnum):
    """CRLReason (RFC 5280 §5.3.1), spelt as in the RFC; certificateHold is set by suspend."""

    UNSPECIFIED = "unspecified"
    KEY_COMPROMISE = "keyCompromise"  # the card was lost or stolen for good
    AFFILIATION_CHANGED = "affiliationChanged"  # the four items changed (name, address)
    SUPERSEDED = "superseded"  # renewal, reissue
    CESSATION_OF_OPERATION = "cessationOfOperation"  # the card was given back; the holder died
    PRIVILEGE_WITHDRAWN = "privilegeWithdrawn"
    CERTIFICATE_HOLD = "certificateHold"


class DemoPins(BaseModel):
    """The PINs set at issuance, shown once to the holder and never stored in clear."""

    model_config = _FROZEN
    auth: str
    sign: str
    input_support: str


class CertificateInfo(BaseModel):
    """One certificate as J-LIS keeps it."""

    model_config = _FROZEN
    serial: str = Field(description="serial number, upper-case hexadecimal")
    kind: CertificateKind
    status: CertificateStatus
    not_before: dt.datetime
    not_after: dt.datetime
    revoked_at: dt.datetime | None = None
    reason: RevocationReason | None = None
    replaced_by: str | None = Field(default=None, description="the next serial (新旧紐付け)")


class CardInfo(BaseModel):
    """A card, its current certificates and its PIN counters."""

    model_config = _FROZEN
    card_id: str
    status: CardStatus
    issued_at: dt.datetime
    expires_on: dt.date
    replaced_by: str | None = None
    certificates: tuple[CertificateInfo, ...] = Field(description="newest of each kind first")
    pin_tries_left: dict[PinKind, int]


class IssuedCard(BaseModel):
    """A card just handed over, with its demo PINs (shown once)."""

    model_config = _FROZEN
    card: CardInfo
    pins: DemoPins


class BenchCard(BaseModel):
    """A bench card just handed over (`issue_bench_cards`): its id, demo PINs and the DER of
    its user-authentication certificate, as a reader would read it from the card."""

    model_config = _FROZEN
    card_id: str
    pins: DemoPins
    auth_certificate: bytes


class CardCertificates(BaseModel):
    """What a client reads from a card: DER certificates (sign only after its PIN)."""

    model_config = _FROZEN
    auth: bytes
    auth_ca: bytes
    sign_ca: bytes
    sign: bytes | None = None


class Challenge(BaseModel):
    """A one-time challenge for a card to sign, issued to one relying party."""

    model_config = _FROZEN
    value: bytes
    relying_party: str
    expires_at: dt.datetime


class AuthenticationResult(BaseModel):
    """A user-authentication that J-LIS has checked: chain, validity, revocation, signature."""

    model_config = _FROZEN
    serial: str
    relying_party: str
    not_after: dt.datetime
    verified_at: dt.datetime


class RelyingParty(BaseModel):
    """An organisation registered to use J-LIS's verification services."""

    model_config = _FROZEN
    party: str
    may_resolve: bool = Field(description="may turn an auth serial into its own agency code")
    registered_at: dt.datetime


class SerialResolution(BaseModel):
    """A user-authentication serial resolved to the caller's own code for the person."""

    model_config = _FROZEN
    serial: str
    relying_party: str
    agency_code: str = Field(description="the caller's 符号 for the holder, from the network")


class SerialSuccession(BaseModel):
    """One link of the old → new serial history (証明書新旧紐付け)."""

    model_config = _FROZEN
    old_serial: str
    new_serial: str
    kind: CertificateKind
    linked_at: dt.datetime


class CertificateLink(BaseModel):
    """The signing and user-authentication certificates of one card (証明書紐付け)."""

    model_config = _FROZEN
    sign_serial: str
    auth_serial: str
    sign_status: CertificateStatus
    auth_status: CertificateStatus


class CardRefusedError(ConflictError):
    """The card cannot be used for this: unknown state, suspended, retired or expired."""

    code = "card_refused"


class CertificateRefusedError(ConflictError):
    """The certificate is not one to trust now: revoked, on hold, expired or not ours."""

    code = "certificate_refused"


class ChallengeRefusedError(ConflictError):
    """The challenge is unknown, expired, already used or issued to someone else."""

    code = "challenge_refused"


class SignatureInvalidError(InvalidInputError):
    """The signature does not verify with the certificate's key."""

    code = "signature_invalid"


class PinError(ForbiddenError):
    """The card refused a PIN: wrong (with the tries left) or blocked."""

    code = "wrong_pin"

    def __init__(self, reason: str, *, tries_left: int, code: str | None = None) -> None:
        super().__init__(reason, code=code)
        self.tries_left = tries_left


class ExpiryNoticeRun(BaseModel):
    """A run of 有効期限通知: the certificates expiring within the window, and the notices sent
    (one per card, naming each of its certificates once: a later run skips them)."""

    model_config = _FROZEN
    within_days: int = Field(ge=0)
    certificates: int = Field(ge=0, description="certificates noticed in this run")
    notices: int = Field(ge=0, description="お知らせ sent (one per card)")
