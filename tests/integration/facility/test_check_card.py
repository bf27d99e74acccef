"""A check by card at a facility's reception, end to end: reader, terminal, J-LIS, eligibility."""

from __future__ import annotations

import datetime as dt

from mynumber.app import System
from mynumber.eligibility.data import (
    CardAuthentication,
    CardProof,
    ConsentScope,
    EligibilityAnswer,
    FacilityKind,
    QualificationValidity,
    ReaderMethod,
)
from mynumber.facility.data import CardPresentation, Facility, Terminal
from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.registry.data import Resident

from ..insurers.test_enrol_and_verify import KYOKAI_TOKYO, _enrol
from .helpers import clinic_with_terminal, resident_with_card

VISIT = dt.date(2026, 11, 22)


def _registered_holder(system: System, given: str) -> tuple[Resident, str, str]:
    """Return an insured resident whose card is registered (利用登録), its card and PIN."""
    resident, card_id, pin = resident_with_card(system, given=given)
    _enrol(system, resident, KYOKAI_TOKYO, dt.date(2024, 4, 1))
    challenge = system.eligibility.new_challenge()
    system.eligibility.register_card(
        proof=CardProof(
            authentication=CardAuthentication(
                certificate=system.jpki.read_certificates(card_id=card_id).auth,
                challenge=challenge,
                signature=system.jpki.sign_challenge(card_id=card_id, pin=pin, challenge=challenge),
            )
        )
    )
    return resident, card_id, pin


def _setup(system: System) -> tuple[Terminal, Resident, str, str]:
    system.insurers.add_insurer(insurer=KYOKAI_TOKYO)
    terminal = clinic_with_terminal(system)
    return terminal, *_registered_holder(system, "太郎")


def _valid_for(answer: EligibilityAnswer, resident: Resident) -> bool:
    return (
        answer.qualification_validity is QualificationValidity.VALID
        and answer.reference_classification == "1"
        and [r.name for r in answer.results] == [resident.name.full]
    )


def test_pin_face_and_visual_checks_answer_valid(system: System) -> None:
    terminal, resident, card_id, pin = _setup(system)
    by_pin = system.facilities.check_card(
        terminal_id=terminal.terminal_id,
        presentation=CardPresentation(card_id=card_id, method=ReaderMethod.PIN, pin=pin),
    )
    assert _valid_for(by_pin, resident), by_pin
    by_face = system.facilities.check_card(
        terminal_id=terminal.terminal_id,
        presentation=CardPresentation(card_id=card_id, method=ReaderMethod.FACE),
    )
    assert _valid_for(by_face, resident), by_face
    by_eye = system.facilities.check_card(
        terminal_id=terminal.terminal_id,
        presentation=CardPresentation(
            card_id=card_id, method=ReaderMethod.FACE, face_matches=False, staff_confirms=True
        ),
        visit_date=VISIT,
    )
    assert _valid_for(by_eye, resident), by_eye


def test_an_unconfirmed_face_gets_no_answer(system: System) -> None:
    terminal, _resident, card_id, _pin = _setup(system)
    answer = system.facilities.check_card(
        terminal_id=terminal.terminal_id,
        presentation=CardPresentation(
            card_id=card_id, method=ReaderMethod.FACE, face_matches=False
        ),
    )
    assert answer.segment_of_result == "9" and answer.results == ()
    assert answer.error_code == "holder_not_confirmed"


def test_a_reader_result_for_another_card_is_refused(system: System) -> None:
    terminal, _resident, card_a, _pin = _setup(system)
    _other, card_b, pin_b = _registered_holder(system, "花子")
    for_a = system.facilities.read_card(
        terminal_id=terminal.terminal_id,
        presentation=CardPresentation(card_id=card_a, method=ReaderMethod.FACE),
    )
    for_b = system.facilities.read_card(
        terminal_id=terminal.terminal_id,
        presentation=CardPresentation(card_id=card_b, method=ReaderMethod.PIN, pin=pin_b),
    )
    # Card B's own authentication, vouched for by the reader's result about card A.
    forged = for_b.model_copy(update={"reader": for_a.reader})
    answer = system.eligibility.verify_by_card(query=forged)
    assert answer.segment_of_result == "9" and answer.results == ()
    assert answer.error_code == "reader_card_mismatch"
    # The genuine query for card B still answers (the refusal consumed nothing it needed).
    genuine = system.eligibility.verify_by_card(query=for_b)
    assert genuine.qualification_validity is QualificationValidity.VALID


def test_a_result_signed_by_another_terminal_is_refused(system: System) -> None:
    terminal, _resident, card_id, _pin = _setup(system)
    query = system.facilities.read_card(
        terminal_id=terminal.terminal_id,
        presentation=CardPresentation(card_id=card_id, method=ReaderMethod.FACE),
    )
    assert query.reader is not None
    other = system.facilities.add_terminal(facility_code=terminal.facility_code)
    resigned = query.reader.model_copy(
        update={
            "signature": system.facilities.sign(
                terminal_id=other.terminal_id, payload=query.reader.signed_bytes()
            )
        }
    )
    answer = system.eligibility.verify_by_card(query=query.model_copy(update={"reader": resigned}))
    assert answer.segment_of_result == "9" and answer.results == ()
    assert answer.error_code == "reader_signature_invalid"


def test_a_home_nursing_station_reads_the_card_at_the_patients_home(system: System) -> None:
    """居宅同意取得型: the staff read the card at the home, name the plan's last day, and the
    patient's consent lasts it."""
    system.insurers.add_insurer(insurer=KYOKAI_TOKYO)
    station = Facility(
        code=CODECS[IdentifierKind.FACILITY_CODE].complete("136123456"),
        kind=FacilityKind.HOME_NURSING,
        name="あおば訪問看護ステーション",
        address="東京都千代田区千代田2番1号",
    )
    system.facilities.add_facility(facility=station)
    terminal = system.facilities.add_terminal(facility_code=station.code)
    resident, card_id, _pin = _registered_holder(system, "花子")
    at_home = CardPresentation(
        card_id=card_id, method=ReaderMethod.FACE, consent=(ConsentScope.MEDICATION,)
    )
    refused = system.facilities.check_card(terminal_id=terminal.terminal_id, presentation=at_home)
    assert refused.error_code == "visit_plan_required"
    planned = at_home.model_copy(update={"home_visits_until": dt.date(2027, 3, 31)})
    answer = system.facilities.check_card(terminal_id=terminal.terminal_id, presentation=planned)
    assert _valid_for(answer, resident), answer
    assert answer.pharmacists_info_available_time == "20270401000000"
