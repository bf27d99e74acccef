"""HTTP surface of the registry: a JSON API for authorised staff and the resident search page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from mynumber.kernel.apicontract import error_responses
from mynumber.kernel.checkdigits import IdentifierKind
from mynumber.kernel.errors import DomainError, NotFoundError
from mynumber.kernel.fields import MAX_OFFSET, JsonDate, identifier_pattern, identifier_schema
from mynumber.kernel.hashlog import LogRecord
from mynumber.kernel.pages import templates
from mynumber.kernel.staffauth import (
    OrgKind,
    StaffPrincipal,
    StaffRole,
    current_session,
    require_staff,
)
from mynumber.registry.api import Registry
from mynumber.registry.data import (
    Address,
    ChangeKind,
    NewResident,
    PersonName,
    Relationship,
    Resident,
    ResidentEvent,
    ResidentStatus,
    Sex,
    SupportMeasure,
)

_TEMPLATES = templates(Path(__file__).parent / "templates")
SEX_LABELS = {Sex.MALE: "男", Sex.FEMALE: "女", Sex.NOT_APPLICABLE: "適用不能"}
RELATIONSHIP_LABELS = {
    Relationship.HEAD: "世帯主", Relationship.SPOUSE: "配偶者", Relationship.CHILD: "子",
    Relationship.CHILD_IN_LAW: "子の配偶者", Relationship.GRANDCHILD: "孫",
    Relationship.PARENT: "父母", Relationship.GRANDPARENT: "祖父母",
    Relationship.SIBLING: "兄弟姉妹", Relationship.OTHER_RELATIVE: "その他の親族",
    Relationship.LODGER: "同居人",
}  # fmt: skip
STATUS_LABELS = {
    ResidentStatus.ACTIVE: "記載中", ResidentStatus.DECEASED: "死亡",
    ResidentStatus.EMIGRATED: "国外転出",
}  # fmt: skip


def get_registry(request: Request) -> Registry:
    """Return the registry bound by the composition root."""
    registry: Registry = request.app.state.registry
    return registry


RegistryDep = Annotated[Registry, Depends(get_registry)]
# A municipality's clerk (市区町村の窓口職員) sees and changes only that municipality's residents.
Clerk = Annotated[StaffPrincipal, Depends(require_staff(StaffRole.MUNICIPALITY_CLERK))]
ClerkOrAuditor = Annotated[
    StaffPrincipal, Depends(require_staff(StaffRole.MUNICIPALITY_CLERK, StaffRole.AUDITOR))
]


def own_resident(registry: Registry, staff: StaffPrincipal, resident_code: str) -> None:
    """Refuse a clerk acting on a resident of another municipality (auditors read anyone)."""
    if staff.role is StaffRole.AUDITOR:
        return
    staff.require_org(OrgKind.MUNICIPALITY, registry.municipality_of(resident_code=resident_code))


api = APIRouter(
    prefix="/api/registry",
    tags=["registry 住民基本台帳"],
    responses=error_responses(401, 403, 413, 422),
)
_NOT_FOUND, _CLOSED = error_responses(404), error_responses(404, 409)
pages = APIRouter(prefix="/registry", include_in_schema=False)
_Frozen = ConfigDict(frozen=True, extra="forbid")
# 住民票コード: 11 digits, the last a check digit (the format names the rule).
ResidentCode = Annotated[
    str,
    PathParam(
        pattern=identifier_pattern(IdentifierKind.RESIDENT_CODE),
        json_schema_extra=identifier_schema(IdentifierKind.RESIDENT_CODE),
    ),
]


class Registration(BaseModel):
    """A birth (出生届) or move-in (転入届)."""

    model_config = _Frozen
    resident: NewResident
    kind: ChangeKind = Field(
        default=ChangeKind.BIRTH, json_schema_extra={"enum": ["birth", "move_in"]}
    )
    on: JsonDate


class Move(BaseModel):
    """A move (転居・転出入) to a new address."""

    model_config = _Frozen
    address: Address
    on: JsonDate


class JoinHousehold(BaseModel):
    """A move into another household (e.g. on marriage)."""

    model_config = _Frozen
    household_code: str
    relationship: Relationship = Field(
        json_schema_extra={"not": {"const": "head"}}, description="to the household's head"
    )
    on: JsonDate


class Rename(BaseModel):
    """A change of name."""

    model_config = _Frozen
    name: PersonName
    on: JsonDate
    reason: str = Field(min_length=1, max_length=40, examples=["marriage"])


class Death(BaseModel):
    """A death notification (死亡届)."""

    model_config = _Frozen
    on: JsonDate


class NumberChange(BaseModel):
    """A My Number change, e.g. after a leak (漏えい)."""

    model_config = _Frozen
    on: JsonDate
    reason: str = Field(default="leak", min_length=1, max_length=40)


@api.get("/residents", response_model=list[Resident])
def list_residents(
    registry: RegistryDep,
    staff: Clerk,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> list[Resident]:
    """List the clerk's municipality's residents in resident-code order; each is logged as read."""
    return registry.listing(limit=limit, offset=offset, municipality=staff.org_id, actor=staff.name)


@api.get("/residents/search", response_model=list[Resident])
def search_residents(
    registry: RegistryDep,
    staff: Clerk,
    name: str | None = None,
    kana: str | None = None,
    birth_date: Annotated[
        str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$", json_schema_extra={"format": "date"})
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[Resident]:
    """Search by name, reading or birth date (variants, width and hiragana folded)."""
    return registry.search(
        actor=staff.name,
        name=name,
        kana=kana,
        birth_date=birth_date,
        limit=limit,
        municipality=staff.org_id,
    )


@api.get("/residents/{resident_code}", response_model=Resident, responses=_NOT_FOUND)
def get_resident(resident_code: ResidentCode, registry: RegistryDep, staff: Clerk) -> Resident:
    """Return one resident; the read is recorded in their access log."""
    return registry.get(resident_code=resident_code, actor=staff.name, municipality=staff.org_id)


@api.get(
    "/residents/{resident_code}/history", response_model=list[ResidentEvent], responses=_NOT_FOUND
)
def resident_history(
    resident_code: ResidentCode, registry: RegistryDep, staff: Clerk
) -> list[ResidentEvent]:
    """Return a resident's life events, oldest first."""
    own_resident(registry, staff, resident_code)
    return registry.history(resident_code=resident_code)


