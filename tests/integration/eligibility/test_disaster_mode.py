"""Disaster mode: card-less search by the four items, only while activated, always flagged."""

from __future__ import annotations

import datetime as dt

import pytest

from mynumber.app import System
from mynumber.eligibility.data import (
    ConsentScope,
    Disaster,
    DisasterSearch,
    MedicalQuery,
    QualificationValidity,
)
from mynumber.kernel.errors import ForbiddenError

from ...agency_codes import code_for
from ..insurers.test_enrol_and_verify import CLINIC, KYOKAI_TOKYO, _enrol, _setup
from .test_consent_and_medical import _insured

QUAKE = Disaster(
    name="令和8年 東京湾北部地震",
    prefecture_codes=("13", "14"),
    starts=dt.date(2026, 11, 20),
    ends=dt.date(2026, 12, 20),
)


def _search(**overrides: object) -> DisasterSearch:
    fields: dict[str, object] = {
        "facility_code": CLINIC,
        "visit_date": dt.date(2026, 11, 22),
        "name": "ﾀｶﾊｼ ﾀﾛｳ",  # half-width kana, as typed at a shelter
        "birth_date": dt.date(1980, 4, 1),
        "sex": 1,
        "address": "千代田区",
    }
    return DisasterSearch.model_validate(fields | overrides)


def test_search_is_refused_outside_an_active_disaster(system: System) -> None:
    resident = _setup(system)
    _enrol(system, resident, KYOKAI_TOKYO, dt.date(2024, 4, 1))
    refused = system.eligibility.disaster_search(query=_search())
    assert refused.segment_of_result == "9" and refused.error_code == "no_active_disaster"
    assert refused.results == ()
    system.eligibility.activate_disaster(disaster=QUAKE)
    too_late = system.eligibility.disaster_search(query=_search(visit_date=dt.date(2027, 1, 5)))
    assert too_late.error_code == "no_active_disaster"


def test_search_finds_the_person_by_kana_or_variant_kanji_and_flags_the_read(
    system: System,
) -> None:
    resident = _setup(system)  # 髙橋 太郎, registered with the variant 髙
    membership = _enrol(system, resident, KYOKAI_TOKYO, dt.date(2024, 4, 1))
    system.eligibility.activate_disaster(disaster=QUAKE)
    by_kana = system.eligibility.disaster_search(query=_search())
    assert by_kana.qualification_validity is QualificationValidity.VALID
    assert by_kana.results[0].insured_identification_number == membership.insured.number
    by_kanji = system.eligibility.disaster_search(query=_search(name="高橋　太郎", address=""))
    assert by_kanji.qualification_validity is QualificationValidity.VALID
    wrong_sex = system.eligibility.disaster_search(query=_search(sex=2))
    assert wrong_sex.qualification_validity is QualificationValidity.NONE

    view = system.eligibility.medical_view(
        query=MedicalQuery(
            facility_code=CLINIC,
            insured=_insured(membership),
            birth_date=resident.birth_date,
            scope=ConsentScope.MEDICATION,
            disaster=True,
            oral_consent=True,
        )
    )
    assert view.disaster and view.consent_valid_until is None
    subject = code_for(system, agency="eligibility", resident_code=resident.resident_code)
    records = system.eligibility.access_records(subject=subject)
    assert [r.purpose for r in records] == ["disaster", "disaster", "disaster"]
    assert [r.consent for r in records] == ["", "", "oral"]  # the view, on oral consent


def test_a_disaster_view_needs_the_patients_oral_consent_and_records_it(system: System) -> None:
    """患者から口頭での同意を得られれば … 閲覧できる (S1 L451-458)."""
    resident = _setup(system)
    membership = _enrol(system, resident, KYOKAI_TOKYO, dt.date(2024, 4, 1))
    system.eligibility.activate_disaster(disaster=QUAKE)
    query = MedicalQuery(
        facility_code=CLINIC,
        insured=_insured(membership),
        birth_date=resident.birth_date,
        scope=ConsentScope.MEDICATION,
        disaster=True,
    )
    with pytest.raises(ForbiddenError) as refused:
        system.eligibility.medical_view(query=query)
    assert refused.value.code == "oral_consent_absent"
    consented = query.model_copy(update={"oral_consent": True})
    assert system.eligibility.medical_view(query=consented).disaster
    subject = code_for(system, agency="eligibility", resident_code=resident.resident_code)
    records = system.eligibility.access_records(subject=subject)
    assert [(r.outcome, r.consent) for r in records] == [
        ("refused:oral_consent_absent", ""),
        ("shown", "oral"),
    ]


def test_disaster_flag_outside_the_region_is_refused(system: System) -> None:
    resident = _setup(system)
    membership = _enrol(system, resident, KYOKAI_TOKYO, dt.date(2024, 4, 1))
    system.eligibility.activate_disaster(
        disaster=QUAKE.model_copy(update={"prefecture_codes": ("27",)})
    )
    with pytest.raises(ForbiddenError) as refused:
        system.eligibility.medical_view(
            query=MedicalQuery(
                facility_code=CLINIC,
                insured=_insured(membership),
                birth_date=resident.birth_date,
                scope=ConsentScope.MEDICATION,
                disaster=True,
            )
        )
    assert refused.value.code == "no_active_disaster"
