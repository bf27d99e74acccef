"""電子処方箋 through the terminal's folder interface: a clinic's system drops a 処方箋登録 file
into req and reads the 処方箋ID and 引換番号 from res; a pharmacy's system retrieves by 引換番号 and
registers the 調剤結果; bad files are answered with where they are wrong. The real watcher posts
to the real server on loopback, signed with each terminal's key."""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx

from mynumber.app import System
from mynumber.facility.watcher import WatchConfig, process_once, watch
from mynumber.health.data import Drug, InsuredPatient, PrescriptionRequest
from tests.servers import OPENAPI_TIMEOUT

from ..integration.health.helpers import (
    AMLODIPINE,
    AMLODIPINE_OD,
    PHARMACY,
    TODAY,
    TRIAZOLAM,
    content,
    doctor,
    signed,
    world,
)
from ..integration.insurers.test_enrol_and_verify import CLINIC
from ..terminals import TestTerminal, new_terminal

_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def _config(terminal: TestTerminal, folder: Path, server: str) -> WatchConfig:
    return WatchConfig(
        folder=folder,
        terminal_id=terminal.terminal_id,
        sign=terminal.key.sign,
        server=server,
        now=terminal.now,
    )


def _message(facility: str, body: str, file_id: str = "F-1") -> str:
    return (
        f"{_DECLARATION}<XmlMsg><MessageHeader>"
        f"<MedicalInstitutionCode>{facility}</MedicalInstitutionCode>"
        f"<ArbitraryFileIdentifier>{file_id}</ArbitraryFileIdentifier>"
        f"</MessageHeader><MessageBody>{body}</MessageBody></XmlMsg>"
    )


def _patient(patient: InsuredPatient) -> str:
    return (
        f"<PatientInfo><InsurerNumber>{patient.insurer_number}</InsurerNumber>"
        f"<InsuredCardSymbol>{patient.symbol}</InsuredCardSymbol>"
        f"<InsuredIdentificationNumber>{patient.number}</InsuredIdentificationNumber>"
        f"<InsuredBranchNumber>{patient.branch}</InsuredBranchNumber>"
        f"<Birthdate>{patient.birth_date:%Y%m%d}</Birthdate></PatientInfo>"
    )


def _drugs(*drugs: Drug) -> str:
    items = "".join(
        f"<Drug><DrugCode>{d.yj_code}</DrugCode><DrugName>{d.name}</DrugName>"
        f"<Quantity>{d.quantity:g}</Quantity><Unit>{d.unit}</Unit><Days>{d.days}</Days>"
        f"<Usage>{d.usage}</Usage></Drug>"
        for d in drugs
    )
    return f"<DrugList>{items}</DrugList>"


def _registration(request: PrescriptionRequest) -> str:
    """Return an EPSsiPIR01req for a signed prescription, as a clinic's system writes it."""
    what = request.content
    return _message(
        what.facility_code,
        "<IssueType>1</IssueType><PrescriptionInfo>"
        f"<IssueDate>{what.issued_on:%Y%m%d}</IssueDate>{_patient(what.patient)}"
        f"<RefillCount>{what.uses}</RefillCount>{_drugs(*what.drugs)}</PrescriptionInfo>"
        f"<ElectronicSignature>{base64.b64encode(request.signature).decode()}"
        "</ElectronicSignature>"
        f"<HpkiCertificate>{base64.b64encode(request.hpki_certificate).decode()}"
        f"</HpkiCertificate><DetailsConsent>{int(request.show_details)}</DetailsConsent>",
    )


def _answer(folder: Path, name: str) -> ET.Element:
    return ET.parse(folder / "res" / name).getroot()


def _drop(folder: Path, name: str, text: str) -> None:
    (folder / "req").mkdir(parents=True, exist_ok=True)
    (folder / "req" / name).write_text(text, encoding="utf-8")


