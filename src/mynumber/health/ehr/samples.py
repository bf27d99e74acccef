"""Valid sample Bundles of each kind (3文書6情報) for a patient and a facility.

The 6情報 are `collection` Bundles of JP_Bundle_CLINS (Patient first, one resource category);
the 3文書 are `document` Bundles (Composition first). The same arguments give the same Bundle:
fullUrls are UUIDs derived from the facility, the Bundle's unique part and the entry's position.
Used by the tests and the benchmark, and meant for the synthetic population.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from mynumber.health.ehr.codes import (
    BUNDLE_IDENTIFIER_SYSTEM,
    BUNDLE_PROFILE,
    CATEGORY_TAG_SYSTEM,
    DOCUMENT_PROFILES,
    DOCUMENT_TYPE_SYSTEM,
    INSTITUTION_SYSTEM,
    DocumentType,
)
from mynumber.health.ehr.sample_resources import (
    LabItem,
    SampleSubject,
    allergy,
    condition,
    lab_observation,
    medication_request,
    patient,
)

__all__ = ["DEFAULT_ISSUED", "SampleKind", "SampleSubject", "sample_bundle"]

Json = dict[str, Any]
JST = dt.timezone(dt.timedelta(hours=9), "JST")
DEFAULT_ISSUED = dt.datetime(2026, 4, 1, 10, 30, 0, 123000, tzinfo=JST)


class SampleKind(StrEnum):
    """The kinds of sample: the 6情報 (with two lab panels) and the 3文書."""

    CONDITION = "condition"  # 傷病名
    ALLERGY = "allergy"  # アレルギー
    INFECTION = "infection"  # 感染症
    DRUG_CONTRAINDICATION = "drug-contraindication"  # 薬剤禁忌
    LAB_EMERGENCY = "lab-emergency"  # 検査（救急時に有用な検査）
    LAB_LIFESTYLE = "lab-lifestyle"  # 検査（生活習慣病関連の検査）
    PRESCRIPTION = "prescription"  # 処方
    REFERRAL = "referral"  # 診療情報提供書
    DISCHARGE_SUMMARY = "discharge-summary"  # 退院時サマリー
    CHECKUP_REPORT = "checkup-report"  # 健診結果報告書


_PANELS = {
    SampleKind.INFECTION: (
        LabItem("L5001", "5F016143002302311", "HBs抗原", "陰性"),
        LabItem("L5002", "5F360149902302311", "HCV抗体", "陰性"),
        LabItem("L5003", "5E071143002302311", "梅毒TP抗体", "陰性"),
    ),
    SampleKind.LAB_EMERGENCY: (
        LabItem("L1001", "3H015000002326101", "カリウム", 4.1, "mmol/L"),
        LabItem("L1002", "3A015000001827101", "アルブミン", 4.2, "g/dL"),
        LabItem("L1003", "5C070000002306101", "CRP", 0.12, "mg/dL"),
    ),
    SampleKind.LAB_LIFESTYLE: (
        LabItem("L2001", "3D046000001906202", "HbA1c", 5.8, "%"),
        LabItem("L2002", "3F077000002327101", "LDLコレステロール", 128, "mg/dL"),
        LabItem("L2003", "8A065000002391901", "eGFR", 72.5, "mL/min/{1.73_m2}"),
    ),
}


def sample_bundle(
    kind: SampleKind,
    subject: SampleSubject | None = None,
    *,
    unique: str = "0001",
    issued: dt.datetime = DEFAULT_ISSUED,
) -> Json:
    """Return a valid Bundle of this kind; `unique` is the Bundle id's last part ([A-Za-z0-9-])."""
    subject = subject or SampleSubject()
    urls = _Urls(subject.institution, unique)
    if kind in _DOCUMENTS:
        return _document(_DOCUMENTS[kind], subject, urls, issued)
    category, records = _CONTENTS[kind](subject, urls.patient, issued)
    entries = [patient(subject), *_numbered(urls, records)]
    bundle = _bundle(urls, issued, BUNDLE_PROFILE, "collection", entries)
    bundle["meta"]["tag"] = [{"system": CATEGORY_TAG_SYSTEM, "code": category}]
    return bundle


class _Urls:
    """fullUrls as UUIDs derived from the facility, the Bundle and the entry's position."""

    def __init__(self, institution: str, unique: str) -> None:
        self.institution, self.unique = institution, unique
        self._base = f"jpclins:{institution}:{unique}"
        self.patient = self.at(0)

    def at(self, position: int) -> str:
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{self._base}:{position}')}"


def _meta(profile: str, issued: dt.datetime) -> Json:
    return {"lastUpdated": _instant(issued), "profile": [f"{profile}|1"]}


def _instant(moment: dt.datetime) -> str:
    return moment.astimezone(JST).isoformat(timespec="milliseconds")


