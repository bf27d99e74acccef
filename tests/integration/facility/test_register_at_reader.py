"""利用登録 and 登録解除 at a facility's reader, and the in-process refusals of a weak proof."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mynumber.app import System
from mynumber.eligibility.data import (
    CardAuthentication,
    CardProof,
    QualificationValidity,
    ReaderMethod,
)
from mynumber.facility.data import CardPresentation
from mynumber.insurers.data import DocumentKind
from mynumber.kernel.errors import DomainError
from mynumber.registry.data import Resident

from ...agency_codes import code_for
from ..insurers.test_enrol_and_verify import KYOKAI_TOKYO, _enrol
from .helpers import clinic_with_terminal, resident_with_card


def _subject(system: System, resident: Resident) -> str:
    return code_for(system, agency="eligibility", resident_code=resident.resident_code)


def _at(terminal_id: str, card_id: str, **how: Any) -> dict[str, Any]:
    """Return the arguments of a registration at a terminal's reader, presented as `how`."""
    return {"terminal_id": terminal_id, "presentation": CardPresentation(card_id=card_id, **how)}


def _told(system: System, resident: Resident) -> int:
    """Return how many times J-LIS has told a relying party about the person."""
    return len(system.jpki.provision_records(resident_code=resident.resident_code))


def test_a_holder_registers_and_cancels_at_the_reader_by_pin_face_or_eye(system: System) -> None:
    system.insurers.add_insurer(insurer=KYOKAI_TOKYO)
    terminal = clinic_with_terminal(system)
    resident, card_id, pin = resident_with_card(system)
    subject = _subject(system, resident)
    at_reader = {"terminal_id": terminal.terminal_id, "card_id": card_id}

    by_pin = system.facilities.register_card(**_at(**at_reader, method=ReaderMethod.PIN, pin=pin))
    assert by_pin.registered and system.eligibility.card_registered(subject=subject)
    membership = _enrol(system, resident, KYOKAI_TOKYO, dt.date(2024, 4, 1))
    check = system.facilities.check_card(**_at(**at_reader, method=ReaderMethod.FACE))
    assert check.qualification_validity is QualificationValidity.VALID

    by_face = system.facilities.unregister_card(**_at(**at_reader, method=ReaderMethod.FACE))
    assert not by_face.registered and by_face.cancelled_at == system.clock.now()
    documents = system.insurers.documents(membership_id=membership.membership_id)
    assert [d.kind for d in documents] == [DocumentKind.NOTICE, DocumentKind.CERTIFICATE]
    check = system.facilities.check_card(**_at(**at_reader, method=ReaderMethod.FACE))
    assert check.error_code == "card_not_registered"

    by_eye = system.facilities.register_card(
        **_at(**at_reader, method=ReaderMethod.FACE, face_matches=False, staff_confirms=True)
    )
    assert by_eye.registered and by_eye.cancelled_at is None


def test_an_unconfirmed_face_neither_registers_nor_cancels(system: System) -> None:
    system.insurers.add_insurer(insurer=KYOKAI_TOKYO)
    terminal = clinic_with_terminal(system)
    resident, card_id, pin = resident_with_card(system)
    subject = _subject(system, resident)
    at_reader = {"terminal_id": terminal.terminal_id, "card_id": card_id}
    told = _told(system, resident)

    with pytest.raises(DomainError) as refused:
        system.facilities.register_card(
            **_at(**at_reader, method=ReaderMethod.FACE, face_matches=False)
        )
    assert (refused.value.code, refused.value.status) == ("holder_not_confirmed", 403)
    assert system.eligibility.registration(subject=subject).registered_at is None
    assert _told(system, resident) == told  # J-LIS was not even asked

    system.facilities.register_card(**_at(**at_reader, method=ReaderMethod.PIN, pin=pin))
    membership = _enrol(system, resident, KYOKAI_TOKYO, dt.date(2024, 4, 1))
    before = system.eligibility.registration(subject=subject)
    with pytest.raises(DomainError) as refused:
        system.facilities.unregister_card(
            **_at(**at_reader, method=ReaderMethod.FACE, face_matches=False)
        )
    assert refused.value.code == "holder_not_confirmed"
    assert system.eligibility.registration(subject=subject) == before
    documents = system.insurers.documents(membership_id=membership.membership_id)
    assert [d.kind for d in documents] == [DocumentKind.NOTICE]


def test_a_certificate_alone_or_a_reader_result_without_its_facility_is_refused(
    system: System,
) -> None:
    terminal = clinic_with_terminal(system)
    resident, card_id, _pin = resident_with_card(system)
    subject = _subject(system, resident)
    certificate = system.jpki.read_certificates(card_id=card_id).auth
    told = _told(system, resident)

    for facility_code in (terminal.facility_code, None):
        bare = CardProof(
            facility_code=facility_code,
            authentication=CardAuthentication(
                certificate=certificate, challenge=system.eligibility.new_challenge()
            ),
        )
        for attempt in (system.eligibility.register_card, system.eligibility.unregister_card):
            with pytest.raises(DomainError) as refused:
                attempt(proof=bare)
            assert (refused.value.code, refused.value.status) == ("no_card_signature", 403)

    # A genuine face-path result, stripped of the facility it vouches for, proves nothing.
    proof = system.facilities.read_card(
        terminal_id=terminal.terminal_id,
        presentation=CardPresentation(card_id=card_id, method=ReaderMethod.FACE),
    )
    portal_style = CardProof(authentication=proof.authentication, reader=proof.reader)
    with pytest.raises(DomainError) as refused:
        system.eligibility.register_card(proof=portal_style)
    assert refused.value.code == "reader_facility_required"

    assert system.eligibility.registration(subject=subject).registered_at is None
    assert _told(system, resident) == told
