"""What a check of a Bundle answers: each violation with the FHIRPath of the element at fault."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

__all__ = ["STRUCTURE_RULE", "BundleCheck", "Severity", "Violation"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
STRUCTURE_RULE = "structure"  # the rule id of every violation of the FHIR R4 structure itself


class Severity(StrEnum):
    """An error makes the Bundle invalid; a warning (注意喚起) does not."""

    ERROR = "error"
    WARNING = "warning"


class Violation(BaseModel):
    """One rule a Bundle breaks, where (a FHIRPath such as `Bundle.entry[2].resource.code`)."""

    model_config = _FROZEN

    rule: str
    location: str
    message: str
    severity: Severity = Severity.ERROR
    detail: str = ""


class BundleCheck(BaseModel):
    """The answer of `validate_bundle`: valid when no violation is an error.

    `bundle_type` is Bundle.type as sent; `category` is the 6情報 resource type of
    `meta.tag[resourceType]`, or the Composition.type code of a document (3文書).
    """

    model_config = _FROZEN

    valid: bool
    bundle_type: str | None = None
    category: str | None = None
    entries: int = 0
    violations: tuple[Violation, ...] = ()

    @property
    def errors(self) -> tuple[Violation, ...]:
        """Return the violations that make the Bundle invalid."""
        return tuple(v for v in self.violations if v.severity is Severity.ERROR)

    def rules(self) -> set[str]:
        """Return the ids of the rules broken (errors and warnings)."""
        return {v.rule for v in self.violations}
