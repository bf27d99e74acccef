"""XmlMsg requests and answers of the terminal interface: parsing, encodings, errors, batches."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from mynumber.eligibility.data import EligibilityAnswer, NumberQuery, QualificationInfo
from mynumber.eligibility.transports.xml_codec import (
    RowError,
    answer_batch,
    answer_single,
    parse_batch,
    parse_single,
    render,
)

NOW = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC)
CLINIC = "1311234567"


def _search(
    number: str = "1234", born: str = "19800401", branch: str = "00", ident: str = ""
) -> str:
    return (
        "<QualificationConfirmSearchInfo>"
        "<InsurerNumber>01130012</InsurerNumber><InsuredCardSymbol>記号Ａ</InsuredCardSymbol>"
        f"<InsuredIdentificationNumber>{number}</InsuredIdentificationNumber>"
        f"<InsuredBranchNumber>{branch}</InsuredBranchNumber><Birthdate>{born}</Birthdate>"
        "<LimitApplicationCertificateRelatedConsFlg>1</LimitApplicationCertificateRelatedConsFlg>"
        f"<ArbitraryIdentifier>{ident}</ArbitraryIdentifier>"
        "</QualificationConfirmSearchInfo>"
    )


def _message(*rows: str, encoding: str = "UTF-8", date: str = "20261122") -> str:
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<XmlMsg><MessageHeader>'
        f"<QualificationConfirmationDate>{date}</QualificationConfirmationDate>"
        f"<MedicalInstitutionCode>{CLINIC}</MedicalInstitutionCode>"
        "<ArbitraryFileIdentifier>F-001</ArbitraryFileIdentifier>"
        f"</MessageHeader><MessageBody>{''.join(rows)}</MessageBody></XmlMsg>"
    )


def _answer(query: NumberQuery) -> EligibilityAnswer:
    info = QualificationInfo(
        InsuredCardClassification="01",
        InsurerNumber=query.insurer_number,
        InsuredCardSymbol=query.symbol,
        InsuredIdentificationNumber=query.number,
        InsuredBranchNumber=query.branch,
        PersonalFamilyClassification="1",
        InsuredName="高橋 太郎",
        Name="高橋 太郎",
        NameKana="タカハシ タロウ",
        Sex1="1",
        Birthdate=query.birth_date.strftime("%Y%m%d"),
        Address="東京都千代田区",
        PostNumber="1000001",
        InsuredCardValidDate="20240401",
        InsuredCardExpirationDate="",
        InsuredPartialContributionRatio="030",
        PreschoolClassification="",
        ReasonOfLoss="",
        LimitApplicationCertificateClassification="A03",
    )
    return EligibilityAnswer(
        ProcessExecutionTime="20261122120000",
        ReferenceClassification="2",
        SegmentOfResult="1",
        QualificationValidity="1",
        ResultList=(info,),
        PharmacistsInfoConsFlg="1",
    )


def _never(query: NumberQuery) -> EligibilityAnswer:
    raise AssertionError(f"nothing should be verified: {query}")


def test_a_single_request_round_trips() -> None:
    request = parse_single(_message(_search(ident="患者42")).encode())
    (row,) = request.rows
    assert row.query == NumberQuery(
        facility_code=CLINIC,
        visit_date=dt.date(2026, 11, 22),
        insurer_number="01130012",
        symbol="記号Ａ",
        number="1234",
        branch="00",
        birth_date=dt.date(1980, 4, 1),
    )
    raw = render(request, [_answer(row.query)], now=NOW, batch=False)
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(raw)
    assert root.tag == "XmlMsg"
    assert root.findtext("MessageHeader/ProcessExecutionTime") == "20261122120000"
    assert root.findtext("MessageHeader/SegmentOfResult") == "1"
    assert root.findtext("MessageHeader/ArbitraryFileIdentifier") == "F-001"
    assert root.findtext("MessageHeader/MedicalInstitutionCode") == CLINIC
    assert root.findtext("MessageBody/QualificationValidity") == "1"
    assert root.findtext("MessageBody/QualificationConfirmSearchInfo/ArbitraryIdentifier") == (
        "患者42"
    )
    result = root.find("MessageBody/ResultList/ResultOfQualificationConfirmation")
    assert result is not None
    assert result.findtext("InsuredPartialContributionRatio") == "030"
    assert result.findtext("Birthdate") == "19800401"
    assert (
        result.findtext(
            "LimitApplicationCertificateRelatedInfo/LimitApplicationCertificateClassification"
        )
        == "A03"
    )
    assert result.findtext("PharmacistsInfoConsFlg") == "1"


def test_shift_jis_input_is_read_by_its_declaration() -> None:
    raw = _message(_search(), encoding="Shift_JIS").encode("cp932")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    (row,) = parse_single(raw).rows
    assert row.query is not None and row.query.symbol == "記号Ａ"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"<XmlMsg><MessageHeader>", "XML001"),
        (b"\x82\xa0 not xml at all", "XML001"),
        (b'<?xml version="1.0" encoding="UTF-8"?><Other/>', "XML002"),
        (b'<!DOCTYPE x [<!ENTITY a "aaaa">]><XmlMsg/>', "XML001"),
        (b"<XmlMsg><MessageBody/></XmlMsg>", "XML003"),
        (_message(_search(), date="20261340").encode(), "XML004"),
        (_message(_search(), date="").encode(), "XML003"),
        (_message().encode(), "XML003"),
        (_message(_search(), _search()).encode(), "XML002"),
    ],
)
def test_unusable_requests_get_an_error_answer(raw: bytes, code: str) -> None:
    root = ET.fromstring(answer_single(raw, _never, now=NOW))
    assert root.findtext("MessageHeader/SegmentOfResult") == "9"
    assert root.findtext("MessageHeader/ErrorCode") == code
    assert root.findtext("MessageHeader/ErrorMessage")
    assert root.findtext("MessageHeader/ProcessExecutionTime") == "20261122120000"


def test_a_bad_row_in_a_single_request_is_an_error_answer() -> None:
    root = ET.fromstring(
        answer_single(_message(_search(born="1980-04-01")).encode(), _never, now=NOW)
    )
    assert root.findtext("MessageHeader/SegmentOfResult") == "9"
    assert root.findtext("MessageHeader/ErrorCode") == "XML004"
    assert root.findtext("MessageHeader/QualificationConfirmationDate") == "20261122"


def test_the_terminal_facility_fills_and_checks_the_header() -> None:
    raw = _message(_search()).replace(CLINIC, "").encode()
    (row,) = parse_single(raw, facility="1319999999").rows
    assert row.query is not None and row.query.facility_code == "1319999999"
    refused = ET.fromstring(
        answer_single(_message(_search()).encode(), _never, now=NOW, facility="1319999999")
    )
    assert refused.findtext("MessageHeader/ErrorCode") == "XML005"


def test_a_batch_answers_the_good_rows_around_a_broken_one() -> None:
    raw = _message(
        _search(number="1", ident="a"),
        _search(number="2", born="19801301", ident="b"),
        _search(number="3", branch="", ident="c"),
        _search(number="4", ident="d"),
    ).encode()
    request = parse_batch(raw)
    assert [r.error.code if r.error else None for r in request.rows] == [
        None,
        "XML004",
        "XML003",
        None,
    ]
    root = ET.fromstring(answer_batch(raw, _answer, now=NOW))
    assert root.findtext("MessageHeader/SegmentOfResult") == "1"
    units = root.findall("MessageBody/BulkConfirmUnit")
    assert [u.findtext("QualificationConfirmSearchInfo/ArbitraryIdentifier") for u in units] == [
        "a",
        "b",
        "c",
        "d",
    ]
    assert [u.findtext("ProcessingResultStatus") for u in units] == ["1", "2", "2", "1"]
    assert [u.findtext("QualificationValidity") for u in units] == ["1", None, None, "1"]
    assert units[1].findtext("ProcessingResultCode") == "XML004"
    numbers = [
        u.findtext("ResultList/ResultOfQualificationConfirmation/InsuredIdentificationNumber")
        for u in units
    ]
    assert numbers == ["1", None, None, "4"]


def test_a_refused_row_keeps_its_code() -> None:
    request = parse_batch(_message(_search()).encode())
    root = ET.fromstring(
        render(request, [RowError("facility_unknown", "未登録")], now=NOW, batch=True)
    )
    unit = root.find("MessageBody/BulkConfirmUnit")
    assert unit is not None and unit.findtext("ProcessingResultCode") == "facility_unknown"
