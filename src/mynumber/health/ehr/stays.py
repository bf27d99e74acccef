"""The 3文書 of an inpatient stay (入院): 退院時サマリー and 診療情報提供書 as JP-CLINS document
Bundles, built on the valid samples with the stay's diagnosis and its 入院 Encounter.

The sample's Condition becomes the stay's (ICD-10 ⚠ coded as the claims code it), onset on the
admission day; every contained Encounter becomes class IMP (入院) with the stay's period; the
document is issued on the discharge day. Meant for the synthetic population.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from mynumber.health.ehr.sample_resources import ENCOUNTER_ID, SampleSubject
from mynumber.health.ehr.samples import JST, SampleKind, sample_bundle

__all__ = ["STAY_DOCUMENTS", "InpatientStay", "inpatient_bundle"]

Json = dict[str, Any]
STAY_DOCUMENTS = (SampleKind.DISCHARGE_SUMMARY, SampleKind.REFERRAL)
_ICD10 = "http://hl7.org/fhir/sid/icd-10"
_ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"


@dataclass(frozen=True)
class InpatientStay:
    """One stay: admitted and discharged (days), and the diagnosis it was for."""

    admitted: dt.date
    discharged: dt.date
    diagnosis_code: str  # ICD-10
    diagnosis_name: str


def inpatient_bundle(
    kind: SampleKind, subject: SampleSubject, stay: InpatientStay, *, unique: str
) -> Json:
    """Return the stay's document Bundle of this kind (one of `STAY_DOCUMENTS`), issued at 11:00
    on the discharge day; `unique` is the Bundle id's last part ([A-Za-z0-9-])."""
    if kind not in STAY_DOCUMENTS:
        raise ValueError(f"{kind} is not a document of a stay")
    issued = dt.datetime.combine(stay.discharged, dt.time(11, 0), tzinfo=JST)
    bundle = sample_bundle(kind, subject, unique=unique, issued=issued)
    conditions = [e for e in bundle["entry"] if e["resource"]["resourceType"] == "Condition"]
    dropped = {e["fullUrl"] for e in conditions[1:]}  # one Condition: the stay's
    bundle["entry"] = [e for e in bundle["entry"] if e["fullUrl"] not in dropped]
    for entry in bundle["entry"]:
        resource = entry["resource"]
        if resource["resourceType"] == "Composition":
            for section in resource.get("section", ()):
                section["entry"] = [r for r in section["entry"] if r["reference"] not in dropped]
        if resource["resourceType"] == "Condition":
            _as_stay_condition(resource, stay)
        for contained in resource.get("contained", ()):
            if contained.get("id") == ENCOUNTER_ID:
                _as_stay_encounter(contained, stay)
    return bundle


def _as_stay_condition(resource: Json, stay: InpatientStay) -> None:
    coding = {"system": _ICD10, "code": stay.diagnosis_code, "display": stay.diagnosis_name}
    resource["code"] = {"coding": [coding], "text": stay.diagnosis_name}
    resource["onsetDateTime"] = resource["recordedDate"] = stay.admitted.isoformat()


def _as_stay_encounter(encounter: Json, stay: InpatientStay) -> None:
    encounter["class"] = {"system": _ACT_CODE, "code": "IMP", "display": "入院"}
    encounter["period"] = {"start": stay.admitted.isoformat(), "end": stay.discharged.isoformat()}
