"""The synthetic facility catalogue: valid, deterministic codes; loaded into both systems."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections import Counter

from mynumber.app import System
from mynumber.eligibility.data import FacilityKind
from mynumber.facility.data import Facility
from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.synth.demography import PREFECTURES
from mynumber.synth.facilities import PRACTITIONER_DISTRICTS, TABLES, facility_catalogue

_DIGEST = (
    "import hashlib; from mynumber.synth.facilities import facility_catalogue; "
    "print(hashlib.sha256(repr([f.model_dump() for f in facility_catalogue()]).encode())"
    ".hexdigest())"
)


def test_codes_are_valid_unique_and_shaped_by_kind() -> None:
    catalogue = facility_catalogue()
    codes = [f.code for f in catalogue]
    assert len(set(codes)) == len(codes)
    assert all(CODECS[IdentifierKind.FACILITY_CODE].is_valid(code) for code in codes)
    for facility in catalogue:
        assert facility.code[2] == TABLES[facility.kind]
        assert facility.prefecture_code == facility.code[:2]
        practitioner_range = int(facility.code[3:5]) in PRACTITIONER_DISTRICTS
        assert practitioner_range == (facility.kind is FacilityKind.PRACTITIONER)
        assert facility.address.startswith(_prefecture_name(facility.prefecture_code))


def test_every_prefecture_has_every_kind_and_clinics_outnumber_hospitals() -> None:
    catalogue = facility_catalogue()
    kinds_by_prefecture = Counter((f.prefecture_code, f.kind) for f in catalogue)
    for code, _name, _population in PREFECTURES:
        for kind in FacilityKind:
            assert kinds_by_prefecture[(f"{code:02d}", kind)] >= 1
    by_kind = Counter(f.kind for f in catalogue)
    assert (
        by_kind[FacilityKind.CLINIC]
        > by_kind[FacilityKind.PHARMACY]
        > by_kind[FacilityKind.HOSPITAL]
    )
    tokyo = [f for f in catalogue if f.prefecture_code == "13"]
    tottori = [f for f in catalogue if f.prefecture_code == "31"]
    assert len(tokyo) > 5 * len(tottori)  # in proportion to population
    assert any(f.name.endswith("クリニック") for f in tokyo)
    assert any("薬局" in f.name for f in tokyo if f.kind is FacilityKind.PHARMACY)


def test_the_catalogue_is_the_same_in_another_process() -> None:
    here = hashlib.sha256(repr([f.model_dump() for f in facility_catalogue()]).encode()).hexdigest()
    env = dict(os.environ, PYTHONHASHSEED="12345")
    there = subprocess.run(
        [sys.executable, "-c", _DIGEST], capture_output=True, text=True, env=env, check=True
    )
    assert there.stdout.strip() == here


def test_create_facilities_registers_each_with_eligibility_once(system: System) -> None:
    added = system.synth.create_facilities()
    catalogue = facility_catalogue()
    assert added == len(catalogue)
    assert system.facilities.list_facilities() == sorted(catalogue, key=lambda f: f.code)
    registered = system.eligibility.facilities()
    assert [(r.code, r.kind, r.name) for r in registered] == [
        (f.code, f.kind, f.name) for f in sorted(catalogue, key=lambda f: f.code)
    ]
    assert system.synth.create_facilities() == 0
    pharmacies_in_osaka = system.facilities.list_facilities(
        kind=FacilityKind.PHARMACY, prefecture_code="27"
    )
    assert pharmacies_in_osaka and all(
        f.kind is FacilityKind.PHARMACY and f.code.startswith("274") for f in pharmacies_in_osaka
    )
    first: Facility = catalogue[0]
    assert system.facilities.get(code=first.code) == first


def _prefecture_name(code: str) -> str:
    return next(name for number, name, _ in PREFECTURES if f"{number:02d}" == code)
