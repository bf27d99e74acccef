"""HTTP surface of the municipality: a JSON API for its own clerks (市区町村の職員).

A clerk acts for the municipality their account works for (the org id of a
`municipality_clerk` is its 全国地方公共団体コード): no path names another municipality.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParam
from pydantic import BaseModel, ConfigDict, Field

from mynumber.kernel.apicontract import error_responses
from mynumber.kernel.checkdigits import IdentifierKind
from mynumber.kernel.dates import parse_iso_date
from mynumber.kernel.errors import InvalidInputError
from mynumber.kernel.fields import (
    MAX_OFFSET,
    JsonDate,
    JsonInt,
    identifier_pattern,
    identifier_schema,
)
from mynumber.kernel.staffauth import StaffPrincipal, StaffRole, require_staff
from mynumber.municipality.api import Municipality
from mynumber.municipality.data import (
    Addressee,
    AssessmentRun,
    ChildAllowanceDecision,
    CopyRun,
    EnrolmentReport,
    IncomeReport,
    LocalTaxInfo,
    NurseryFee,
    TaxAssessment,
)


def get_municipality(request: Request) -> Municipality:
    """Return the municipality bound by the composition root."""
    municipality: Municipality = request.app.state.municipality
    return municipality


MunicipalityDep = Annotated[Municipality, Depends(get_municipality)]
Clerk = Annotated[StaffPrincipal, Depends(require_staff(StaffRole.MUNICIPALITY_CLERK))]
api = APIRouter(
    prefix="/api/municipality",
    tags=["municipality 市区町村"],
    responses=error_responses(401, 403, 413, 422),
)
_NOT_FOUND = error_responses(404)
_Frozen = ConfigDict(frozen=True, extra="forbid")
ResidentCode = Annotated[
    str,
    PathParam(
        pattern=identifier_pattern(IdentifierKind.RESIDENT_CODE),
        json_schema_extra=identifier_schema(IdentifierKind.RESIDENT_CODE),
    ),
]
FiscalYear = Annotated[int, PathParam(ge=1990, le=2100, description="年度")]
HouseholdCode = Annotated[str, PathParam(pattern=r"^[0-9A-Za-z-]{1,12}$")]


class IncomeBatch(BaseModel):
    """Income reports of one or more people (給与支払報告書・公的年金等支払報告書・申告)."""

    model_config = _Frozen
    reports: list[IncomeReport] = Field(min_length=1, max_length=1000)


class IncomesRecorded(BaseModel):
    """How many reports were recorded."""

    model_config = _Frozen
    recorded: int


class AssessmentRequest(BaseModel):
    """Assess the municipality's residents for a fiscal year (課税処理)."""

    model_config = _Frozen
    fiscal_year: JsonInt = Field(ge=1990, le=2100)


class CopiesRequest(BaseModel):
    """Register a fiscal year's 副本 on the municipality's partition of the 中間サーバー."""

    model_config = _Frozen
    fiscal_year: JsonInt = Field(ge=1990, le=2100)


class AllowanceRequest(BaseModel):
    """Decide a household's 児童手当 for a month."""

    model_config = _Frozen
    household_code: str = Field(pattern=r"^[0-9A-Za-z-]{1,12}$")
    month: JsonDate = Field(description="any day of the month decided")


@api.post("/enrolment", response_model=EnrolmentReport, responses=_NOT_FOUND)
def enrol_residents(municipality: MunicipalityDep, staff: Clerk) -> EnrolmentReport:
    """Take in the municipality's residents from the register (宛名番号 for newcomers)."""
    return municipality.enrol_residents(municipality=staff.org_id)


