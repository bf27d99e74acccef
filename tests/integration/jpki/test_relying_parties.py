"""Verification for relying parties: freshness, chain, revocation; serial services; records."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID
from sqlalchemy import text

from mynumber.app import System
from mynumber.jpki.data import (
    CertificateKind,
    CertificateRefusedError,
    CertificateStatus,
    ChallengeRefusedError,
    RevocationReason,
    SignatureInvalidError,
)
from mynumber.kernel.clock import FixedClock
from mynumber.kernel.errors import (
    ConflictError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
)

from ...agency_codes import code_for
from .helpers import PARTY, authenticate, certificates, holder


def _verify(system: System, answer: tuple[bytes, bytes, bytes], party: str = PARTY) -> str:
    certificate, challenge, signature = answer
    return system.jpki.verify_authentication(
        certificate=certificate, challenge=challenge, signature=signature, relying_party=party
    ).serial


def test_a_fresh_answer_verifies_once(system: System) -> None:
    who = holder(system)
    system.jpki.register_relying_party(party=PARTY, may_resolve=False)
    answer = authenticate(system, who)
    serial = _verify(system, answer)
    assert serial == next(
        c.serial for c in who.issued.card.certificates if c.kind is CertificateKind.AUTH
    )
    with pytest.raises(ChallengeRefusedError, match="used already"):
        _verify(system, answer)


def test_a_challenge_is_written_only_when_it_is_used(system: System) -> None:
    """Issuing writes nothing (the challenge proves its own issue); a forged or altered one is
    unknown; its use is written once, which refuses the replay."""
    who = holder(system)
    system.jpki.register_relying_party(party=PARTY, may_resolve=False)
    challenge = system.jpki.new_challenge(relying_party=PARTY).value
    assert _challenges_kept(system) == 0
    altered = challenge[:-1] + bytes([challenge[-1] ^ 1])
    forged = challenge[:32] + (2**62).to_bytes(8, "big") + challenge[40:]  # a later expiry
    for wrong in (altered, forged):
        signature = system.jpki.sign_challenge(card_id=who.card_id, pin=who.issued.pins.auth,
                                               challenge=wrong)  # fmt: skip
        with pytest.raises(ChallengeRefusedError, match="unknown"):
            _verify(system, (certificates(system, who).auth, wrong, signature))
    signature = system.jpki.sign_challenge(card_id=who.card_id, pin=who.issued.pins.auth,
                                           challenge=challenge)  # fmt: skip
    answer = (certificates(system, who).auth, challenge, signature)
    _verify(system, answer)
    assert _challenges_kept(system) == 1
    with pytest.raises(ChallengeRefusedError, match="used already"):
        _verify(system, answer)


def _challenges_kept(system: System) -> int:
    with system.database.scoped("jpki").connection() as conn:
        return int(conn.execute(text("SELECT count(*) FROM jpki.challenges")).scalar_one())


def test_unknown_expired_and_foreign_challenges_are_refused(
    system: System, clock: FixedClock
) -> None:
    who = holder(system)
    system.jpki.register_relying_party(party=PARTY, may_resolve=False)
    system.jpki.register_relying_party(party="portal", may_resolve=False)
    certificate, challenge, signature = authenticate(system, who)
    own = system.jpki.sign_challenge(card_id=who.card_id, pin=who.issued.pins.auth,
                                     challenge=b"made up by the card holder")  # fmt: skip
    with pytest.raises(ChallengeRefusedError, match="unknown"):
        _verify(system, (certificate, b"made up by the card holder", own))
    with pytest.raises(ChallengeRefusedError, match="unknown"):
        _verify(system, (certificate, challenge, signature), party="portal")
    clock.advance(dt.timedelta(minutes=3))
    with pytest.raises(ChallengeRefusedError, match="expired"):
        _verify(system, (certificate, challenge, signature))
    with pytest.raises(ForbiddenError):
        system.jpki.new_challenge(relying_party="nobody")


def test_bad_signatures_and_wrong_certificates_are_refused(system: System) -> None:
    who = holder(system)
    system.jpki.register_relying_party(party=PARTY, may_resolve=False)
    certificate, challenge, signature = authenticate(system, who)
    with pytest.raises(SignatureInvalidError):
        _verify(system, (certificate, challenge, bytes(len(signature))))
    certificate, challenge, signature = authenticate(system, who)
    sign = certificates(system, who).sign or b""
    with pytest.raises(CertificateRefusedError) as wrong_kind:
        _verify(system, (sign, challenge, signature))
    assert wrong_kind.value.code == "untrusted_issuer"
    with pytest.raises(CertificateRefusedError) as foreign:
        _verify(system, (_self_signed(), challenge, signature))
    assert foreign.value.code == "untrusted_issuer"
    with pytest.raises(InvalidInputError):
        _verify(system, (b"not a certificate", challenge, signature))
    assert _verify(system, (certificate, challenge, signature))  # the refusals used nothing up


def test_held_revoked_and_expired_certificates_are_refused(
    system: System, clock: FixedClock
) -> None:
    who = holder(system)
    system.jpki.register_relying_party(party=PARTY, may_resolve=False)
    system.jpki.suspend(card_id=who.card_id)
    with pytest.raises(CertificateRefusedError) as held:
        _verify(system, authenticate(system, who))
    assert held.value.code == "certificate_on_hold"
    system.jpki.resume(card_id=who.card_id)
    assert _verify(system, authenticate(system, who))
    clock.advance(dt.timedelta(days=366 * 5))
    with pytest.raises(CertificateRefusedError) as expired:
        _verify(system, authenticate(system, who))
    assert expired.value.code == "certificate_expired"
    assert {c.status for c in system.jpki.card(card_id=who.card_id).certificates} == {
        CertificateStatus.EXPIRED
    }
    clock.advance(-dt.timedelta(days=366 * 5))
    system.jpki.revoke(card_id=who.card_id, reason=RevocationReason.KEY_COMPROMISE)
    with pytest.raises(CertificateRefusedError) as revoked:
        _verify(system, authenticate(system, who))
    assert revoked.value.code == "certificate_revoked" and "keyCompromise" in revoked.value.reason


def test_serial_resolution_gives_the_callers_own_code_to_authorised_parties_only(
    system: System,
) -> None:
    who = holder(system)
    system.jpki.register_relying_party(party=PARTY, may_resolve=True)
    system.jpki.register_relying_party(party="shop", may_resolve=False)
    with pytest.raises(ConflictError):
        system.jpki.register_relying_party(party="shop", may_resolve=True)
    auth = next(c.serial for c in who.issued.card.certificates if c.kind is CertificateKind.AUTH)
    sign = next(c.serial for c in who.issued.card.certificates if c.kind is CertificateKind.SIGN)
    resolved = system.jpki.resolve_serial(serial=auth.lower(), relying_party=PARTY)
    code = who.resident.resident_code
    assert resolved.agency_code == code_for(system, agency=PARTY, resident_code=code)
    assert resolved.agency_code != code_for(system, agency="jlis", resident_code=code)
    # The same 符号 an agency gets through J-LIS with the holder's My Number.
    through_jlis = system.registry.acquire_code(
        agency=PARTY, my_number=who.resident.my_number, acquisition_number="acq-00001", actor="t"
    )
    assert through_jlis.code == resolved.agency_code
    # A party allowed to resolve but not on the network gets no 符号, and nothing is recorded.
    system.jpki.register_relying_party(party="bank", may_resolve=True)
    with pytest.raises(NotFoundError) as unknown:
        system.jpki.resolve_serial(serial=auth, relying_party="bank")
    assert unknown.value.code == "agency_unknown"
    body = resolved.model_dump_json()
    assert code not in body and who.resident.my_number not in body
    with pytest.raises(ForbiddenError):
        system.jpki.resolve_serial(serial=auth, relying_party="shop")
    with pytest.raises(ForbiddenError):
        system.jpki.resolve_serial(serial=auth, relying_party="unregistered")
    with pytest.raises(CertificateRefusedError):
        system.jpki.resolve_serial(serial=sign, relying_party=PARTY)

    link = system.jpki.linked_certificate(serial=sign, relying_party="shop")
    assert (link.sign_serial, link.auth_serial) == (sign, auth)
    assert system.jpki.linked_certificate(serial=auth, relying_party="shop") == link
    assert system.jpki.serial_history(serial=auth, relying_party="shop") == []

    records = system.jpki.provision_records(resident_code=code)
    assert [(r.payload["relying_party"], r.payload["what"]) for r in records] == [
        (PARTY, "resolve_serial"),
        ("shop", "certificate_link"),
        ("shop", "certificate_link"),
        ("shop", "serial_history"),
    ]
    system.jpki.revoke(card_id=who.card_id, reason=RevocationReason.UNSPECIFIED)
    with pytest.raises(CertificateRefusedError):
        system.jpki.resolve_serial(serial=auth, relying_party=PARTY)
    with pytest.raises(InvalidInputError):
        system.jpki.resolve_serial(serial="not hex", relying_party=PARTY)


def _self_signed() -> bytes:
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "forged")])
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    return certificate.public_bytes(Encoding.DER)
