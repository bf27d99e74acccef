"""The XML transport of verification: the terminal's messages over HTTP (XmlMsg in, XmlMsg out).

The body is the request file as the receipt computer wrote it (UTF-8 or Shift_JIS); the answer
is always 200 with an XmlMsg, whose SegmentOfResult says whether the file was answered.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from mynumber.eligibility.routes import EligibilityDep
from mynumber.eligibility.xmlmsg import answer_batch, answer_single
from mynumber.kernel.clock import Clock, SystemClock
from mynumber.kernel.web import StaffActor

# Who may send terminal messages: the one place to swap in terminal request signatures.
TerminalActor = StaffActor

XML = "application/xml"
_BODY = {"requestBody": {"required": True, "content": {XML: {"schema": {"type": "string"}}}}}
_ANSWER: dict[int | str, dict[str, Any]] = {
    200: {"content": {XML: {}}, "description": "XmlMsg answer (UTF-8)"}
}

xml_api = APIRouter(prefix="/api/eligibility/xml", tags=["eligibility オンライン資格確認"])


async def _body(request: Request) -> bytes:
    return await request.body()


def _clock(request: Request) -> Clock:
    clock: Clock = getattr(request.app.state, "clock", None) or SystemClock()
    return clock


Body = Annotated[bytes, Depends(_body)]
Now = Annotated[Clock, Depends(_clock)]
Facility = Annotated[
    str | None, Query(description="the terminal's 医療機関コード; fills or checks the header's")
]


@xml_api.post("/single", openapi_extra=_BODY, responses=_ANSWER, response_class=Response)
def single(
    body: Body,
    eligibility: EligibilityDep,
    clock: Now,
    _actor: TerminalActor,
    facility: Facility = None,
) -> Response:
    """Answer an OQSsiquc01req message (資格確認照会, one person)."""
    answer = answer_single(
        body, lambda q: eligibility.verify_by_number(query=q), now=clock.now(), facility=facility
    )
    return Response(answer, media_type=XML)


@xml_api.post("/batch", openapi_extra=_BODY, responses=_ANSWER, response_class=Response)
def batch(
    body: Body,
    eligibility: EligibilityDep,
    clock: Now,
    _actor: TerminalActor,
    facility: Facility = None,
) -> Response:
    """Answer an OQSmuquc01req message (一括照会), one BulkConfirmUnit per person."""
    answer = answer_batch(
        body, lambda q: eligibility.verify_by_number(query=q), now=clock.now(), facility=facility
    )
    return Response(answer, media_type=XML)
