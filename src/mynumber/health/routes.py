"""JSON API of the electronic prescription service, for facility terminals.

A terminal signs each request as for the online eligibility system (the four X-Terminal-*
headers, `terminalSignature`); the eligibility system says which terminal signed and for which
facility (`ClinicSide.authenticate_terminal`). A clinic's terminal registers prescriptions for
its own facility; a pharmacy's retrieves and dispenses for its own.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from mynumber.eligibility.api import ClinicSide
from mynumber.eligibility.data import FacilityKind, TerminalIdentity, signed_request
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
from mynumber.kernel.errors import ForbiddenError
from mynumber.kernel.terminalsig import SignedHeaders

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


def _terminal(request: Request, headers: SignedHeaders) -> TerminalIdentity:
    """Return the terminal that signed this request (asked of the eligibility system)."""
    eligibility: ClinicSide = request.app.state.eligibility
    return eligibility.authenticate_terminal(request=signed_request(headers))


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
