"""The FHIR R4 structure of a Bundle, checked with the fhir.resources R4B models.

R4B is the closest release fhir.resources ships to R4 4.0.1 (JP-CLINS's version; its R5
default would drop R4 elements such as MedicationRequest.medicationCodeableConcept). The
Bundle's own elements and each entry are validated apart, so that an entry whose resourceType
is unknown (which the models answer with a KeyError, not a ValidationError) is one located
violation and the other entries are still checked. Each pydantic error becomes a violation at
its FHIRPath (`('entry', 2, 'resource', 'code')` → `Bundle.entry[2].resource.code`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle, BundleEntry
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from mynumber.health.ehr.results import STRUCTURE_RULE, Violation

__all__ = ["fhirpath_of", "structure_violations"]

_MESSAGES = {
    "extra_forbidden": "FHIR R4に定義されていない要素です。",
    "missing": "必須の要素がありません。",
    "model_field_validation.missing": "必須の要素がありません。",
    "value_error": "値の形式が正しくありません。",
}
_TYPE_MESSAGE = "要素の型が正しくありません。"


def fhirpath_of(loc: tuple[int | str, ...], root: str = "Bundle") -> str:
    """Return the FHIRPath of a pydantic error location: indexes in brackets, names dotted."""
    path = root
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def structure_violations(bundle: Mapping[str, Any]) -> list[Violation]:
    """Return the violations of the FHIR R4 structure, each at its FHIRPath."""
    shell = {key: value for key, value in bundle.items() if key != "entry"}
    violations = _validate(Bundle, shell, ())
    entries = bundle.get("entry")
    if entries is None:
        return violations
    if not isinstance(entries, list):
        return [*violations, _located("Bundle.entry", _TYPE_MESSAGE, "entry must be an array")]
    for index, entry in enumerate(entries):
        unknown = list(_unknown_types(entry, f"Bundle.entry[{index}]"))
        violations.extend(unknown or _validate(BundleEntry, entry, ("entry", index)))
    return violations


def _validate(model: type[BaseModel], value: Any, prefix: tuple[int | str, ...]) -> list[Violation]:
    try:
        model.model_validate(value)
    except ValidationError as error:
        return [_from_error(detail, prefix) for detail in error.errors()]
    except Exception as error:  # the models raise more than ValidationError
        return [_located(fhirpath_of(prefix), "構造が正しくありません。", repr(error))]
    return []


def _from_error(detail: ErrorDetails, prefix: tuple[int | str, ...]) -> Violation:
    message = _MESSAGES.get(detail["type"], _TYPE_MESSAGE)
    loc = detail["loc"]
    if loc and loc[-1] == "root":  # fhir_core's own errors name the wrapped model's root too
        loc = loc[:-1]
    return _located(fhirpath_of((*prefix, *loc)), message, detail["msg"])


def _unknown_types(entry: Any, at: str) -> Iterator[Violation]:
    """Yield a violation for the entry's resource, or a contained one, of an unknown type."""
    resource = entry.get("resource") if isinstance(entry, dict) else None
    if not isinstance(resource, dict):
        return
    yield from _unknown(resource, f"{at}.resource")
    contained = resource.get("contained")
    for index, inner in enumerate(contained if isinstance(contained, list) else []):
        if isinstance(inner, dict):
            yield from _unknown(inner, f"{at}.resource.contained[{index}]")


def _unknown(resource: dict[str, Any], at: str) -> Iterator[Violation]:
    kind = resource.get("resourceType")
    try:
        get_fhir_model_class(str(kind))
    except (ValueError, KeyError):
        yield _located(f"{at}.resourceType", f"未知のリソース種別です: {kind}", "")


def _located(location: str, message: str, detail: str) -> Violation:
    return Violation(rule=STRUCTURE_RULE, location=location, message=message, detail=detail)
