"""Card registration (利用登録) and verification by card, end to end through J-LIS."""

from __future__ import annotations

import datetime as dt

import pytest

from mynumber.app import System
from mynumber.eligibility.data import (
    CardAuthentication,
    CardProof,
    CardQuery,
    EligibilityAnswer,
    NumberQuery,
    QualificationValidity,
)
from mynumber.insurers.data import LossReason, Membership
from mynumber.jpki.data import CertificateKind, PinError, RevocationReason
from mynumber.registry.data import Resident

from ...agency_codes import code_for
from ..insurers.test_enrol_and_verify import CLINIC, KUMIAI, KYOKAI_TOKYO, _enrol, _setup

VISIT = dt.date(2026, 11, 20)


def _card(system: System, resident: Resident) -> tuple[str, str]:
    issued = system.jpki.issue(resident_code=resident.resident_code)
    return issued.card.card_id, issued.pins.auth


def _authenticate(system: System, card_id: str, pin: str) -> CardAuthentication:
    challenge = system.eligibility.new_challenge()
    signature = system.jpki.sign_challenge(card_id=card_id, pin=pin, challenge=challenge)
    certificate = system.jpki.read_certificates(card_id=card_id).auth
    return CardAuthentication(certificate=certificate, challenge=challenge, signature=signature)


def _proof(system: System, card_id: str, pin: str) -> CardProof:
    """The holder's own proof with their PIN, at no facility (as at マイナポータル)."""
    return CardProof(authentication=_authenticate(system, card_id, pin))


def _check(system: System, auth: CardAuthentication, visit: dt.date = VISIT) -> EligibilityAnswer:
    return system.eligibility.verify_by_card(
        query=CardQuery(facility_code=CLINIC, visit_date=visit, authentication=auth)
    )


def test_register_verify_change_jobs_and_cancel(system: System) -> None:
    resident = _setup(system)
    first = _enrol(system, resident, KYOKAI_TOKYO, dt.date(2024, 4, 1))
    card_id, pin = _card(system, resident)

    unregistered = _check(system, _authenticate(system, card_id, pin))
    assert (
        unregistered.segment_of_result == "9" and unregistered.error_code == "card_not_registered"
    )
    assert unregistered.results == ()

    registration = system.eligibility.register_card(proof=_proof(system, card_id, pin))
    assert registration.registered
    auth = _authenticate(system, card_id, pin)
    answer = _check(system, auth)
    assert answer.qualification_validity is QualificationValidity.VALID
    assert answer.reference_classification == "1"
    assert answer.results[0].insurer_number == first.insured.insurer_number
    assert answer.results[0].insurer_name == KYOKAI_TOKYO.name  # 保険者名称 (S1 L41)

    replay = _check(system, auth)  # the same challenge and signature again
    assert replay.segment_of_result == "9" and replay.error_code == "challenge_refused"
    assert replay.results == ()

    system.insurers.lose(
        membership_id=first.membership_id,
        last_day=dt.date(2025, 3, 31),
        reason=LossReason.JOB_CHANGE,
    )
    second = _enrol(system, resident, KUMIAI, dt.date(2025, 4, 1))
    again = _check(system, _authenticate(system, card_id, pin))
    assert again.results[0].insurer_number == second.insured.insurer_number == KUMIAI.number

    system.eligibility.unregister_card(proof=_proof(system, card_id, pin))
    cancelled = _check(system, _authenticate(system, card_id, pin))
    assert cancelled.error_code == "card_not_registered"
    # Safeguard 5: without the card, the number path gives the same eligibility outcome.
    by_number = system.eligibility.verify_by_number(query=_number_query(second, resident))
    assert by_number.qualification_validity is QualificationValidity.VALID

    subject = code_for(system, agency="eligibility", resident_code=resident.resident_code)
    outcomes = [r.outcome for r in system.eligibility.access_records(subject=subject)]
    assert outcomes == ["card_not_registered", "1", "1", "card_not_registered", "1"]
    assert system.eligibility.verify_access_log(subject=subject) == []


def test_a_revoked_card_answers_nothing(system: System) -> None:
    resident = _setup(system)
    _enrol(system, resident, KYOKAI_TOKYO, dt.date(2024, 4, 1))
    card_id, pin = _card(system, resident)
    system.eligibility.register_card(proof=_proof(system, card_id, pin))
    auth = _authenticate(system, card_id, pin)
    system.jpki.revoke(
        card_id=card_id, reason=RevocationReason.KEY_COMPROMISE, kinds=(CertificateKind.AUTH,)
    )
    answer = _check(system, auth)
    assert answer.segment_of_result == "9" and answer.results == ()
    assert "revoked" in answer.error_message


def test_a_wrong_pin_is_refused_by_the_card(system: System) -> None:
    resident = _setup(system)
    card_id, _pin = _card(system, resident)
    with pytest.raises(PinError):
        _authenticate(system, card_id, "0000" if _pin != "0000" else "1111")


def _number_query(m: Membership, resident: Resident) -> NumberQuery:
    return NumberQuery(
        facility_code=CLINIC,
        visit_date=VISIT,
        insurer_number=m.insured.insurer_number,
        symbol=m.insured.symbol,
        number=m.insured.number,
        branch=m.insured.branch,
        birth_date=resident.birth_date,
    )