def test_a_prescription_goes_from_clinic_to_pharmacy_through_the_folders(
    system: System, server: str, tmp_path: Path
) -> None:
    w = world(system)
    request = signed(system, doctor(system), content(w.patient))
    clinic, pharmacy = tmp_path / "clinic", tmp_path / "pharmacy"
    _drop(clinic, "EPSsiPIR01req_0001.xml", _registration(request))
    lines: list[str] = []

    [issued] = process_once(
        _config(new_terminal(system, CLINIC), clinic, server), echo=lines.append
    )

    answer = _answer(clinic, "EPSsiPIR01res_0001.xml")
    assert issued.ok, issued.message
    assert answer.findtext("MessageHeader/SegmentOfResult") == "1"
    assert answer.findtext("MessageHeader/ArbitraryFileIdentifier") == "F-1"
    assert answer.findtext("MessageBody/ProcessingResultStatus") == "1"
    prescription_id = answer.findtext("MessageBody/PrescriptionId") or ""
    exchange = answer.findtext("MessageBody/ExchangeNumber") or ""
    assert len(prescription_id) == 36 and len(exchange) == 6 and exchange.isdecimal()
    assert answer.findtext("MessageBody/DuplicateCheckResult/CheckMessage") == "重複なし"
    assert f"引換番号 {exchange}" in lines[0]
    assert (clinic / "done" / "EPSsiPIR01req_0001.xml").exists()

    retrieval = _message(
        PHARMACY,
        f"<ExchangeNumber>{exchange}</ExchangeNumber>{_patient(w.patient)}"
        f"<ReceptionDate>{TODAY:%Y%m%d}</ReceptionDate>",
    )
    dispensing = _message(
        PHARMACY,
        f"<PrescriptionId>{prescription_id}</PrescriptionId>"
        f"<DispensingDate>{TODAY:%Y%m%d}</DispensingDate>{_drugs(AMLODIPINE)}",
    )
    _drop(pharmacy, "EPSsiPRT01req_0002.xml", retrieval)
    _drop(pharmacy, "EPSsiPRT01req_0004.xml", retrieval)  # once more, after the dispensing
    pharmacy_terminal = new_terminal(system, PHARMACY)
    config = _config(pharmacy_terminal, pharmacy, server)

    taken = process_once(config, echo=lambda _line: None)
    _drop(pharmacy, "EPSsiDRR01req_0003.xml", dispensing)
    recorded: list[str] = []
    watch(config, echo=recorded.append, interval=0.05, stop=lambda: bool(recorded))

    assert [(h.request, h.ok) for h in taken] == [
        ("EPSsiPRT01req_0002.xml", True),
        ("EPSsiPRT01req_0004.xml", True),  # the same pharmacy takes it again before dispensing
    ]
    listed = _answer(pharmacy, "EPSsiPRT01res_0002.xml").find(
        "MessageBody/PrescriptionList/Prescription"
    )
    assert listed is not None
    assert listed.findtext("PrescriptionId") == prescription_id
    assert listed.findtext("MedicalInstitutionCode") == CLINIC
    assert listed.findtext("PrescriberName") == "佐藤一郎"
    assert listed.findtext("DrugList/Drug/DrugCode") == AMLODIPINE.yj_code
    assert listed.findtext("PatientInfo/InsuredIdentificationNumber") == w.patient.number
    assert recorded == [
        "EPSsiDRR01req_0003.xml → res/EPSsiDRR01res_0003.xml"
        f"（応答: 処方箋ID {prescription_id} 調剤回 1）"
    ]
    done = _answer(pharmacy, "EPSsiDRR01res_0003.xml")
    assert done.findtext("MessageBody/PrescriptionId") == prescription_id
    assert done.findtext("MessageBody/UseNumber") == "1"

    # The 引換番号 is used up: the next retrieval is refused, in Japanese, into error.
    _drop(pharmacy, "EPSsiPRT01req_0005.xml", retrieval)
    [refused] = process_once(config, echo=lambda _line: None)
    assert not refused.ok and "exchange_number_used" in refused.message
    again = _answer(pharmacy, "EPSsiPRT01res_0005.xml")
    assert again.findtext("MessageHeader/SegmentOfResult") == "1"
    assert again.findtext("MessageBody/ProcessingResultStatus") == "2"
    assert again.findtext("MessageBody/ProcessingResultCode") == "exchange_number_used"
    assert again.findtext("MessageBody/ProcessingResultMessage") == (
        "この引換番号の処方箋は調剤済みです"
    )
    assert (pharmacy / "error" / "EPSsiPRT01req_0005.xml").exists()


