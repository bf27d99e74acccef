"""Issuing a card: the CA hierarchy, the two certificate profiles, refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from sqlalchemy import select

from mynumber.app import System
from mynumber.jpki.data import AuthorityName, CardStatus, CertificateKind, PinKind
from mynumber.jpki.models import AuthorityRow, CardRow
from mynumber.kernel.errors import ConflictError, InvalidInputError, NotFoundError
from mynumber.registry.data import Sex

from .helpers import certificates, holder

ARC = "1.2.392.200149.8.5.5"


def _ou(name: x509.Name) -> list[str]:
    return [str(a.value) for a in name.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)]


def test_the_ca_hierarchy_is_named_like_jlis_and_marked_as_ours(system: System) -> None:
    root = x509.load_der_x509_certificate(system.jpki.ca_certificate(authority=AuthorityName.ROOT))
    for authority, unit in (
        (AuthorityName.SIGN, "JPKI for digital signature"),
        (AuthorityName.AUTH, "JPKI for user authentication"),
    ):
        ca = x509.load_der_x509_certificate(system.jpki.ca_certificate(authority=authority))
        assert ca.subject.rfc4514_string().startswith("OU=mynumber open implementation")
        assert _ou(ca.subject) == [
            unit,
            "Japan Agency for Local Authority Information Systems",
            "mynumber open implementation (not the real J-LIS)",
        ]
        assert ca.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == "JPKI"
        ca.verify_directly_issued_by(root)
        assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
        assert ca.signature_algorithm_oid.dotted_string == "1.2.840.113549.1.1.11"
        public = ca.public_key()
        assert isinstance(public, rsa.RSAPublicKey) and public.key_size == 2048


def test_ca_keys_are_kept_encrypted(system: System) -> None:
    system.jpki.ca_certificate(authority=AuthorityName.ROOT)
    with system.database.unit_of_work() as uow:
        rows = list(uow.session.scalars(select(AuthorityRow)))
    assert {r.name for r in rows} == {"root", "sign", "auth"}
    for row in rows:
        assert b"\x30\x82" not in row.sealed_key[:40]  # no plain PKCS#8 DER
        assert b"PRIVATE KEY" not in row.sealed_key


def test_a_card_carries_the_two_certificate_profiles(system: System) -> None:
    who = holder(system, born=dt.date(1980, 4, 1))
    certs = certificates(system, who)
    sign = x509.load_der_x509_certificate(certs.sign or b"")
    auth = x509.load_der_x509_certificate(certs.auth)
    sign.verify_directly_issued_by(x509.load_der_x509_certificate(certs.sign_ca))
    auth.verify_directly_issued_by(x509.load_der_x509_certificate(certs.auth_ca))

    san = sign.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    items = {o.type_id.dotted_string: o.value for o in san.get_values_for_type(x509.OtherName)}
    assert items == {
        f"{ARC}.1": b"\x0c" + bytes([len("髙橋\u3000太郎".encode())]) + "髙橋\u3000太郎".encode(),
        f"{ARC}.3": b"\x0c\x011",
        f"{ARC}.4": b"\x0c\x0819800401",
        f"{ARC}.5": b"\x0c" + bytes([len(who.resident.address.text.encode())])
        + who.resident.address.text.encode(),
    }  # fmt: skip
    policies = sign.extensions.get_extension_for_class(x509.CertificatePolicies).value
    assert [p.policy_identifier.dotted_string for p in policies] == ["1.2.392.200149.8.5.1.1.20"]
    usage = sign.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment

    assert auth.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    assert {a.oid for a in auth.subject} == {NameOID.COUNTRY_NAME, NameOID.COMMON_NAME}
    with pytest.raises(x509.ExtensionNotFound):
        auth.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    policies = auth.extensions.get_extension_for_class(x509.CertificatePolicies).value
    assert [p.policy_identifier.dotted_string for p in policies] == ["1.2.392.200149.8.5.1.3.30"]
    usage = auth.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and not usage.content_commitment
    eku = auth.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(eku) == [ExtendedKeyUsageOID.CLIENT_AUTH]

    for cert in (sign, auth):
        # Issued 2026-11-22, born 1 April: the 5th birthday after issue is 2031-04-01 (JST).
        assert cert.not_valid_after_utc == dt.datetime(2031, 4, 1, 14, 59, 59, tzinfo=dt.UTC)
        assert cert.signature_algorithm_oid.dotted_string == "1.2.840.113549.1.1.11"
        aia = cert.extensions.get_extension_for_class(x509.AuthorityInformationAccess).value
        assert next(d.access_location.value for d in aia) == "http://127.0.0.1:8000/jpki/ocsp"
        points = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
        assert points[0].full_name is not None
        assert points[0].full_name[0].value.startswith("http://127.0.0.1:8000/jpki/crl/")

    info = who.issued.card
    assert info.status is CardStatus.ACTIVE and info.expires_on == dt.date(2036, 4, 1)
    assert info.pin_tries_left == {PinKind.AUTH: 3, PinKind.SIGN: 5, PinKind.INPUT_SUPPORT: 3}
    pins = who.issued.pins
    assert len(pins.auth) == 4 and pins.auth.isdigit() and 6 <= len(pins.sign) <= 16


def test_a_child_gets_no_signing_certificate_and_a_five_year_card(system: System) -> None:
    who = holder(system, born=dt.date(2016, 2, 29), given="花子", given_kana="ハナコ",
                 sex=Sex.FEMALE)  # fmt: skip
    kinds = [c.kind for c in who.issued.card.certificates]
    assert kinds == [CertificateKind.AUTH]
    assert who.issued.card.expires_on == dt.date(2031, 2, 28)  # no 29 February in 2031


def test_refusals_leave_nothing_behind(system: System) -> None:
    with pytest.raises(NotFoundError):
        system.jpki.issue(resident_code=register_code_that_does_not_exist(system))
    with pytest.raises(InvalidInputError):
        system.jpki.issue(resident_code="12345678901")
    who = holder(system)
    with pytest.raises(ConflictError) as refused:
        system.jpki.issue(resident_code=who.resident.resident_code)
    assert refused.value.code == "card_exists"
    system.registry.record_death(resident_code=who.resident.resident_code, on=dt.date(2026, 11, 1))
    with pytest.raises(ConflictError) as dead:
        system.jpki.issue(resident_code=who.resident.resident_code)
    assert dead.value.code == "resident_not_active"
    with system.database.unit_of_work() as uow:
        assert len(list(uow.session.scalars(select(CardRow)))) == 1
    with pytest.raises(NotFoundError):
        system.jpki.card(card_id="0000000000000000")


def register_code_that_does_not_exist(system: System) -> str:
    """Return a well-formed resident code nobody has."""
    from mynumber.kernel.checkdigits import CODECS, IdentifierKind

    code = CODECS[IdentifierKind.RESIDENT_CODE].complete("1111111111")
    assert not system.registry.listing(limit=10)
    return code