def _bundle(
    urls: _Urls, issued: dt.datetime, profile: str, bundle_type: str, resources: list[Json]
) -> Json:
    """Return the Bundle around these resources, identified by the facility and year."""
    value = f"{urls.institution}^{issued.astimezone(JST).year}^{urls.unique}"
    entries = [_entry(resource, urls) for resource in resources]
    return {
        "resourceType": "Bundle",
        "meta": _meta(profile, issued),
        "identifier": {"system": BUNDLE_IDENTIFIER_SYSTEM, "value": value},
        "type": bundle_type,
        "timestamp": _instant(issued),
        "entry": entries,
    }


def _entry(resource: Json, urls: _Urls) -> Json:
    url = urls.patient if resource["resourceType"] == "Patient" else resource.pop("_url")
    return {"fullUrl": url, "resource": resource}


def _numbered(urls: _Urls, resources: list[Json], start: int = 1) -> list[Json]:
    """Give each resource its fullUrl (kept under `_url` until `_entry` takes it out)."""
    return [r | {"_url": urls.at(start + i)} for i, r in enumerate(resources)]


Contents = Callable[[SampleSubject, str, dt.datetime], tuple[str, list[Json]]]


def _conditions(subject: SampleSubject, url: str, issued: dt.datetime) -> tuple[str, list[Json]]:
    onsets = {"本態性高血圧症": dt.date(2019, 6, 3), "2型糖尿病": dt.date(2021, 11, 15)}
    records = [condition(subject, url, onset=d, name=n) for n, d in onsets.items()]
    return "Condition", records


def _allergies(medication: bool) -> Contents:
    def contents(subject: SampleSubject, url: str, issued: dt.datetime) -> tuple[str, list[Json]]:
        record = allergy(subject, url, medication=medication, recorded=issued.date())
        return "AllergyIntolerance", [record]

    return contents


def _labs(kind: SampleKind) -> Contents:
    def contents(subject: SampleSubject, url: str, issued: dt.datetime) -> tuple[str, list[Json]]:
        taken = issued - dt.timedelta(hours=2)
        return "Observation", [lab_observation(subject, url, i, taken=taken) for i in _PANELS[kind]]

    return contents


def _prescriptions(subject: SampleSubject, url: str, issued: dt.datetime) -> tuple[str, list[Json]]:
    return "MedicationRequest", [medication_request(subject, url, authored=issued.date())]


_CONTENTS: dict[SampleKind, Contents] = {
    SampleKind.CONDITION: _conditions,
    SampleKind.ALLERGY: _allergies(medication=False),
    SampleKind.DRUG_CONTRAINDICATION: _allergies(medication=True),
    SampleKind.INFECTION: _labs(SampleKind.INFECTION),
    SampleKind.LAB_EMERGENCY: _labs(SampleKind.LAB_EMERGENCY),
    SampleKind.LAB_LIFESTYLE: _labs(SampleKind.LAB_LIFESTYLE),
    SampleKind.PRESCRIPTION: _prescriptions,
}
_DOCUMENTS = {
    SampleKind.REFERRAL: DocumentType.REFERRAL,
    SampleKind.DISCHARGE_SUMMARY: DocumentType.DISCHARGE_SUMMARY,
    SampleKind.CHECKUP_REPORT: DocumentType.CHECKUP_REPORT,
}


def _document(doc: DocumentType, subject: SampleSubject, urls: _Urls, issued: dt.datetime) -> Json:
    """Return a document Bundle: Composition, Patient, author, custodian, its records."""
    author, custodian = urls.at(1), urls.at(2)
    if doc is DocumentType.CHECKUP_REPORT:
        records = _labs(SampleKind.LAB_LIFESTYLE)(subject, urls.patient, issued)[1]
    else:
        records = _conditions(subject, urls.patient, issued)[1]
    records = _numbered(urls, records, start=3)
    composition = _composition(doc, urls, records, issued)
    resources = [
        composition | {"_url": urls.at(len(records) + 3)},
        patient(subject),
        {
            "resourceType": "Practitioner",
            "_url": author,
            "name": [{"text": "佐藤 一郎", "family": "佐藤", "given": ["一郎"]}],
        },
        {
            "resourceType": "Organization",
            "_url": custodian,
            "identifier": [{"system": INSTITUTION_SYSTEM, "value": subject.institution}],
            "name": "みなと内科クリニック",
        },
        *records,
    ]
    return _bundle(urls, issued, DOCUMENT_PROFILES[doc], "document", resources)


def _composition(doc: DocumentType, urls: _Urls, records: list[Json], issued: dt.datetime) -> Json:
    author, custodian = urls.at(1), urls.at(2)
    div = f'<div xmlns="http://www.w3.org/1999/xhtml">{doc.japanese_name}</div>'
    return {
        "resourceType": "Composition",
        "status": "final",
        "type": {
            "coding": [
                {"system": DOCUMENT_TYPE_SYSTEM, "code": doc.value, "display": doc.japanese_name}
            ]
        },
        "subject": {"reference": urls.patient},
        "date": _instant(issued),
        "author": [{"reference": author}],
        "title": doc.japanese_name,
        "custodian": {"reference": custodian},
        "section": [
            {
                "title": doc.japanese_name,
                "text": {"status": "generated", "div": div},
                "entry": [{"reference": r["_url"]} for r in records],
            }
        ],
    }
