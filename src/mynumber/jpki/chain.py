"""A card certificate's place in J-LIS's hierarchy: parsed, signed by our CA, within its dates.

The CA's signature over a certificate never changes, so each (certificate, CA) pair is verified
once per process and remembered by their fingerprints; a busy day's cards fit. Revocation and
the dates are not remembered: they are checked on every use (`relying`).
"""

from __future__ import annotations

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes

from mynumber.jpki.card_store import Context
from mynumber.jpki.data import CertificateKind, CertificateRefusedError
from mynumber.kernel.errors import InvalidInputError

__all__ = ["check_chain", "parse_certificate"]


def parse_certificate(certificate: bytes) -> x509.Certificate:
    try:
        return x509.load_der_x509_certificate(certificate)
    except ValueError:
        raise InvalidInputError("the certificate is not DER X.509") from None


def check_chain(ctx: Context, parsed: x509.Certificate, kind: CertificateKind) -> None:
    """Refuse a certificate our CA of this kind did not sign, or that is outside its dates."""
    issuer = ctx.hierarchy.issuer_of(kind).certificate
    if not _issued_by(parsed, issuer):
        raise CertificateRefusedError(
            f"not issued by this J-LIS's {kind.value} CA", code="untrusted_issuer"
        )
    now = ctx.clock.now()
    if now < parsed.not_valid_before_utc:
        raise CertificateRefusedError("the certificate is not valid yet", code="not_yet_valid")
    if now > parsed.not_valid_after_utc:
        raise CertificateRefusedError("the certificate has expired", code="certificate_expired")


_CHAIN_CACHE_SIZE = 200_000  # about 30 MB: the cards a process sees in a busy day


# (certificate, issuer) SHA-256 fingerprints → whether the issuer's signature verified.
_VERIFIED: dict[tuple[bytes, bytes], bool] = {}


def _issued_by(parsed: x509.Certificate, issuer: x509.Certificate) -> bool:
    """Return whether issuer signed the certificate, verifying each pair once per process."""
    key = (parsed.fingerprint(hashes.SHA256()), issuer.fingerprint(hashes.SHA256()))
    known = _VERIFIED.get(key)
    if known is None:
        try:
            parsed.verify_directly_issued_by(issuer)
            known = True
        except (ValueError, TypeError, InvalidSignature):
            known = False
        if len(_VERIFIED) >= _CHAIN_CACHE_SIZE:
            _VERIFIED.clear()  # a day's cards, then start again: bounded, and simple
        _VERIFIED[key] = known
    return known
