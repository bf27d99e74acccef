"""居宅 mode (居宅同意取得型, S2 L225, L617) for 訪問看護 and 訪問診療, apart from the 施術所'
eligibility-only mode: the consent given at the patient's home lasts the visit plan, so later
visits re-check by the insured numbers and see what was consented without the card."""

from __future__ import annotations

import datetime as dt

import pytest

from mynumber.app import System
from mynumber.eligibility.data import (
    CardQuery,
    ConsentScope,
    FacilityKind,
    FacilityRegistration,
    NumberQuery,
    QualificationValidity,
)
from mynumber.insurers.data import Membership
from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.kernel.clock import FixedClock
from mynumber.kernel.errors import ForbiddenError
from mynumber.registry.data import Resident
from tests.agency_codes import code_for

from ..insurers.test_enrol_and_verify import CLINIC
from .test_card_path import VISIT, _authenticate
from .test_consent_and_medical import PRACTITIONER, _registered_patient, _view

NURSING = CODECS[IdentifierKind.FACILITY_CODE].complete("136123456")  # 訪問看護ステーション
PLAN_ENDS = VISIT + dt.timedelta(days=60)


def _station(system: System) -> None:
    for code, kind, name in (
        (NURSING, FacilityKind.HOME_NURSING, "あおば訪問看護ステーション"),
        (PRACTITIONER, FacilityKind.PRACTITIONER, "みどり整骨院"),
    ):
        system.eligibility.register_facility(
            facility=FacilityRegistration(code=code, kind=kind, name=name)
        )


def _at_home(
    system: System, card_id: str, pin: str, facility: str, until: dt.date | None
) -> CardQuery:
    return CardQuery(
        facility_code=facility,
        visit_date=VISIT,
        authentication=_authenticate(system, card_id, pin),
        consent=(ConsentScope.MEDICATION,),
        home_visits_until=until,
    )


def _recheck(system: System, membership: Membership, resident: Resident) -> QualificationValidity:
    """再照会: a later visit checks by the insured numbers, without the card."""
    numbers = membership.insured
    answer = system.eligibility.verify_by_number(
        query=NumberQuery(
            facility_code=NURSING,
            visit_date=VISIT + dt.timedelta(days=30),
            insurer_number=numbers.insurer_number,
            symbol=numbers.symbol,
            number=numbers.number,
            branch=numbers.branch,
            birth_date=resident.birth_date,
        )
    )
    assert answer.qualification_validity is not None
    return answer.qualification_validity


def test_a_consent_at_home_lasts_the_visit_plan(system: System, clock: FixedClock) -> None:
    resident, membership, card_id, pin = _registered_patient(system)
    _station(system)
    answer = system.eligibility.verify_by_card(
        query=_at_home(system, card_id, pin, NURSING, PLAN_ENDS)
    )
    assert answer.qualification_validity is QualificationValidity.VALID
    assert answer.pharmacists_info_cons_flg == "1"
    assert answer.pharmacists_info_available_time == "20270120000000"  # after 2027-01-19
    clock.advance(dt.timedelta(days=30))
    assert _recheck(system, membership, resident) is QualificationValidity.VALID
    shown = system.eligibility.medical_view(
        query=_view(system, membership, resident, ConsentScope.MEDICATION, facility=NURSING)
    )
    assert [m.name for _, _, m in shown.medications] == ["アムロジピン錠5mg"]
    clock.advance(dt.timedelta(days=31))
    with pytest.raises(ForbiddenError) as expired:
        system.eligibility.medical_view(
            query=_view(system, membership, resident, ConsentScope.MEDICATION, facility=NURSING)
        )
    assert expired.value.code == "consent_expired"
    subject = code_for(system, agency="eligibility", resident_code=resident.resident_code)
    [check, *_views] = system.eligibility.access_records(subject=subject)[-4:]
    assert check.facility_code == NURSING and check.what == "eligibility"


def test_a_clinic_making_a_home_visit_states_the_plan_and_its_consent_lasts_it(
    system: System, clock: FixedClock
) -> None:
    resident, membership, card_id, pin = _registered_patient(system)
    system.eligibility.verify_by_card(query=_at_home(system, card_id, pin, CLINIC, PLAN_ENDS))
    clock.advance(dt.timedelta(days=7))
    shown = system.eligibility.medical_view(
        query=_view(system, membership, resident, ConsentScope.MEDICATION)
    )
    assert shown.consent_valid_until == dt.datetime(2027, 1, 19, 15, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("facility", "until", "code"),
    [
        (NURSING, None, "visit_plan_required"),
        (NURSING, VISIT - dt.timedelta(days=1), "visit_plan_out_of_range"),
        (NURSING, VISIT + dt.timedelta(days=400), "visit_plan_out_of_range"),
        (PRACTITIONER, PLAN_ENDS, "simple_mode"),
    ],
)
def test_a_home_check_needs_a_plausible_plan_and_a_practitioner_has_no_home_mode(
    system: System, facility: str, until: dt.date | None, code: str
) -> None:
    _resident, _membership, card_id, pin = _registered_patient(system)
    _station(system)
    answer = system.eligibility.verify_by_card(
        query=_at_home(system, card_id, pin, facility, until)
    )
    assert answer.segment_of_result == "9" and answer.error_code == code
    assert answer.results == ()


def test_a_home_nursing_station_is_no_longer_eligibility_only(system: System) -> None:
    resident, membership, card_id, pin = _registered_patient(system)
    _station(system)
    system.eligibility.verify_by_card(query=_at_home(system, card_id, pin, NURSING, PLAN_ENDS))
    view = _view(system, membership, resident, ConsentScope.MEDICATION, facility=NURSING)
    assert system.eligibility.medical_view(query=view).medications
