"""JSON API of the electronic prescription service, for facility terminals.

A terminal signs each request as for the online eligibility system (the four X-Terminal-*
headers, `terminalSignature`); the eligibility system says which terminal signed and for which
facility (`ClinicSide.authenticate_terminal`). A clinic's terminal registers prescriptions for
its own facility; a pharmacy's retrieves and dispenses for its own.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request, Security
from fastapi.security import APIKeyHeader
from pydantic import ValidationError

from mynumber.eligibility.api import ClinicSide
from mynumber.eligibility.data import FacilityKind, SignedRequest, TerminalIdentity
from mynumber.health.api import Health
from mynumber.health.data import (
    DispensingRecord,
    DispensingRequest,
    IssuedPrescription,
    Prescription,
    PrescriptionRequest,
    RetrievalRequest,
)
from mynumber.kernel.apicontract import error_responses
from mynumber.kernel.errors import ForbiddenError, UnauthenticatedError

__all__ = ["api"]

api = APIRouter(
    prefix="/api/health",
    tags=["health 全国医療情報プラットフォーム（電子処方箋）"],
    responses=error_responses(401, 403, 413, 422),
)
_STATE = error_responses(404, 409)
PRESCRIBING_KINDS = frozenset({FacilityKind.HOSPITAL, FacilityKind.CLINIC, FacilityKind.DENTAL})


def _health(request: Request) -> Health:
    health: Health = request.app.state.health
    return health


async def _body(request: Request) -> bytes:
    return await request.body()


def _target(request: Request) -> str:
    raw: bytes = request.scope.get("raw_path") or request.url.path.encode()
    query: bytes = request.scope.get("query_string", b"")
    return (raw + (b"?" + query if query else b"")).decode("latin-1")


_signature = APIKeyHeader(
    name="X-Terminal-Signature",
    scheme_name="terminalSignature",
    auto_error=False,
    description=(
        "Ed25519 signature (base64) by the terminal's key over the request; sent with "
        "X-Terminal-Id, X-Terminal-Timestamp (ISO 8601 with offset) and X-Terminal-Nonce "
        "(16–64 of [0-9A-Za-z_-]). See docs/architecture.md, 'Signed terminal requests'."
    ),
)
_Hidden = Header(include_in_schema=False)


def _terminal(
    request: Request,
    body: Annotated[bytes, Depends(_body)],
    x_terminal_id: Annotated[str | None, _Hidden] = None,
    x_terminal_timestamp: Annotated[str | None, _Hidden] = None,
    x_terminal_nonce: Annotated[str | None, _Hidden] = None,
    x_terminal_signature: Annotated[str | None, Security(_signature)] = None,
) -> TerminalIdentity:
    """Return the terminal that signed this request (asked of the eligibility system)."""
    eligibility: ClinicSide = request.app.state.eligibility
    headers = (x_terminal_id, x_terminal_timestamp, x_terminal_nonce, x_terminal_signature)
    if not all(headers):
        raise UnauthenticatedError(
            "a terminal must sign its request (X-Terminal-Id, X-Terminal-Timestamp, "
            "X-Terminal-Nonce, X-Terminal-Signature)",
            code="terminal_signature_required",
        )
    try:
        signed = SignedRequest(
            terminal_id=x_terminal_id or "",
            method=request.method,
            target=_target(request),
            timestamp=x_terminal_timestamp or "",
            nonce=x_terminal_nonce or "",
            body_sha256=hashlib.sha256(body).hexdigest(),
            signature=base64.b64decode(x_terminal_signature or "", validate=True),
        )
    except (ValidationError, binascii.Error):
        raise UnauthenticatedError(
            "the signature headers are malformed", code="request_signature_invalid"
        ) from None
    return eligibility.authenticate_terminal(request=signed)


HealthDep = Annotated[Health, Depends(_health)]
Terminal = Annotated[TerminalIdentity, Depends(_terminal)]


def _own(terminal: TerminalIdentity, facility_code: str, kinds: frozenset[FacilityKind]) -> None:
    if facility_code != terminal.facility_code:
        raise ForbiddenError(
            f"terminal {terminal.terminal_id} belongs to facility {terminal.facility_code}, "
            f"not {facility_code}",
            code="facility_mismatch",
        )
    if terminal.facility_kind not in kinds:
        raise ForbiddenError(
            f"a {terminal.facility_kind.value} may not do this", code="facility_kind_refused"
        )


@api.post("/prescriptions", response_model=IssuedPrescription, responses=_STATE)
def prescribe(
    request: PrescriptionRequest, health: HealthDep, terminal: Terminal
) -> IssuedPrescription:
    """処方箋登録: a prescription signed on the doctor's card, with their HPKI certificate.

    Answers the 処方箋ID, the 引換番号 and the 重複投薬等チェック ("重複あり" only, unless the
    patient consented to show the details)."""
    _own(terminal, request.content.facility_code, PRESCRIBING_KINDS)
    return health.prescribe(request=request)


@api.post("/retrievals", response_model=list[Prescription], responses=_STATE)
def retrieve(
    request: RetrievalRequest, health: HealthDep, terminal: Terminal
) -> list[Prescription]:
    """A pharmacy takes prescriptions: by 引換番号 and insured number, or the patient's card."""
    _own(terminal, request.facility_code, frozenset({FacilityKind.PHARMACY}))
    return health.retrieve(request=request)


@api.post("/dispensings", response_model=DispensingRecord, responses=_STATE)
def dispense(request: DispensingRequest, health: HealthDep, terminal: Terminal) -> DispensingRecord:
    """調剤結果登録: what the pharmacy dispensed for a prescription it took."""
    _own(terminal, request.facility_code, frozenset({FacilityKind.PHARMACY}))
    return health.dispense(request=request)
