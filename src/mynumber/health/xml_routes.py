"""The XML transport of the electronic prescription service: the terminal's folder interface.

A clinic's or pharmacy's system writes an `EPS…req` file into the terminal's req folder; the
terminal (`mynumber terminal watch`) posts it here, signed as for the JSON API (the four
X-Terminal-* headers), and writes the answer into res. Every answer is 200 with an XmlMsg
(`prescriptions.xml_write`), except an unsigned or unknown terminal (401) and an oversized body
(413). The terminal's facility fills an empty MedicalInstitutionCode and must match a given one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from mynumber.eligibility.data import FacilityKind, TerminalIdentity
from mynumber.health.prescriptions.xml_read import (
    EpsHeader,
    XmlRefusalError,
    parse_dispensing,
    parse_prescription,
    parse_retrieval,
)
from mynumber.health.prescriptions.xml_write import (
    dispensed_answer,
    error_answer,
    issued_answer,
    refusal_answer,
    retrieved_answer,
)
from mynumber.health.routes import PRESCRIBING_KINDS, HealthDep, Terminal
from mynumber.kernel.apicontract import error_responses
from mynumber.kernel.clock import Clock, SystemClock
from mynumber.kernel.errors import DomainError, ForbiddenError

__all__ = ["xml_api"]

XML = "application/xml"
# No body is still a request: it is answered with an XmlMsg naming the error.
_BODY = {"requestBody": {"required": False, "content": {XML: {"schema": {"type": "string"}}}}}
_ANSWER: dict[int | str, dict[str, Any]] = {
    200: {"content": {XML: {}}, "description": "XmlMsg answer (UTF-8)"}
}
PHARMACY_KINDS = frozenset({FacilityKind.PHARMACY})

xml_api = APIRouter(
    prefix="/api/health/xml",
    tags=["health 全国医療情報プラットフォーム（電子処方箋）"],
    responses=error_responses(401, 403, 413),
)


async def _raw(request: Request) -> bytes:
    return await request.body()


def _clock(request: Request) -> Clock:
    clock: Clock = getattr(request.app.state, "clock", None) or SystemClock()
    return clock


Body = Annotated[bytes, Depends(_raw)]
Now = Annotated[Clock, Depends(_clock)]


def _answer(  # noqa: PLR0917 (the steps of every message, in order)
    raw: bytes,
    terminal: TerminalIdentity,
    kinds: frozenset[FacilityKind],
    parse: Callable[..., tuple[EpsHeader, Any]],
    act: Callable[[Any], Any],
    write: Callable[..., bytes],
    now: dt.datetime,
) -> Response:
    """Parse the file, check the terminal may ask, ask the service and write its answer."""
    try:
        header, request = parse(raw, facility=terminal.facility_code)
    except XmlRefusalError as exc:
        return _xml(error_answer(exc.code, exc.message, now=now, header=exc.header))
    try:
        if terminal.facility_kind not in kinds:
            raise ForbiddenError(
                f"a {terminal.facility_kind.value} may not do this", code="facility_kind_refused"
            )
        result = act(request)
    except DomainError as refused:
        return _xml(refusal_answer(header, refused, now=now))
    return _xml(write(header, result, now=now))


def _xml(document: bytes) -> Response:
    return Response(document, media_type=XML)


@xml_api.post("/prescriptions", openapi_extra=_BODY, responses=_ANSWER, response_class=Response)
def prescribe(body: Body, health: HealthDep, clock: Now, terminal: Terminal) -> Response:
    """Answer an EPSsiPIR01req (処方箋登録) with the 処方箋ID, the 引換番号 and the check."""
    return _answer(
        body, terminal, PRESCRIBING_KINDS, parse_prescription,
        lambda r: health.prescribe(request=r), issued_answer, clock.now(),
    )  # fmt: skip


@xml_api.post("/retrievals", openapi_extra=_BODY, responses=_ANSWER, response_class=Response)
def retrieve(body: Body, health: HealthDep, clock: Now, terminal: Terminal) -> Response:
    """Answer an EPSsiPRT01req (処方箋取得 by 引換番号 and insured number) ⚠ invented name."""
    return _answer(
        body, terminal, PHARMACY_KINDS, parse_retrieval,
        lambda r: health.retrieve(request=r), retrieved_answer, clock.now(),
    )  # fmt: skip


@xml_api.post("/dispensings", openapi_extra=_BODY, responses=_ANSWER, response_class=Response)
def dispense(body: Body, health: HealthDep, clock: Now, terminal: Terminal) -> Response:
    """Answer an EPSsiDRR01req (調剤結果登録) ⚠ invented name."""
    return _answer(
        body, terminal, PHARMACY_KINDS, parse_dispensing,
        lambda r: health.dispense(request=r), dispensed_answer, clock.now(),
    )  # fmt: skip
