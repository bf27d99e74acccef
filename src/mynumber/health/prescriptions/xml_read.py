"""Reading the 電子処方箋 request files of the terminal's folder interface (XmlMsg, EPS…req).

Three messages, each an `XmlMsg` with a `MessageHeader` (MedicalInstitutionCode,
ArbitraryFileIdentifier) and a `MessageBody`:

- `EPSsiPIR01req` 処方箋登録 (the name is the clinic's diary's, see care-health.md §4.1):
  IssueType 1, PrescriptionInfo (IssueDate, PatientInfo, RefillCount, DrugList/Drug),
  ElectronicSignature and HpkiCertificate (base64 DER), DetailsConsent 1/0.
- `EPSsiPRT01req` 処方箋取得 ⚠ (an invented name: the pharmacy side's is not public):
  ExchangeNumber (引換番号), PatientInfo, ReceptionDate.
- `EPSsiDRR01req` 調剤結果登録 ⚠ (invented likewise): PrescriptionId, DispensingDate, DrugList.

⚠ The real 処方箋登録 carries the 記録条件仕様 CSV base64-wrapped twice; here the content is
structured elements, and the doctor's card signs `PrescriptionContent.signed_bytes()` of the
same content. Element names other than the header's and the insured number's are ours ⚠.

Input is UTF-8 or Shift_JIS, parsed by defusedxml with DTDs forbidden. Nothing is answered from
a file that cannot be read: `XmlRefusalError` names the code and where (line and column, or the
element's path) in Japanese. Codes as the eligibility interface's: XML001 unreadable, XML002 not
this message, XML003 an element missing, XML004 a bad value, XML005 another facility.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as parse_untrusted
from pydantic import BaseModel, ValidationError

from mynumber.eligibility.data.interface_xml import ROOT
from mynumber.health.data import DispensingRequest, PrescriptionRequest, RetrievalRequest
from mynumber.kernel.dates import parse_compact_date

__all__ = [
    "DISPENSE",
    "PRESCRIBE",
    "RETRIEVE",
    "EpsHeader",
    "XmlRefusalError",
    "parse_dispensing",
    "parse_prescription",
    "parse_retrieval",
]

PRESCRIBE = "EPSsiPIR01req"
RETRIEVE = "EPSsiPRT01req"  # ⚠ invented
DISPENSE = "EPSsiDRR01req"  # ⚠ invented
_SHIFT_JIS = frozenset(
    {"shift_jis", "shift-jis", "sjis", "x-sjis", "windows-31j", "cp932", "ms932"}
)
_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_DECLARATION_TEXT = re.compile(r"^\s*<\?xml[^>]*\?>")
# Where each field of the DTOs is written, to name the element of a refused value.
_ELEMENTS = {
    "content": "PrescriptionInfo", "patient": "PatientInfo", "drugs": "DrugList/Drug",
    "insurer_number": "InsurerNumber", "symbol": "InsuredCardSymbol",
    "number": "InsuredIdentificationNumber", "branch": "InsuredBranchNumber",
    "birth_date": "Birthdate", "issued_on": "IssueDate", "uses": "RefillCount",
    "yj_code": "DrugCode", "name": "DrugName", "quantity": "Quantity", "unit": "Unit",
    "days": "Days", "usage": "Usage", "facility_code": "MedicalInstitutionCode",
    "exchange_number": "ExchangeNumber", "visit_date": "ReceptionDate",
    "prescription_id": "PrescriptionId", "dispensed_on": "DispensingDate",
    "signature": "ElectronicSignature", "hpki_certificate": "HpkiCertificate",
}  # fmt: skip


M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class EpsHeader:
    """The request's MessageHeader, echoed in the answer."""

    facility_code: str = ""
    file_identifier: str = ""


