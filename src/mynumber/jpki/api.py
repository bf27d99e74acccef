"""J-LIS's public certification service as other subsystems may use it: the `Jpki` protocol.

Four audiences: the municipal counter (issue, suspend, renew, …), the cardholder's client
software (a card in a reader, its certificates, signatures), anyone (CA certificates, CRLs, OCSP)
and registered relying parties (challenges, verification, serial services). Refusals are
`DomainError`s; the classes in `data` name the JPKI-specific ones.
"""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

from mynumber.jpki.bulk_api import BulkCards
from mynumber.jpki.data import (
    AuthenticationResult,
    AuthorityName,
    CardCertificates,
    CardInfo,
    CertificateKind,
    CertificateLink,
    Challenge,
    ExpiryNoticeRun,
    IssuedCard,
    PinKind,
    RelyingParty,
    RevocationReason,
    SerialResolution,
    SerialSuccession,
)
from mynumber.jpki.local import JLIS, LocalJpki
from mynumber.jpki.models import SCHEMA
from mynumber.kernel.hashlog import LogRecord
from mynumber.kernel.logaudit import LogsVerifiable
from mynumber.kernel.messaging import Message
from mynumber.kernel.migrate import Lineage

__all__ = ["JLIS", "MIGRATIONS", "SCHEMA", "CardSession", "Jpki", "LocalJpki"]

MIGRATIONS = Lineage(SCHEMA, Path(__file__).parent / "migrations")


class CardSession(Protocol):
    """A card in a reader: the only way to reach its chip."""

    def transmit(self, apdu: bytes) -> bytes:
        """Send one command APDU; return the response data and SW1 SW2."""
        ...

    def reset(self) -> None:
        """Power-cycle the card (it forgets verified PINs and selections)."""
        ...