def test_bad_files_are_answered_with_where_they_are_wrong(
    system: System, server: str, tmp_path: Path
) -> None:
    w = world(system)
    request = signed(system, doctor(system), content(w.patient, AMLODIPINE, TRIAZOLAM))
    good = _registration(request)
    _drop(tmp_path, "EPSsiPIR01req_0001.xml", good.replace("<IssueType>", "<IssueType", 1))
    bad_code = good.replace(f"<DrugCode>{TRIAZOLAM.yj_code}<", "<DrugCode>12345<", 1)
    _drop(tmp_path, "EPSsiPIR01req_0002.xml", bad_code)
    no_days = good.replace(f"<Days>{TRIAZOLAM.days}</Days>", "", 1)
    _drop(tmp_path, "EPSsiPIR01req_0003.xml", no_days)
    tampered = good.replace(f"<Quantity>{AMLODIPINE.quantity:g}<", "<Quantity>3<", 1)
    _drop(tmp_path, "EPSsiPIR01req_0004.xml", tampered)
    other = good.replace(f">{CLINIC}<", f">{PHARMACY}<", 1)
    _drop(tmp_path, "EPSsiPIR01req_0005.xml", other)

    handled = process_once(
        _config(new_terminal(system, CLINIC), tmp_path, server), echo=lambda _line: None
    )

    assert [h.ok for h in handled] == [False] * 5
    codes = {
        h.request: (_answer(tmp_path, h.answer.name), h.message) for h in handled
    }  # fmt: skip
    broken, _ = codes["EPSsiPIR01req_0001.xml"]
    assert broken.findtext("MessageHeader/SegmentOfResult") == "9"
    assert broken.findtext("MessageHeader/ErrorCode") == "XML001"
    assert "2 行" in (broken.findtext("MessageHeader/ErrorMessage") or "")
    located = {
        name: (answer.findtext("MessageHeader/ErrorCode"),
               answer.findtext("MessageHeader/ErrorMessage") or "")
        for name, (answer, _) in codes.items()
    }  # fmt: skip
    code, message = located["EPSsiPIR01req_0002.xml"]
    assert code == "XML004"
    assert "XmlMsg/MessageBody/PrescriptionInfo/DrugList/Drug[2]/DrugCode" in message
    code, message = located["EPSsiPIR01req_0003.xml"]
    assert code == "XML003"
    assert message == "XmlMsg/MessageBody/PrescriptionInfo/DrugList/Drug[2]/Days がありません"
    assert located["EPSsiPIR01req_0005.xml"][0] == "XML005"
    signature, message = codes["EPSsiPIR01req_0004.xml"]
    assert signature.findtext("MessageBody/ProcessingResultCode") == "signature_invalid"
    assert "電子署名を検証できません" in message
    assert sorted(p.name for p in (tmp_path / "error").iterdir()) == sorted(codes)


def test_only_a_pharmacy_retrieves_and_every_endpoint_needs_a_signature(
    system: System, server: str, tmp_path: Path
) -> None:
    w = world(system)
    retrieval = _message(
        CLINIC,
        f"<ExchangeNumber>123456</ExchangeNumber>{_patient(w.patient)}"
        f"<ReceptionDate>{TODAY:%Y%m%d}</ReceptionDate>",
    )
    _drop(tmp_path, "EPSsiPRT01req_0001.xml", retrieval)

    [refused] = process_once(
        _config(new_terminal(system, CLINIC), tmp_path, server), echo=lambda _line: None
    )

    answer = _answer(tmp_path, "EPSsiPRT01res_0001.xml")
    assert not refused.ok
    assert answer.findtext("MessageBody/ProcessingResultCode") == "facility_kind_refused"
    for path in ("prescriptions", "retrievals", "dispensings"):
        unsigned = httpx.post(f"{server}/api/health/xml/{path}", content=retrieval.encode())
        assert unsigned.status_code == 401
    schema = httpx.get(f"{server}/openapi.json", timeout=OPENAPI_TIMEOUT).json()["paths"]
    assert (
        "application/xml"
        in schema["/api/health/xml/prescriptions"]["post"]["requestBody"]["content"]
    )


def test_the_check_shows_its_findings_with_the_patients_consent(
    system: System, server: str, tmp_path: Path
) -> None:
    w = world(system)
    first = signed(system, doctor(system), content(w.patient))
    second = signed(
        system, doctor(system, given="二郎"), content(w.patient, AMLODIPINE_OD), show_details=True
    )
    _drop(tmp_path, "EPSsiPIR01req_0001.xml", _registration(first))
    _drop(tmp_path, "EPSsiPIR01req_0002.xml", _registration(second))

    handled = process_once(
        _config(new_terminal(system, CLINIC), tmp_path, server), echo=lambda _line: None
    )

    assert [h.ok for h in handled] == [True, True]
    check = _answer(tmp_path, "EPSsiPIR01res_0002.xml").find("MessageBody/DuplicateCheckResult")
    assert check is not None
    assert (check.findtext("DuplicateFound"), check.findtext("DetailsShown")) == ("1", "1")
    finding = check.find("FindingList/Finding")
    assert finding is not None
    assert finding.findtext("FindingKind") == "duplicate"
    assert finding.findtext("OtherDrugCode") == AMLODIPINE.yj_code
    assert finding.findtext("OtherDate") == f"{TODAY:%Y%m%d}"
