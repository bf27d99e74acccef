"""HTTP surface of the network: the legal table, agencies, queries, usage and records."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi import Path as PathParam
from pydantic import BaseModel, ConfigDict, Field

from mynumber.kernel.agencykeys import PUBLIC_KEY_PATTERN, AgencyKeyStore
from mynumber.kernel.apicontract import error_responses
from mynumber.kernel.checkdigits import IdentifierKind
from mynumber.kernel.fields import (
    TEXT_PATTERN,
    identifier_field,
    identifier_pattern,
    identifier_schema,
)
from mynumber.kernel.staffauth import OrgKind, StaffPrincipal, StaffRole, require_staff
from mynumber.network.api import Network
from mynumber.network.data import (
    AGENCY_ID_PATTERN,
    Agency,
    ExchangeAnswer,
    ExchangeRecord,
    ExchangeRequest,
    IssuedCode,
    LegalItem,
    Procedure,
    UsageReport,
    sign,
)


def get_network(request: Request) -> Network:
    """Return the network bound by the composition root."""
    network: Network = request.app.state.network
    return network


def get_agency_keys(request: Request) -> AgencyKeyStore:
    """Return the agencies' signing keys kept on this instance."""
    keys: AgencyKeyStore = request.app.state.agency_keys
    return keys


NetworkDep = Annotated[Network, Depends(get_network)]
AgencyKeys = Annotated[AgencyKeyStore, Depends(get_agency_keys)]
AgencyClerk = Annotated[StaffPrincipal, Depends(require_staff(StaffRole.AGENCY_CLERK))]
Operator = Annotated[StaffPrincipal, Depends(require_staff(StaffRole.NETWORK_OPERATOR))]
Overseer = Annotated[
    StaffPrincipal, Depends(require_staff(StaffRole.NETWORK_OPERATOR, StaffRole.AUDITOR))
]
AnyNetworkStaff = Annotated[
    StaffPrincipal,
    Depends(require_staff(StaffRole.AGENCY_CLERK, StaffRole.NETWORK_OPERATOR, StaffRole.AUDITOR)),
]
JlisCounter = Annotated[StaffPrincipal, Depends(require_staff(StaffRole.JLIS_COUNTER))]

api = APIRouter(
    prefix="/api/network",
    tags=["network 情報提供ネットワークシステム"],
    responses=error_responses(401, 403, 413, 422),
)


class LegalTable(BaseModel):
    """The legal table: the procedures (事務) and the items (特定個人情報名)."""

    model_config = ConfigDict(frozen=True)
    procedures: list[Procedure]
    items: list[LegalItem]


class NewAgency(BaseModel):
    """An agency to connect: its agency id (KIND:CODE), name and public key."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    agency_id: str = Field(pattern=AGENCY_ID_PATTERN)
    name: str = Field(max_length=100, pattern=TEXT_PATTERN)
    public_key: str | None = Field(
        default=None,
        pattern=PUBLIC_KEY_PATTERN,
        description="Ed25519 public key, base64url of 32 bytes; by default the key this "
        "instance keeps for the agency. Another key than the registered one replaces it.",
    )


class CodeRequest(BaseModel):
    """An agency's request for its 符号, passed on by J-LIS with the resident code it found."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    agency: str = Field(pattern=AGENCY_ID_PATTERN)
    acquisition_number: str = Field(pattern=r"^[A-Za-z0-9_-]{8,64}$", description="取得番号")
    resident_code: str = identifier_field(IdentifierKind.RESIDENT_CODE)


@api.get("/table", response_model=LegalTable)
def legal_table(network: NetworkDep, _staff: AnyNetworkStaff) -> LegalTable:
    """Return the legal table: procedures × items × legal basis."""
    procedures, items = network.legal_table()
    return LegalTable(procedures=procedures, items=items)


@api.get("/agencies", response_model=list[Agency])
def agencies(network: NetworkDep, _staff: AnyNetworkStaff) -> list[Agency]:
    """Return every connected agency: id, kind, name."""
    return network.agencies()


@api.post("/agencies", response_model=Agency, status_code=201)
def connect(new: NewAgency, network: NetworkDep, keys: AgencyKeys, _staff: Operator) -> Agency:
    """Connect an agency to the network with its public key (connecting it again with the same
    key changes nothing; with another, it replaces the key: a renewed certificate)."""
    key = new.public_key or keys.public_key(new.agency_id)
    return network.connect(agency_id=new.agency_id, name=new.name, public_key=key)


@api.post("/codes", response_model=IssuedCode, responses=error_responses(404))
def issue_code(asked: CodeRequest, network: NetworkDep, _staff: JlisCounter) -> IssuedCode:
    """Issue an agency's 符号 for a person (番号法第21条の2), returned with the 取得番号."""
    return network.issue_code(
        agency=asked.agency,
        acquisition_number=asked.acquisition_number,
        resident_code=asked.resident_code,
    )


@api.post("/queries", response_model=ExchangeAnswer)
def query(
    request: ExchangeRequest, network: NetworkDep, keys: AgencyKeys, staff: AgencyClerk
) -> ExchangeAnswer:
    """Query a provider through the network (情報照会): status `09` with the items, or a
    refusal with its code and message (recorded too). A clerk asks for their own agency only;
    the clerk's login stands for the agency's system, so the request is signed here with the
    agency's key (a `signature` in the body is replaced)."""
    staff.require_org(OrgKind.AGENCY, request.requester)
    return network.query(request=sign(request, keys.private_key(request.requester)))


@api.get("/usage", response_model=UsageReport)
def usage(network: NetworkDep, _staff: Overseer) -> UsageReport:
    """Return queries per procedure and requester, and the procedures never queried."""
    return network.usage()


@api.get("/records/{resident_code}", response_model=list[ExchangeRecord])
def records(
    network: NetworkDep,
    _staff: Overseer,
    resident_code: Annotated[
        str,
        PathParam(
            pattern=identifier_pattern(IdentifierKind.RESIDENT_CODE),
            json_schema_extra=identifier_schema(IdentifierKind.RESIDENT_CODE),
        ),
    ],
) -> list[ExchangeRecord]:
    """Return a person's 情報提供等記録 at the network, oldest first, 不開示 ones flagged."""
    return network.records_for(resident_code=resident_code)
