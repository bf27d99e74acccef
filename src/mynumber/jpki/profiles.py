"""Certificate profiles of the two card certificates, and the dates they run to.

- 署名用電子証明書 (signing): the basic four items as subjectAltName otherName values under
  1.2.392.200149.8.5.5 (.1 name, .3 sex, .4 date of birth, .5 address), policy
  1.2.392.200149.8.5.1.1.20, keyUsage nonRepudiation + digitalSignature.
- 利用者証明用電子証明書 (user authentication): no personal attribute, policy
  1.2.392.200149.8.5.1.3.30, keyUsage digitalSignature, extendedKeyUsage clientAuth.
Both run to the holder's 5th birthday after issue. ⚠ The exact value encodings of the real
certificates are not public: we write each item as a UTF8String (sex as the ISO 5218 digit,
date of birth as YYYYMMDD) and leave out the substitute-character items (.2, .6), which only
matter for characters outside the card's character set.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import (
    AuthorityInformationAccessOID,
    ExtendedKeyUsageOID,
    NameOID,
    ObjectIdentifier,
)

from mynumber.jpki import der
from mynumber.jpki.authority import Authority
from mynumber.jpki.data import CertificateKind
from mynumber.kernel.clock import JST

__all__ = [
    "ATTRIBUTE_OIDS",
    "AUTH_POLICY",
    "SIGN_POLICY",
    "FourItems",
    "build_certificate",
    "end_of_day",
    "nth_birthday_after",
]

SIGN_POLICY = "1.2.392.200149.8.5.1.1.20"
AUTH_POLICY = "1.2.392.200149.8.5.1.3.30"
_ARC = "1.2.392.200149.8.5.5"
ATTRIBUTE_OIDS = {
    "name": f"{_ARC}.1",
    "name_substitute": f"{_ARC}.2",
    "sex": f"{_ARC}.3",
    "birth_date": f"{_ARC}.4",
    "address": f"{_ARC}.5",
    "address_substitute": f"{_ARC}.6",
}
_CN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class FourItems:
    """The basic four items as the signing certificate carries them."""

    name: str
    sex: int  # ISO 5218
    birth_date: dt.date
    address: str


def nth_birthday_after(birth_date: dt.date, issued_on: dt.date, n: int) -> dt.date:
    """Return the n-th birthday strictly after issued_on (29 February → 28 February)."""
    year = issued_on.year
    if _birthday_in(birth_date, year) <= issued_on:
        year += 1
    return _birthday_in(birth_date, year + n - 1)


def _birthday_in(birth_date: dt.date, year: int) -> dt.date:
    try:
        return birth_date.replace(year=year)
    except ValueError:  # born on 29 February, not a leap year
        return dt.date(year, 2, 28)


def end_of_day(day: dt.date) -> dt.datetime:
    """Return the last second of a Japanese calendar day, in UTC."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=JST).astimezone(dt.UTC)


def _other_name(key: str, value: str) -> x509.OtherName:
    return x509.OtherName(ObjectIdentifier(ATTRIBUTE_OIDS[key]), der.utf8_string(value))


def _subject() -> x509.Name:
    # A random, serial-like common name: nothing about the holder, nothing linkable.
    cn = "".join(secrets.choice(_CN_ALPHABET) for _ in range(20))
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


def _key_usage(*, non_repudiation: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=non_repudiation,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )


def build_certificate(
    *,
    kind: CertificateKind,
    issuer: Authority,
    public_key: rsa.RSAPublicKey,
    not_before: dt.datetime,
    not_after: dt.datetime,
    base_url: str,
    items: FourItems | None = None,
) -> x509.Certificate:
    """Return a card certificate of this kind, signed by its CA (sha256WithRSAEncryption)."""
    policy = SIGN_POLICY if kind is CertificateKind.SIGN else AUTH_POLICY
    builder = (
        x509.CertificateBuilder()
        .subject_name(_subject())
        .issuer_name(issuer.certificate.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before.replace(microsecond=0))
        .not_valid_after(not_after.replace(microsecond=0))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(non_repudiation=kind is CertificateKind.SIGN), critical=True)
        .add_extension(
            x509.CertificatePolicies([x509.PolicyInformation(ObjectIdentifier(policy), None)]),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), False
        )
        .add_extension(_distribution_points(base_url, kind), critical=False)
        .add_extension(_authority_access(base_url, kind), critical=False)
    )
    if kind is CertificateKind.SIGN:
        if items is None:
            raise ValueError("a signing certificate carries the four items")
        builder = builder.add_extension(
            x509.SubjectAlternativeName(
                [
                    _other_name("name", items.name),
                    _other_name("sex", str(items.sex)),
                    _other_name("birth_date", f"{items.birth_date:%Y%m%d}"),
                    _other_name("address", items.address),
                ]
            ),
            critical=False,
        )
    else:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False
        )
    return builder.sign(issuer.key, hashes.SHA256())


def _distribution_points(base_url: str, kind: CertificateKind) -> x509.CRLDistributionPoints:
    url = f"{base_url}/jpki/crl/{kind.value}.crl"
    return x509.CRLDistributionPoints(
        [x509.DistributionPoint([x509.UniformResourceIdentifier(url)], None, None, None)]
    )


def _authority_access(base_url: str, kind: CertificateKind) -> x509.AuthorityInformationAccess:
    return x509.AuthorityInformationAccess(
        [
            x509.AccessDescription(
                AuthorityInformationAccessOID.OCSP,
                x509.UniformResourceIdentifier(f"{base_url}/jpki/ocsp"),
            ),
            x509.AccessDescription(
                AuthorityInformationAccessOID.CA_ISSUERS,
                x509.UniformResourceIdentifier(f"{base_url}/jpki/ca/{kind.value}.cer"),
            ),
        ]
    )
