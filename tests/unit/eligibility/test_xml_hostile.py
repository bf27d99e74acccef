"""Hostile XmlMsg input: entity bombs, external references and oversized batches are refused
whole, with the XML error answer, before any row is checked."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from defusedxml.ElementTree import fromstring as parse_answer

from mynumber.eligibility.data import EligibilityAnswer, NumberQuery
from mynumber.eligibility.transports.xml_codec import (
    MAX_XML_BATCH_ROWS,
    answer_batch,
    answer_single,
)

from .test_xmlmsg import _answer, _message, _search

NOW = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC)

_LAUGHS = "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10}">' for n in range(1, 10))
HOSTILE = {
    "billion laughs": (
        f'<!DOCTYPE XmlMsg [<!ENTITY lol0 "lol">{_LAUGHS}]>',
        "<ArbitraryIdentifier>&lol9;</ArbitraryIdentifier>",
    ),
    "quadratic blowup": (
        f'<!DOCTYPE XmlMsg [<!ENTITY big "{"x" * 50_000}">]>',
        f"<ArbitraryIdentifier>{'&big;' * 2_000}</ArbitraryIdentifier>",
    ),
    "external entity": (
        '<!DOCTYPE XmlMsg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>',
        "<ArbitraryIdentifier>&secret;</ArbitraryIdentifier>",
    ),
    "parameter entity": (
        '<!DOCTYPE XmlMsg [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd"> %remote;]>',
        "<ArbitraryIdentifier>1</ArbitraryIdentifier>",
    ),
    "external DTD": ('<!DOCTYPE XmlMsg SYSTEM "http://127.0.0.1:9/x.dtd">', ""),
    "internal entity": (
        '<!DOCTYPE XmlMsg [<!ENTITY id "患者1">]>',
        "<ArbitraryIdentifier>&id;</ArbitraryIdentifier>",
    ),
}


class Recorder:
    """The eligibility check as a counter: how many rows reached it."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, query: NumberQuery) -> EligibilityAnswer:
        self.calls += 1
        return _answer(query)


def _hostile(doctype: str, inside: str) -> bytes:
    row = _search().replace("<ArbitraryIdentifier></ArbitraryIdentifier>", inside)
    text = _message(row)
    head, _, rest = text.partition("\n")
    return f"{head}\n{doctype}{rest}".encode()


@pytest.mark.parametrize("name", list(HOSTILE))
@pytest.mark.parametrize("answer", [answer_single, answer_batch])
def test_documents_with_a_dtd_are_refused_whole(name: str, answer: object) -> None:
    checks = Recorder()
    started = time.monotonic()

    reply = answer(_hostile(*HOSTILE[name]), checks, now=NOW)  # type: ignore[operator]

    root = parse_answer(reply)
    assert root.findtext("MessageHeader/SegmentOfResult") == "9"
    assert root.findtext("MessageHeader/ErrorCode") == "XML001"
    assert "DTD" in (root.findtext("MessageHeader/ErrorMessage") or "")
    assert root.find("MessageBody/BulkConfirmUnit") is None
    assert checks.calls == 0
    assert time.monotonic() - started < 2  # nothing was expanded


def test_markup_inside_cdata_is_text_not_a_declaration() -> None:
    # A CDATA section may hold any text, declarations included; it declares nothing.
    cdata = "<ArbitraryIdentifier><![CDATA[<!DOCTYPE x><!ENTITY y>]]></ArbitraryIdentifier>"
    raw = _message(_search().replace("<ArbitraryIdentifier></ArbitraryIdentifier>", cdata))
    checks = Recorder()

    root = parse_answer(answer_single(raw.encode(), checks, now=NOW))

    assert root.findtext("MessageHeader/SegmentOfResult") == "1"
    assert root.findtext("MessageBody/QualificationConfirmSearchInfo/ArbitraryIdentifier") == (
        "<!DOCTYPE x><!ENTITY y>"
    )
    assert checks.calls == 1


def _batch(rows: int) -> bytes:
    row = _search()
    return _message(*([row] * rows)).encode()


def test_a_batch_over_the_cap_is_refused_before_any_row_is_checked() -> None:
    checks = Recorder()

    root = parse_answer(answer_batch(_batch(MAX_XML_BATCH_ROWS + 1), checks, now=NOW))

    assert root.findtext("MessageHeader/SegmentOfResult") == "9"
    assert root.findtext("MessageHeader/ErrorCode") == "XML006"
    assert f"{MAX_XML_BATCH_ROWS:,}" in (root.findtext("MessageHeader/ErrorMessage") or "")
    assert root.findtext("MessageHeader/ArbitraryFileIdentifier") == "F-001"
    assert root.find("MessageBody/BulkConfirmUnit") is None
    assert checks.calls == 0


@pytest.mark.bench  # about a minute on a 2-core machine
def test_a_batch_at_the_cap_is_answered_row_by_row() -> None:
    checks = Recorder()

    root = parse_answer(answer_batch(_batch(MAX_XML_BATCH_ROWS), checks, now=NOW))

    assert root.findtext("MessageHeader/SegmentOfResult") == "1"
    assert len(root.findall("MessageBody/BulkConfirmUnit")) == MAX_XML_BATCH_ROWS
    assert checks.calls == MAX_XML_BATCH_ROWS