class Jpki(BulkCards, LogsVerifiable, Protocol):
    """The public certification service (公的個人認証サービス) and the cards it certifies."""

    # The counter: J-LIS and the municipalities.

    def issue(self, *, resident_code: str, actor: str | None = None) -> IssuedCard:
        """Issue a card to a living resident without one; the demo PINs are shown only here.

        Here and below, `actor` names the staff account acting: the action is written to the
        holder's provision records, which they can see.
        """
        ...

    def card(self, *, card_id: str) -> CardInfo:
        """Return a card's status, certificates and PIN counters."""
        ...

    def cards_of(self, *, resident_code: str) -> list[CardInfo]:
        """Return every card a resident was issued, newest first."""
        ...

    def suspend(self, *, card_id: str, actor: str | None = None) -> CardInfo:
        """Suspend a card reported lost (一時停止): its certificates go on hold."""
        ...

    def resume(self, *, card_id: str, actor: str | None = None) -> CardInfo:
        """Lift a suspension: the held certificates are good again."""
        ...

    def revoke(
        self,
        *,
        card_id: str,
        reason: RevocationReason,
        kinds: tuple[CertificateKind, ...] = (CertificateKind.SIGN, CertificateKind.AUTH),
        actor: str | None = None,
    ) -> CardInfo:
        """Revoke a card's certificates of these kinds that are in force."""
        ...

    def reissue(self, *, card_id: str, lost: bool = True, actor: str | None = None) -> IssuedCard:
        """Replace a card: retire the old one, revoke its certificates, link the serials."""
        ...

    def renew(
        self, *, card_id: str, kinds: tuple[CertificateKind, ...], actor: str | None = None
    ) -> CardInfo:
        """Put new key pairs and certificates on the card; the old serials link to the new."""
        ...

    def reset_pin(
        self,
        *,
        card_id: str,
        kind: PinKind,
        resident_code: str,
        birth_date: dt.date,
        new_pin: str | None = None,
        actor: str | None = None,
    ) -> str:
        """Set a PIN after an identity check (resident code and birth date); return it."""
        ...

    def on_resident_change(self, message: Message) -> None:
        """Handle the registry's message of a change (rename, move, death) once, revoking
        what it makes untrue in the same transaction as the record that it was handled."""
        ...

    # The holder's client software.

    def open_card(self, *, card_id: str) -> AbstractContextManager[CardSession]:
        """Put the card in a reader; PIN counters and other changes persist per command."""
        ...

    def read_certificates(self, *, card_id: str, sign_pin: str | None = None) -> CardCertificates:
        """Read the certificates from the card (the signing one only with its PIN)."""
        ...

    def sign_challenge(self, *, card_id: str, pin: str, challenge: bytes) -> bytes:
        """Have the card sign a challenge with its user-authentication key (利用者証明)."""
        ...

    def sign_document(self, *, card_id: str, sign_pin: str, content: bytes) -> bytes:
        """Return a detached CMS SignedData (DER) over content, signed on the card."""
        ...

    # The repository: open to anyone.

    def ca_certificate(self, *, authority: AuthorityName) -> bytes:
        """Return a CA certificate (DER)."""
        ...

    def crl(self, *, authority: AuthorityName) -> bytes:
        """Return the current signed CRL of a CA (DER): re-signed when its entries change or it
        is half its lifetime old, the stored one otherwise."""
        ...

    def ocsp(self, *, request: bytes) -> bytes:
        """Answer an RFC 6960 OCSP request (DER in, DER out)."""
        ...

    # Relying parties.

    def register_relying_party(self, *, party: str, may_resolve: bool) -> str:
        """Register a relying party (an agency id); return its bearer token, shown once."""
        ...

    def revoke_relying_party(self, *, party: str) -> None:
        """Revoke a relying party: its token is refused from now on (403 `party_revoked`)."""
        ...

    def relying_party(self, *, token: str) -> RelyingParty:
        """Return the relying party holding a bearer token, or refuse."""
        ...

    def new_challenge(self, *, relying_party: str) -> Challenge:
        """Issue a single-use, short-lived challenge to a relying party."""
        ...

    def verify_authentication(
        self, *, certificate: bytes, challenge: bytes, signature: bytes, relying_party: str
    ) -> AuthenticationResult:
        """Check chain, validity, revocation, the signature and the challenge's freshness."""
        ...

    def verify_certificate(
        self, *, certificate: bytes, challenge: bytes, relying_party: str
    ) -> AuthenticationResult:
        """Check an auth certificate read from a card whose holder a reader confirmed by face:
        chain, validity, revocation and the challenge's freshness, without a card signature."""
        ...

    def resolve_serial(self, *, serial: str, relying_party: str) -> SerialResolution:
        """Resolve a good auth serial to the caller's own agency code (authorised parties)."""
        ...

    def serial_history(self, *, serial: str, relying_party: str) -> list[SerialSuccession]:
        """Return the serials that replaced this one (証明書新旧紐付け)."""
        ...

    def linked_certificate(self, *, serial: str, relying_party: str) -> CertificateLink:
        """Return the signing ↔ auth certificate pair of a serial's card (証明書紐付け)."""
        ...

    def resolve_holder(self, *, serial: str, relying_party: str) -> str:
        """Return the resident code of a good auth serial's holder, to マイナポータル (`PORTAL`)
        only: it shows the person what is kept about them under that code (logged)."""
        ...

    def provision_records(self, *, resident_code: str) -> list[LogRecord]:
        """Return what J-LIS told relying parties about this person, oldest first."""
        ...

    def verify_provision_records(self, *, resident_code: str) -> list[str]:
        """Return the problems in the chain of a person's provision records; empty if intact."""
        ...

    # J-LIS's notices to holders.

    def send_expiry_notices(self, *, within_days: int = 90) -> ExpiryNoticeRun:
        """Send an お知らせ (有効期限通知) for each card whose certificates expire within
        `within_days` and were not noticed yet; each certificate is noticed once."""
        ...
