"""HPKI (保健医療福祉分野PKI): the certificate that says a key belongs to a doctor or a pharmacist.

The real HPKI CAs (日本医師会電子認証センター, MEDIS, under MHLW's root) put the national
qualification in the certificate as an ISO 17090 hcRole attribute (subjectDirectoryAttributes)
and name their certificate policy. Here the service issues such certificates itself, on the
public key of the practitioner's My Number card signing certificate, once the card's signature
over the application verifies (⚠ simulated CA: the project has no HPKI CA of its own; one
certificate for both, as the "HPKI on the My Number card" plans describe ⚠).

⚠ The CA key is derived from the instance's access-log key (HKDF, its own label), so every
process of an instance has the same CA without a key of its own in `keys.json`; a real CA keeps
its key in an HSM.
"""

from __future__ import annotations

import datetime as dt
import uuid
from functools import cache

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.x509.oid import NameOID

from mynumber.health.data import (
    HC_ROLE_CODING_SCHEME,
    HPKI_SIGNATURE_POLICY,
    PractitionerRole,
)
from mynumber.health.prescriptions import der
from mynumber.kernel.errors import ForbiddenError

__all__ = ["HpkiAuthority", "hc_role_extension", "role_of"]

OID_HC_ROLE = "1.0.17090.0.1"  # ISO 17090 hcRole attribute
OID_SUBJECT_DIRECTORY_ATTRIBUTES = x509.ObjectIdentifier("2.5.29.9")
VALIDITY = dt.timedelta(days=5 * 365)  # ⚠ five years, as the MEDIS test certificate


def hc_role_extension(role: PractitionerRole) -> bytes:
    """Return the subjectDirectoryAttributes value naming one hcRole (DER)."""
    coded = der.tlv(0xA0, der.tlv(0x06, der.encode_oid(HC_ROLE_CODING_SCHEME)))
    coded += der.tlv(0xA2, der.tlv(0x0C, role.value.encode()))
    actor = der.tlv(0x30, der.tlv(0xA0, der.tlv(0x31, coded)))
    values = der.tlv(0x31, der.tlv(0x31, actor))
    attribute = der.tlv(0x30, der.tlv(0x06, der.encode_oid(OID_HC_ROLE)) + values)
    return der.tlv(0x30, attribute)


def role_of(certificate: x509.Certificate) -> PractitionerRole | None:
    """Return the hcRole a certificate names under the national-qualification scheme."""
    try:
        value = certificate.extensions.get_extension_for_oid(OID_SUBJECT_DIRECTORY_ATTRIBUTES)
    except x509.ExtensionNotFound:
        return None
    raw = value.value.value if isinstance(value.value, x509.UnrecognizedExtension) else b""
    try:
        for attribute in der.children(der.read(raw)):
            oid, values = der.children(attribute)
            if der.oid_text(oid.content) != OID_HC_ROLE:
                continue
            for actor in der.children(der.children(values)[0]):
                role = _coded_role(der.children(der.children(actor)[0])[0])
                if role is not None:
                    return role
    except (ValueError, IndexError):
        return None
    return None


def _coded_role(coded: der.Tlv) -> PractitionerRole | None:
    items = {item.tag: der.children(item)[0] for item in der.children(coded)}
    scheme, text = items.get(0xA0), items.get(0xA2)
    if scheme is None or text is None or der.oid_text(scheme.content) != HC_ROLE_CODING_SCHEME:
        return None
    try:
        return PractitionerRole(text.content.decode())
    except ValueError:
        return None


def _policies(certificate: x509.Certificate) -> set[str]:
    try:
        policies = certificate.extensions.get_extension_for_class(x509.CertificatePolicies)
    except x509.ExtensionNotFound:
        return set()
    return {p.policy_identifier.dotted_string for p in policies.value}


@cache
def _authority(seed: bytes) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    material = HKDF(hashes.SHA256(), 32, salt=None, info=b"mynumber health hpki ca").derive(seed)
    order = int("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16)
    key = ec.derive_private_key(int.from_bytes(material, "big") % (order - 1) + 1, ec.SECP256R1())
    name = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "mynumber HPKI CA (simulated)"),
    ])  # fmt: skip
    start = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=30 * 365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(key, hashes.SHA256())
    )
    return key, certificate


class HpkiAuthority:
    """The HPKI CA this instance runs (⚠ simulated): issues and checks role certificates."""

    def __init__(self, seed: bytes) -> None:
        self._key, self.certificate = _authority(seed)

    def issue(
        self, *, card: x509.Certificate, name: str, role: PractitionerRole, now: dt.datetime
    ) -> x509.Certificate:
        """Return an HPKI signing certificate on the card certificate's public key."""
        subject = x509.Name([
            x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
            x509.NameAttribute(NameOID.COMMON_NAME, name),
        ])  # fmt: skip
        policy = x509.PolicyInformation(x509.ObjectIdentifier(HPKI_SIGNATURE_POLICY), None)
        usage = x509.KeyUsage(False, True, False, False, False, False, False, False, False)
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(self.certificate.subject)
            .public_key(card.public_key())
            .serial_number(uuid.uuid4().int >> 1)
            .not_valid_before(now)
            .not_valid_after(now + VALIDITY)
            .add_extension(usage, critical=True)
            .add_extension(x509.CertificatePolicies([policy]), critical=True)
            .add_extension(
                x509.UnrecognizedExtension(
                    OID_SUBJECT_DIRECTORY_ATTRIBUTES, hc_role_extension(role)
                ),
                critical=False,
            )
            .sign(self._key, hashes.SHA256())
        )

    def check(
        self, der_bytes: bytes, *, now: dt.datetime
    ) -> tuple[x509.Certificate, PractitionerRole]:
        """Return an HPKI certificate this CA issued with its role's name, or refuse (403
        `hpki_invalid`)."""
        try:
            certificate = x509.load_der_x509_certificate(der_bytes)
            certificate.verify_directly_issued_by(self.certificate)
        except (ValueError, TypeError, InvalidSignature):
            raise ForbiddenError(
                "not an HPKI certificate of this instance's CA", code="hpki_invalid"
            ) from None
        if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
            raise ForbiddenError("the HPKI certificate has expired", code="hpki_invalid")
        if HPKI_SIGNATURE_POLICY not in _policies(certificate):
            raise ForbiddenError("no HPKI signature policy", code="hpki_invalid")
        role = role_of(certificate)
        if role is None:
            raise ForbiddenError("the certificate names no hcRole", code="hpki_invalid")
        return certificate, role
