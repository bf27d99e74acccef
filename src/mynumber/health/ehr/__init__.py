"""電子カルテ情報共有サービス (JP-CLINS): checking the FHIR R4 Bundles facilities send.

The 3文書6情報 of the service travel as FHIR R4 Bundles profiled by the JP-CLINS guide:
`validate_bundle` checks one for structure (fhir.resources R4B models) and for the guide's
invariants (FHIRPath, evaluated by fhirpathpy, listed as data in `invariants`); `sample_bundle`
builds a valid one of each kind. `health.ehr_store` stores and shares the Bundles.
"""

from __future__ import annotations

from mynumber.health.ehr.results import BundleCheck, Severity, Violation
from mynumber.health.ehr.samples import SampleKind, SampleSubject, sample_bundle
from mynumber.health.ehr.validation import validate_bundle

__all__ = [
    "BundleCheck",
    "SampleKind",
    "SampleSubject",
    "Severity",
    "Violation",
    "sample_bundle",
    "validate_bundle",
]
