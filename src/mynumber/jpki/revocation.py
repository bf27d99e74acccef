"""Revocation information for relying parties: a signed CRL per CA and an RFC 6960 responder.

The CA itself signs its CRLs and OCSP responses (no delegated responder); a suspended
certificate is listed with reason certificateHold and drops off the list when resumed.

A CRL is signed once and kept (`jpki.crls`): a request is answered with the stored list as long
as the entries it lists are still the entries to list and half its lifetime has not passed, so
an anonymous request costs one read and neither signs nor writes. A change of the entries (a
revocation, a hold, a resumption, an expiry) or the half-life gives a new list with the next
CRL number; a fetched list is always valid for at least CRL_REFRESH more.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509 import ocsp
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from mynumber.jpki.authority import Authority, Hierarchy
from mynumber.jpki.data import AuthorityName, CertificateKind, CertificateStatus
from mynumber.jpki.models import CertificateRow, CounterRow, CrlRow
from mynumber.kernel.errors import InvalidInputError

_DER = Encoding.DER
__all__ = [
    "CRL_LIFETIME",
    "CRL_REFRESH",
    "OCSP_LIFETIME",
    "current_crl",
    "ocsp_response",
    "parse_serial",
    "serial_text",
]

CRL_LIFETIME = dt.timedelta(hours=24)  # nextUpdate of a CRL
CRL_REFRESH = CRL_LIFETIME / 2  # a stored CRL older than this is signed anew
OCSP_LIFETIME = dt.timedelta(hours=1)  # nextUpdate of an OCSP answer
_HOLD = CertificateStatus.ON_HOLD.value
_REVOKED = CertificateStatus.REVOKED.value


def serial_text(serial: int) -> str:
    """Return a serial number as the store keys it: upper-case hex, whole bytes (as openssl)."""
    text = f"{serial:X}"
    return "0" + text if len(text) % 2 else text


def parse_serial(text: str) -> str:
    """Return a serial given in hexadecimal (colons and spaces allowed) in the store's form."""
    try:
        return serial_text(int(text.replace(":", "").replace(" ", ""), 16))
    except ValueError:
        raise InvalidInputError(f"{text!r} is not a serial number in hexadecimal") from None


def _next_crl_number(session: Session, authority: AuthorityName) -> int:
    name = f"crl:{authority.value}"
    row = session.get(CounterRow, name, with_for_update=True)
    if row is None:
        session.add(CounterRow(name=name, value=1))
        session.flush()
        return 1
    row.value += 1
    return row.value


Entry = tuple[str, dt.datetime | None, str | None]  # serial, revoked at, reason


def _entries(session: Session, authority: AuthorityName, now: dt.datetime) -> list[Entry]:
    """Return what the CA's CRL must list now, in serial order (the root's lists nothing)."""
    if authority is AuthorityName.ROOT:
        return []
    rows = session.execute(
        select(CertificateRow.serial, CertificateRow.revoked_at, CertificateRow.reason)
        .where(
            CertificateRow.kind == authority.value,
            CertificateRow.status.in_((_HOLD, _REVOKED)),
            CertificateRow.not_after >= now,  # expired certificates leave the list
        )
        .order_by(CertificateRow.serial)
    )
    return [(serial, revoked_at, reason) for serial, revoked_at, reason in rows]


def _digest(entries: list[Entry]) -> str:
    lines = (
        f"{serial} {revoked_at.isoformat() if revoked_at else '-'} {reason or '-'}\n"
        for serial, revoked_at, reason in entries
    )
    return hashlib.sha256("".join(lines).encode()).hexdigest()


def _still_good(row: CrlRow | None, digest: str, now: dt.datetime) -> bool:
    return (
        row is not None
        and row.entries_digest == digest
        and row.this_update <= now < row.this_update + CRL_REFRESH
    )


def current_crl(
    session: Session, *, hierarchy: Hierarchy, authority: AuthorityName, now: dt.datetime
) -> bytes:
    """Return the CA's current CRL (DER): the stored one while it holds, else a new one."""
    entries = _entries(session, authority, now)
    digest = _digest(entries)
    stored = session.get(CrlRow, authority.value)
    if stored is not None and _still_good(stored, digest, now):
        return stored.der
    # Another request may be signing the same list: wait for the counter, then look again.
    session.get(CounterRow, f"crl:{authority.value}", with_for_update=True)
    stored = session.get(CrlRow, authority.value, populate_existing=True)
    if stored is not None and _still_good(stored, digest, now):
        return stored.der
    number = _next_crl_number(session, authority)
    start = now.replace(microsecond=0)
    der = _sign_crl(hierarchy, authority, entries, number=number, start=start)
    if stored is None:
        stored = CrlRow(authority=authority.value)
        session.add(stored)
    stored.number, stored.entries_digest, stored.der = number, digest, der
    stored.this_update, stored.next_update = start, start + CRL_LIFETIME
    return der