@api.get("/residents/{resident_code}/access-records", responses=_NOT_FOUND)
def resident_access_records(
    resident_code: ResidentCode, registry: RegistryDep, staff: ClerkOrAuditor
) -> dict[str, Any]:
    """Return who read this resident's record, and whether the hash chain is intact."""
    own_resident(registry, staff, resident_code)
    records: list[LogRecord] = registry.access_records(resident_code=resident_code)
    return {
        "records": [_record_json(r) for r in records],
        "problems": registry.verify_access_log(resident_code=resident_code),
    }


def _record_json(record: LogRecord) -> dict[str, Any]:
    return {
        "seq": record.seq,
        "recorded_at": record.recorded_at.isoformat(),
        "payload": dict(record.payload),
        "hash": record.hash,
    }


@api.post("/residents", response_model=Resident, status_code=201, responses=_CLOSED)
def register_resident(body: Registration, registry: RegistryDep, staff: Clerk) -> Resident:
    """Register a person born or moving in; issue their resident code and My Number."""
    staff.require_org(OrgKind.MUNICIPALITY, body.resident.address.local_government_code)
    return registry.register(new=body.resident, kind=body.kind, on=body.on)


@api.post("/residents/{resident_code}/move", response_model=list[Resident], responses=_CLOSED)
def move_resident(
    resident_code: ResidentCode, body: Move, registry: RegistryDep, staff: Clerk
) -> list[Resident]:
    """Move a resident; a head moves with the household."""
    own_resident(registry, staff, resident_code)
    return registry.move(resident_code=resident_code, address=body.address, on=body.on)


@api.post("/residents/{resident_code}/join-household", response_model=Resident, responses=_CLOSED)
def join_household(
    resident_code: ResidentCode, body: JoinHousehold, registry: RegistryDep, staff: Clerk
) -> Resident:
    """Move a resident into another household."""
    own_resident(registry, staff, resident_code)
    return registry.join_household(
        resident_code=resident_code,
        household_code=body.household_code,
        relationship=body.relationship,
        on=body.on,
    )


@api.post("/residents/{resident_code}/rename", response_model=Resident, responses=_CLOSED)
def rename_resident(
    resident_code: ResidentCode, body: Rename, registry: RegistryDep, staff: Clerk
) -> Resident:
    """Change a resident's name."""
    own_resident(registry, staff, resident_code)
    return registry.rename(
        resident_code=resident_code, name=body.name, on=body.on, reason=body.reason
    )


