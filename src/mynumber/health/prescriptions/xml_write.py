"""Writing the answers of the 電子処方箋 folder interface (XmlMsg, EPS…res), UTF-8.

The header echoes the request's and says whether the file was read: SegmentOfResult 9 with
ErrorCode and ErrorMessage when it could not be (as the eligibility interface answers). A file
read but refused by the service is answered as the real service answers a refused CSV
(care-health.md §4.1): SegmentOfResult 1, MessageBody/ProcessingResultStatus 2 with
ProcessingResultCode (the service's refusal code ⚠, not the real EPS…E codes, which are not
public) and ProcessingResultMessage in Japanese. Success: ProcessingResultStatus 1 and the
message's result (⚠ element names ours, e.g. PrescriptionId, ExchangeNumber for 引換番号).
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from mynumber.eligibility.data.interface_xml import ROOT, add_element, xml_document
from mynumber.health.data import (
    DispensingRecord,
    Drug,
    DuplicateCheck,
    InsuredPatient,
    IssuedPrescription,
    Prescription,
)
from mynumber.health.prescriptions.xml_read import EpsHeader
from mynumber.kernel.dates import compact_moment
from mynumber.kernel.errors import DomainError

__all__ = [
    "JAPANESE_REASONS",
    "dispensed_answer",
    "error_answer",
    "issued_answer",
    "refusal_answer",
    "retrieved_answer",
]

# The service's refusals, told in Japanese to the clinic's or pharmacy's staff.
JAPANESE_REASONS = {
    "prescription_not_found": "該当する処方箋がありません（引換番号・被保険者番号を確認）",
    "retrieval_locked": "引換番号の誤りが続いたため、24 時間は引換番号で取得できません",
    "exchange_number_used": "この引換番号の処方箋は調剤済みです",
    "prescription_taken": "この処方箋は他の薬局が受け付けています",
    "not_received": "この薬局が受け付けていない処方箋です（先に処方箋を取得してください）",
    "retrieval_incomplete": "引換番号と被保険者番号を指定してください",
    "patient_not_eligible": "患者の資格を確認できません",
    "signature_invalid": "電子署名を検証できません",
    "signer_mismatch": "電子署名の署名者と HPKI 証明書が一致しません",
    "hpki_invalid": "HPKI 証明書を読めません",
    "not_a_prescriber": "処方できる資格（医師・歯科医師）の証明書ではありません",
    "certificate_revoked": "証明書は失効しています",
    "certificate_expired": "証明書の有効期限が切れています",
    "certificate_not_trusted": "信頼できない認証局の証明書です",
    "facility_kind_refused": "この施設の種別では行えない処理です",
}


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _document(
    header: EpsHeader, *, now: dt.datetime, segment: str = "1", code: str = "", message: str = ""
) -> tuple[ET.Element, ET.Element]:
    """Return the answer's root and its MessageBody, the header written."""
    root = ET.Element(ROOT)
    element = ET.SubElement(root, "MessageHeader")
    add_element(element, "ProcessExecutionTime", compact_moment(now))
    add_element(element, "MedicalInstitutionCode", header.facility_code)
    add_element(element, "ArbitraryFileIdentifier", header.file_identifier)
    add_element(element, "SegmentOfResult", segment)
    add_element(element, "ErrorCode", code)
    add_element(element, "ErrorMessage", message)
    add_element(element, "CharacterCodeIdentifier", "0")  # 0 UTF-8
    return root, ET.SubElement(root, "MessageBody")


def error_answer(
    code: str, message: str, *, now: dt.datetime, header: EpsHeader | None = None
) -> bytes:
    """Return the answer to a file that could not be read (SegmentOfResult 9, empty body)."""
    root, _body = _document(header or EpsHeader(), now=now, segment="9", code=code,
                            message=message)  # fmt: skip
    return xml_document(root)


def refusal_answer(header: EpsHeader, refusal: DomainError, *, now: dt.datetime) -> bytes:
    """Return the answer to a request the service refused (ProcessingResultStatus 2)."""
    root, body = _document(header, now=now)
    add_element(body, "ProcessingResultStatus", "2")
    add_element(body, "ProcessingResultCode", refusal.code)
    add_element(body, "ProcessingResultMessage", JAPANESE_REASONS.get(refusal.code, refusal.reason))
    return xml_document(root)


