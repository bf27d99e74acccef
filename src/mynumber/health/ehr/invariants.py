"""The JP-CLINS profile rules as data: (id, context, FHIRPath, location, message), like the IG.

Each rule is a FHIRPath expression that must evaluate to `true` on its context: the Bundle, or
each entry's resource of a type (`Resource` is every resource but the Patient). Its location is
the FHIRPath of the element at fault, relative to that context; the evaluator (`profile`)
prefixes `Bundle` or `Bundle.entry[i].resource`. Two variables are set from the Bundle itself:
`%category`, the 6情報 resource type of `meta.tag[resourceType]` when it is one of the four
('' otherwise), and `%profile`, the Bundle profile the Bundle must declare.

Ids starting with R are the IG's own rule numbers (InvariantsRules.fsh); the others (BND-, DOC-,
LAB-) are this project's names for constraints the IG states in its profiles rather than as
invariants. The expressions are written here, not copied, so that a missing element breaks
exactly one rule: a rule on an element's value passes when the element is absent (`all`), the
rule on its presence reports that. ⚠ The 3文書 rules are a subset of their profiles (the first
Composition, its type and subject, the Patient), not the full eReferral / eDischargeSummary.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from mynumber.health.ehr.codes import (
    BUNDLE_IDENTIFIER_PATTERN,
    BUNDLE_IDENTIFIER_SYSTEM,
    CATEGORY_TAG_SYSTEM,
    CLINS_CATEGORIES,
    DEPARTMENT_EXTENSION,
    DOCUMENT_TYPE_SYSTEM,
    EN_REPRESENTATION,
    INSTITUTION_EXTENSION,
    INSTITUTION_NUMBER_PATTERN,
    INSURED_ID_PATTERN,
    INSURED_ID_SYSTEM,
    JLAC10_PATTERN,
    JLAC10_SYSTEM,
    LOCAL_LAB_SYSTEM,
    PATIENT_PROFILE,
    TIMESTAMP_PATTERN,
    YJ_SYSTEM,
    DocumentType,
)
from mynumber.health.ehr.results import Severity

__all__ = ["BUNDLE", "INVARIANTS", "OTHER_THAN_PATIENT", "Family", "Invariant"]

BUNDLE = "Bundle"  # context: the Bundle itself
OTHER_THAN_PATIENT = "Resource"  # context: every entry's resource but the Patient


class Family(StrEnum):
    """Which Bundles a rule applies to: the 6情報 (collection) or the 3文書 (document)."""

    CLINS = "collection"
    DOCUMENT = "document"


_BOTH = frozenset(Family)
_CLINS = frozenset({Family.CLINS})
_DOCUMENT = frozenset({Family.DOCUMENT})


@dataclass(frozen=True)
class Invariant:
    """One constraint: `expression` must be true on each `context` element of the Bundle."""

    id: str
    context: str
    expression: str
    location: str
    message: str
    families: frozenset[Family] = _CLINS
    severity: Severity = Severity.ERROR


def _quoted(values: tuple[str, ...]) -> str:
    return " | ".join(f"'{v}'" for v in values)


def _regex(pattern: str) -> str:
    """Return a pattern as a FHIRPath string literal (backslashes escaped)."""
    return "'" + pattern.replace("\\", "\\\\") + "'"


_TAG = f"meta.tag.where(system = '{CATEGORY_TAG_SYSTEM}')"
_BUNDLE_ID = f"identifier.where(system = '{BUNDLE_IDENTIFIER_SYSTEM}')"
_INSTITUTION = f"extension('{INSTITUTION_EXTENSION}')"
_DEPARTMENT = f"extension('{DEPARTMENT_EXTENSION}')"
_INSURED = f"identifier.where(system = '{INSURED_ID_SYSTEM}')"
_ENCOUNTER = "contained.where(resourceType = 'Encounter')"
_FIRST = "entry.first().resource"
_LOCAL_ID = r"^urn:oid:1\.2\.392\.100495\.20\.3\.51\.1[0-4][0-9][1-3][0-9]{7}$"
_DRUG_SYSTEMS = (
    YJ_SYSTEM,
    "http://capstandard.jp/CodeSystem/KikakubetsuYakuzaiSeibun",
    "http://jpfhir.jp/fhir/eCS/CodeSystem/MedicationCodeNocoded_CS",
)

# fmt: off
# (id, context, FHIRPath that must be true, location of the fault, message[, families, severity])
_BUNDLE_RULES = (
    Invariant("BND-type", BUNDLE, "type = 'collection'", "type",
              "6情報のBundle.typeは collection でなければなりません。"),
    Invariant("R0213", BUNDLE,
              "%profile = '' or meta.profile.where($this = %profile"
              " or $this.startsWith(%profile + '|')).exists()",
              "meta.profile", "Bundle.meta.profileにこのBundleのプロファイルがありません。",
              _BOTH),
    Invariant("BND-lastUpdated", BUNDLE, "meta.lastUpdated.exists()", "meta.lastUpdated",
              "Bundle.meta.lastUpdatedは必須です。"),
    Invariant("BND-timestamp", BUNDLE, f"timestamp.matches({_regex(TIMESTAMP_PATTERN)})",
              "timestamp", "Bundle.timestampはミリ秒とタイムゾーンを含む日時で必須です。", _BOTH),
    Invariant("R02151", BUNDLE, f"{_BUNDLE_ID}.count() = 1", "identifier.system",
              f"Bundle.identifier.systemは {BUNDLE_IDENTIFIER_SYSTEM} でなければなりません。",
              _BOTH),
    Invariant("R02152", BUNDLE,
              f"{_BUNDLE_ID}.all(value.matches({_regex(BUNDLE_IDENTIFIER_PATTERN)}))",
              "identifier.value",
              "Bundle.identifier.valueは「医療機関番号10桁^西暦年^英数字とハイフン36文字以内」"
              "でなければなりません。", _BOTH),
    Invariant("R02141", BUNDLE, f"{_TAG}.count() = 1", "meta.tag",
              "Bundle.meta.tagに収納するリソース種別（resourceType）を一つ記述してください。"),
    Invariant("R02142", BUNDLE, f"{_TAG}.code.all($this in ({_quoted(CLINS_CATEGORIES)}))",
              "meta.tag.code",
              "Bundle.meta.tagのリソース種別は AllergyIntolerance, Condition, Observation, "
              "MedicationRequest のいずれかでなければなりません。"),
    Invariant("R02143", BUNDLE,
              "%category = '' or entry.resource.where(resourceType = %category).exists()",
              "entry", "meta.tagで指定した種別のリソースが一つ以上必要です。"),
    Invariant("R0211", BUNDLE, f"{_FIRST}.resourceType = 'Patient'", "entry[0].resource",
              "最初のentryはPatientでなければなりません。"),
    Invariant("BND-patient", BUNDLE, "entry.resource.where(resourceType = 'Patient').count() = 1",
              "entry", "Patientリソースはちょうど一つでなければなりません。", _BOTH),
    Invariant("R0212", BUNDLE,
              f"{_FIRST}.where(resourceType = 'Patient').all(meta.profile.where($this = "
              f"'{PATIENT_PROFILE}' or $this.startsWith('{PATIENT_PROFILE}|')).exists())",
              "entry[0].resource.meta.profile",
              "最初のentryのPatientはJP_Patient_eCSプロファイルに準拠していなければなりません。"),
)

_DOCUMENT_RULES = (
    Invariant("DOC-composition", BUNDLE, f"{_FIRST}.resourceType = 'Composition'",
              "entry[0].resource", "文書Bundleの最初のentryはCompositionでなければなりません。",
              _DOCUMENT),
    Invariant("DOC-type", BUNDLE,
              f"{_FIRST}.where(resourceType = 'Composition').all(type.coding.where(system = "
              f"'{DOCUMENT_TYPE_SYSTEM}' and code in ({_quoted(tuple(DocumentType))})).exists())",
              "entry[0].resource.type",
              "Composition.typeは診療情報提供書・退院時サマリー・健診結果報告書の文書区分コード"
              "でなければなりません。", _DOCUMENT),
    Invariant("DOC-subject", BUNDLE,
              f"{_FIRST}.where(resourceType = 'Composition').all(subject.reference in "
              "%context.entry.where(resource.resourceType = 'Patient').fullUrl)",
              "entry[0].resource.subject",
              "Composition.subjectは文書に含まれるPatientを参照しなければなりません。", _DOCUMENT),
)

_PATIENT_RULES = (
    Invariant("R1012", "Patient", f"{_INSURED}.count() = 1", "identifier",
              "被保険者識別子（JP_Insurance_memberID）はちょうど一つ必要です。", _BOTH),
    Invariant("R1013", "Patient", f"{_INSURED}.all(value.matches({_regex(INSURED_ID_PATTERN)}))",
              f"identifier.where(system = '{INSURED_ID_SYSTEM}').value",
              "被保険者識別子は「保険者番号8桁:記号:番号:枝番2桁」でなければなりません。", _BOTH),
    Invariant("R1010", "Patient",
              "identifier.where(system.startsWith('urn:oid:1.2.392.100495.20.3.51.'))"
              f".all(system.matches({_regex(_LOCAL_ID)}))",
              "identifier.system",
              "施設患者IDのsystemは urn:oid:1.2.392.100495.20.3.51.1<医療機関番号10桁> "
              "でなければなりません。", _BOTH),
    Invariant("R1112", "Patient",
              f"name.extension.where(url = '{EN_REPRESENTATION}' and "
              "valueCode in ('IDE' | 'SYL')).exists()",
              "name", "患者氏名には漢字（IDE）かカナ（SYL）の表記が必要です。", _BOTH),
    Invariant("R1113", "Patient", "name.text.all(contains('　').not())", "name.text",
              "患者氏名に全角空白を含めてはなりません（姓と名は半角空白で区切ります）。", _BOTH),
)

_ENTRY_RULES = (
    Invariant("R02144", OTHER_THAN_PATIENT, "%category = '' or resourceType = %category",
              "resourceType", "meta.tagで指定した種別とPatient以外のリソースは含められません。"),
    Invariant("R9011", OTHER_THAN_PATIENT, f"{_INSTITUTION}.exists()", _INSTITUTION,
              "Patient以外のリソースには医療機関番号の拡張（JP_eCS_InstitutionNumber）が必要です。"),
    Invariant("R9012", OTHER_THAN_PATIENT,
              f"{_INSTITUTION}.all(valueIdentifier.value.matches("
              f"{_regex(INSTITUTION_NUMBER_PATTERN)}))",
              f"{_INSTITUTION}.valueIdentifier.value",
              "医療機関番号は都道府県2桁・点数表1桁・医療機関コード7桁の10桁でなければなりません。"),
)


def _encounter_rules(kind: str, suffix: str) -> tuple[Invariant, ...]:
    """Return the rules a Condition or an Observation shares: its visit and its department."""
    return (
        Invariant(f"R9013{suffix}", kind, f"{_ENCOUNTER}.exists()", "contained",
                  f"{kind}にはcontainedのEncounterが必要です。"),
        Invariant(f"R9016{suffix}", kind,
                  f"{_ENCOUNTER}.empty() or encounter.reference in {_ENCOUNTER}.select('#' + id)",
                  "encounter",
                  f"{kind}.encounterはcontainedのEncounterを参照しなければなりません。"),
        Invariant(f"R9014{suffix}", kind, f"{_DEPARTMENT}.exists()", _DEPARTMENT,
                  f"{kind}には診療科の拡張（JP_eCS_Department）が必要です。"),
    )


_JLAC10 = f"code.coding.where(system = '{JLAC10_SYSTEM}')"
_CONTENT_RULES = (
    *_encounter_rules("Condition", "C"),
    Invariant("R9015C", "Condition", "onsetDateTime.exists()", "onsetDateTime",
              "Conditionには発症日（onsetDateTime）が必要です。"),
    *_encounter_rules("Observation", "O"),
    Invariant("R6021", "Observation",
              f"code.coding.where(system = '{LOCAL_LAB_SYSTEM}').exists()", "code.coding",
              "検査結果のcode.codingには施設のローカルコードが必要です。"),
    Invariant("LAB-jlac10", "Observation", f"{_JLAC10}.exists()", "code.coding",
              f"検査結果のcode.codingにはJLAC10コード（{JLAC10_SYSTEM}）が必要です。"),
    Invariant("LAB-jlac10-form", "Observation",
              f"{_JLAC10}.all(code.matches({_regex(JLAC10_PATTERN)}))",
              f"{_JLAC10}.code", "JLAC10コードは英大文字と数字の17桁でなければなりません。"),
    Invariant("R2011", "AllergyIntolerance",
              "category.where($this = 'medication').empty() or criticality = 'high'",
              "criticality", "注意喚起：薬剤禁忌として送るならcriticalityは high にしてください。",
              severity=Severity.WARNING),
    Invariant("R3010", "MedicationRequest",
              f"medicationCodeableConcept.coding.where(system in ({_quoted(_DRUG_SYSTEMS)}))"
              ".exists()",
              "medicationCodeableConcept.coding",
              "注意喚起：医薬品はYJコードか規格別薬剤成分コード（なければ標準コードなし）で"
              "記述してください。", severity=Severity.WARNING),
)
# fmt: on

INVARIANTS: tuple[Invariant, ...] = (
    *_BUNDLE_RULES,
    *_DOCUMENT_RULES,
    *_PATIENT_RULES,
    *_ENTRY_RULES,
    *_CONTENT_RULES,
)