@api.get("/addressees", response_model=list[Addressee])
def list_addressees(
    municipality: MunicipalityDep,
    staff: Clerk,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> list[Addressee]:
    """List the municipality's addressees in 宛名番号 order."""
    return municipality.addressees(municipality=staff.org_id, limit=limit, offset=offset)


@api.get("/addressees/{resident_code}", response_model=Addressee, responses=_NOT_FOUND)
def get_addressee(
    resident_code: ResidentCode, municipality: MunicipalityDep, staff: Clerk
) -> Addressee:
    """Return a resident's 宛名番号 and My Number; the read is logged."""
    return municipality.addressee(
        municipality=staff.org_id, resident_code=resident_code, actor=staff.name
    )


@api.post("/incomes", response_model=IncomesRecorded, responses=_NOT_FOUND)
def record_incomes(
    body: IncomeBatch, municipality: MunicipalityDep, staff: Clerk
) -> IncomesRecorded:
    """Record incomes; a person unknown here refuses the whole batch (404 not_an_addressee)."""
    recorded = municipality.record_incomes(municipality=staff.org_id, reports=body.reports)
    return IncomesRecorded(recorded=recorded)


@api.post("/assessments", response_model=AssessmentRun, responses=_NOT_FOUND)
def assess(body: AssessmentRequest, municipality: MunicipalityDep, staff: Clerk) -> AssessmentRun:
    """Assess every addressee's 住民税 of a fiscal year (replaces an earlier run)."""
    return municipality.assess(municipality=staff.org_id, fiscal_year=body.fiscal_year)


@api.get(
    "/residents/{resident_code}/tax/{fiscal_year}",
    response_model=TaxAssessment,
    responses=_NOT_FOUND,
)
def tax_assessment(
    resident_code: ResidentCode,
    fiscal_year: FiscalYear,
    municipality: MunicipalityDep,
    staff: Clerk,
) -> TaxAssessment:
    """Return a resident's 住民税 of a fiscal year with the figures behind it."""
    return municipality.assessment(
        municipality=staff.org_id,
        resident_code=resident_code,
        fiscal_year=fiscal_year,
        actor=staff.name,
    )


@api.get(
    "/residents/{resident_code}/local-tax-info/{fiscal_year}",
    response_model=LocalTaxInfo,
    responses=_NOT_FOUND,
)
def local_tax_info(
    resident_code: ResidentCode,
    fiscal_year: FiscalYear,
    municipality: MunicipalityDep,
    staff: Clerk,
) -> LocalTaxInfo:
    """Return 地方税関係情報 of a resident and fiscal year, as provided to other agencies."""
    return municipality.local_tax_info(
        municipality=staff.org_id,
        resident_code=resident_code,
        fiscal_year=fiscal_year,
        actor=staff.name,
    )


@api.post("/copies", response_model=CopyRun, responses=_NOT_FOUND)
def register_copies(body: CopiesRequest, municipality: MunicipalityDep, staff: Clerk) -> CopyRun:
    """Register the assessed addressees' 地方税関係情報 and 住民票関係情報 as 副本 (副本登録),
    obtaining the 符号 the municipality lacks; rows already held are counted, not repeated."""
    return municipality.register_copies(municipality=staff.org_id, fiscal_year=body.fiscal_year)


@api.post(
    "/child-allowance",
    response_model=ChildAllowanceDecision,
    status_code=201,
    responses=_NOT_FOUND,
)
def decide_child_allowance(
    body: AllowanceRequest, municipality: MunicipalityDep, staff: Clerk
) -> ChildAllowanceDecision:
    """Decide and record a household's 児童手当 for a month (認定)."""
    return municipality.decide_child_allowance(
        municipality=staff.org_id, household_code=body.household_code, month=body.month
    )


@api.get(
    "/households/{household_code}/child-allowance", response_model=list[ChildAllowanceDecision]
)
def child_allowance_decisions(
    household_code: HouseholdCode, municipality: MunicipalityDep, staff: Clerk
) -> list[ChildAllowanceDecision]:
    """Return a household's 児童手当 decisions, oldest first."""
    return municipality.child_allowance_decisions(
        municipality=staff.org_id, household_code=household_code
    )


@api.get(
    "/residents/{resident_code}/nursery-fee",
    response_model=NurseryFee,
    responses=error_responses(404, 409),
)
def nursery_fee(
    resident_code: ResidentCode,
    municipality: MunicipalityDep,
    staff: Clerk,
    month: Annotated[
        str, Query(pattern=r"^\d{4}-\d{2}-\d{2}$", json_schema_extra={"format": "date"})
    ],
    parents_income_levy: Annotated[int | None, Query(ge=0, le=100_000_000_000)] = None,
    parents_exempt: bool = False,
    former: Annotated[
        str | None,
        Query(pattern=r"^[0-9]{6}$", description="former municipality to ask over the network"),
    ] = None,
) -> NurseryFee:
    """Return a child's 保育料 for a month; without parents_income_levy, from the parents'
    assessments here (404 not_assessed when a parent has none, e.g. moved in; 409
    not_nursery_age for a child not yet born or of school age in that month).

    With `former` (the 全国地方公共団体コード of the municipality the family moved from), the
    parents' 市町村民税所得割額 is asked over the network (J0002) instead of a paper 課税証明書;
    the network's refusal (`provider_code_missing`, `no_copy`, `copy_of_another_year`) answers 409.
    """
    try:
        day = parse_iso_date(month)
    except ValueError as exc:
        raise InvalidInputError(str(exc)) from None
    if former is not None:
        if parents_income_levy is not None:
            raise InvalidInputError("give either former or parents_income_levy, not both")
        return municipality.nursery_fee_via_network(
            municipality=staff.org_id,
            resident_code=resident_code,
            month=day,
            actor=staff.name,
            former=former,
        )
    return municipality.nursery_fee(
        municipality=staff.org_id,
        resident_code=resident_code,
        month=day,
        actor=staff.name,
        parents_income_levy=parents_income_levy,
        parents_exempt=parents_exempt,
    )
