"""The certification authorities of this instance's J-LIS: a root over the signing CA and the
user-authentication CA, named like the real ones and marked as this instance's.

⚠ The real JPKI CAs are two self-signed authorities; a common root is our choice, so that one
trust anchor covers both and an ARL can be published for the two CA certificates.
CA private keys are kept encrypted (AES-256-GCM) under the instance's `jpki_ca` key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.x509.oid import NameOID
from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.jpki.data import AuthorityName, CertificateKind
from mynumber.jpki.models import AuthorityRow

__all__ = ["Authority", "Hierarchy", "authority_name", "create_hierarchy", "load_hierarchy"]

JLIS_UNIT = "Japan Agency for Local Authority Information Systems"
INSTANCE_UNIT = "mynumber open implementation (not the real J-LIS)"
_UNITS = {
    AuthorityName.ROOT: "JPKI root",
    AuthorityName.SIGN: "JPKI for digital signature",
    AuthorityName.AUTH: "JPKI for user authentication",
}
_LIFETIME = {AuthorityName.ROOT: 20, AuthorityName.SIGN: 12, AuthorityName.AUTH: 12}  # years


def authority_name(name: AuthorityName) -> x509.Name:
    """Return a CA's distinguished name, shaped like J-LIS's and marked as this instance's."""
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "JPKI"),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, _UNITS[name]),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, JLIS_UNIT),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, INSTANCE_UNIT),
        ]
    )


@dataclass(frozen=True)
class Authority:
    """One CA: its certificate, its key, and the hashes OCSP requests name it by."""

    name: AuthorityName
    certificate: x509.Certificate
    key: rsa.RSAPrivateKey
    der: bytes

    def key_hash(self, algorithm: str) -> bytes:
        """Return the hash of the CA's public key bits (OCSP issuerKeyHash), e.g. 'sha1'."""
        bits = self.key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.PKCS1
        )
        return hashlib.new(algorithm, bits).digest()

    def name_hash(self, algorithm: str) -> bytes:
        """Return the hash of the CA's DER subject name (OCSP issuerNameHash)."""
        return hashlib.new(algorithm, self.certificate.subject.public_bytes()).digest()


@dataclass(frozen=True)
class Hierarchy:
    """The three CAs of an instance."""

    root: Authority
    sign: Authority
    auth: Authority

    def issuer_of(self, kind: CertificateKind) -> Authority:
        """Return the CA that issues certificates of this kind."""
        return self.sign if kind is CertificateKind.SIGN else self.auth

    def by_name(self, name: AuthorityName) -> Authority:
        """Return the CA with this name."""
        return {"root": self.root, "sign": self.sign, "auth": self.auth}[name.value]

    @property
    def issuing(self) -> tuple[Authority, Authority]:
        """Return the two CAs that issue card certificates."""
        return (self.sign, self.auth)


def _seal(key: rsa.RSAPrivateKey, name: AuthorityName, ca_key: bytes) -> bytes:
    der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    nonce = os.urandom(12)
    return nonce + AESGCM(ca_key).encrypt(nonce, der, f"jpki-ca:{name.value}".encode())


def _unseal(blob: bytes, name: AuthorityName, ca_key: bytes) -> rsa.RSAPrivateKey:
    try:
        der = AESGCM(ca_key).decrypt(blob[:12], blob[12:], f"jpki-ca:{name.value}".encode())
    except InvalidTag:
        raise RuntimeError(
            f"the {name.value} CA key does not open with this instance's key"
        ) from None
    # Authenticated by AES-GCM above, so the key's consistency check can be skipped.
    key = serialization.load_der_private_key(der, None, unsafe_skip_rsa_key_validation=True)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise RuntimeError(f"the {name.value} CA key is not an RSA key")
    return key


def load_hierarchy(session: Session, *, ca_key: bytes) -> Hierarchy | None:
    """Return the stored hierarchy, or None if it has not been created yet."""
    rows = {row.name: row for row in session.scalars(select(AuthorityRow))}
    if len(rows) < len(AuthorityName):
        return None
    authorities = {
        name: Authority(
            name=name,
            certificate=x509.load_der_x509_certificate(rows[name.value].certificate),
            key=_unseal(rows[name.value].sealed_key, name, ca_key),
            der=rows[name.value].certificate,
        )
        for name in AuthorityName
    }
    hierarchy = Hierarchy(
        root=authorities[AuthorityName.ROOT],
        sign=authorities[AuthorityName.SIGN],
        auth=authorities[AuthorityName.AUTH],
    )
    for issuing in hierarchy.issuing:
        issuing.certificate.verify_directly_issued_by(hierarchy.root.certificate)
    return hierarchy


def create_hierarchy(
    session: Session, *, ca_key: bytes, now: dt.datetime, base_url: str
) -> Hierarchy:
    """Make the root and the two issuing CAs (three RSA-2048 keys) and store them."""
    keys = {name: rsa.generate_private_key(65537, 2048) for name in AuthorityName}
    root_key = keys[AuthorityName.ROOT]
    made: dict[AuthorityName, Authority] = {}
    for name in AuthorityName:
        certificate = _ca_certificate(
            name, keys[name], issuer_key=root_key, now=now, base_url=base_url
        )
        der = certificate.public_bytes(serialization.Encoding.DER)
        made[name] = Authority(name=name, certificate=certificate, key=keys[name], der=der)
        session.add(
            AuthorityRow(
                name=name.value,
                certificate=der,
                sealed_key=_seal(keys[name], name, ca_key),
                created_at=now,
            )
        )
    session.flush()
    return Hierarchy(
        root=made[AuthorityName.ROOT], sign=made[AuthorityName.SIGN], auth=made[AuthorityName.AUTH]
    )


def _ca_certificate(
    name: AuthorityName,
    key: rsa.RSAPrivateKey,
    *,
    issuer_key: rsa.RSAPrivateKey,
    now: dt.datetime,
    base_url: str,
) -> x509.Certificate:
    is_root = name is AuthorityName.ROOT
    start = now.replace(microsecond=0)
    builder = (
        x509.CertificateBuilder()
        .subject_name(authority_name(name))
        .issuer_name(authority_name(AuthorityName.ROOT))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start.replace(year=start.year + _LIFETIME[name]))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None if is_root else 0), True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
    )
    if not is_root:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), False
        ).add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        [x509.UniformResourceIdentifier(f"{base_url}/jpki/crl/root.crl")],
                        None,
                        None,
                        None,
                    )
                ]
            ),
            False,
        )
    return builder.sign(issuer_key, hashes.SHA256())
