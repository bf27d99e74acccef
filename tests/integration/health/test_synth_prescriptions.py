"""Synthetic 電子処方箋, 調剤結果 and stay documents matching the population's claims."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import Any

from mynumber.app import System
from mynumber.eligibility.data import Claim
from mynumber.health.api import BundleQuery, validate_bundle
from mynumber.health.data import InsuredPatient, Prescription
from mynumber.synth.claims import ClaimFacilities, builtin_facilities, generate, person_rng
from mynumber.synth.data import HealthRecordsReport
from mynumber.synth.facilities import facility_catalogue
from mynumber.synth.health_records import E_PRESCRIPTION_START
from mynumber.synth.lives import covered_from_history
from mynumber.synth.loading import Covered
from mynumber.synth.medicine import PRESCRIPTION
from mynumber.synth.stays import ADMISSION, DISCHARGE

ON = dt.date(2026, 11, 22)  # today in Japan on the fixed clock
SEED = 7
READER = "1311111111"


def _facilities(system: System) -> list[tuple[str, str]]:
    """Register the catalogue's hospitals (they send Bundles); return them with the built-in
    clinics and pharmacies (fewer to register than the whole catalogue)."""
    hospitals = [f for f in facility_catalogue() if f.kind == "hospital"]
    for hospital in hospitals:
        system.facilities.add_facility(facility=hospital)
    return builtin_facilities() + [(f.code, "hospital") for f in hospitals]


def _populate(system: System) -> tuple[list[tuple[str, str]], HealthRecordsReport]:
    system.synth.populate(seed=SEED, people=250, on=ON)
    facilities = _facilities(system)
    system.synth.populate_lives(seed=SEED, on=ON)
    sent = system.synth.populate_claims(seed=SEED, on=ON, facility_codes=facilities)
    assert sent.refused == 0
    seen: list[tuple[int, int]] = []
    report = system.synth.populate_health_records(
        health=system.health, seed=SEED, on=ON, facility_codes=facilities,
        progress=lambda *p: seen.append(p),
    )  # fmt: skip
    assert seen[-1][0] == seen[-1][1]
    return facilities, report


def _claims_by_patient(
    system: System, facilities: Sequence[tuple[str, str]]
) -> dict[InsuredPatient, list[Claim]]:
    """Draw the claims again as the synth sent them, grouped by patient."""
    chosen = ClaimFacilities(facilities)
    found: dict[InsuredPatient, list[Claim]] = {}
    people: list[Covered] = covered_from_history(system.registry, system.eligibility, on=ON)
    for person in people:
        claims, _ = generate(person_rng(SEED, person), person, on=ON, facilities=chosen)
        for claim in claims:
            ref = claim.insured
            patient = InsuredPatient(
                insurer_number=ref.insurer_number, symbol=ref.symbol, number=ref.number,
                branch=ref.branch, birth_date=person.resident.birth_date,
            )  # fmt: skip
            found.setdefault(patient, []).append(claim)
    return found


def _coded(claim: Claim, code: str) -> bool:
    return any(p.code == code for p in claim.procedures)


def _matches(prescription: Prescription, claims: list[Claim]) -> bool:
    content = prescription.content
    drugs = [(d.yj_code, d.quantity, d.days) for d in content.drugs]
    return any(
        first.facility_code == content.facility_code
        and first.service_date == content.issued_on >= E_PRESCRIPTION_START
        and _coded(first, PRESCRIPTION[0])
        and second.service_date == content.issued_on
        and [(m.code, m.quantity, m.days) for m in second.medications] == drugs
        for first, second in itertools.pairwise(claims)
    )


def test_prescriptions_and_stay_documents_match_the_claims(system: System) -> None:
    """Every prescription is a claim's, every dispensing its prescription's, every Bundle a
    stay's and valid; the same seed gives the same records again."""
    facilities, report = _populate(system)
    by_patient = _claims_by_patient(system, facilities)
    assert 0 < report.prescriptions < report.outpatient_prescriptions
    assert report.stays > 0 and report.bundles.get("discharge-summary", 0) > 0
    assert report.refused == 0  # every Bundle valid, every patient covered today
    prescriptions = dispensings = bundles = 0
    for patient, claims in by_patient.items():
        if not any(_coded(c, PRESCRIPTION[0]) or _coded(c, ADMISSION[0]) for c in claims):
            continue  # neither a prescription nor a stay: nothing to read
        own = system.health.prescriptions_of(patient=patient, reader=READER)
        for prescription in own.prescriptions:  # each one is a claim's, same person and day
            assert _matches(prescription, claims), prescription
        ids = {p.prescription_id: p for p in own.prescriptions}
        for dispensing in own.dispensings:  # each of an existing prescription, at the pharmacy
            issued = ids[dispensing.prescription_id].content
            assert dispensing.dispensed_on == issued.issued_on
            assert any(
                c.facility_code == dispensing.facility_code and c.medications
                and c.service_date == dispensing.dispensed_on for c in claims
            )  # fmt: skip
        prescriptions += len(own.prescriptions)
        dispensings += len(own.dispensings)
        stays = {
            (a.facility_code, a.service_date, b.service_date)
            for a, b in itertools.pairwise(claims)
            if _coded(a, ADMISSION[0]) and _coded(b, DISCHARGE[0])
        }
        for hospital in {h for h, _, _ in stays}:
            listed = system.health.bundles_for(
                query=BundleQuery(patient=patient, facility_code=hospital)
            )
            for stored in listed.bundles:
                assert validate_bundle(stored.bundle).valid
                assert (hospital, *_period(stored.bundle)) in stays
                bundles += 1
    assert prescriptions == dispensings == report.prescriptions
    assert bundles == sum(report.bundles.values())
    again = system.synth.populate_health_records(
        health=system.health, seed=SEED, on=ON, facility_codes=facilities
    )
    assert again.model_dump(exclude={"seconds"}) == report.model_dump(exclude={"seconds"})


def _period(document: dict[str, Any]) -> tuple[dt.date, dt.date]:
    """Return the 入院 Encounter's period of a stay document's Condition."""
    for entry in document["entry"]:
        resource = entry["resource"]
        if resource["resourceType"] == "Condition":
            (encounter,) = resource["contained"]
            assert encounter["class"]["code"] == "IMP"
            period = encounter["period"]
            return dt.date.fromisoformat(period["start"]), dt.date.fromisoformat(period["end"])
    raise AssertionError("no Condition")