def _sign_crl(
    hierarchy: Hierarchy,
    authority: AuthorityName,
    entries: list[Entry],
    *,
    number: int,
    start: dt.datetime,
) -> bytes:
    ca = hierarchy.by_name(authority)
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca.certificate.subject)
        .last_update(start)
        .next_update(start + CRL_LIFETIME)
        .add_extension(x509.CRLNumber(number), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), False
        )
    )
    for serial, revoked_at, reason in entries:
        entry = (
            x509.RevokedCertificateBuilder()
            .serial_number(int(serial, 16))
            .revocation_date((revoked_at or start).replace(microsecond=0))
        )
        if reason and reason != "unspecified":  # RFC 5280: leave unspecified out
            entry = entry.add_extension(x509.CRLReason(x509.ReasonFlags(reason)), False)
        builder = builder.add_revoked_certificate(entry.build())
    return builder.sign(ca.key, hashes.SHA256()).public_bytes(_DER)


# A Core statement: the responder's own cost should be the signature, not the ORM.
_STATUS = select(
    CertificateRow.kind, CertificateRow.status, CertificateRow.revoked_at, CertificateRow.reason
).where(CertificateRow.serial == bindparam("serial"))


def _issuer_for(hierarchy: Hierarchy, request: ocsp.OCSPRequest) -> Authority | None:
    algorithm = request.hash_algorithm.name
    for ca in hierarchy.issuing:
        if request.issuer_key_hash == ca.key_hash(
            algorithm
        ) and request.issuer_name_hash == ca.name_hash(algorithm):
            return ca
    return None


def ocsp_response(
    session: Session, *, hierarchy: Hierarchy, request_der: bytes, now: dt.datetime
) -> bytes:
    """Answer one OCSP request (DER) with a DER response signed by the certificate's CA."""
    try:
        request = ocsp.load_der_ocsp_request(request_der)
        ca = _issuer_for(hierarchy, request)
    except (ValueError, TypeError):  # not DER, several requests, an unknown hash algorithm
        return _unsuccessful(ocsp.OCSPResponseStatus.MALFORMED_REQUEST)
    if ca is None:
        return _unsuccessful(ocsp.OCSPResponseStatus.UNAUTHORIZED)
    kind = CertificateKind.SIGN if ca.name is AuthorityName.SIGN else CertificateKind.AUTH
    row = (
        session.connection()
        .execute(_STATUS, {"serial": serial_text(request.serial_number)})
        .first()
    )
    start = now.replace(microsecond=0)
    status, revoked_at, reason = ocsp.OCSPCertStatus.UNKNOWN, None, None
    if row is not None and row.kind == kind.value:
        if row.status in (_HOLD, _REVOKED):
            status = ocsp.OCSPCertStatus.REVOKED
            revoked_at = row.revoked_at.replace(microsecond=0) if row.revoked_at else start
            if row.reason and row.reason != "unspecified":
                reason = x509.ReasonFlags(row.reason)
        else:
            status = ocsp.OCSPCertStatus.GOOD
    builder = (
        ocsp.OCSPResponseBuilder()
        .add_response_by_hash(
            issuer_name_hash=request.issuer_name_hash,
            issuer_key_hash=request.issuer_key_hash,
            serial_number=request.serial_number,
            algorithm=request.hash_algorithm,
            cert_status=status,
            this_update=start,
            next_update=start + OCSP_LIFETIME,
            revocation_time=revoked_at,
            revocation_reason=reason,
        )
        .responder_id(ocsp.OCSPResponderEncoding.HASH, ca.certificate)
        .certificates([ca.certificate])  # clients find the signer in the response
    )
    nonce = _nonce(request)
    if nonce is not None:
        builder = builder.add_extension(x509.OCSPNonce(nonce), critical=False)
    return builder.sign(ca.key, hashes.SHA256()).public_bytes(_DER)


def _nonce(request: ocsp.OCSPRequest) -> bytes | None:
    try:
        return request.extensions.get_extension_for_class(x509.OCSPNonce).value.nonce
    except x509.ExtensionNotFound:
        return None


def _unsuccessful(status: ocsp.OCSPResponseStatus) -> bytes:
    return ocsp.OCSPResponseBuilder.build_unsuccessful(status).public_bytes(_DER)
