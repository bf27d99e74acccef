"""A throwaway CA for card tests: JPKI-shaped certificates for a card's two keys.

The real J-LIS CA of this instance lives elsewhere in `mynumber.jpki`; these tests only need
certificates that parse, chain and carry the card's public keys.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from mynumber.jpki.card import KeySlot, VirtualCard

NOW = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC)
_POLICIES = {KeySlot.AUTH: "1.2.392.200149.8.5.1.3.30", KeySlot.SIGN: "1.2.392.200149.8.5.1.1.20"}
_UNITS = {KeySlot.AUTH: "for user authentication", KeySlot.SIGN: "for digital signature"}


def _name(slot: KeySlot, common_name: str | None = None) -> x509.Name:
    attributes = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "JPKI (test instance)"),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"JPKI {_UNITS[slot]}"),
    ]
    if common_name:
        attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(attributes)


@dataclass(frozen=True)
class ThrowawayCa:
    """One self-signed CA per key slot, as J-LIS has one per certificate kind."""

    keys: dict[KeySlot, rsa.RSAPrivateKey]
    certificates: dict[KeySlot, x509.Certificate]

    @classmethod
    def create(cls) -> ThrowawayCa:
        """Make the two CAs."""
        keys, certificates = {}, {}
        for slot in KeySlot:
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            name = _name(slot)
            certificates[slot] = (
                x509.CertificateBuilder()
                .subject_name(name)
                .issuer_name(name)
                .public_key(key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(NOW - dt.timedelta(days=1))
                .not_valid_after(NOW + dt.timedelta(days=3650))
                .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                .add_extension(
                    x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                    critical=True,
                )
                .sign(key, hashes.SHA256())
            )
            keys[slot] = key
        return cls(keys=keys, certificates=certificates)

    def issue(self, slot: KeySlot, public_key: rsa.RSAPublicKey) -> x509.Certificate:
        """Issue an end-entity certificate of this slot's profile for public_key."""
        builder = (
            x509.CertificateBuilder()
            .subject_name(_name(slot, f"test card {slot.value}"))
            .issuer_name(self.certificates[slot].subject)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(NOW - dt.timedelta(days=1))
            .not_valid_after(NOW + dt.timedelta(days=5 * 365))
            .add_extension(
                x509.KeyUsage(
                    True, slot is KeySlot.SIGN, False, False, False, False, False, False, False
                ),
                critical=True,
            )
            .add_extension(
                x509.CertificatePolicies(
                    [x509.PolicyInformation(x509.ObjectIdentifier(_POLICIES[slot]), None)]
                ),
                critical=False,
            )
        )
        return builder.sign(self.keys[slot], hashes.SHA256())

    def install(self, card: VirtualCard) -> dict[str, bytes]:
        """Issue both certificates for the card, install them, and return all four as DER."""
        der = {
            "auth": self.issue(KeySlot.AUTH, card.public_key(KeySlot.AUTH)),
            "auth_ca": self.certificates[KeySlot.AUTH],
            "sign": self.issue(KeySlot.SIGN, card.public_key(KeySlot.SIGN)),
            "sign_ca": self.certificates[KeySlot.SIGN],
        }
        encoded = {k: v.public_bytes(serialization.Encoding.DER) for k, v in der.items()}
        card.install_certificates(**encoded)
        return encoded