class XmlRefusalError(Exception):
    """A request file that cannot be answered (SegmentOfResult 9): code and located message."""

    def __init__(self, code: str, message: str, header: EpsHeader | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.header = code, message, header


# The document.


def _decode(raw: bytes) -> str:
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    match = _DECLARATION.match(raw)
    encoding = match.group(1).decode("ascii").lower() if match else "utf-8"
    if encoding in _SHIFT_JIS:
        encoding = "cp932"  # Windows' Shift_JIS: what clinic software writes
    try:
        text = raw.decode(encoding)
    except (LookupError, UnicodeDecodeError) as exc:
        raise XmlRefusalError("XML001", f"文字コード {encoding} として読めません") from exc
    return _DECLARATION_TEXT.sub("", text, count=1)


def _root(raw: bytes) -> ET.Element:
    text = _decode(raw)
    try:
        root: ET.Element = parse_untrusted(text, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise XmlRefusalError("XML001", "DTD・実体宣言は受け付けません") from exc
    except ET.ParseError as exc:
        line, column = exc.position
        raise XmlRefusalError(
            "XML001", f"XML として読めません（{line} 行 {column + 1} 列）: {exc.msg}"
        ) from exc
    if _local(root.tag) != ROOT:
        raise XmlRefusalError("XML002", f"ルート要素が {ROOT} ではありません: {_local(root.tag)}")
    return root


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


class _Element:
    """An element and its path from the root, so every refusal names where it is."""

    def __init__(self, element: ET.Element, path: str) -> None:
        self.element, self.path = element, path

    def children(self, name: str) -> list[_Element]:
        found = [c for c in self.element if _local(c.tag) == name]
        many = len(found) > 1
        return [
            _Element(c, f"{self.path}/{name}" + (f"[{i}]" if many else ""))
            for i, c in enumerate(found, 1)
        ]

    def child(self, name: str) -> _Element:
        found = self.children(name)
        if not found:
            raise XmlRefusalError("XML003", f"{self.path}/{name} がありません")
        return found[0]

    def text(self, name: str, *, default: str | None = None) -> str:
        found = self.children(name)
        if not found:
            if default is not None:
                return default
            raise XmlRefusalError("XML003", f"{self.path}/{name} がありません")
        value = (found[0].element.text or "").strip()
        if not value and default is None:
            raise XmlRefusalError("XML003", f"{self.path}/{name} が空です")
        return value or default or ""

    def bad(self, name: str, value: str, rule: str) -> XmlRefusalError:
        return XmlRefusalError("XML004", f"{self.path}/{name} は{rule}: {value[:40]}")

    def date(self, name: str) -> Any:
        value = self.text(name)
        try:
            return parse_compact_date(value)
        except ValueError:
            raise self.bad(name, value, " YYYYMMDD の暦にある日付で指定してください") from None

    def number(self, name: str, kind: type[int] | type[float], default: str | None = None) -> Any:
        value = self.text(name, default=default)
        try:
            return kind(value)
        except ValueError:
            raise self.bad(name, value, "数値で指定してください") from None

    def binary(self, name: str) -> bytes:
        value = self.text(name)
        try:
            return base64.b64decode("".join(value.split()), validate=True)
        except (binascii.Error, ValueError):
            raise self.bad(name, value, " Base64 で指定してください") from None


def _message(raw: bytes, facility: str | None) -> tuple[EpsHeader, _Element]:
    """Return the header (the terminal's facility filling an empty code) and the body."""
    root = _Element(_root(raw), ROOT)
    element = root.child("MessageHeader")
    header = EpsHeader(
        facility_code=element.text("MedicalInstitutionCode", default="") or (facility or ""),
        file_identifier=element.text("ArbitraryFileIdentifier", default=""),
    )
    if not header.facility_code:
        missing = f"{element.path}/MedicalInstitutionCode がありません"
        raise XmlRefusalError("XML003", missing, header)
    if facility and header.facility_code != facility:
        raise XmlRefusalError("XML005", f"この端末の医療機関コード {facility} と異なります", header)
    try:
        return header, root.child("MessageBody")
    except XmlRefusalError as exc:
        raise XmlRefusalError(exc.code, exc.message, header) from exc


def _located(error: ValidationError, root: str) -> str:
    """Return the element path of the first refused value, and why."""
    first = error.errors()[0]
    path = root
    for part in first["loc"]:
        if isinstance(part, int):
            path += f"[{part + 1}]"
        else:
            path += "/" + _ELEMENTS.get(str(part), str(part))
    return f"{path} の値が不正です（{first['msg']}）"


def _build(model: type[M], data: dict[str, Any], root: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise XmlRefusalError("XML004", _located(exc, root)) from exc


def _patient(parent: _Element) -> dict[str, Any]:
    info = parent.child("PatientInfo")
    return {
        "insurer_number": info.text("InsurerNumber"),
        "symbol": info.text("InsuredCardSymbol", default=""),
        "number": info.text("InsuredIdentificationNumber"),
        "branch": info.text("InsuredBranchNumber"),
        "birth_date": info.date("Birthdate"),
    }


def _drugs(parent: _Element) -> list[dict[str, Any]]:
    drugs = parent.child("DrugList").children("Drug")
    if not drugs:
        raise XmlRefusalError("XML003", f"{parent.path}/DrugList/Drug がありません")
    return [
        {
            "yj_code": drug.text("DrugCode"),
            "name": drug.text("DrugName"),
            "quantity": drug.number("Quantity", float),
            "unit": drug.text("Unit"),
            "days": drug.number("Days", int),
            "usage": drug.text("Usage", default=""),
        }
        for drug in drugs
    ]


def _parse(raw: bytes, facility: str | None, read: Reader, model: type[M]) -> tuple[EpsHeader, M]:
    header, body = _message(raw, facility)
    try:
        return header, _build(model, read(body, header), f"{ROOT}/MessageBody")
    except XmlRefusalError as exc:
        raise XmlRefusalError(exc.code, exc.message, header) from exc


Reader = Callable[[_Element, EpsHeader], dict[str, Any]]


def _prescription(body: _Element, header: EpsHeader) -> dict[str, Any]:
    issue_type = body.text("IssueType", default="1")
    if issue_type != "1":
        raise body.bad("IssueType", issue_type, " 1（電子処方箋）のみ受け付けます")
    info = body.child("PrescriptionInfo")
    content = {
        "facility_code": header.facility_code,
        "patient": _patient(info),
        "issued_on": info.date("IssueDate"),
        "drugs": _drugs(info),
        "uses": info.number("RefillCount", int, default="1"),
    }
    consent = body.text("DetailsConsent", default="0")
    if consent not in {"0", "1"}:
        raise body.bad("DetailsConsent", consent, " 0 か 1 で指定してください")
    return {
        "content": content,
        "signature": body.binary("ElectronicSignature"),
        "hpki_certificate": body.binary("HpkiCertificate"),
        "show_details": consent == "1",
    }


def _retrieval(body: _Element, header: EpsHeader) -> dict[str, Any]:
    return {
        "facility_code": header.facility_code,
        "exchange_number": body.text("ExchangeNumber"),
        "patient": _patient(body),
        "visit_date": body.date("ReceptionDate"),
    }


def _dispensing(body: _Element, header: EpsHeader) -> dict[str, Any]:
    return {
        "facility_code": header.facility_code,
        "prescription_id": body.text("PrescriptionId"),
        "dispensed_on": body.date("DispensingDate"),
        "drugs": _drugs(body),
    }


def parse_prescription(
    raw: bytes, *, facility: str | None = None
) -> tuple[EpsHeader, PrescriptionRequest]:
    """Parse an EPSsiPIR01req (処方箋登録); raise XmlRefusalError naming where it is wrong.

    facility, when given, is the terminal's: it fills an empty MedicalInstitutionCode and
    refuses another (XML005)."""
    return _parse(raw, facility, _prescription, PrescriptionRequest)


def parse_retrieval(
    raw: bytes, *, facility: str | None = None
) -> tuple[EpsHeader, RetrievalRequest]:
    """Parse an EPSsiPRT01req (処方箋取得 by 引換番号 and insured number)."""
    return _parse(raw, facility, _retrieval, RetrievalRequest)


def parse_dispensing(
    raw: bytes, *, facility: str | None = None
) -> tuple[EpsHeader, DispensingRequest]:
    """Parse an EPSsiDRR01req (調剤結果登録)."""
    return _parse(raw, facility, _dispensing, DispensingRequest)
