"""Consent-gated medical information, simple mode and the reader's signed face-match result."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from mynumber.app import System
from mynumber.eligibility.data import (
    CardAuthentication,
    CardQuery,
    CheckupResult,
    Claim,
    ConsentScope,
    Diagnosis,
    FacilityKind,
    FacilityRegistration,
    InsuredRef,
    MedicalQuery,
    Medication,
    QualificationValidity,
    ReaderMethod,
    ReaderResult,
    TerminalRegistration,
)
from mynumber.insurers.data import Membership
from mynumber.kernel.clock import FixedClock
from mynumber.kernel.errors import ForbiddenError, NotFoundError
from mynumber.registry.data import ChangeKind, Resident

from ...agency_codes import code_for
from ..insurers.test_enrol_and_verify import CLINIC, KYOKAI_TOKYO, _enrol, _setup
from ..registry.helpers import person
from .test_card_path import VISIT, _authenticate, _card, _check, _proof

PRACTITIONER = "1319012345"  # 施術所: 点数表 1, 郡市区 90–99 (see synth.facilities)
PHARMACY = "1341234566"
AMLODIPINE = Medication(
    code="2171022F1020", name="アムロジピン錠5mg", quantity=1, unit="錠", days=28
)


def _insured(membership: Membership) -> InsuredRef:
    numbers = membership.insured
    return InsuredRef(
        insurer_number=numbers.insurer_number,
        symbol=numbers.symbol,
        number=numbers.number,
        branch=numbers.branch,
    )


def _registered_patient(system: System) -> tuple[Resident, Membership, str, str]:
    resident = _setup(system)
    membership = _enrol(system, resident, KYOKAI_TOKYO, dt.date(2024, 4, 1))
    card_id, pin = _card(system, resident)
    system.eligibility.register_card(proof=_proof(system, card_id, pin))
    claim = Claim(
        insured=_insured(membership),
        facility_code=CLINIC,
        service_date=dt.date(2026, 10, 1),
        diagnoses=(Diagnosis(code="I10", name="本態性高血圧症"),),
        medications=(AMLODIPINE,),
    )
    checkup = CheckupResult(
        insured=_insured(membership),
        examined_on=dt.date(2026, 6, 1),
        height_cm=170.2,
        weight_kg=68.5,
        waist_cm=84.0,
        systolic_mmhg=128,
        diastolic_mmhg=82,
        hba1c_percent=5.6,
        ldl_mg_dl=118,
        hdl_mg_dl=60,
        triglycerides_mg_dl=102,
    )
    assert system.eligibility.record_claims(claims=[claim]).stored == 1
    assert system.eligibility.record_checkups(results=[checkup]).stored == 1
    return resident, membership, card_id, pin


def _view(
    system: System, membership: Membership, resident: Resident, scope: ConsentScope, **extra: str
) -> MedicalQuery:
    return MedicalQuery(
        facility_code=extra.get("facility", CLINIC),
        insured=_insured(membership),
        birth_date=resident.birth_date,
        scope=scope,
    )


def test_consent_opens_only_its_scope_for_24_hours(system: System, clock: FixedClock) -> None:
    resident, membership, card_id, pin = _registered_patient(system)
    answer = system.eligibility.verify_by_card(
        query=CardQuery(
            facility_code=CLINIC,
            visit_date=VISIT,
            authentication=_authenticate(system, card_id, pin),
            consent=(ConsentScope.MEDICATION,),
        )
    )
    assert answer.qualification_validity is QualificationValidity.VALID
    assert answer.pharmacists_info_cons_flg == "1"
    assert answer.specific_health_checkups_info_cons_flg == "0"
    assert answer.pharmacists_info_available_time == "20261123120000"  # noon JST + 24 h

    shown = system.eligibility.medical_view(
        query=_view(system, membership, resident, ConsentScope.MEDICATION)
    )
    assert [m.name for _, _, m in shown.medications] == ["アムロジピン錠5mg"]
    with pytest.raises(ForbiddenError) as absent:
        system.eligibility.medical_view(
            query=_view(system, membership, resident, ConsentScope.CHECKUP)
        )
    assert absent.value.code == "consent_absent"
    clock.advance(dt.timedelta(hours=24, seconds=1))
    with pytest.raises(ForbiddenError) as expired:
        system.eligibility.medical_view(
            query=_view(system, membership, resident, ConsentScope.MEDICATION)
        )
    assert expired.value.code == "consent_expired"
    subject = code_for(system, agency="eligibility", resident_code=resident.resident_code)
    outcomes = [(r.what, r.outcome) for r in system.eligibility.access_records(subject=subject)]
    assert outcomes[-3:] == [
        ("medication", "shown"),
        ("checkup", "refused:consent_absent"),
        ("medication", "refused:consent_expired"),
    ]
    assert system.eligibility.verify_access_log(subject=subject) == []


def test_no_consent_means_nothing_and_a_new_choice_withdraws(system: System) -> None:
    resident, membership, card_id, pin = _registered_patient(system)
    for scopes in ((ConsentScope.CHECKUP, ConsentScope.TREATMENT), ()):
        system.eligibility.verify_by_card(
            query=CardQuery(
                facility_code=CLINIC,
                visit_date=VISIT,
                authentication=_authenticate(system, card_id, pin),
                consent=scopes,
            )
        )
    with pytest.raises(ForbiddenError):
        system.eligibility.medical_view(
            query=_view(system, membership, resident, ConsentScope.CHECKUP)
        )
    subject = code_for(system, agency="eligibility", resident_code=resident.resident_code)
    assert [c.scopes for c in system.eligibility.consents(subject=subject)] == [
        (ConsentScope.CHECKUP, ConsentScope.TREATMENT),
        (),
    ]


def test_simple_mode_answers_eligibility_but_never_medical_information(system: System) -> None:
    resident, membership, card_id, pin = _registered_patient(system)
    system.eligibility.register_facility(
        facility=FacilityRegistration(
            code=PRACTITIONER, kind=FacilityKind.PRACTITIONER, name="みどり整骨院"
        )
    )
    answer = system.eligibility.verify_by_card(
        query=CardQuery(
            facility_code=PRACTITIONER,
            visit_date=VISIT,
            authentication=_authenticate(system, card_id, pin),
            consent=(ConsentScope.MEDICATION,),
        )
    )
    assert answer.qualification_validity is QualificationValidity.VALID
    assert answer.pharmacists_info_cons_flg == ""  # not even asked
    with pytest.raises(ForbiddenError) as refused:
        system.eligibility.medical_view(
            query=_view(
                system, membership, resident, ConsentScope.MEDICATION, facility=PRACTITIONER
            )
        )
    assert refused.value.code == "simple_mode"


def test_unknown_insured_rows_are_refused_and_the_rest_kept(system: System) -> None:
    _, membership, _, _ = _registered_patient(system)
    stranger = InsuredRef(insurer_number=KYOKAI_TOKYO.number, symbol="9", number="999", branch="00")
    good = Claim(insured=_insured(membership), facility_code=CLINIC, service_date=VISIT)
    bad = Claim(insured=stranger, facility_code=CLINIC, service_date=VISIT)
    receipt = system.eligibility.record_claims(claims=[bad, good, bad])
    assert receipt.stored == 1
    assert receipt.refused == ((0, "unknown insured number"), (2, "unknown insured number"))


def test_unregistered_facility_is_refused_with_its_code(system: System) -> None:
    resident, membership, card_id, pin = _registered_patient(system)
    answer = system.eligibility.verify_by_card(
        query=CardQuery(
            facility_code=PHARMACY,
            visit_date=VISIT,
            authentication=_authenticate(system, card_id, pin),
        )
    )
    assert answer.segment_of_result == "9" and answer.error_code == "facility_not_registered"
    with pytest.raises(NotFoundError):
        system.eligibility.medical_view(
            query=_view(system, membership, resident, ConsentScope.MEDICATION, facility=PHARMACY)
        )


def _terminal(system: System) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    system.eligibility.register_terminal(
        terminal=TerminalRegistration(terminal_id="T-1", facility_code=CLINIC, public_key=public)
    )
    return key


def _face_query(
    system: System,
    key: Ed25519PrivateKey,
    certificate: bytes,
    *,
    matched: bool = True,
    method: ReaderMethod = ReaderMethod.FACE,
    digest_of: bytes | None = None,
) -> CardQuery:
    challenge = system.eligibility.new_challenge()
    unsigned = ReaderResult(
        terminal_id="T-1",
        method=method,
        matched=matched,
        consent=(ConsentScope.MEDICATION,),
        certificate_digest=hashlib.sha256(digest_of or certificate).hexdigest(),
        challenge=challenge,
        signed_at=system.clock.now(),
        signature=b"",
    )
    reader = unsigned.model_copy(update={"signature": key.sign(unsigned.signed_bytes())})
    auth = CardAuthentication(certificate=certificate, challenge=challenge)
    return CardQuery(facility_code=CLINIC, visit_date=VISIT, authentication=auth, reader=reader)


def test_face_match_signed_by_the_terminal_verifies_without_a_pin(system: System) -> None:
    resident, _membership, card_id, _ = _registered_patient(system)
    key = _terminal(system)
    certificate = system.jpki.read_certificates(card_id=card_id).auth
    answer = system.eligibility.verify_by_card(query=_face_query(system, key, certificate))
    assert answer.qualification_validity is QualificationValidity.VALID
    assert answer.pharmacists_info_cons_flg == "1"
    subject = code_for(system, agency="eligibility", resident_code=resident.resident_code)
    assert system.eligibility.access_records(subject=subject)[-1].terminal == "T-1"

    no_match = system.eligibility.verify_by_card(
        query=_face_query(system, key, certificate, matched=False)
    )
    assert no_match.error_code == "holder_not_confirmed" and no_match.results == ()
    staff_checked = system.eligibility.verify_by_card(
        query=_face_query(system, key, certificate, method=ReaderMethod.VISUAL)
    )
    assert staff_checked.qualification_validity is QualificationValidity.VALID


def test_forged_or_mismatched_reader_results_are_refused(system: System, clock: FixedClock) -> None:
    _resident, _, card_id, _ = _registered_patient(system)
    key = _terminal(system)
    certificate = system.jpki.read_certificates(card_id=card_id).auth
    other_card = _card(system, _setup_other(system))[0]
    other = system.jpki.read_certificates(card_id=other_card).auth
    wrong_card = _face_query(system, key, certificate, digest_of=other)
    assert system.eligibility.verify_by_card(query=wrong_card).error_code == "reader_card_mismatch"
    forged = _face_query(system, Ed25519PrivateKey.generate(), certificate)
    assert system.eligibility.verify_by_card(query=forged).error_code == "reader_signature_invalid"
    pin_path_unsigned = _face_query(system, key, certificate, method=ReaderMethod.PIN)
    assert system.eligibility.verify_by_card(query=pin_path_unsigned).error_code == (
        "no_card_signature"
    )
    replay = _face_query(system, key, certificate)
    assert _check_ok(system, replay) and not _check_ok(system, replay)
    stale = _face_query(system, key, certificate)
    clock.advance(dt.timedelta(minutes=6))
    assert system.eligibility.verify_by_card(query=stale).error_code == "reader_skew"


def _check_ok(system: System, query: CardQuery) -> bool:
    return system.eligibility.verify_by_card(query=query).segment_of_result == "1"


def _setup_other(system: System) -> Resident:
    return system.registry.register(
        new=person(given="花子", given_kana="ハナコ"),
        kind=ChangeKind.MOVE_IN,
        on=dt.date(2020, 1, 1),
    )


def test_pin_path_still_works_through_check(system: System) -> None:
    _, _, card_id, pin = _registered_patient(system)
    assert _check(system, _authenticate(system, card_id, pin)).qualification_validity == "1"
