"""The URLs, code systems and patterns of JP-CLINS (電子カルテ情報共有サービス) the checks name.

Taken from the JP-CLINS implementation guide (jami-fhir-jp-wg/clinical-core, snapshot of
2024-10-24, CC BY-ND 4.0: named here, not copied). Where the guide's versions disagree, the
newest invariant file (`input/fsh/invariants/InvariantsRules.fsh`, 2024-10-22) wins.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "BUNDLE_IDENTIFIER_PATTERN",
    "BUNDLE_IDENTIFIER_SYSTEM",
    "BUNDLE_PROFILE",
    "CATEGORY_TAG_SYSTEM",
    "CLINS_CATEGORIES",
    "DEPARTMENT_EXTENSION",
    "DEPARTMENT_SYSTEM",
    "DOCUMENT_PROFILES",
    "DOCUMENT_TYPE_SYSTEM",
    "EN_REPRESENTATION",
    "INSTITUTION_EXTENSION",
    "INSTITUTION_NUMBER_PATTERN",
    "INSTITUTION_SYSTEM",
    "INSURED_ID_PATTERN",
    "INSURED_ID_SYSTEM",
    "JLAC10_PATTERN",
    "JLAC10_SYSTEM",
    "LOCAL_LAB_SYSTEM",
    "LOCAL_PATIENT_ID_PREFIX",
    "PATIENT_PROFILE",
    "TIMESTAMP_PATTERN",
    "YJ_SYSTEM",
    "DocumentType",
]

BUNDLE_PROFILE = "http://jpfhir.jp/fhir/clins/StructureDefinition/JP_Bundle_CLINS"
PATIENT_PROFILE = "http://jpfhir.jp/fhir/eCS/StructureDefinition/JP_Patient_eCS"

# Bundle.meta.tag[resourceType]: the one kind of resource (besides the Patient) a Bundle of the
# 6情報 carries. The rule R02142 lists three; the ValueSet and the Bundle's entry slices also
# admit MedicationRequest ("may be sent, is not processed") ⚠ — accepted here.
CATEGORY_TAG_SYSTEM = "http://jpfhir.jp/fhir/clins/CodeSystem/BundleResourceType_CS"
CLINS_CATEGORIES = ("AllergyIntolerance", "Condition", "Observation", "MedicationRequest")

# Bundle.identifier: `<医療機関番号10桁>^<西暦年>^<施設内で一意 1-36 英数字とハイフン>`.
# An older draft of the guide had `<医療機関番号>^<被保険者識別子>^<…{1,128}>` ⚠: the newest
# invariant file is the year form, and so are the guide's own examples.
BUNDLE_IDENTIFIER_SYSTEM = "http://jpfhir.jp/fhir/clins/bundle-identifier"
BUNDLE_IDENTIFIER_PATTERN = r"^[0-4][0-9][1-3][0-9]{7}\^20[2-3][0-9]\^[A-Za-z0-9\-]{1,36}$"

# 医療機関番号 (都道府県2 + 点数表1 (1 医科, 3 歯科 …) + 医療機関コード7), on every resource
# but the Patient, as an extension holding an Identifier.
INSTITUTION_EXTENSION = (
    "http://jpfhir.jp/fhir/clins/Extension/StructureDefinition/JP_eCS_InstitutionNumber"
)
INSTITUTION_SYSTEM = "http://jpfhir.jp/fhir/core/IdSystem/insurance-medical-institution-no"
INSTITUTION_NUMBER_PATTERN = r"^[0-4][0-9][1-3][0-9]{7}$"

# 診療科: the guide's examples code it with the SS-MIX2 table (care-health.md names the same
# table by its OID urn:oid:1.2.392.200250.2.2.2 ⚠); only the extension's presence is checked.
DEPARTMENT_EXTENSION = "http://jpfhir.jp/fhir/eCS/Extension/StructureDefinition/JP_eCS_Department"
DEPARTMENT_SYSTEM = "http://jami.jp/SS-MIX2/CodeSystem/ClinicalDepartment"

# The Patient: one 被保険者識別子 `保険者番号8:記号:番号:枝番2` (記号/番号 without spaces,
# 枝番 two digits or empty), and the facility's own patient id under `…51.1<医療機関番号>`.
INSURED_ID_SYSTEM = "http://jpfhir.jp/fhir/clins/Idsystem/JP_Insurance_memberID"
INSURED_ID_PATTERN = r"^[0-9]{8}:[^:^\s　]*:[^:^\s　]*:([0-9]{2})?$"
LOCAL_PATIENT_ID_PREFIX = "urn:oid:1.2.392.100495.20.3.51.1"
EN_REPRESENTATION = "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation"

# Lab results: the facility's local code is required (R6021); JLAC10 (17 characters:
# analyte 5, identification 4, material 3, method 3, result 2) under its OID.
LOCAL_LAB_SYSTEM = "http://jpfhir.jp/fhir/clins/CodeSystem/JP_CLINS_ObsLabResult_LocalCode_CS"
JLAC10_SYSTEM = "urn:oid:1.2.392.200119.4.504"
JLAC10_PATTERN = r"^[0-9A-Z]{17}$"
YJ_SYSTEM = "http://capstandard.jp/iyaku.info/CodeSystem/YJ-code"

# Bundle.timestamp: milliseconds and a time zone, e.g. 2021-02-01T13:28:17.239+09:00.
TIMESTAMP_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}(Z|[+\-][0-9]{2}:[0-9]{2})$"
)

DOCUMENT_TYPE_SYSTEM = "http://jpfhir.jp/fhir/Common/CodeSystem/doc-typecodes"


class DocumentType(StrEnum):
    """The 3文書: Composition.type (LOINC codes in the guide's document-type table)."""

    REFERRAL = "57133-1"  # 診療情報提供書
    DISCHARGE_SUMMARY = "18842-5"  # 退院時サマリー
    CHECKUP_REPORT = "53576-5"  # 健診結果報告書 ⚠ (the eCheckup guide, not in clinical-core)

    @property
    def japanese_name(self) -> str:
        """Return the Japanese name of the document."""
        return _TITLES[self]


_TITLES = {
    DocumentType.REFERRAL: "診療情報提供書",
    DocumentType.DISCHARGE_SUMMARY: "退院時サマリー",
    DocumentType.CHECKUP_REPORT: "健診結果報告書",
}

# The Bundle profile of each document (meta.profile of the document Bundle).
DOCUMENT_PROFILES = {
    DocumentType.REFERRAL: "http://jpfhir.jp/fhir/clins/StructureDefinition/JP_Bundle_eReferral",
    DocumentType.DISCHARGE_SUMMARY: (
        "http://jpfhir.jp/fhir/clins/StructureDefinition/JP_Bundle_eDischargeSummary"
    ),
    # ⚠ the 健診結果報告書 Bundle belongs to the eCheckup guide; this URL follows its pattern.
    DocumentType.CHECKUP_REPORT: (
        "http://jpfhir.jp/fhir/eCheckup/StructureDefinition/JP_Bundle_eCheckupReport"
    ),
}
