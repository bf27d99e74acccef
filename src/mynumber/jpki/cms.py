"""Detached CMS SignedData (RFC 5652) made with a key that never leaves the card.

cryptography's PKCS#7 builder wants the private key, which the card keeps, so the SignedData is
assembled here with a minimal DER encoder; the card signs the DER of the signed attributes (as a
SHA-256 DigestInfo, over APDUs). The signed attributes carry the content type, the signing time,
the message digest and an ESS signing-certificate-v2 (so the result is CAdES-BES shaped).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

from cryptography import x509

from mynumber.jpki import der

__all__ = ["signed_attributes", "signed_data"]

OID_DATA = "1.2.840.113549.1.7.1"
OID_SIGNED_DATA = "1.2.840.113549.1.7.2"
OID_SHA256 = "2.16.840.1.101.3.4.2.1"
OID_RSA_ENCRYPTION = "1.2.840.113549.1.1.1"
OID_CONTENT_TYPE = "1.2.840.113549.1.9.3"
OID_MESSAGE_DIGEST = "1.2.840.113549.1.9.4"
OID_SIGNING_TIME = "1.2.840.113549.1.9.5"
OID_SIGNING_CERTIFICATE_V2 = "1.2.840.113549.1.9.16.2.47"


def _attribute(oid: str, value: bytes) -> bytes:
    return der.sequence(der.oid(oid), der.set_of(value))


def signed_attributes(*, content: bytes, certificate: bytes, signing_time: dt.datetime) -> bytes:
    """Return the signed attributes as the DER SET OF that the signature covers."""
    # ESSCertIDv2 with the default hash (SHA-256) left out, as DER requires.
    ess = der.sequence(der.sequence(der.sequence(der.octet_string(_sha256(certificate)))))
    return der.set_of(
        _attribute(OID_CONTENT_TYPE, der.oid(OID_DATA)),
        _attribute(OID_SIGNING_TIME, der.generalized_or_utc_time(signing_time)),
        _attribute(OID_MESSAGE_DIGEST, der.octet_string(_sha256(content))),
        _attribute(OID_SIGNING_CERTIFICATE_V2, ess),
    )


def signed_data(
    *, certificate: bytes, chain: Sequence[bytes], attributes: bytes, signature: bytes
) -> bytes:
    """Return a ContentInfo holding a detached SignedData with one signer (DER)."""
    signer = x509.load_der_x509_certificate(certificate)
    sha256 = der.sequence(der.oid(OID_SHA256))
    signer_info = der.sequence(
        der.integer(1),
        der.sequence(signer.issuer.public_bytes(), der.integer(signer.serial_number)),
        sha256,
        b"\xa0" + attributes[1:],  # the same SET, tagged [0] IMPLICIT
        der.sequence(der.oid(OID_RSA_ENCRYPTION), der.null()),
        der.octet_string(signature),
    )
    body = der.sequence(
        der.integer(1),
        der.set_of(sha256),
        der.sequence(der.oid(OID_DATA)),  # detached: no eContent
        der.context(0, b"".join(sorted([certificate, *chain]))),
        der.set_of(signer_info),
    )
    return der.sequence(der.oid(OID_SIGNED_DATA), der.context(0, body))


def _sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()
