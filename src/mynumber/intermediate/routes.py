"""HTTP surface of the intermediate server: an agency's own partition (links, 副本, records)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi import Path as PathParam
from pydantic import Field

from mynumber.intermediate.api import Intermediate
from mynumber.intermediate.data import (
    ADDRESS_NUMBER_PATTERN,
    AGENCY_ID_PATTERN,
    CodeLink,
    CopyReceipt,
    CopyRecord,
    ExchangeRecord,
)
from mynumber.kernel.apicontract import error_responses
from mynumber.kernel.errors import NotFoundError
from mynumber.kernel.staffauth import OrgKind, StaffPrincipal, StaffRole, require_staff


def get_intermediate(request: Request) -> Intermediate:
    """Return the intermediate server bound by the composition root."""
    intermediate: Intermediate = request.app.state.intermediate
    return intermediate


IntermediateDep = Annotated[Intermediate, Depends(get_intermediate)]
AgencyClerk = Annotated[StaffPrincipal, Depends(require_staff(StaffRole.AGENCY_CLERK))]
AgencyId = Annotated[str, PathParam(pattern=AGENCY_ID_PATTERN, description="機関コード")]
AddressNumber = Annotated[str, PathParam(pattern=ADDRESS_NUMBER_PATTERN, description="宛名番号")]
Copies = Annotated[list[CopyRecord], Field(min_length=1, max_length=1000)]

api = APIRouter(
    prefix="/api/intermediate/{agency_id}",
    tags=["intermediate 中間サーバー"],
    responses=error_responses(401, 403, 413, 422),
)


def _code(intermediate: Intermediate, agency_id: str, address_number: str) -> str:
    code = intermediate.code_for(agency=agency_id, address_number=address_number)
    if code is None:
        raise NotFoundError(f"宛名番号 {address_number} has no 符号 at {agency_id}")
    return code


@api.post("/links", response_model=CodeLink, status_code=201, responses=error_responses(409))
def link(
    agency_id: AgencyId, new: CodeLink, intermediate: IntermediateDep, staff: AgencyClerk
) -> CodeLink:
    """Keep the agency's 宛名番号 ⇔ 符号 (the 符号 the network issued it)."""
    staff.require_org(OrgKind.AGENCY, agency_id)
    intermediate.link_code(agency=agency_id, address_number=new.address_number, code=new.code)
    return new


@api.get("/links/{address_number}", response_model=CodeLink, responses=error_responses(404))
def get_link(
    agency_id: AgencyId,
    address_number: AddressNumber,
    intermediate: IntermediateDep,
    staff: AgencyClerk,
) -> CodeLink:
    """Return the 符号 the agency keeps for one of its 宛名番号."""
    staff.require_org(OrgKind.AGENCY, agency_id)
    code = _code(intermediate, agency_id, address_number)
    return CodeLink(address_number=address_number, code=code)


@api.post("/copies", response_model=CopyReceipt)
def register_copies(
    agency_id: AgencyId, copies: Copies, intermediate: IntermediateDep, staff: AgencyClerk
) -> CopyReceipt:
    """Register 副本 (副本登録); rows refused are listed with their reasons."""
    staff.require_org(OrgKind.AGENCY, agency_id)
    return intermediate.register_copies(agency=agency_id, copies=copies)


@api.get(
    "/records/{address_number}",
    response_model=list[ExchangeRecord],
    responses=error_responses(404),
)
def records(
    agency_id: AgencyId,
    address_number: AddressNumber,
    intermediate: IntermediateDep,
    staff: AgencyClerk,
) -> list[ExchangeRecord]:
    """Return the agency's 情報提供等記録 about one of its 宛名番号, oldest first."""
    staff.require_org(OrgKind.AGENCY, agency_id)
    code = _code(intermediate, agency_id, address_number)
    return intermediate.exchange_records(agency=agency_id, code=code)
