"""The XML transport of verification: the terminal's messages over HTTP (XmlMsg in, XmlMsg out).

The body is the request file as the receipt computer wrote it (UTF-8 or Shift_JIS), sent by
the terminal with its request signature; the answer is 200 with an XmlMsg, whose
SegmentOfResult says whether the file was answered. The terminal's facility fills an empty
MedicalInstitutionCode and must match a given one (XML005).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from mynumber.eligibility.transports.dependencies import Body, EligibilityDep, TerminalCaller
from mynumber.eligibility.transports.xml_codec import answer_batch, answer_single
from mynumber.kernel.apicontract import error_responses
from mynumber.kernel.clock import Clock, SystemClock

XML = "application/xml"
# No body is still a request: it is answered with an XmlMsg naming the error.
_BODY = {"requestBody": {"required": False, "content": {XML: {"schema": {"type": "string"}}}}}
_ANSWER: dict[int | str, dict[str, Any]] = {
    200: {"content": {XML: {}}, "description": "XmlMsg answer (UTF-8)"}
}

xml_api = APIRouter(
    prefix="/api/eligibility/xml",
    tags=["eligibility オンライン資格確認"],
    responses=error_responses(401, 403, 413),
)


def _clock(request: Request) -> Clock:
    clock: Clock = getattr(request.app.state, "clock", None) or SystemClock()
    return clock


Now = Annotated[Clock, Depends(_clock)]


@xml_api.post("/single", openapi_extra=_BODY, responses=_ANSWER, response_class=Response)
def single(
    body: Body,
    eligibility: EligibilityDep,
    clock: Now,
    terminal: TerminalCaller,
) -> Response:
    """Answer an OQSsiquc01req message (資格確認照会, one person)."""
    answer = answer_single(
        body,
        lambda q: eligibility.verify_by_number(query=q),
        now=clock.now(),
        facility=terminal.facility_code,
    )
    return Response(answer, media_type=XML)


@xml_api.post("/batch", openapi_extra=_BODY, responses=_ANSWER, response_class=Response)
def batch(
    body: Body,
    eligibility: EligibilityDep,
    clock: Now,
    terminal: TerminalCaller,
) -> Response:
    """Answer an OQSmuquc01req message (一括照会), one BulkConfirmUnit per person."""
    answer = answer_batch(
        body,
        lambda q: eligibility.verify_by_number(query=q),
        now=clock.now(),
        facility=terminal.facility_code,
    )
    return Response(answer, media_type=XML)
