"""Suspend, resume, revoke, reissue, renew; registry changes; PIN reset at the counter."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography import x509

from mynumber.app import System
from mynumber.jpki.data import (
    CardInfo,
    CardRefusedError,
    CardStatus,
    CertificateKind,
    CertificateRefusedError,
    CertificateStatus,
    PinError,
    PinKind,
    RevocationReason,
)
from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.kernel.errors import ConflictError, ForbiddenError, InvalidInputError, NotFoundError
from mynumber.registry.data import PersonName
from tests.integration.registry.helpers import SAPPORO

from .helpers import PARTY, certificates, holder

TODAY = dt.date(2026, 11, 22)


def _status(card: CardInfo) -> dict[str, tuple[CertificateStatus, RevocationReason | None]]:
    """Return the newest certificate of each kind: its status and reason."""
    seen: dict[str, tuple[CertificateStatus, RevocationReason | None]] = {}
    for cert in card.certificates:
        seen.setdefault(cert.kind.value, (cert.status, cert.reason))
    return seen


def test_suspend_holds_and_resume_restores(system: System) -> None:
    who = holder(system)
    held = system.jpki.suspend(card_id=who.card_id)
    assert held.status is CardStatus.SUSPENDED
    hold = (CertificateStatus.ON_HOLD, RevocationReason.CERTIFICATE_HOLD)
    assert _status(held) == {"sign": hold, "auth": hold}
    with pytest.raises(CardRefusedError):
        system.jpki.suspend(card_id=who.card_id)
    resumed = system.jpki.resume(card_id=who.card_id)
    assert resumed.status is CardStatus.ACTIVE
    good = (CertificateStatus.VALID, None)
    assert _status(resumed) == {"sign": good, "auth": good}
    with pytest.raises(CardRefusedError):
        system.jpki.resume(card_id=who.card_id)


def test_revoke_by_kind_with_a_reason(system: System) -> None:
    who = holder(system)
    assert system.jpki.sign_document(card_id=who.card_id, sign_pin=who.issued.pins.sign,
                                     content=b"before")  # fmt: skip
    card = system.jpki.revoke(
        card_id=who.card_id,
        reason=RevocationReason.KEY_COMPROMISE,
        kinds=(CertificateKind.SIGN,),
    )
    assert _status(card) == {
        "sign": (CertificateStatus.REVOKED, RevocationReason.KEY_COMPROMISE),
        "auth": (CertificateStatus.VALID, None),
    }
    with pytest.raises(ConflictError) as again:
        system.jpki.revoke(
            card_id=who.card_id, reason=RevocationReason.UNSPECIFIED, kinds=(CertificateKind.SIGN,)
        )
    assert again.value.code == "nothing_to_revoke"
    with pytest.raises(CertificateRefusedError) as refused:
        system.jpki.sign_document(card_id=who.card_id, sign_pin=who.issued.pins.sign,
                                  content=b"after")  # fmt: skip
    assert refused.value.code == "certificate_revoked"
    assert system.jpki.card(card_id=who.card_id).pin_tries_left[PinKind.SIGN] == 5
    with pytest.raises(InvalidInputError):
        system.jpki.revoke(card_id=who.card_id, reason=RevocationReason.CERTIFICATE_HOLD)
    assert _status(system.jpki.card(card_id=who.card_id))["auth"][0] is CertificateStatus.VALID


def test_reissue_retires_the_card_and_links_old_serials_to_new(system: System) -> None:
    who = holder(system)
    system.jpki.register_relying_party(party=PARTY, may_resolve=False)
    old = {c.kind: c.serial for c in who.issued.card.certificates}
    new = system.jpki.reissue(card_id=who.card_id, lost=True)
    assert new.card.card_id != who.card_id and new.pins.auth
    retired = system.jpki.card(card_id=who.card_id)
    assert retired.status is CardStatus.RETIRED and retired.replaced_by == new.card.card_id
    assert {c.status for c in retired.certificates} == {CertificateStatus.REVOKED}
    assert {c.reason for c in retired.certificates} == {RevocationReason.KEY_COMPROMISE}
    fresh = {c.kind: c.serial for c in new.card.certificates}
    for kind in CertificateKind:
        (link,) = system.jpki.serial_history(serial=old[kind], relying_party=PARTY)
        assert (link.old_serial, link.new_serial, link.kind) == (old[kind], fresh[kind], kind)
    with pytest.raises(CardRefusedError):
        system.jpki.reissue(card_id=who.card_id)
    assert [c.card_id for c in system.jpki.cards_of(resident_code=who.resident.resident_code)] == [
        new.card.card_id,
        who.card_id,
    ]


def test_a_move_revokes_the_signing_certificate_and_renewal_follows_the_register(
    system: System,
) -> None:
    who = holder(system)
    system.jpki.register_relying_party(party=PARTY, may_resolve=False)
    system.registry.move(resident_code=who.resident.resident_code, address=SAPPORO, on=TODAY)
    moved = system.jpki.card(card_id=who.card_id)
    assert _status(moved) == {
        "sign": (CertificateStatus.REVOKED, RevocationReason.AFFILIATION_CHANGED),
        "auth": (CertificateStatus.VALID, None),
    }
    old_sign = next(c.serial for c in moved.certificates if c.kind is CertificateKind.SIGN)
    renewed = system.jpki.renew(card_id=who.card_id, kinds=(CertificateKind.SIGN,))
    new_sign = next(c for c in renewed.certificates if c.kind is CertificateKind.SIGN)
    assert new_sign.status is CertificateStatus.VALID and new_sign.serial != old_sign
    assert [s.new_serial for s in system.jpki.serial_history(serial=old_sign, relying_party=PARTY)]
    certs = certificates(system, who)
    sign = x509.load_der_x509_certificate(certs.sign or b"")
    assert f"{sign.serial_number:X}" in new_sign.serial
    san = sign.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    address = next(o.value for o in san.get_values_for_type(x509.OtherName)
                   if o.type_id.dotted_string.endswith(".5.5.5"))  # fmt: skip
    assert SAPPORO.text.encode() in address


def test_a_rename_revokes_signing_only_and_a_death_everything(system: System) -> None:
    who = holder(system)
    name = PersonName(family="佐藤", given="太郎", family_kana="サトウ", given_kana="タロウ")
    system.registry.rename(
        resident_code=who.resident.resident_code, name=name, on=TODAY, reason="marriage"
    )
    assert _status(system.jpki.card(card_id=who.card_id))["auth"][0] is CertificateStatus.VALID
    system.registry.record_death(resident_code=who.resident.resident_code, on=TODAY)
    dead = system.jpki.card(card_id=who.card_id)
    assert dead.status is CardStatus.RETIRED
    assert _status(dead) == {
        "sign": (CertificateStatus.REVOKED, RevocationReason.AFFILIATION_CHANGED),
        "auth": (CertificateStatus.REVOKED, RevocationReason.CESSATION_OF_OPERATION),
    }


def test_renewal_gives_new_keys_and_serials(system: System) -> None:
    who = holder(system)
    before = certificates(system, who)
    renewed = system.jpki.renew(card_id=who.card_id, kinds=tuple(CertificateKind))
    after = certificates(system, who)
    for old, new in ((before.auth, after.auth), (before.sign, after.sign)):
        old_cert, new_cert = (x509.load_der_x509_certificate(d or b"") for d in (old, new))
        assert old_cert.serial_number != new_cert.serial_number
        assert old_cert.public_key() != new_cert.public_key()
    superseded = [c for c in renewed.certificates if c.status is CertificateStatus.REVOKED]
    assert {c.reason for c in superseded} == {RevocationReason.SUPERSEDED}
    assert all(c.replaced_by for c in superseded)
    with pytest.raises(InvalidInputError):
        system.jpki.renew(card_id=who.card_id, kinds=())


def test_wrong_pins_count_down_persist_and_lock_until_reset(system: System) -> None:
    who = holder(system)
    challenge = b"a challenge"
    for left in (2, 1):
        with pytest.raises(PinError) as wrong:
            system.jpki.sign_challenge(card_id=who.card_id, pin="0000", challenge=challenge)
        assert wrong.value.tries_left == left and wrong.value.code == "wrong_pin"
    assert system.jpki.card(card_id=who.card_id).pin_tries_left[PinKind.AUTH] == 1
    with pytest.raises(PinError):
        system.jpki.sign_challenge(card_id=who.card_id, pin="0000", challenge=challenge)
    with pytest.raises(PinError) as blocked:  # the right PIN no longer helps
        system.jpki.sign_challenge(card_id=who.card_id, pin=who.issued.pins.auth, challenge=b"x")
    assert blocked.value.code == "pin_blocked"
    assert system.jpki.card(card_id=who.card_id).pin_tries_left[PinKind.AUTH] == 0

    code, born = who.resident.resident_code, who.resident.birth_date
    with pytest.raises(ForbiddenError):
        system.jpki.reset_pin(
            card_id=who.card_id, kind=PinKind.AUTH, resident_code=code,
            birth_date=born + dt.timedelta(days=1), new_pin="4321",
        )  # fmt: skip
    with pytest.raises(InvalidInputError):
        system.jpki.reset_pin(
            card_id=who.card_id, kind=PinKind.AUTH, resident_code=code, birth_date=born,
            new_pin="12345",
        )  # fmt: skip
    nobody = CODECS[IdentifierKind.RESIDENT_CODE].complete("9999999999")
    with pytest.raises(ForbiddenError):  # nobody with that code: the identity check fails
        system.jpki.reset_pin(
            card_id=who.card_id, kind=PinKind.AUTH, resident_code=nobody, birth_date=born
        )
    with pytest.raises(NotFoundError):
        system.jpki.reset_pin(
            card_id="0" * 16, kind=PinKind.AUTH, resident_code=code, birth_date=born
        )
    assert system.jpki.card(card_id=who.card_id).pin_tries_left[PinKind.AUTH] == 0
    pin = system.jpki.reset_pin(
        card_id=who.card_id, kind=PinKind.AUTH, resident_code=code, birth_date=born, new_pin="4321"
    )
    assert pin == "4321"
    assert system.jpki.card(card_id=who.card_id).pin_tries_left[PinKind.AUTH] == 3
    assert system.jpki.sign_challenge(card_id=who.card_id, pin="4321", challenge=challenge)


def test_a_card_changed_at_the_counter_while_in_a_reader_is_refused(system: System) -> None:
    who = holder(system)
    code, born = who.resident.resident_code, who.resident.birth_date
    with system.jpki.open_card(card_id=who.card_id) as reader:
        system.jpki.reset_pin(
            card_id=who.card_id, kind=PinKind.SIGN, resident_code=code, birth_date=born
        )
        select_pin_ef = bytes.fromhex("00A4020C02001B")
        reader.transmit(bytes.fromhex("00A4040C0AD392F000260100000001"))
        reader.transmit(select_pin_ef)
        with pytest.raises(CardRefusedError):
            reader.transmit(bytes.fromhex("0020008006") + b"WRONG1")
    assert system.jpki.card(card_id=who.card_id).pin_tries_left[PinKind.SIGN] == 5
