"""JSON API of the 予防接種 service: a municipality clerk records (staff account), a facility's
terminal reads at the reader (signed as for the online eligibility system), and either asks
the platform's J-LIS challenge for the card to sign."""

from __future__ import annotations

import base64
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from mynumber.eligibility.data import FacilityKind, TerminalIdentity
from mynumber.health.routes import HealthDep, Terminal
from mynumber.health.vaccinations.data import (
    Clerk,
    Vaccination,
    VaccinationQuery,
    VaccinationRecord,
    VaccinationView,
)
from mynumber.kernel.apicontract import error_responses
from mynumber.kernel.errors import ForbiddenError
from mynumber.kernel.staffauth import StaffPrincipal, StaffRole, require_staff

__all__ = ["api", "own_facility"]

api = APIRouter(
    prefix="/api/health",
    tags=["health 予防接種"],
    responses=error_responses(401, 403, 404, 409, 413, 422),
)
ClerkStaff = Annotated[StaffPrincipal, Depends(require_staff(StaffRole.MUNICIPALITY_CLERK))]
VIEWING_KINDS = frozenset(
    {FacilityKind.HOSPITAL, FacilityKind.CLINIC, FacilityKind.DENTAL, FacilityKind.PHARMACY}
)


class PlatformChallenge(BaseModel):
    """A single-use J-LIS challenge (base64) for the card to sign for this platform."""

    challenge: str


def clerk_of(staff: StaffPrincipal) -> Clerk:
    """Return the clerk a municipality staff account stands for."""
    return Clerk(municipality_code=staff.org_id, name=staff.name)


def own_facility(terminal: TerminalIdentity, facility_code: str) -> None:
    """Refuse a terminal asking for another facility (403 `facility_mismatch`)."""
    if facility_code != terminal.facility_code:
        raise ForbiddenError(
            f"端末 {terminal.terminal_id} は {terminal.facility_code} のもので、"
            f"{facility_code} のものではありません",
            code="facility_mismatch",
        )
    if terminal.facility_kind not in VIEWING_KINDS:
        raise ForbiddenError(
            f"{terminal.facility_kind.value} は閲覧できません", code="facility_kind_refused"
        )


@api.post("/challenge", response_model=PlatformChallenge)
def challenge(health: HealthDep, _terminal: Terminal) -> PlatformChallenge:
    """The platform's J-LIS challenge, for the patient's card to sign at the reader."""
    value = health.vaccinations.new_challenge()
    return PlatformChallenge(challenge=base64.b64encode(value).decode())


@api.post("/vaccinations", response_model=Vaccination)
def record(body: VaccinationRecord, health: HealthDep, staff: ClerkStaff) -> Vaccination:
    """予防接種の記録: the municipality records a vaccination by My Number (403
    `wrong_clerk` for another municipality's record, 404 `unknown_person`)."""
    return health.vaccinations.record(clerk=clerk_of(staff), record=body)


@api.post("/vaccinations/views", response_model=VaccinationView)
def view(body: VaccinationQuery, health: HealthDep, terminal: Terminal) -> VaccinationView:
    """The patient's vaccinations as FHIR Immunization (JP Core), with their consent to 診療情報
    chosen at the reader (403 `consent_required`, `patient_not_eligible`)."""
    own_facility(terminal, body.facility_code)
    return health.vaccinations.view(query=body)
