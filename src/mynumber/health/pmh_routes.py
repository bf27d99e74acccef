"""JSON API of PMH: a municipality clerk registers 公費 and 自治体検診 recipients (staff
account); a facility's terminal checks them with the patient's card (over the platform's
challenge, `POST /api/health/challenge`)."""

from __future__ import annotations

from fastapi import APIRouter

from mynumber.health.pmh.data import (
    CheckupEntitlement,
    CheckupRegistration,
    PmhAnswer,
    PmhCheck,
    Subsidy,
    SubsidyRegistration,
)
from mynumber.health.routes import HealthDep, Terminal
from mynumber.health.vaccination_routes import ClerkStaff, clerk_of, own_facility
from mynumber.kernel.apicontract import error_responses

__all__ = ["api"]

api = APIRouter(
    prefix="/api/health/pmh",
    tags=["health PMH（公費負担医療・自治体検診）"],
    responses=error_responses(401, 403, 404, 409, 413, 422),
)


@api.post("/subsidies", response_model=Subsidy)
def register_subsidy(body: SubsidyRegistration, health: HealthDep, staff: ClerkStaff) -> Subsidy:
    """医療費助成対象者情報登録: a 公費負担医療 recipient by My Number (replaces the one under the
    same 公費負担者番号); `is_not_disclosed` is set too when the register holds a 支援措置."""
    return health.pmh.register_subsidy(clerk=clerk_of(staff), registration=body)


@api.post("/checkups", response_model=CheckupEntitlement)
def register_checkup(
    body: CheckupRegistration, health: HealthDep, staff: ClerkStaff
) -> CheckupEntitlement:
    """自治体検診対象者情報登録: a screening the person may take in a fiscal year."""
    return health.pmh.register_checkup(clerk=clerk_of(staff), registration=body)


@api.post("/checks", response_model=PmhAnswer)
def check(body: PmhCheck, health: HealthDep, terminal: Terminal) -> PmhAnswer:
    """公費 eligibility by card: 受給者番号, period and 自己負担上限 of each valid subsidy, details
    withheld (`is_not_disclosed`, message only) under the 不開示フラグ."""
    own_facility(terminal, body.facility_code)
    return health.pmh.check(query=body)
