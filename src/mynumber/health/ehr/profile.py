"""Evaluate the JP-CLINS invariants (`invariants.INVARIANTS`) on a Bundle with fhirpathpy.

Each expression is compiled once, on first use. A rule holds when its expression evaluates to
exactly `true`; empty, false or an evaluation error is a violation at the rule's location. The
documents are plain JSON (no FHIR model is given to fhirpathpy): the expressions name choice
elements by their JSON names (`onsetDateTime`, `valueIdentifier`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import cache
from typing import Any

from fhirpathpy import compile as compile_fhirpath

from mynumber.health.ehr.codes import (
    BUNDLE_PROFILE,
    CATEGORY_TAG_SYSTEM,
    CLINS_CATEGORIES,
    DOCUMENT_PROFILES,
    DocumentType,
)
from mynumber.health.ehr.invariants import (
    BUNDLE,
    INVARIANTS,
    OTHER_THAN_PATIENT,
    Family,
    Invariant,
)
from mynumber.health.ehr.results import Violation

__all__ = ["bundle_category", "bundle_family", "profile_violations"]

Evaluator = Callable[[Any, Mapping[str, Any]], list[Any]]


@cache
def _compiled(expression: str) -> Evaluator:
    return compile_fhirpath(expression)


def bundle_family(bundle: Mapping[str, Any]) -> Family:
    """Return which rules apply: the 3文書 for a `document`, the 6情報 for anything else."""
    return Family.DOCUMENT if bundle.get("type") == Family.DOCUMENT.value else Family.CLINS


def bundle_category(bundle: Mapping[str, Any]) -> str | None:
    """Return the 6情報 resource type of meta.tag, or the document's Composition.type code."""
    if bundle_family(bundle) is Family.DOCUMENT:
        first = _resource(_entries(bundle)[0]) if _entries(bundle) else {}
        codes = [c.get("code") for c in _list(_dict(first.get("type")).get("coding"))]
        return next((c for c in codes if isinstance(c, str)), None)
    tags = _list(_dict(bundle.get("meta")).get("tag"))
    codes = [_dict(t).get("code") for t in tags if _dict(t).get("system") == CATEGORY_TAG_SYSTEM]
    return next((c for c in codes if isinstance(c, str)), None)


def _environment(bundle: Mapping[str, Any], family: Family) -> dict[str, str]:
    """Return %category and %profile: what the rules compare the Bundle's contents against."""
    category = bundle_category(bundle) or ""
    if family is Family.CLINS:
        return {
            "category": category if category in CLINS_CATEGORIES else "",
            "profile": BUNDLE_PROFILE,
        }
    known = category in {t.value for t in DocumentType}
    profile = DOCUMENT_PROFILES[DocumentType(category)] if known else ""
    return {"category": category, "profile": profile}


def profile_violations(bundle: Mapping[str, Any]) -> list[Violation]:
    """Return the violations of every rule that applies to this Bundle, in the table's order."""
    family = bundle_family(bundle)
    env = _environment(bundle, family)
    violations: list[Violation] = []
    for rule in INVARIANTS:
        if family not in rule.families:
            continue
        for location, element in _contexts(bundle, rule):
            if not _holds(rule, element, env):
                violations.append(_violation(rule, location))
    return violations


def _contexts(bundle: Mapping[str, Any], rule: Invariant) -> Iterator[tuple[str, Any]]:
    """Yield (FHIRPath of the context, the element) for each element the rule is checked on."""
    if rule.context == BUNDLE:
        yield "Bundle", bundle
        return
    for index, entry in enumerate(_entries(bundle)):
        resource = _resource(entry)
        kind = resource.get("resourceType")
        if kind == rule.context or (rule.context == OTHER_THAN_PATIENT and kind != "Patient"):
            yield f"Bundle.entry[{index}].resource", resource


def _holds(rule: Invariant, element: Any, env: Mapping[str, str]) -> bool:
    try:
        return _compiled(rule.expression)(element, dict(env)) == [True]
    except Exception:  # a malformed document breaks the rule, never the check
        return False


def _violation(rule: Invariant, context: str) -> Violation:
    location = context if not rule.location else f"{context}.{rule.location}"
    return Violation(rule=rule.id, location=location, message=rule.message, severity=rule.severity)


def _entries(bundle: Mapping[str, Any]) -> list[Any]:
    return _list(bundle.get("entry"))


def _resource(entry: Any) -> dict[str, Any]:
    return _dict(_dict(entry).get("resource"))


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