def _check(parent: ET.Element, check: DuplicateCheck) -> None:
    element = ET.SubElement(parent, "DuplicateCheckResult")
    add_element(element, "DuplicateFound", _flag(check.found))
    add_element(element, "FindingCount", str(check.count))
    add_element(element, "DetailsShown", _flag(check.details_shown))
    add_element(element, "CheckMessage", check.message)
    if not check.findings:
        return
    findings = ET.SubElement(element, "FindingList")
    for found in check.findings:
        finding = ET.SubElement(findings, "Finding")
        add_element(finding, "FindingKind", found.kind.value)
        add_element(finding, "DrugCode", found.drug)
        add_element(finding, "OtherDrugCode", found.other_drug)
        add_element(finding, "OtherDrugName", found.other_name)
        add_element(finding, "OtherMedicalInstitutionCode", found.other_facility)
        add_element(finding, "OtherDate", f"{found.other_date:%Y%m%d}")
        add_element(finding, "Source", found.source)


def issued_answer(header: EpsHeader, issued: IssuedPrescription, *, now: dt.datetime) -> bytes:
    """Return the answer to 処方箋登録: the 処方箋ID, the 引換番号 and the check."""
    root, body = _document(header, now=now)
    add_element(body, "ProcessingResultStatus", "1")
    add_element(body, "PrescriptionId", issued.prescription_id)
    add_element(body, "ExchangeNumber", issued.exchange_number)
    _check(body, issued.check)
    return xml_document(root)


def _patient(parent: ET.Element, patient: InsuredPatient) -> None:
    element = ET.SubElement(parent, "PatientInfo")
    add_element(element, "InsurerNumber", patient.insurer_number)
    add_element(element, "InsuredCardSymbol", patient.symbol)
    add_element(element, "InsuredIdentificationNumber", patient.number)
    add_element(element, "InsuredBranchNumber", patient.branch)
    add_element(element, "Birthdate", f"{patient.birth_date:%Y%m%d}")


def _drugs(parent: ET.Element, drugs: tuple[Drug, ...]) -> None:
    element = ET.SubElement(parent, "DrugList")
    for drug in drugs:
        item = ET.SubElement(element, "Drug")
        add_element(item, "DrugCode", drug.yj_code)
        add_element(item, "DrugName", drug.name)
        add_element(item, "Quantity", f"{drug.quantity:g}")
        add_element(item, "Unit", drug.unit)
        add_element(item, "Days", str(drug.days))
        add_element(item, "Usage", drug.usage)


def _prescription(parent: ET.Element, prescription: Prescription) -> None:
    element = ET.SubElement(parent, "Prescription")
    content = prescription.content
    add_element(element, "PrescriptionId", prescription.prescription_id)
    add_element(element, "MedicalInstitutionCode", content.facility_code)
    add_element(element, "PrescriberName", prescription.prescriber)
    add_element(element, "IssueDate", f"{content.issued_on:%Y%m%d}")
    add_element(element, "RefillCount", str(content.uses))
    add_element(element, "RemainingUses", str(prescription.uses_left))
    add_element(element, "Status", prescription.status.value)
    _patient(element, content.patient)
    _drugs(element, content.drugs)


def retrieved_answer(
    header: EpsHeader, prescriptions: list[Prescription], *, now: dt.datetime
) -> bytes:
    """Return the answer to 処方箋取得: the prescriptions the pharmacy now holds."""
    root, body = _document(header, now=now)
    add_element(body, "ProcessingResultStatus", "1")
    listed = ET.SubElement(body, "PrescriptionList")
    for prescription in prescriptions:
        _prescription(listed, prescription)
    return xml_document(root)


def dispensed_answer(header: EpsHeader, record: DispensingRecord, *, now: dt.datetime) -> bytes:
    """Return the answer to 調剤結果登録: the recorded dispensing and which use it was."""
    root, body = _document(header, now=now)
    add_element(body, "ProcessingResultStatus", "1")
    add_element(body, "DispensingId", record.dispensing_id)
    add_element(body, "PrescriptionId", record.prescription_id)
    add_element(body, "DispensingDate", f"{record.dispensed_on:%Y%m%d}")
    add_element(body, "UseNumber", str(record.use))
    return xml_document(root)
