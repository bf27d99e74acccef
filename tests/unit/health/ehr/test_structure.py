"""Structurally broken Bundles give located errors, and no input makes the check raise."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mynumber.health.ehr import SampleKind, sample_bundle, validate_bundle
from mynumber.health.ehr.results import STRUCTURE_RULE
from mynumber.health.ehr.structure import fhirpath_of

Json = dict[str, Any]


def _structural(bundle: Json) -> list[tuple[str, str]]:
    check = validate_bundle(bundle)
    assert not check.valid
    return [(v.location, v.message) for v in check.violations if v.rule == STRUCTURE_RULE]


def test_a_location_is_a_fhirpath() -> None:
    assert fhirpath_of(("entry", 2, "resource", "code")) == "Bundle.entry[2].resource.code"
    assert fhirpath_of(()) == "Bundle"


def test_an_element_of_the_wrong_type_is_located() -> None:
    bundle = sample_bundle(SampleKind.CONDITION)
    bundle["entry"][2]["resource"]["code"] = "本態性高血圧症"
    assert _structural(bundle) == [
        ("Bundle.entry[2].resource.code", "要素の型が正しくありません。")
    ]


def test_an_element_fhir_does_not_define_is_located() -> None:
    bundle = sample_bundle(SampleKind.ALLERGY)
    bundle["entry"][1]["resource"]["severity"] = "severe"  # belongs to reaction, not the root
    assert _structural(bundle) == [
        ("Bundle.entry[1].resource.severity", "FHIR R4に定義されていない要素です。")
    ]


def test_a_missing_required_element_is_located() -> None:
    bundle = sample_bundle(SampleKind.LAB_EMERGENCY)
    del bundle["entry"][3]["resource"]["status"]
    assert _structural(bundle) == [("Bundle.entry[3].resource.status", "必須の要素がありません。")]


def test_a_bad_value_inside_a_contained_resource_is_located() -> None:
    bundle = sample_bundle(SampleKind.INFECTION)
    bundle["entry"][1]["resource"]["contained"][0].pop("class")
    bundle["entry"][2]["resource"]["effectiveDateTime"] = "2026-13-45"
    assert [loc for loc, _ in _structural(bundle)] == [
        "Bundle.entry[1].resource.contained[0].class",
        "Bundle.entry[2].resource.effectiveDateTime",
    ]


def test_an_unknown_resource_type_is_located_and_the_other_entries_still_checked() -> None:
    bundle = sample_bundle(SampleKind.CONDITION)
    bundle["entry"][1]["resource"]["resourceType"] = "Diagnosis"
    bundle["entry"][2]["resource"]["contained"][0]["resourceType"] = "Visit"
    bundle["entry"][0]["resource"]["gender"] = 1
    assert [loc for loc, _ in _structural(bundle)] == [
        "Bundle.entry[0].resource.gender",
        "Bundle.entry[1].resource.resourceType",
        "Bundle.entry[2].resource.contained[0].resourceType",
    ]


def test_the_bundles_own_elements_are_checked() -> None:
    bundle = sample_bundle(SampleKind.PRESCRIPTION)
    bundle["type"] = 12
    bundle["identifier"] = [bundle["identifier"]]  # 0..1 in R4
    locations = [loc for loc, _ in _structural(bundle)]
    assert locations == ["Bundle.identifier", "Bundle.type"]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (b"{not json", "JSONとして読めません。"),
        (b"\xff\xfe", "JSONとして読めません。"),
        (b"[1, 2]", "JSONオブジェクトではありません。"),
        (b"[" * 100_000, "JSONの入れ子が深すぎます。"),
        ({"resourceType": "Patient"}, "resourceTypeがBundleではありません。"),
        ({}, "resourceTypeがBundleではありません。"),
    ],
)
def test_what_is_no_bundle_is_one_violation_at_the_root(document: Any, message: str) -> None:
    check = validate_bundle(document)
    assert not check.valid
    assert [(v.rule, v.location, v.message) for v in check.violations] == [
        (STRUCTURE_RULE, "Bundle", message)
    ]


def _nested(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize(
    "mutation",
    [
        {"entry": "x"},
        {"entry": [1, None, "s", {"resource": 5}, {"resource": {"resourceType": None}}]},
        {"meta": 5, "identifier": "x", "timestamp": 3},
        {"meta": {"tag": "Condition", "profile": 7}},
        {"entry": [{"resource": {"resourceType": "Patient", "identifier": 3, "name": [4]}}]},
        {"entry": [{"resource": {"resourceType": "Patient", "extension": _nested(5_000)}}]},
    ],
)
def test_garbage_is_reported_never_raised(mutation: Json) -> None:
    """Elements of the wrong shape anywhere, down to an extension nested thousands deep."""
    bundle = sample_bundle(SampleKind.CONDITION) | mutation
    check = validate_bundle(bundle)
    assert not check.valid and check.violations


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(list(SampleKind)), path=st.lists(st.integers(0, 50), max_size=4),
       value=_JSON)  # fmt: skip
def test_any_value_anywhere_gives_a_check_not_an_exception(
    kind: SampleKind, path: list[int], value: object
) -> None:
    bundle = sample_bundle(kind)
    node: Any = bundle
    for step in path:  # walk down to some element, then replace one of its children
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not keys:
            break
        key = keys[step % len(keys)]
        if not isinstance(node[key], dict | list) or step % 3 == 0:
            node[key] = value
            break
        node = node[key]
    check = validate_bundle(json.dumps(bundle).encode())
    assert check.valid is (check.errors == ())
