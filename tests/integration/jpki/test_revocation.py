"""The CRLs and the OCSP responder as a relying party's library reads them."""

from __future__ import annotations

import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509 import ocsp

from mynumber.app import System
from mynumber.jpki.data import AuthorityName, CertificateKind, RevocationReason

from .helpers import certificates, holder


def _crl(system: System, authority: AuthorityName) -> x509.CertificateRevocationList:
    return x509.load_der_x509_crl(system.jpki.crl(authority=authority))


def test_crls_are_signed_numbered_and_list_held_and_revoked_certificates(system: System) -> None:
    first, second = holder(system), holder(system, given="次郎", given_kana="ジロウ")
    ca = x509.load_der_x509_certificate(system.jpki.ca_certificate(authority=AuthorityName.AUTH))
    empty = _crl(system, AuthorityName.AUTH)
    ca_key = ca.public_key()
    assert isinstance(ca_key, rsa.RSAPublicKey) and empty.is_signature_valid(ca_key)
    assert len(empty) == 0 and empty.next_update_utc is not None
    assert empty.next_update_utc - empty.last_update_utc == dt.timedelta(hours=24)

    system.jpki.suspend(card_id=first.card_id)
    system.jpki.revoke(
        card_id=second.card_id,
        reason=RevocationReason.KEY_COMPROMISE,
        kinds=(CertificateKind.AUTH,),
    )
    listed = _crl(system, AuthorityName.AUTH)
    number = listed.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number
    assert number > empty.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number
    reasons = {
        entry.serial_number: entry.extensions.get_extension_for_class(x509.CRLReason).value.reason
        for entry in listed
    }
    auth = {w.card_id: _serial(w, CertificateKind.AUTH) for w in (first, second)}
    assert reasons == {
        auth[first.card_id]: x509.ReasonFlags.certificate_hold,
        auth[second.card_id]: x509.ReasonFlags.key_compromise,
    }
    signing = _crl(system, AuthorityName.SIGN)
    assert {e.serial_number for e in signing} == {_serial(first, CertificateKind.SIGN)}

    system.jpki.resume(card_id=first.card_id)
    assert {e.serial_number for e in _crl(system, AuthorityName.AUTH)} == {auth[second.card_id]}
    assert len(_crl(system, AuthorityName.ROOT)) == 0


def _serial(who: object, kind: CertificateKind) -> int:
    card = who.issued.card  # type: ignore[attr-defined]
    return int(next(c.serial for c in card.certificates if c.kind is kind), 16)


def _ask(
    system: System, certificate: bytes, issuer: bytes, *, nonce: bytes | None = None
) -> ocsp.OCSPResponse:
    builder = ocsp.OCSPRequestBuilder().add_certificate(
        x509.load_der_x509_certificate(certificate),
        x509.load_der_x509_certificate(issuer),
        hashes.SHA1(),
    )
    if nonce is not None:
        builder = builder.add_extension(x509.OCSPNonce(nonce), critical=False)
    request = builder.build().public_bytes(Encoding.DER)
    return ocsp.load_der_ocsp_response(system.jpki.ocsp(request=request))


def test_ocsp_answers_good_held_revoked_and_unknown(system: System) -> None:
    who = holder(system)
    certs = certificates(system, who)
    answer = _ask(system, certs.auth, certs.auth_ca, nonce=b"0123456789abcdef")
    assert answer.response_status is ocsp.OCSPResponseStatus.SUCCESSFUL
    assert answer.certificate_status is ocsp.OCSPCertStatus.GOOD
    assert answer.extensions.get_extension_for_class(x509.OCSPNonce).value.nonce == (
        b"0123456789abcdef"
    )
    ca_key = x509.load_der_x509_certificate(certs.auth_ca).public_key()
    assert isinstance(ca_key, rsa.RSAPublicKey)
    ca_key.verify(answer.signature, answer.tbs_response_bytes, padding.PKCS1v15(), hashes.SHA256())
    assert answer.next_update_utc is not None and answer.next_update_utc > answer.this_update_utc

    system.jpki.suspend(card_id=who.card_id)
    held = _ask(system, certs.sign or b"", certs.sign_ca)
    assert held.certificate_status is ocsp.OCSPCertStatus.REVOKED
    assert held.revocation_reason is x509.ReasonFlags.certificate_hold
    system.jpki.revoke(card_id=who.card_id, reason=RevocationReason.CESSATION_OF_OPERATION)
    revoked = _ask(system, certs.auth, certs.auth_ca)
    assert revoked.certificate_status is ocsp.OCSPCertStatus.REVOKED
    assert revoked.revocation_reason is x509.ReasonFlags.cessation_of_operation

    # A serial this CA never issued (here, the signing certificate's, under the auth CA).
    mine = ocsp.load_der_ocsp_request(
        ocsp.OCSPRequestBuilder()
        .add_certificate(
            x509.load_der_x509_certificate(certs.auth),
            x509.load_der_x509_certificate(certs.auth_ca),
            hashes.SHA1(),
        )
        .build()
        .public_bytes(Encoding.DER)
    )
    stranger = (
        ocsp.OCSPRequestBuilder()
        .add_certificate_by_hash(
            mine.issuer_name_hash,
            mine.issuer_key_hash,
            x509.load_der_x509_certificate(certs.sign or b"").serial_number,
            hashes.SHA1(),
        )
        .build()
        .public_bytes(Encoding.DER)
    )
    unknown = ocsp.load_der_ocsp_response(system.jpki.ocsp(request=stranger))
    assert unknown.certificate_status is ocsp.OCSPCertStatus.UNKNOWN
    root = system.jpki.ca_certificate(authority=AuthorityName.ROOT)
    wrong_issuer = _ask(system, certs.auth_ca, root)
    assert wrong_issuer.response_status is ocsp.OCSPResponseStatus.UNAUTHORIZED
    malformed = ocsp.load_der_ocsp_response(system.jpki.ocsp(request=b"\x30\x03junk"))
    assert malformed.response_status is ocsp.OCSPResponseStatus.MALFORMED_REQUEST
