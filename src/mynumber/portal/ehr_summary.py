"""電子カルテ情報 (EHR documents) as the person reads them: each stored Bundle of
電子カルテ情報共有サービス (3文書 or one of the 6情報) summarised into its kind, its facility, its
date and the 6情報 it carries (傷病名, アレルギー, 感染症, 薬剤禁忌, 検査, 処方), each item in
words.

⚠ 感染症 and 検査 are both JP-CLINS lab Observations; a result is taken for 感染症 when its JLAC10
code is of the 5E/5F analyte groups (梅毒, ウイルス・感染症の免疫学的検査), as the guide's
infection panel is: the guide marks the 感染症 result no other way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from mynumber.health.api import DocumentType, StoredBundle

__all__ = ["EhrDocument", "EhrInfo", "EhrItem", "summarise"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
JLAC10_SYSTEM = "urn:oid:1.2.392.200119.4.504"
INFECTION_GROUPS = ("5E", "5F")  # JLAC10 analyte groups of infection serology ⚠
COLLECTION_NAMES = {
    "Condition": "傷病名",
    "AllergyIntolerance": "アレルギー・薬剤禁忌",
    "Observation": "検査・感染症",
    "MedicationRequest": "処方",
}


class EhrInfo(StrEnum):
    """The 6情報."""

    CONDITION = "傷病名"
    ALLERGY = "アレルギー"
    INFECTION = "感染症"
    DRUG_CONTRAINDICATION = "薬剤禁忌"
    LAB = "検査"
    PRESCRIPTION = "処方"


class EhrItem(BaseModel):
    """One record of the 6情報 in a document, in words."""

    model_config = _FROZEN
    info: EhrInfo
    text: str = Field(description="the disease, allergen, drug or test with its result")
    date: str | None = Field(description="onset, recorded, taken or prescribed (ISO date)")


class EhrDocument(BaseModel):
    """A stored Bundle as the person sees it: its kind, who sent it, when, and what it says."""

    model_config = _FROZEN
    identifier: str = Field(description="the Bundle identifier (医療機関番号^年^番号)")
    version: int = Field(description="the latest version (replaced when sent again)")
    kind: str = Field(description="the 3文書 document or the 6情報 of a collection")
    facility_code: str = Field(description="the 医療機関 that sent it")
    issued_on: dt.date | None = Field(description="Bundle.timestamp (作成日)")
    received_at: dt.datetime
    counts: dict[EhrInfo, int] = Field(description="how many items of each of the 6情報")
    items: tuple[EhrItem, ...]


def summarise(stored: StoredBundle) -> EhrDocument:
    """Return the person's view of one stored Bundle."""
    bundle = stored.bundle
    items = tuple(_items(bundle))
    counts = {info: n for info in EhrInfo if (n := sum(i.info is info for i in items))}
    return EhrDocument(
        identifier=stored.identifier, version=stored.version, kind=_kind(stored),
        facility_code=stored.facility_code, issued_on=_date(bundle.get("timestamp")),
        received_at=stored.received_at, counts=counts, items=items,
    )  # fmt: skip


def _kind(stored: StoredBundle) -> str:
    if stored.bundle_type == "document":
        try:
            return DocumentType(stored.category).japanese_name
        except ValueError:
            return f"文書 {stored.category}"
    return COLLECTION_NAMES.get(stored.category, stored.category)


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _items(bundle: Mapping[str, Any]) -> Iterator[EhrItem]:
    for entry in bundle.get("entry", ()):
        resource = entry.get("resource", {}) if isinstance(entry, Mapping) else {}
        item = _item(resource)
        if item is not None:
            yield item


def _item(resource: Mapping[str, Any]) -> EhrItem | None:
    kind = resource.get("resourceType")
    if kind == "Condition":
        return _said(EhrInfo.CONDITION, _text(resource.get("code")), resource.get("onsetDateTime"))
    if kind == "AllergyIntolerance":
        info = (
            EhrInfo.DRUG_CONTRAINDICATION
            if "medication" in resource.get("category", ())
            else EhrInfo.ALLERGY
        )
        return _said(info, _text(resource.get("code")), resource.get("recordedDate"))
    if kind == "Observation":
        info = EhrInfo.INFECTION if _is_infection(resource) else EhrInfo.LAB
        said = f"{_text(resource.get('code'))} {_value(resource)}".strip()
        return _said(info, said, resource.get("effectiveDateTime"))
    if kind == "MedicationRequest":
        dosage = resource.get("dosageInstruction") or [{}]
        said = f"{_text(resource.get('medicationCodeableConcept'))} {dosage[0].get('text', '')}"
        return _said(EhrInfo.PRESCRIPTION, said.strip(), resource.get("authoredOn"))
    return None


def _said(info: EhrInfo, text: str, date: object) -> EhrItem:
    return EhrItem(info=info, text=text, date=str(date)[:10] if date else None)


def _text(concept: object) -> str:
    """Return a CodeableConcept's text, or its first coding's display."""
    if not isinstance(concept, Mapping):
        return ""
    if concept.get("text"):
        return str(concept["text"])
    codings = concept.get("coding") or [{}]
    return str(codings[0].get("display", ""))


def _value(resource: Mapping[str, Any]) -> str:
    if "valueString" in resource:
        return str(resource["valueString"])
    quantity = resource.get("valueQuantity")
    if isinstance(quantity, Mapping):
        return f"{quantity.get('value', '')} {quantity.get('unit', '')}".strip()
    return ""


def _is_infection(resource: Mapping[str, Any]) -> bool:
    codings = (resource.get("code") or {}).get("coding", ())
    return any(
        c.get("system") == JLAC10_SYSTEM and str(c.get("code", "")).startswith(INFECTION_GROUPS)
        for c in codings
    )
