"""HTTP surface of employment insurance: a JSON API for ハローワーク's own staff.

Callers are agency clerks of ハローワーク (`agency_clerk` of org `employment:mhlw`): staff of
another agency are refused (403 `other_organisation`), as are other roles (403 `wrong_role`).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParam
from pydantic import BaseModel, ConfigDict, Field

from mynumber.employment.api import Employment
from mynumber.employment.data import (
    AGENCY_ID,
    BenefitDecision,
    EmploymentBenefitInfo,
    Hiring,
    InsuredRecord,
    NoticeReport,
    Separation,
)
from mynumber.kernel.apicontract import error_responses
from mynumber.kernel.dates import parse_iso_date
from mynumber.kernel.errors import InvalidInputError
from mynumber.kernel.fields import MAX_OFFSET, JsonDate, MyNumberLookup
from mynumber.kernel.staffauth import StaffPrincipal, require_agency_clerk


def get_employment(request: Request) -> Employment:
    """Return employment insurance bound by the composition root."""
    employment: Employment = request.app.state.employment
    return employment


EmploymentDep = Annotated[Employment, Depends(get_employment)]
Staff = Annotated[StaffPrincipal, Depends(require_agency_clerk(AGENCY_ID))]
api = APIRouter(
    prefix="/api/employment",
    tags=["employment ハローワーク"],
    responses=error_responses(401, 403, 413, 422),
)
_NOT_FOUND = error_responses(404)
_Frozen = ConfigDict(frozen=True, extra="forbid")
# The OpenAPI format of the 被保険者番号: its check digit is beyond a pattern (7DR).
INSURED_NUMBER_FORMAT = "employment-insured-number"
Number = Annotated[
    str,
    PathParam(
        pattern=r"^\d{4}-?\d{6}-?\d$",
        description="雇用保険被保険者番号 (4-6-1; a wrong check digit is 422)",
        json_schema_extra={"format": INSURED_NUMBER_FORMAT},
    ),
]


class HiringBatch(BaseModel):
    """資格取得届 of one or more people, naming them by My Number."""

    model_config = _Frozen
    hirings: list[Hiring] = Field(min_length=1, max_length=1000)


class SeparationBatch(BaseModel):
    """資格喪失届 of one or more people, naming them by My Number."""

    model_config = _Frozen
    separations: list[Separation] = Field(min_length=1, max_length=1000)


class Application(BaseModel):
    """求職の申込み: apply for benefits on the latest separation."""

    model_config = _Frozen
    applied_on: JsonDate


@api.post("/hirings", response_model=NoticeReport, responses=error_responses(409))
def receive_hirings(body: HiringBatch, employment: EmploymentDep, staff: Staff) -> NoticeReport:
    """Take in 資格取得届 (409 already_insured while another spell is open)."""
    return employment.receive_hirings(hirings=body.hirings)


@api.post("/separations", response_model=NoticeReport, responses=error_responses(409))
def receive_separations(
    body: SeparationBatch, employment: EmploymentDep, staff: Staff
) -> NoticeReport:
    """Take in 資格喪失届 (409 not_insured without a spell in force)."""
    return employment.receive_separations(separations=body.separations)


@api.get("/people", response_model=list[InsuredRecord])
def list_records(
    employment: EmploymentDep,
    staff: Staff,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> list[InsuredRecord]:
    """List records in 被保険者番号 order."""
    return employment.records(limit=limit, offset=offset)


@api.post("/lookups", response_model=InsuredRecord, responses=_NOT_FOUND)
def find_record(body: MyNumberLookup, employment: EmploymentDep, staff: Staff) -> InsuredRecord:
    """Return the record that holds a My Number; the read is logged."""
    return employment.find(my_number=body.my_number, actor=staff.name)


@api.get("/people/{number}", response_model=InsuredRecord, responses=_NOT_FOUND)
def get_record(number: Number, employment: EmploymentDep, staff: Staff) -> InsuredRecord:
    """Return a person's record: spells with employers; the read is logged."""
    return employment.record(insured_number=number, actor=staff.name)


@api.post(
    "/people/{number}/applications",
    response_model=BenefitDecision,
    responses=error_responses(404, 409),
)
def apply(
    number: Number, body: Application, employment: EmploymentDep, staff: Staff
) -> BenefitDecision:
    """Decide an application on the latest separation (409 not_separated while employed)."""
    return employment.apply(insured_number=number, applied_on=body.applied_on, actor=staff.name)


@api.get("/people/{number}/decisions", response_model=list[BenefitDecision], responses=_NOT_FOUND)
def list_decisions(
    number: Number, employment: EmploymentDep, staff: Staff
) -> list[BenefitDecision]:
    """Return a person's decisions, oldest first."""
    return employment.decisions(insured_number=number, actor=staff.name)


@api.get(
    "/people/{number}/benefit-info",
    response_model=EmploymentBenefitInfo,
    responses=_NOT_FOUND,
)
def benefit_info(
    number: Number,
    employment: EmploymentDep,
    staff: Staff,
    on: Annotated[str, Query(pattern=r"^\d{4}-\d{2}-\d{2}$", json_schema_extra={"format": "date"})],
) -> EmploymentBenefitInfo:
    """Return 雇用保険給付関係情報 of a person on a day, as provided to other agencies."""
    try:
        day = parse_iso_date(on)
    except ValueError as exc:
        raise InvalidInputError(str(exc)) from None
    return employment.benefit_info(insured_number=number, on=day, actor=staff.name)
