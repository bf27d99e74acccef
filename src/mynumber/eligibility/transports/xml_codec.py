"""XML messages of the terminal interface (XmlMsg): what receipt computers send and read.

A single request (`OQSsiquc01req`, 資格確認照会) and a batch request (`OQSmuquc01req`, 一括照会)
are `XmlMsg` documents with a `MessageHeader` (QualificationConfirmationDate YYYYMMDD,
MedicalInstitutionCode, ArbitraryFileIdentifier) and a `MessageBody` holding one or several
`QualificationConfirmSearchInfo`. Input may be UTF-8 or Shift_JIS (the declaration says which);
answers are UTF-8 with a declaration. Nothing here raises on bad input: every problem becomes an
error answer (SegmentOfResult 9 for the file, ProcessingResultStatus 2 for one batch row).

Input is parsed by defusedxml with DTDs forbidden: no entity of any kind (internal, external,
parameter) is ever expanded, so entity bombs and external references are refused as XML001.

Our error codes (the official 処理結果コード list is not public): XML001 unreadable XML,
XML002 not a request of this kind, XML003 a required element is missing, XML004 a bad value,
XML005 the request names another facility than the terminal's, XML006 a batch with more rows
than `MAX_XML_BATCH_ROWS`; refusals of the eligibility system keep their own codes.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as parse_untrusted
from pydantic import ValidationError

from mynumber.eligibility.data import MAX_BATCH_LINES, EligibilityAnswer, NumberQuery
from mynumber.eligibility.data.interface_xml import (
    ROOT,
    XmlHeader,
    add_element,
    error_xml,
    message_header,
    xml_document,
)
from mynumber.kernel.dates import parse_compact_date
from mynumber.kernel.errors import DomainError

__all__ = [
    "MAX_XML_BATCH_ROWS",
    "RowError",
    "SearchRow",
    "XmlHeader",
    "XmlMessageError",
    "XmlRequest",
    "answer_batch",
    "answer_single",
    "error_xml",
    "parse_batch",
    "parse_single",
    "render",
]

SEARCH_INFO = "QualificationConfirmSearchInfo"
_SEARCH_FIELDS = (
    "InsurerNumber",
    "InsuredCardSymbol",
    "InsuredIdentificationNumber",
    "InsuredBranchNumber",
    "Birthdate",
    "LimitApplicationCertificateRelatedConsFlg",
    "ArbitraryIdentifier",
)
_SHIFT_JIS = frozenset(
    {"shift_jis", "shift-jis", "sjis", "x-sjis", "windows-31j", "cp932", "ms932"}
)
_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_DECLARATION_TEXT = re.compile(r"^\s*<\?xml[^>]*\?>")
# ⚠ The interface's own limit for an OQSmuquc01req file is not public: the same cap as the
# CSV and JSON batch inquiries (一括照会) applies.
MAX_XML_BATCH_ROWS = MAX_BATCH_LINES


class XmlMessageError(Exception):
    """A request file that cannot be answered at all (SegmentOfResult 9)."""

    def __init__(self, code: str, message: str, header: XmlHeader | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.header = header


@dataclass(frozen=True)
class RowError:
    """Why one QualificationConfirmSearchInfo could not be checked."""

    code: str
    message: str


@dataclass(frozen=True)
class SearchRow:
    """One QualificationConfirmSearchInfo: the query, or why there is none; echo as sent."""

    echo: dict[str, str]
    query: NumberQuery | None = None
    error: RowError | None = None


@dataclass(frozen=True)
class XmlRequest:
    """A parsed request: its header and rows, in the order sent."""

    header: XmlHeader
    rows: tuple[SearchRow, ...] = field(default=())


# Decoding and parsing.


def _decode(raw: bytes) -> str:
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    match = _DECLARATION.match(raw)
    encoding = match.group(1).decode("ascii").lower() if match else "utf-8"
    if encoding in _SHIFT_JIS:
        encoding = "cp932"  # Windows' Shift_JIS: the superset receipt computers write
    try:
        text = raw.decode(encoding)
    except (LookupError, UnicodeDecodeError) as exc:
        raise XmlMessageError("XML001", f"文字コード {encoding} として読めません") from exc
    return _DECLARATION_TEXT.sub("", text, count=1)


def _root(raw: bytes) -> ET.Element:
    text = _decode(raw)
    try:
        root: ET.Element = parse_untrusted(text, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise XmlMessageError("XML001", "DTD・実体宣言は受け付けません") from exc
    except ET.ParseError as exc:
        raise XmlMessageError("XML001", f"XML として読めません: {exc}") from exc
    if _local(root.tag) != ROOT:
        raise XmlMessageError("XML002", f"ルート要素が {ROOT} ではありません: {_local(root.tag)}")
    return root


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(parent: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in parent if _local(c.tag) == name), None)


def _text(parent: ET.Element, name: str) -> str:
    found = _child(parent, name)
    return (found.text or "").strip() if found is not None else ""


def _date(value: str, name: str) -> dt.date:
    if not value:
        raise XmlMessageError("XML003", f"{name} がありません")
    if not (len(value) == 8 and value.isdecimal()):
        raise XmlMessageError("XML004", f"{name} は YYYYMMDD で指定してください: {value}")
    try:
        return parse_compact_date(value)
    except ValueError as exc:
        raise XmlMessageError("XML004", f"{name} が暦にない日付です: {value}") from exc


def _header(root: ET.Element, facility: str | None) -> XmlHeader:
    element = _child(root, "MessageHeader")
    if element is None:
        raise XmlMessageError("XML003", "MessageHeader がありません")
    header = XmlHeader(
        confirmation_date=_text(element, "QualificationConfirmationDate"),
        facility_code=_text(element, "MedicalInstitutionCode") or (facility or ""),
        file_identifier=_text(element, "ArbitraryFileIdentifier"),
    )
    if not header.facility_code:
        raise XmlMessageError("XML003", "MedicalInstitutionCode がありません", header)
    if facility and header.facility_code != facility:
        raise XmlMessageError("XML005", f"この端末の医療機関コード {facility} と異なります", header)
    try:
        _date(header.confirmation_date, "QualificationConfirmationDate")
    except XmlMessageError as exc:
        raise XmlMessageError(exc.code, exc.message, header) from exc
    return header


def _row(info: ET.Element, header: XmlHeader) -> SearchRow:
    echo = {name: _text(info, name) for name in _SEARCH_FIELDS if _child(info, name) is not None}
    try:
        for name in ("InsurerNumber", "InsuredIdentificationNumber", "InsuredBranchNumber"):
            if not echo.get(name):
                raise XmlMessageError("XML003", f"{name} がありません")
        born = _date(echo.get("Birthdate", ""), "Birthdate")
        query = NumberQuery(
            facility_code=header.facility_code,
            visit_date=_date(header.confirmation_date, "QualificationConfirmationDate"),
            insurer_number=echo["InsurerNumber"],
            symbol=echo.get("InsuredCardSymbol", ""),
            number=echo["InsuredIdentificationNumber"],
            branch=echo["InsuredBranchNumber"],
            birth_date=born,
        )
    except XmlMessageError as exc:
        return SearchRow(echo=echo, error=RowError(exc.code, exc.message))
    except ValidationError as exc:
        where = ".".join(str(p) for p in exc.errors()[0]["loc"])
        return SearchRow(echo=echo, error=RowError("XML004", f"値が不正です: {where}"))
    return SearchRow(echo=echo, query=query)


def _parse(raw: bytes, facility: str | None) -> XmlRequest:
    root = _root(raw)
    header = _header(root, facility)
    body = _child(root, "MessageBody")
    infos = [c for c in body if _local(c.tag) == SEARCH_INFO] if body is not None else []
    if not infos:
        raise XmlMessageError("XML003", f"MessageBody/{SEARCH_INFO} がありません", header)
    if len(infos) > MAX_XML_BATCH_ROWS:  # refused before any row is read or checked
        raise XmlMessageError(
            "XML006",
            f"{SEARCH_INFO} は {MAX_XML_BATCH_ROWS:,} 件までです（{len(infos):,} 件）",
            header,
        )
    return XmlRequest(header=header, rows=tuple(_row(info, header) for info in infos))


def parse_single(raw: bytes, *, facility: str | None = None) -> XmlRequest:
    """Parse an OQSsiquc01req message (exactly one search); raise XmlMessageError if unusable.

    facility, when given, is the terminal's own code: it fills a missing MedicalInstitutionCode
    and refuses a request for another facility.
    """
    request = _parse(raw, facility)
    if len(request.rows) != 1:
        raise XmlMessageError(
            "XML002",
            f"単件照会の {SEARCH_INFO} は 1 件です（一括照会を使ってください）",
            request.header,
        )
    return request


def parse_batch(raw: bytes, *, facility: str | None = None) -> XmlRequest:
    """Parse an OQSmuquc01req message; rows that cannot be checked carry their RowError.

    More than MAX_XML_BATCH_ROWS rows refuse the whole file (XML006).
    """
    return _parse(raw, facility)


# Rendering.

Outcome = EligibilityAnswer | RowError


def _result(parent: ET.Element, info: dict[str, object], consent: dict[str, str]) -> None:
    element = ET.SubElement(parent, "ResultOfQualificationConfirmation")
    for name, value in info.items():
        if name == "LimitApplicationCertificateClassification":
            related = ET.SubElement(element, "LimitApplicationCertificateRelatedInfo")
            add_element(related, name, str(value))
        else:
            add_element(element, name, str(value))
    for name, value in consent.items():
        add_element(element, name, value)


def _unit(parent: ET.Element, row: SearchRow, outcome: Outcome) -> None:
    echo = ET.SubElement(parent, SEARCH_INFO)
    for name, value in row.echo.items():
        add_element(echo, name, value)
    if isinstance(outcome, RowError) or outcome.segment_of_result != "1":
        code, message = (
            (outcome.code, outcome.message)
            if isinstance(outcome, RowError)
            else (outcome.error_code, outcome.error_message)
        )
        add_element(parent, "ProcessingResultStatus", "2")
        add_element(parent, "ProcessingResultCode", code)
        add_element(parent, "ProcessingResultMessage", message)
        return
    body = outcome.model_dump(by_alias=True, mode="json")
    add_element(parent, "ProcessingResultStatus", "1")
    add_element(parent, "QualificationValidity", body["QualificationValidity"])
    consent = {k: v for k, v in body.items() if v and ("Cons" in k or "AvailableTime" in k)}
    results = ET.SubElement(parent, "ResultList")
    for info in body["ResultList"]:
        _result(results, info, consent)


def render(
    request: XmlRequest, outcomes: Sequence[Outcome], *, now: dt.datetime, batch: bool
) -> bytes:
    """Return the answer document: one outcome per row, in the request's order.

    A single answer puts the row's refusal in the header (SegmentOfResult 9); a batch answer
    has one BulkConfirmUnit per row, each with its own ProcessingResultStatus.
    """
    root = ET.Element(ROOT)
    segment, code, message = "1", "", ""
    if not batch:
        (outcome,) = outcomes
        if isinstance(outcome, RowError):
            segment, code, message = "9", outcome.code, outcome.message
        elif outcome.segment_of_result != "1":
            segment, code, message = "9", outcome.error_code, outcome.error_message
    message_header(root, request.header, now=now, segment=segment, code=code, message=message)
    body = ET.SubElement(root, "MessageBody")
    for row, outcome in zip(request.rows, outcomes, strict=True):
        _unit(ET.SubElement(body, "BulkConfirmUnit") if batch else body, row, outcome)
    return xml_document(root)


# Answering.

Verify = Callable[[NumberQuery], EligibilityAnswer]


def _outcome(row: SearchRow, verify: Verify) -> Outcome:
    if row.query is None:
        return row.error or RowError("XML003", "照会条件がありません")
    try:
        return verify(row.query)
    except DomainError as refused:
        return RowError(refused.code, refused.reason)


def _answer(
    raw: bytes, verify: Verify, *, now: dt.datetime, facility: str | None, batch: bool
) -> bytes:
    try:
        request = (
            parse_batch(raw, facility=facility) if batch else parse_single(raw, facility=facility)
        )
    except XmlMessageError as exc:
        return error_xml(exc.code, exc.message, now=now, header=exc.header)
    outcomes = [_outcome(row, verify) for row in request.rows]
    return render(request, outcomes, now=now, batch=batch)


def answer_single(
    raw: bytes, verify: Verify, *, now: dt.datetime, facility: str | None = None
) -> bytes:
    """Answer an OQSsiquc01req message; never raises on bad input."""
    return _answer(raw, verify, now=now, facility=facility, batch=False)


def answer_batch(
    raw: bytes, verify: Verify, *, now: dt.datetime, facility: str | None = None
) -> bytes:
    """Answer an OQSmuquc01req message row by row; never raises on bad input."""
    return _answer(raw, verify, now=now, facility=facility, batch=True)
