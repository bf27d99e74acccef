"""Every sample Bundle (3文書6情報) is valid, with no warning, and the same for the same input."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from mynumber.health.ehr import SampleKind, SampleSubject, sample_bundle, validate_bundle
from mynumber.health.ehr.codes import DocumentType

CATEGORIES = {
    SampleKind.CONDITION: "Condition",
    SampleKind.ALLERGY: "AllergyIntolerance",
    SampleKind.DRUG_CONTRAINDICATION: "AllergyIntolerance",
    SampleKind.INFECTION: "Observation",
    SampleKind.LAB_EMERGENCY: "Observation",
    SampleKind.LAB_LIFESTYLE: "Observation",
    SampleKind.PRESCRIPTION: "MedicationRequest",
    SampleKind.REFERRAL: DocumentType.REFERRAL.value,
    SampleKind.DISCHARGE_SUMMARY: DocumentType.DISCHARGE_SUMMARY.value,
    SampleKind.CHECKUP_REPORT: DocumentType.CHECKUP_REPORT.value,
}


def test_every_kind_has_a_sample() -> None:
    assert set(CATEGORIES) == set(SampleKind)


@pytest.mark.parametrize("kind", list(SampleKind))
def test_each_sample_passes_without_any_violation(kind: SampleKind) -> None:
    check = validate_bundle(sample_bundle(kind))
    assert check.violations == ()
    assert check.valid
    assert check.category == CATEGORIES[kind]
    document = kind in {
        SampleKind.REFERRAL,
        SampleKind.DISCHARGE_SUMMARY,
        SampleKind.CHECKUP_REPORT,
    }
    assert check.bundle_type == ("document" if document else "collection")


@pytest.mark.parametrize("kind", list(SampleKind))
def test_bytes_and_mapping_give_the_same_check(kind: SampleKind) -> None:
    bundle = sample_bundle(kind)
    assert validate_bundle(json.dumps(bundle, ensure_ascii=False).encode()) == validate_bundle(
        bundle
    )


def test_a_collection_starts_with_the_patient_and_a_document_with_the_composition() -> None:
    lab = sample_bundle(SampleKind.LAB_EMERGENCY)
    assert [e["resource"]["resourceType"] for e in lab["entry"]] == ["Patient"] + [
        "Observation"
    ] * 3
    referral = sample_bundle(SampleKind.REFERRAL)
    kinds = [e["resource"]["resourceType"] for e in referral["entry"]]
    assert kinds[:2] == ["Composition", "Patient"]
    assert (
        referral["entry"][0]["resource"]["subject"]["reference"] == referral["entry"][1]["fullUrl"]
    )


def test_the_subject_and_the_moment_shape_the_bundle() -> None:
    subject = SampleSubject(
        institution="2734567890", insurer="31270018", symbol="愛知", number="１２３", branch="01"
    )
    issued = dt.datetime(2027, 1, 5, 3, 0, tzinfo=dt.UTC)
    bundle = sample_bundle(SampleKind.CONDITION, subject, unique="A-7", issued=issued)
    assert bundle["identifier"]["value"] == "2734567890^2027^A-7"
    assert bundle["timestamp"] == "2027-01-05T12:00:00.000+09:00"
    patient = bundle["entry"][0]["resource"]
    assert {"system": "http://jpfhir.jp/fhir/clins/Idsystem/JP_Insurance_memberID",
            "value": "31270018:愛知:１２３:01"} in patient["identifier"]  # fmt: skip
    assert validate_bundle(bundle).violations == ()


def test_the_same_arguments_give_the_same_bundle_and_another_unique_other_urls() -> None:
    first = sample_bundle(SampleKind.PRESCRIPTION)
    assert sample_bundle(SampleKind.PRESCRIPTION) == first
    other = sample_bundle(SampleKind.PRESCRIPTION, unique="0002")
    assert {e["fullUrl"] for e in first["entry"]}.isdisjoint(e["fullUrl"] for e in other["entry"])
    urls = [e["fullUrl"] for e in sample_bundle(SampleKind.CHECKUP_REPORT)["entry"]]
    assert len(set(urls)) == len(urls)
