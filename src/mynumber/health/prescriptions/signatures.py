"""Checking a signature made on a My Number card (公的個人認証の署名用電子証明書): the detached CMS
SignedData the card makes (`Jpki.sign_document`), verified here with real cryptography, and its
certificate checked against J-LIS's signing CA and its current CRL."""

from __future__ import annotations

import datetime as dt
import hashlib

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from mynumber.health.prescriptions import der
from mynumber.kernel.errors import ForbiddenError

__all__ = ["check_jlis_certificate", "key_digest", "verify_detached"]

OID_SIGNED_DATA = "1.2.840.113549.1.7.2"
OID_MESSAGE_DIGEST = "1.2.840.113549.1.9.4"


def _refused(reason: str) -> ForbiddenError:
    return ForbiddenError(f"the signature does not verify: {reason}", code="signature_invalid")


def verify_detached(cms: bytes, content: bytes) -> x509.Certificate:
    """Return the signer's certificate of a detached CMS SignedData over content, or refuse
    (403 `signature_invalid`): malformed, another content, or a signature that does not verify."""
    try:
        certificates, signer = _parse(cms)
        serial, attributes, signature = _signer(signer)
    except (ValueError, IndexError) as error:
        raise _refused(f"malformed CMS ({error})") from None
    certificate = next((c for c in certificates if c.serial_number == serial), None)
    if certificate is None:
        raise _refused("the signer's certificate is not in the SignedData")
    if _message_digest(attributes) != hashlib.sha256(content).digest():
        raise _refused("it was made over other content")
    key = certificate.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        raise _refused("not an RSA signing key")
    try:  # the signature covers the signed attributes as a DER SET (tag 0x31, not [0])
        key.verify(signature, b"\x31" + attributes.encoded[1:], padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        raise _refused("the card's signature is wrong") from None
    return certificate


def _parse(cms: bytes) -> tuple[list[x509.Certificate], der.Tlv]:
    content_info = der.children(der.read(cms))
    if der.oid_text(content_info[0].content) != OID_SIGNED_DATA:
        raise ValueError("not a SignedData")
    body = der.children(der.children(content_info[1])[0])
    tagged = [item for item in body if item.tag == 0xA0]
    certificates = [x509.load_der_x509_certificate(c.encoded) for c in der.children(tagged[0])]
    return certificates, der.children(body[-1])[0]


def _signer(signer: der.Tlv) -> tuple[int, der.Tlv, bytes]:
    fields = der.children(signer)
    serial = int.from_bytes(der.children(fields[1])[1].content, "big", signed=True)
    attributes = next(item for item in fields if item.tag == 0xA0)
    signature = fields[-1]
    if signature.tag != 0x04:
        raise ValueError("no signature value")
    return serial, attributes, signature.content


def _message_digest(attributes: der.Tlv) -> bytes | None:
    for attribute in der.children(attributes):
        oid, values = der.children(attribute)
        if der.oid_text(oid.content) == OID_MESSAGE_DIGEST:
            return der.children(values)[0].content
    return None


def check_jlis_certificate(
    certificate: x509.Certificate, *, ca: bytes, crl: bytes, now: dt.datetime
) -> None:
    """Refuse a signing certificate J-LIS's signing CA did not issue, out of its validity, or
    on the CA's CRL (revoked or suspended): 403 `certificate_not_trusted` / `_expired` /
    `_revoked`."""
    authority = x509.load_der_x509_certificate(ca)
    try:
        certificate.verify_directly_issued_by(authority)
    except (ValueError, TypeError, InvalidSignature):
        raise ForbiddenError(
            "the signing certificate is not J-LIS's", code="certificate_not_trusted"
        ) from None
    if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
        raise ForbiddenError("the signing certificate has expired", code="certificate_expired")
    revocations = x509.load_der_x509_crl(crl)
    if not revocations.is_signature_valid(authority.public_key()):  # type: ignore[arg-type]
        raise ForbiddenError("J-LIS's CRL does not verify", code="certificate_not_trusted")
    if revocations.get_revoked_certificate_by_serial_number(certificate.serial_number):
        raise ForbiddenError(
            "the signing certificate is revoked or suspended", code="certificate_revoked"
        )


def key_digest(certificate: x509.Certificate) -> str:
    """Return the SHA-256 (hex) of a certificate's SubjectPublicKeyInfo."""
    spki = certificate.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(spki).hexdigest()