@api.post("/residents/{resident_code}/death", response_model=Resident, responses=_CLOSED)
def record_death(
    resident_code: ResidentCode, body: Death, registry: RegistryDep, staff: Clerk
) -> Resident:
    """Close the record of a deceased resident."""
    own_resident(registry, staff, resident_code)
    return registry.record_death(resident_code=resident_code, on=body.on)


@api.post("/residents/{resident_code}/my-number-change", response_model=Resident, responses=_CLOSED)
def change_my_number(
    resident_code: ResidentCode, body: NumberChange, registry: RegistryDep, staff: Clerk
) -> Resident:
    """Issue a new My Number; the old one stays in history and is never reused."""
    own_resident(registry, staff, resident_code)
    return registry.change_my_number(resident_code=resident_code, on=body.on, reason=body.reason)


class MeasureRequest(BaseModel):
    """A request for the DV 支援措置 (申出), set or renewed by the clerk who accepts it."""

    model_config = _Frozen
    requested_on: JsonDate = Field(description="申出日")
    valid_until: JsonDate | None = Field(
        default=None, description="the last day; a year from the request when left out"
    )


_MEASURE_PATH = "/residents/{resident_code}/support-measure"


@api.get(_MEASURE_PATH, response_model=SupportMeasure, responses=_NOT_FOUND)
def get_support_measure(
    resident_code: ResidentCode, registry: RegistryDep, staff: Clerk
) -> SupportMeasure:
    """Return the resident's DV 支援措置, in force or not (404 if never set)."""
    own_resident(registry, staff, resident_code)
    measure = registry.support_measure(resident_code=resident_code)
    if measure is None:
        raise NotFoundError("no support measure was ever set", code="no_support_measure")
    return measure


@api.put(_MEASURE_PATH, response_model=SupportMeasure, responses=_CLOSED)
def set_support_measure(
    resident_code: ResidentCode, body: MeasureRequest, registry: RegistryDep, staff: Clerk
) -> SupportMeasure:
    """Put a resident under the DV 支援措置 (or renew it): their address is withheld from
    every view but this desk's, and agencies keeping addresses are told."""
    own_resident(registry, staff, resident_code)
    return registry.set_support_measure(
        resident_code=resident_code, requested_on=body.requested_on,
        actor=staff.name, valid_until=body.valid_until,
    )  # fmt: skip


@api.delete(_MEASURE_PATH, response_model=SupportMeasure, responses=_NOT_FOUND)
def clear_support_measure(
    resident_code: ResidentCode, registry: RegistryDep, staff: Clerk
) -> SupportMeasure:
    """Lift the resident's DV 支援措置 before its end."""
    own_resident(registry, staff, resident_code)
    return registry.clear_support_measure(resident_code=resident_code, actor=staff.name)


@pages.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    registry: RegistryDep,
    name: str | None = None,
    kana: str | None = None,
    birth_date: str | None = None,
) -> Response:
    """Show the staff resident search page (住民検索)."""
    context: dict[str, Any] = {
        "query": {"name": name, "kana": kana, "birth_date": birth_date},
        "results": None,
        "error": None,
        "limit": 100,
        "sex_labels": SEX_LABELS,
        "relationship_labels": RELATIONSHIP_LABELS,
        "status_labels": STATUS_LABELS,
        "withheld": set(),
    }
    session = current_session(request)
    context.update(staff=session, authorised=session is not None, next_url="/registry/search")
    if session is None:
        return _TEMPLATES.TemplateResponse(
            request, "registry/search.html", context, status_code=401
        )
    if session.principal.role is not StaffRole.MUNICIPALITY_CLERK:
        context["error"] = "住民検索は市区町村の職員だけが使えます（wrong_role）。"
        return _TEMPLATES.TemplateResponse(
            request, "registry/search.html", context, status_code=403
        )
    if name or kana or birth_date:
        try:
            context["results"] = registry.search(
                actor=session.principal.name,
                municipality=session.principal.org_id,
                name=name or None,
                kana=kana or None,
                birth_date=birth_date or None,
                limit=100,
            )
        except DomainError as exc:
            context["error"] = exc.reason
        # The desk sees the address, and that it must not give it out (DV 支援措置).
        context["withheld"] = {
            r.resident_code
            for r in context["results"] or ()
            if registry.address_withheld(resident_code=r.resident_code)
        }
    return _TEMPLATES.TemplateResponse(request, "registry/search.html", context)
