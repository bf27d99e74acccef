"""`validate_bundle`: a JP-CLINS Bundle checked for FHIR R4 structure, then for the profile.

Both checks always run (a structural error does not hide a profile violation elsewhere), and
nothing raises: bytes that are not JSON, or JSON that is not a Bundle, are one violation at
`Bundle`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from mynumber.health.ehr.profile import bundle_category, profile_violations
from mynumber.health.ehr.results import STRUCTURE_RULE, BundleCheck, Severity, Violation
from mynumber.health.ehr.structure import structure_violations

__all__ = ["validate_bundle"]


def validate_bundle(document: Mapping[str, Any] | bytes) -> BundleCheck:
    """Return the check of a Bundle given as parsed JSON or as the bytes of a JSON document."""
    bundle, refusal = _parsed(document)
    if bundle is None:
        return BundleCheck(valid=False, violations=(refusal,) if refusal else ())
    violations = (*structure_violations(bundle), *profile_violations(bundle))
    entries = bundle.get("entry")
    bundle_type = bundle.get("type")
    return BundleCheck(
        valid=not any(v.severity is Severity.ERROR for v in violations),
        bundle_type=bundle_type if isinstance(bundle_type, str) else None,
        category=bundle_category(bundle),
        entries=len(entries) if isinstance(entries, list) else 0,
        violations=violations,
    )


def _parsed(document: Mapping[str, Any] | bytes) -> tuple[dict[str, Any] | None, Violation | None]:
    """Return the Bundle as a dict, or None and the violation that says why not."""
    value: Any = document
    if isinstance(document, bytes | bytearray):
        try:
            value = json.loads(document)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            return None, _refusal("JSONとして読めません。", str(error))
        except RecursionError:
            return None, _refusal("JSONの入れ子が深すぎます。", "")
    if not isinstance(value, Mapping):
        return None, _refusal("JSONオブジェクトではありません。", type(value).__name__)
    if value.get("resourceType") != "Bundle":
        return None, _refusal(
            "resourceTypeがBundleではありません。", str(value.get("resourceType"))
        )
    return dict(value), None


def _refusal(message: str, detail: str) -> Violation:
    return Violation(rule=STRUCTURE_RULE, location="Bundle", message=message, detail=detail)
