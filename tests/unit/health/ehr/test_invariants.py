"""Each JP-CLINS rule, broken alone in a valid sample, is the one violation, at its location."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fhirpathpy import compile as compile_fhirpath

from mynumber.health.ehr import SampleKind, Severity, sample_bundle, validate_bundle
from mynumber.health.ehr.codes import (
    DEPARTMENT_EXTENSION,
    INSTITUTION_EXTENSION,
    INSURED_ID_SYSTEM,
    JLAC10_SYSTEM,
    LOCAL_LAB_SYSTEM,
)
from mynumber.health.ehr.invariants import INVARIANTS

Json = dict[str, Any]
K = SampleKind
INSTITUTION = f"extension('{INSTITUTION_EXTENSION}')"
DEPARTMENT = f"extension('{DEPARTMENT_EXTENSION}')"


@dataclass(frozen=True)
class Case:
    rule: str
    kind: SampleKind
    location: str
    mutate: Callable[[Json], object]


def _first(b: Json) -> Json:
    return b["entry"][0]["resource"]


def _second(b: Json) -> Json:
    return b["entry"][1]["resource"]


def _drop_url(resource: Json, url: str) -> None:
    resource["extension"] = [e for e in resource["extension"] if e["url"] != url]


def _drop_coding(resource: Json, system: str) -> None:
    coding = resource["code"]["coding"]
    resource["code"]["coding"] = [c for c in coding if c["system"] != system]


def _set(container: Json, key: str, value: object) -> None:
    container[key] = value


def _insured(b: Json) -> Json:
    return next(i for i in _first(b)["identifier"] if i["system"] == INSURED_ID_SYSTEM)


def _jlac10(b: Json) -> Json:
    return next(c for c in _second(b)["code"]["coding"] if c["system"] == JLAC10_SYSTEM)


def _extension(resource: Json, url: str) -> Json:
    return next(e for e in resource["extension"] if e["url"] == url)


def _move_patient_last(b: Json) -> None:
    b["entry"].append(b["entry"].pop(0))


def _add_foreign_allergy(b: Json) -> None:
    b["entry"].append(sample_bundle(K.ALLERGY)["entry"][1])


def _swap_first_two(b: Json) -> None:
    b["entry"][0], b["entry"][1] = b["entry"][1], b["entry"][0]


PATIENT = "Bundle.entry[0].resource"
SECOND = "Bundle.entry[1].resource"
CASES = [
    Case("BND-type", K.CONDITION, "Bundle.type", lambda b: _set(b, "type", "batch")),
    Case("R0213", K.CONDITION, "Bundle.meta.profile",
         lambda b: _set(b["meta"], "profile", ["http://example.org/Bundle"])),
    Case("R0213", K.DISCHARGE_SUMMARY, "Bundle.meta.profile",
         lambda b: _set(b, "meta", sample_bundle(K.REFERRAL)["meta"])),
    Case("BND-lastUpdated", K.ALLERGY, "Bundle.meta.lastUpdated",
         lambda b: b["meta"].pop("lastUpdated")),
    Case("BND-timestamp", K.INFECTION, "Bundle.timestamp",
         lambda b: _set(b, "timestamp", "2026-04-01T10:30:00+09:00")),
    Case("BND-timestamp", K.REFERRAL, "Bundle.timestamp", lambda b: b.pop("timestamp")),
    Case("R02151", K.CONDITION, "Bundle.identifier.system",
         lambda b: _set(b["identifier"], "system", "urn:ietf:rfc:3986")),
    Case("R02152", K.CONDITION, "Bundle.identifier.value",
         lambda b: _set(b["identifier"], "value", "1311234567^2026^A_1")),
    Case("R02152", K.CHECKUP_REPORT, "Bundle.identifier.value",
         lambda b: _set(b["identifier"], "value", "131123456^2026^0001")),
    Case("R02141", K.CONDITION, "Bundle.meta.tag", lambda b: b["meta"].pop("tag")),
    Case("R02142", K.CONDITION, "Bundle.meta.tag.code",
         lambda b: _set(b["meta"]["tag"][0], "code", "Procedure")),
    Case("R02143", K.CONDITION, "Bundle.entry", lambda b: _set(b, "entry", b["entry"][:1])),
    Case("R02144", K.CONDITION, "Bundle.entry[3].resource.resourceType", _add_foreign_allergy),
    Case("R0211", K.LAB_LIFESTYLE, "Bundle.entry[0].resource", _move_patient_last),
    Case("BND-patient", K.CONDITION, "Bundle.entry",
         lambda b: b["entry"].append(copy.deepcopy(b["entry"][0]))),
    Case("BND-patient", K.REFERRAL, "Bundle.entry",
         lambda b: b["entry"].append(copy.deepcopy(b["entry"][1]))),
    Case("R0212", K.ALLERGY, f"{PATIENT}.meta.profile",
         lambda b: _set(_first(b)["meta"], "profile", ["http://example.org/Patient"])),
    Case("R1012", K.CONDITION, f"{PATIENT}.identifier",
         lambda b: _first(b)["identifier"].remove(_insured(b))),
    Case("R1013", K.PRESCRIPTION,
         f"{PATIENT}.identifier.where(system = '{INSURED_ID_SYSTEM}').value",
         lambda b: _set(_insured(b), "value", "0613999:12:345:00")),
    Case("R1010", K.CONDITION, f"{PATIENT}.identifier.system",
         lambda b: _set(_first(b)["identifier"][0], "system",
                        "urn:oid:1.2.392.100495.20.3.51.21311234567")),
    Case("R1112", K.CONDITION, f"{PATIENT}.name",
         lambda b: [n.pop("extension") for n in _first(b)["name"]]),
    Case("R1113", K.CONDITION, f"{PATIENT}.name.text",
         lambda b: _set(_first(b)["name"][0], "text", "山田　花子")),
    Case("R9011", K.DRUG_CONTRAINDICATION, f"{SECOND}.{INSTITUTION}",
         lambda b: _drop_url(_second(b), INSTITUTION_EXTENSION)),
    Case("R9012", K.LAB_EMERGENCY, f"{SECOND}.{INSTITUTION}.valueIdentifier.value",
         lambda b: _set(_extension(_second(b), INSTITUTION_EXTENSION)["valueIdentifier"],
                        "value", "1351234567")),
    Case("R9013C", K.CONDITION, f"{SECOND}.contained", lambda b: _second(b).pop("contained")),
    Case("R9016C", K.CONDITION, f"{SECOND}.encounter",
         lambda b: _set(_second(b)["encounter"], "reference", "#elsewhere")),
    Case("R9014C", K.CONDITION, f"{SECOND}.{DEPARTMENT}",
         lambda b: _drop_url(_second(b), DEPARTMENT_EXTENSION)),
    Case("R9015C", K.CONDITION, f"{SECOND}.onsetDateTime",
         lambda b: _set(_second(b), "onsetString", _second(b).pop("onsetDateTime"))),
    Case("R9013O", K.INFECTION, f"{SECOND}.contained", lambda b: _second(b).pop("contained")),
    Case("R9016O", K.LAB_EMERGENCY, f"{SECOND}.encounter", lambda b: _second(b).pop("encounter")),
    Case("R9014O", K.LAB_LIFESTYLE, f"{SECOND}.{DEPARTMENT}",
         lambda b: _drop_url(_second(b), DEPARTMENT_EXTENSION)),
    Case("R6021", K.LAB_EMERGENCY, f"{SECOND}.code.coding",
         lambda b: _drop_coding(_second(b), LOCAL_LAB_SYSTEM)),
    Case("LAB-jlac10", K.INFECTION, f"{SECOND}.code.coding",
         lambda b: _drop_coding(_second(b), JLAC10_SYSTEM)),
    Case("LAB-jlac10-form", K.LAB_EMERGENCY,
         f"{SECOND}.code.coding.where(system = '{JLAC10_SYSTEM}').code",
         lambda b: _set(_jlac10(b), "code", "3h015000002326101")),
    Case("R2011", K.DRUG_CONTRAINDICATION, f"{SECOND}.criticality",
         lambda b: _set(_second(b), "criticality", "low")),
    Case("R3010", K.PRESCRIPTION, f"{SECOND}.medicationCodeableConcept.coding",
         lambda b: _set(_second(b)["medicationCodeableConcept"]["coding"][0], "system",
                        "urn:oid:1.2.392.200119.4.403")),
    Case("DOC-composition", K.REFERRAL, "Bundle.entry[0].resource", _swap_first_two),
    Case("DOC-type", K.DISCHARGE_SUMMARY, "Bundle.entry[0].resource.type",
         lambda b: _set(_first(b)["type"]["coding"][0], "code", "11488-4")),
    Case("DOC-subject", K.CHECKUP_REPORT, "Bundle.entry[0].resource.subject",
         lambda b: _set(_first(b)["subject"], "reference", "urn:uuid:nobody")),
]  # fmt: skip


def _broken(case: Case) -> Json:
    bundle = sample_bundle(case.kind)
    case.mutate(bundle)
    return bundle


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.rule}-{c.kind}")
def test_one_broken_rule_is_the_one_violation_at_its_location(case: Case) -> None:
    check = validate_bundle(_broken(case))
    assert [(v.rule, v.location) for v in check.violations] == [(case.rule, case.location)]
    (violation,) = check.violations
    assert violation.message
    rule = next(r for r in INVARIANTS if r.id == case.rule)
    assert violation.severity is rule.severity
    assert check.valid is (rule.severity is Severity.WARNING)


def test_every_rule_of_the_table_is_broken_by_some_case() -> None:
    assert {r.id for r in INVARIANTS} == {c.rule for c in CASES}


def test_the_table_reads_like_the_guide_ids_unique_expressions_compile() -> None:
    ids = [r.id for r in INVARIANTS]
    assert len(ids) == len(set(ids))
    for rule in INVARIANTS:
        assert compile_fhirpath(rule.expression)
        assert rule.message.endswith("。"), rule.id
        assert rule.families


def test_violations_follow_the_table_order_and_name_each_entry() -> None:
    bundle = sample_bundle(K.LAB_EMERGENCY)
    for entry in bundle["entry"][1:]:
        _drop_url(entry["resource"], INSTITUTION_EXTENSION)
    bundle["meta"].pop("lastUpdated")
    check = validate_bundle(bundle)
    assert [(v.rule, v.location) for v in check.violations] == [
        ("BND-lastUpdated", "Bundle.meta.lastUpdated"),
        *[("R9011", f"Bundle.entry[{i}].resource.{INSTITUTION}") for i in (1, 2, 3)],
    ]
