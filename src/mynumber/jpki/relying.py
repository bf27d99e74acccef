"""Services to relying parties (署名検証者・利用者証明検証者): one-time challenges, verification
of a user authentication, serial resolution, the old → new serial history and the
signing ↔ auth link. Every function takes the caller's session; none commits.

Relying parties are registered with J-LIS and call with a bearer token (kept as its SHA-256).
Only those registered with `may_resolve` may turn an auth serial into a person's code — their
own agency code, never the My Number or the resident code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import cast

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from sqlalchemy import Table, bindparam, delete, select
from sqlalchemy.orm import Session

from mynumber.jpki.card_store import Context, certificate_status, newest, status_of
from mynumber.jpki.chain import check_chain, parse_certificate
from mynumber.jpki.data import (
    PORTAL,
    AuthenticationResult,
    CertificateKind,
    CertificateLink,
    CertificateRefusedError,
    CertificateStatus,
    Challenge,
    ChallengeRefusedError,
    RelyingParty,
    SerialSuccession,
    SignatureInvalidError,
)
from mynumber.jpki.models import (
    CardRow,
    CertificateRow,
    ChallengeRow,
    RelyingPartyRow,
    SuccessionRow,
)
from mynumber.jpki.revocation import parse_serial, serial_text
from mynumber.kernel.errors import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    UnauthenticatedError,
)
from mynumber.kernel.hashlog import HashChainedLog
from mynumber.kernel.upsert import inserted

CHALLENGE_LIFETIME = dt.timedelta(minutes=2)
CHALLENGE_BYTES = 32  # the nonce; the challenge adds its expiry and a tag
_KEEP_USED = dt.timedelta(hours=1)  # used and expired challenges are forgotten after this
_SWEEP_ONE_IN = 500  # a used challenge sweeps the forgotten ones with this odds
_TAG_BYTES = 16


def _digest(value: bytes) -> str:
    return hashlib.sha256(value).hexdigest()


def register(session: Session, *, party: str, may_resolve: bool, now: dt.datetime) -> str:
    """Register a relying party and return its bearer token (shown once)."""
    token = secrets.token_urlsafe(32)
    row = {
        "party": party,
        "token_digest": _digest(token.encode()),
        "may_resolve": may_resolve,
        "registered_at": now,
    }
    if not inserted(session, cast(Table, RelyingPartyRow.__table__), row, "party"):
        raise ConflictError(f"relying party {party} is registered already", code="duplicate_party")
    return token


def party_for_token(session: Session, *, token: str) -> RelyingParty:
    """Return the relying party holding this token, or refuse."""
    row = session.scalar(
        select(RelyingPartyRow).where(RelyingPartyRow.token_digest == _digest(token.encode()))
    )
    if row is None:
        raise UnauthenticatedError("not a registered relying party")
    _refuse_revoked(row)
    return to_party(row)


def get_party(session: Session, party: str) -> RelyingParty:
    """Return a registered relying party, or refuse."""
    row = session.get(RelyingPartyRow, party)
    if row is None:
        raise ForbiddenError(f"{party} is not a registered relying party", code="not_registered")
    _refuse_revoked(row)
    return to_party(row)


def revoke(session: Session, *, party: str, now: dt.datetime) -> None:
    """Revoke a relying party: its token and its in-process calls are refused from now on."""
    row = session.get(RelyingPartyRow, party)
    if row is None:
        raise NotFoundError(f"{party} is not a registered relying party", code="not_registered")
    if row.revoked_at is None:
        row.revoked_at = now


def _refuse_revoked(row: RelyingPartyRow) -> None:
    if row.revoked_at is not None:
        raise ForbiddenError(f"relying party {row.party} has been revoked", code="party_revoked")


def to_party(row: RelyingPartyRow) -> RelyingParty:
    """Return the DTO of a stored relying party."""
    return RelyingParty(
        party=row.party, may_resolve=row.may_resolve, registered_at=row.registered_at
    )


def challenge_key(seal_key: bytes) -> bytes:
    """Return the key that proves J-LIS issued a challenge, derived from its card-seal key."""
    return hmac.new(seal_key, b"jpki challenges", hashlib.sha256).digest()


def _challenge_tag(key: bytes, party: str, body: bytes) -> bytes:
    return hmac.new(key, party.encode() + b"\0" + body, hashlib.sha256).digest()[:_TAG_BYTES]


def new_challenge(*, key: bytes, party: RelyingParty, now: dt.datetime) -> Challenge:
    """Issue a fresh single-use challenge to a relying party, writing nothing.

    ⚠ The challenge carries its own proof of issue: a random nonce, its expiry and a MAC over
    both and the party (J-LIS's challenges are opaque bytes; how it keeps them is not public).
    Only its use is written, once, which is what refuses a replay (`_consume`).
    """
    expires = now + CHALLENGE_LIFETIME
    body = secrets.token_bytes(CHALLENGE_BYTES) + int(expires.timestamp()).to_bytes(8, "big")
    value = body + _challenge_tag(key, party.party, body)
    return Challenge(value=value, relying_party=party.party, expires_at=expires)


def _issued_until(key: bytes, challenge: bytes, party: str) -> dt.datetime:
    """Return the expiry of a challenge J-LIS issued to this party, or refuse it as unknown."""
    body, tag = challenge[:-_TAG_BYTES], challenge[-_TAG_BYTES:]
    if len(body) != CHALLENGE_BYTES + 8 or not hmac.compare_digest(
        tag, _challenge_tag(key, party, body)
    ):
        raise ChallengeRefusedError("unknown challenge: ask J-LIS for a new one")
    return dt.datetime.fromtimestamp(int.from_bytes(body[-8:], "big"), dt.UTC)


def _consume(
    session: Session, *, key: bytes, challenge: bytes, party: str, now: dt.datetime
) -> None:
    """Spend a challenge: refuse one J-LIS did not issue to this party, expired or used."""
    expires = _issued_until(key, challenge, party)
    if expires < now:
        raise ChallengeRefusedError("the challenge has expired: ask J-LIS for a new one")
    if secrets.randbelow(_SWEEP_ONE_IN) == 0:  # now and then: uses past any replay window
        session.execute(delete(ChallengeRow).where(ChallengeRow.expires_at < now - _KEEP_USED))
    issued = expires - CHALLENGE_LIFETIME
    used = {"digest": _digest(challenge), "relying_party": party, "issued_at": issued,
            "expires_at": expires, "used_at": now}  # fmt: skip
    if not inserted(session, cast(Table, ChallengeRow.__table__), used, "digest"):
        raise ChallengeRefusedError("this challenge has been used already (replay refused)")


# Core statements on the verification path: the ORM would cost more than the RSA checks.
_STORED = (
    select(
        CertificateRow.der,
        CertificateRow.kind,
        CertificateRow.status,
        CertificateRow.not_after,
        CertificateRow.reason,
        CardRow.jlis_code,
    )
    .join(CardRow, CardRow.card_id == CertificateRow.card_id)
    .where(CertificateRow.serial == bindparam("serial"))
)


def refuse_unless_good(row: CertificateRow, now: dt.datetime) -> None:
    """Refuse a certificate that is on hold, revoked or expired."""
    _refuse(row.serial, certificate_status(row, now), row.reason)


def _refuse(serial: str, status: CertificateStatus, reason: str | None) -> None:
    if status is CertificateStatus.ON_HOLD:
        raise CertificateRefusedError(
            f"certificate {serial} is suspended (the card was reported lost)",
            code="certificate_on_hold",
        )
    if status is CertificateStatus.REVOKED:
        raise CertificateRefusedError(
            f"certificate {serial} was revoked ({reason})", code="certificate_revoked"
        )
    if status is CertificateStatus.EXPIRED:
        raise CertificateRefusedError(
            f"certificate {serial} has expired", code="certificate_expired"
        )


def verify_authentication(
    session: Session,
    ctx: Context,
    log: HashChainedLog,
    *,
    certificate: bytes,
    challenge: bytes,
    signature: bytes | None,
    party: str,
    challenge_key: bytes,
) -> AuthenticationResult:
    """Check a card's signature over a challenge: freshness, chain, validity, revocation.

    The challenge names the relying party it was issued to, so no other lookup is needed.
    Without a signature (a face-recognition reader vouches for the holder) every other check
    still applies and the challenge is spent.
    """
    now = ctx.clock.now()
    _consume(session, key=challenge_key, challenge=challenge, party=party, now=now)
    parsed = parse_certificate(certificate)
    check_chain(ctx, parsed, CertificateKind.AUTH)
    serial = serial_text(parsed.serial_number)
    stored = session.connection().execute(_STORED, {"serial": serial}).first()
    if stored is None or stored.der != certificate or stored.kind != CertificateKind.AUTH.value:
        raise CertificateRefusedError(
            "J-LIS has not issued this auth certificate", code="unknown_certificate"
        )
    _refuse(serial, status_of(stored.status, stored.not_after, now), stored.reason)
    if signature is not None:
        _check_signature(parsed, challenge, signature)
    what = "verify_authentication" if signature is not None else "verify_certificate"
    payload = {"relying_party": party, "what": what, "serial": serial}
    log.append(session, stream=stored.jlis_code, payload=payload, at=now)
    return AuthenticationResult(
        serial=serial, relying_party=party, not_after=stored.not_after, verified_at=now
    )


def _check_signature(parsed: x509.Certificate, challenge: bytes, signature: bytes) -> None:
    key = parsed.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        raise CertificateRefusedError("not an RSA certificate", code="unknown_certificate")
    try:
        key.verify(signature, challenge, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        raise SignatureInvalidError(
            "the signature over the challenge does not verify with this certificate"
        ) from None


def record(
    session: Session,
    log: HashChainedLog,
    row: CertificateRow,
    *,
    party: str,
    what: str,
    now: dt.datetime,
) -> None:
    """Write what J-LIS told a relying party to the holder's provision log."""
    card = session.get(CardRow, row.card_id)
    stream = card.jlis_code if card else row.card_id
    payload = {"relying_party": party, "what": what, "serial": row.serial}
    log.append(session, stream=stream, payload=payload, at=now)


def certificate_by_serial(session: Session, serial: str) -> CertificateRow:
    """Return the certificate with this serial (hex), or raise."""
    row = session.get(CertificateRow, parse_serial(serial))
    if row is None:
        raise NotFoundError(f"no certificate with serial {serial}", code="unknown_certificate")
    return row


def resolve(
    session: Session,
    ctx: Context,
    log: HashChainedLog,
    *,
    serial: str,
    party: RelyingParty,
) -> str:
    """Return the resident code behind a good auth serial, for an authorised party (logged)."""
    if not party.may_resolve:
        raise ForbiddenError(
            f"{party.party} is not authorised to resolve serials", code="not_authorised"
        )
    row = certificate_by_serial(session, serial)
    if row.kind != CertificateKind.AUTH.value:
        raise CertificateRefusedError(
            "only user-authentication serials are resolved", code="wrong_certificate_kind"
        )
    now = ctx.clock.now()
    refuse_unless_good(row, now)
    record(session, log, row, party=party.party, what="resolve_serial", now=now)
    card = session.get(CardRow, row.card_id)
    if card is None:  # pragma: no cover - every certificate belongs to a card
        raise NotFoundError("the certificate's card is gone")
    return card.resident_code


def holder(
    session: Session, ctx: Context, log: HashChainedLog, *, serial: str, party: RelyingParty
) -> str:
    """Return the resident code behind a good auth serial to the disclosure system (マイナポータル)
    alone, which shows the person the records kept under it (⚠ no other party learns it)."""
    if party.party != PORTAL:
        raise ForbiddenError(f"{party.party} may not learn the holder", code="not_authorised")
    return resolve(session, ctx, log, serial=serial, party=party)


def successors(
    session: Session, ctx: Context, log: HashChainedLog, *, serial: str, party: RelyingParty
) -> list[SerialSuccession]:
    """Return the chain of serials that replaced this one, oldest link first (logged)."""
    first = certificate_by_serial(session, serial)
    record(session, log, first, party=party.party, what="serial_history", now=ctx.clock.now())
    chain: list[SerialSuccession] = []
    current, seen = first.serial, set()
    while (row := session.get(SuccessionRow, current)) is not None and current not in seen:
        seen.add(current)
        chain.append(
            SerialSuccession(
                old_serial=row.old_serial,
                new_serial=row.new_serial,
                kind=CertificateKind(row.kind),
                linked_at=row.linked_at,
            )
        )
        current = row.new_serial
    return chain


def linked(
    session: Session, ctx: Context, log: HashChainedLog, *, serial: str, party: RelyingParty
) -> CertificateLink:
    """Return the signing and auth certificates of the card this serial belongs to (logged)."""
    row = certificate_by_serial(session, serial)
    record(session, log, row, party=party.party, what="certificate_link", now=ctx.clock.now())
    other_kind = (
        CertificateKind.AUTH if row.kind == CertificateKind.SIGN.value else (CertificateKind.SIGN)
    )
    other = newest(session, row.card_id, other_kind)
    if other is None:
        raise NotFoundError(
            f"the card holds no {other_kind.value} certificate", code="no_linked_certificate"
        )
    sign, auth = (row, other) if row.kind == CertificateKind.SIGN.value else (other, row)
    now = ctx.clock.now()
    return CertificateLink(
        sign_serial=sign.serial,
        auth_serial=auth.serial,
        sign_status=certificate_status(sign, now),
        auth_status=certificate_status(auth, now),
    )
