"""The resources of the sample Bundles: a patient and a facility's records about them.

Plain JSON dicts shaped as the JP-CLINS guide's examples are. The clinical codes are
illustrative ⚠: JLAC10 codes of K, ALB and eGFR are the guide's; the others (CRP, HbA1c, LDL,
the infection markers), the YJ codes, the 病名 and JFAGY codes and the 用法 code follow the
code systems' shapes without being checked against their masters.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from mynumber.health.ehr.codes import (
    DEPARTMENT_EXTENSION,
    DEPARTMENT_SYSTEM,
    EN_REPRESENTATION,
    INSTITUTION_EXTENSION,
    INSTITUTION_SYSTEM,
    INSURED_ID_SYSTEM,
    JLAC10_SYSTEM,
    LOCAL_LAB_SYSTEM,
    LOCAL_PATIENT_ID_PREFIX,
    PATIENT_PROFILE,
    YJ_SYSTEM,
)

__all__ = [
    "ENCOUNTER_ID",
    "LabItem",
    "SampleSubject",
    "allergy",
    "condition",
    "institution_extension",
    "lab_observation",
    "medication_request",
    "patient",
]

Json = dict[str, Any]
ENCOUNTER_ID = "encounter"  # id of the contained Encounter (the visit the record was made at)
_PROFILE = "http://jpfhir.jp/fhir/eCS/StructureDefinition/"
_UCUM = "http://unitsofmeasure.org"


@dataclass(frozen=True)
class SampleSubject:
    """The patient and the facility of a sample: who it is about and who sends it.

    `institution` is the 10-digit 医療機関番号 (都道府県2 + 点数表1 + 医療機関コード7; the
    default is made up ⚠); the 被保険者 fields make the identifier `保険者:記号:番号:枝番`.
    """

    institution: str = "1311234567"
    patient_id: str = "000123"
    insurer: str = "06139993"
    symbol: str = "12"
    number: str = "345"
    branch: str = "00"
    family: str = "山田"
    given: str = "花子"
    family_kana: str = "ヤマダ"
    given_kana: str = "ハナコ"
    gender: str = "female"
    birth_date: dt.date = dt.date(1968, 5, 20)

    @property
    def insured_id(self) -> str:
        """Return the 被保険者識別子 `保険者番号:記号:番号:枝番`."""
        return f"{self.insurer}:{self.symbol}:{self.number}:{self.branch}"


@dataclass(frozen=True)
class LabItem:
    """One lab test: the facility's code, JLAC10 and how its result reads."""

    local: str
    jlac10: str
    name: str
    value: float | str
    unit: str = ""


def _coding(system: str, code: str, display: str) -> Json:
    return {"system": system, "code": code, "display": display}


def institution_extension(subject: SampleSubject) -> Json:
    """Return the 医療機関番号 extension every resource but the Patient carries."""
    identifier = {"system": INSTITUTION_SYSTEM, "value": subject.institution}
    return {"url": INSTITUTION_EXTENSION, "valueIdentifier": identifier}


def _department() -> Json:
    coding = _coding(DEPARTMENT_SYSTEM, "01", "内科")
    return {"url": DEPARTMENT_EXTENSION, "valueCodeableConcept": {"coding": [coding]}}


def _encounter(outpatient: bool = True) -> Json:
    code, name = ("AMB", "外来") if outpatient else ("IMP", "入院")
    return {
        "resourceType": "Encounter",
        "id": ENCOUNTER_ID,
        "meta": {"profile": ["http://jpfhir.jp/fhir/core/StructureDefinition/JP_Encounter"]},
        "status": "finished",
        "class": _coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", code, name),
    }


def _record(kind: str, profile: str, subject: SampleSubject, patient_url: str) -> Json:
    """Return what every record shares: profile, institution, the contained visit, subject."""
    return {
        "resourceType": kind,
        "meta": {"profile": [_PROFILE + profile]},
        "extension": [institution_extension(subject), _department()],
        "contained": [_encounter()],
        "subject": {"reference": patient_url},
        "encounter": {"reference": f"#{ENCOUNTER_ID}"},
    }


def patient(subject: SampleSubject) -> Json:
    """Return the JP_Patient_eCS: local id, one 被保険者識別子, kanji and kana names."""
    return {
        "resourceType": "Patient",
        "meta": {"profile": [PATIENT_PROFILE]},
        "identifier": [
            {"system": LOCAL_PATIENT_ID_PREFIX + subject.institution, "value": subject.patient_id},
            {"system": INSURED_ID_SYSTEM, "value": subject.insured_id},
        ],
        "name": [
            _name("IDE", subject.family, subject.given),
            _name("SYL", subject.family_kana, subject.given_kana),
        ],
        "gender": subject.gender,
        "birthDate": subject.birth_date.isoformat(),
    }


