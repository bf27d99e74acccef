"""The 電子処方箋 XML codec on its own: what a request file says, and where a bad one is wrong."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from mynumber.health.prescriptions.xml_read import (
    XmlRefusalError,
    parse_dispensing,
    parse_retrieval,
)
from mynumber.health.prescriptions.xml_write import error_answer, refusal_answer
from mynumber.kernel.errors import NotFoundError

FACILITY = "1341234566"
NOW = dt.datetime(2026, 11, 22, 1, 0, tzinfo=dt.UTC)
PATIENT = (
    "<PatientInfo><InsurerNumber>01130012</InsurerNumber><InsuredCardSymbol>記号</InsuredCardSymbol>"
    "<InsuredIdentificationNumber>123</InsuredIdentificationNumber>"
    "<InsuredBranchNumber>00</InsuredBranchNumber><Birthdate>19800101</Birthdate></PatientInfo>"
)


def _message(body: str, facility: str = FACILITY, encoding: str = "UTF-8") -> str:
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<XmlMsg><MessageHeader>'
        f"<MedicalInstitutionCode>{facility}</MedicalInstitutionCode>"
        "<ArbitraryFileIdentifier>ID-9</ArbitraryFileIdentifier></MessageHeader>"
        f"<MessageBody>{body}</MessageBody></XmlMsg>"
    )


RETRIEVAL = (
    f"<ExchangeNumber>012345</ExchangeNumber>{PATIENT}<ReceptionDate>20261122</ReceptionDate>"
)


def test_a_shift_jis_retrieval_is_read_and_an_empty_facility_is_the_terminals() -> None:
    raw = _message(RETRIEVAL, facility="", encoding="Shift_JIS").encode("cp932")

    header, request = parse_retrieval(raw, facility=FACILITY)

    assert (header.facility_code, header.file_identifier) == (FACILITY, "ID-9")
    assert request.exchange_number == "012345" and request.facility_code == FACILITY
    assert request.patient is not None and request.patient.symbol == "記号"
    assert request.visit_date == dt.date(2026, 11, 22)


@pytest.mark.parametrize(
    ("body", "code", "where"),
    [
        (RETRIEVAL.replace("012345", "12345"), "XML004", "XmlMsg/MessageBody/ExchangeNumber"),
        (RETRIEVAL.replace("20261122", "20261131"), "XML004", "XmlMsg/MessageBody/ReceptionDate"),
        (RETRIEVAL.replace("<InsurerNumber>01130012</InsurerNumber>", ""), "XML003",
         "XmlMsg/MessageBody/PatientInfo/InsurerNumber"),
    ],
)  # fmt: skip
def test_a_bad_retrieval_names_the_element(body: str, code: str, where: str) -> None:
    with pytest.raises(XmlRefusalError) as refused:
        parse_retrieval(_message(body).encode(), facility=FACILITY)
    assert refused.value.code == code and where in refused.value.message
    assert refused.value.header is not None and refused.value.header.file_identifier == "ID-9"


def test_entities_and_other_roots_are_refused() -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><XmlMsg>&a;</XmlMsg>'
    with pytest.raises(XmlRefusalError) as refused:
        parse_dispensing(bomb.encode())
    assert refused.value.code == "XML001"
    with pytest.raises(XmlRefusalError) as other:
        parse_dispensing(b"<Other/>")
    assert other.value.code == "XML002"


def test_a_dispensing_with_a_bad_quantity_names_the_drug() -> None:
    drugs = (
        "<DrugList><Drug><DrugCode>2171022F1020</DrugCode><DrugName>A</DrugName><Quantity>1"
        "</Quantity><Unit>錠</Unit><Days>7</Days></Drug><Drug><DrugCode>2171022F1020</DrugCode>"
        "<DrugName>B</DrugName><Quantity>多め</Quantity><Unit>錠</Unit><Days>7</Days></Drug>"
        "</DrugList>"
    )
    body = (
        "<PrescriptionId>0b7c1d9e-55a4-4e0f-8a51-4c4f0f6a9d10</PrescriptionId>"
        f"<DispensingDate>20261122</DispensingDate>{drugs}"
    )
    with pytest.raises(XmlRefusalError) as refused:
        parse_dispensing(_message(body).encode())
    assert refused.value.message == (
        "XmlMsg/MessageBody/DrugList/Drug[2]/Quantity は数値で指定してください: 多め"
    )


def test_answers_carry_the_code_and_the_japanese_message() -> None:
    error = ET.fromstring(error_answer("XML001", "読めません", now=NOW))
    assert error.findtext("MessageHeader/SegmentOfResult") == "9"
    assert error.findtext("MessageHeader/ProcessExecutionTime") == "20261122100000"
    header, _request = parse_retrieval(_message(RETRIEVAL).encode())
    refused = ET.fromstring(
        refusal_answer(header, NotFoundError("none", code="prescription_not_found"), now=NOW)
    )
    assert refused.findtext("MessageHeader/SegmentOfResult") == "1"
    assert refused.findtext("MessageBody/ProcessingResultStatus") == "2"
    assert refused.findtext("MessageBody/ProcessingResultCode") == "prescription_not_found"
    assert "該当する処方箋がありません" in (
        refused.findtext("MessageBody/ProcessingResultMessage") or ""
    )