def _name(representation: str, family: str, given: str) -> Json:
    return {
        "extension": [{"url": EN_REPRESENTATION, "valueCode": representation}],
        "use": "official",
        "text": f"{family} {given}",
        "family": family,
        "given": [given],
    }


def condition(subject: SampleSubject, patient_url: str, *, onset: dt.date, name: str) -> Json:
    """Return a JP_Condition_eCS (傷病名) coded with ICD-10 ⚠, with its onset date."""
    icd10 = {"本態性高血圧症": "I10", "2型糖尿病": "E11", "急性肺炎": "J18.9"}.get(name, "R69")
    resource = _record("Condition", "JP_Condition_eCS", subject, patient_url)
    system = "http://terminology.hl7.org/CodeSystem/condition-clinical"
    return resource | {
        "clinicalStatus": {"coding": [{"system": system, "code": "active"}]},
        "code": {
            "coding": [_coding("http://hl7.org/fhir/sid/icd-10", icd10, name)],
            "text": name,
        },
        "onsetDateTime": onset.isoformat(),
        "recordedDate": onset.isoformat(),
    }


def allergy(
    subject: SampleSubject, patient_url: str, *, medication: bool, recorded: dt.date
) -> Json:
    """Return a JP_AllergyIntolerance_eCS: a food allergy, or a 薬剤禁忌 (medication, high)."""
    resource = _record("AllergyIntolerance", "JP_AllergyIntolerance_eCS", subject, patient_url)
    resource["patient"] = resource.pop("subject")
    if medication:
        code = _coding(YJ_SYSTEM, "6132013F1020", "セファクロル")
        details = {"category": ["medication"], "criticality": "high"}
    else:
        system = "http://jpfhir.jp/fhir/core/CodeSystem/JP_JfagyFoodAllergen_CS"
        code = _coding(system, "J7FF1100", "鶏卵")
        details = {"category": ["food"], "criticality": "low"}
    clinical = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"
    return (
        resource
        | details
        | {
            "clinicalStatus": {"coding": [{"system": clinical, "code": "active"}]},
            "code": {"coding": [code], "text": code["display"]},
            "recordedDate": recorded.isoformat(),
        }
    )


def lab_observation(
    subject: SampleSubject, patient_url: str, item: LabItem, *, taken: dt.datetime
) -> Json:
    """Return a JP_Observation_LabResult_eCS coded locally and with JLAC10."""
    resource = _record("Observation", "JP_Observation_LabResult_eCS", subject, patient_url)
    category = "http://jpfhir.jp/fhir/core/CodeSystem/JP_SimpleObservationCategory_CS"
    result: Json
    if isinstance(item.value, str):
        result = {"valueString": item.value}
    else:
        result = {
            "valueQuantity": {
                "value": item.value,
                "unit": item.unit,
                "system": _UCUM,
                "code": item.unit,
            }
        }
    return (
        resource
        | {
            "status": "final",
            "category": [{"coding": [_coding(category, "laboratory", "検査")]}],
            "code": {
                "coding": [
                    _coding(LOCAL_LAB_SYSTEM, item.local, item.name),
                    _coding(JLAC10_SYSTEM, item.jlac10, item.name),
                ],
                "text": item.name,
            },
            "effectiveDateTime": taken.isoformat(),
        }
        | result
    )


def medication_request(subject: SampleSubject, patient_url: str, *, authored: dt.date) -> Json:
    """Return a JP_MedicationRequest_eCS (処方): YJ-coded drug, 用法, 28 days."""
    resource = _record("MedicationRequest", "JP_MedicationRequest_eCS", subject, patient_url)
    usage = "http://jpfhir.jp/fhir/core/mhlw/CodeSystem/MedicationUsage_ePrescription"
    tablet = {"value": 1, "unit": "錠", "system": "urn:oid:1.2.392.100495.20.2.101", "code": "TAB"}
    return resource | {
        "status": "active",
        "intent": "order",
        "medicationCodeableConcept": {
            "coding": [_coding(YJ_SYSTEM, "2171022F1020", "アムロジピン錠5mg")],
            "text": "アムロジピン錠5mg",
        },
        "authoredOn": authored.isoformat(),
        "dosageInstruction": [
            {
                "text": "1日1回朝食後 1回1錠",
                "timing": {
                    "code": {"coding": [_coding(usage, "1013044400000000", "1日1回朝食後")]}
                },
                "doseAndRate": [{"doseQuantity": tablet}],
            }
        ],
        "dispenseRequest": {
            "quantity": tablet | {"value": 28},
            "expectedSupplyDuration": {"value": 28, "unit": "日", "system": _UCUM, "code": "d"},
        },
    }
