"""HTTP surface of the pension service: a JSON API for its own staff (年金事務所の職員).

Callers are agency clerks of the service (`agency_clerk` of org `pension:jpo`): staff of
another agency are refused (403 `other_organisation`), as are other roles (403 `wrong_role`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParam
from pydantic import BaseModel, ConfigDict, Field

from mynumber.kernel.apicontract import error_responses
from mynumber.kernel.dates import parse_iso_date
from mynumber.kernel.errors import InvalidInputError
from mynumber.kernel.fields import MAX_OFFSET, JsonInt, MyNumberLookup, RecordDate
from mynumber.kernel.staffauth import StaffPrincipal, require_agency_clerk
from mynumber.pension.api import Pension
from mynumber.pension.data import (
    AGENCY_ID,
    AwardRun,
    CoverageNotice,
    NoticeReport,
    Payment,
    PaymentRun,
    PensionAward,
    PensionBenefitInfo,
    PensionRecord,
    SupportBenefitDecision,
)


def get_pension(request: Request) -> Pension:
    """Return the pension service bound by the composition root."""
    pension: Pension = request.app.state.pension
    return pension


PensionDep = Annotated[Pension, Depends(get_pension)]
Staff = Annotated[StaffPrincipal, Depends(require_agency_clerk(AGENCY_ID))]
api = APIRouter(
    prefix="/api/pension",
    tags=["pension 日本年金機構"],
    responses=error_responses(401, 403, 413, 422),
)
_NOT_FOUND = error_responses(404)
_Frozen = ConfigDict(frozen=True, extra="forbid")
Number = Annotated[
    str, PathParam(pattern=r"^\d{4}-?\d{6}$", description="基礎年金番号 (記号-番号)")
]
Year = Annotated[int, PathParam(ge=1961, le=2100, description="暦年")]
_YEN = 100_000_000_000


class NoticeBatch(BaseModel):
    """Notices of 資格取得・種別変更・喪失, naming people by My Number."""

    model_config = _Frozen
    notices: list[CoverageNotice] = Field(min_length=1, max_length=1000)


class AwardRequest(BaseModel):
    """Decide the awards of everyone payable by a day's month (年金決定)."""

    model_config = _Frozen
    on: RecordDate


class PaymentRequest(BaseModel):
    """Run the 定時払 of an even month (February, April … December)."""

    model_config = _Frozen
    year: JsonInt = Field(ge=1961, le=2100)
    month: JsonInt = Field(ge=2, le=12, multiple_of=2, description="an even month")


@api.post("/notices", response_model=NoticeReport, responses=error_responses(409))
def receive_notices(body: NoticeBatch, pension: PensionDep, staff: Staff) -> NoticeReport:
    """Take in notices; a notice older than the spell in force refuses the batch (409)."""
    return pension.receive_notices(notices=body.notices)


@api.get("/people", response_model=list[PensionRecord])
def list_records(
    pension: PensionDep,
    staff: Staff,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> list[PensionRecord]:
    """List records in 基礎年金番号 order."""
    return pension.records(limit=limit, offset=offset)


@api.post("/lookups", response_model=PensionRecord, responses=_NOT_FOUND)
def find_record(body: MyNumberLookup, pension: PensionDep, staff: Staff) -> PensionRecord:
    """Return the record that holds a My Number; the read is logged."""
    return pension.find(my_number=body.my_number, actor=staff.name)


@api.get("/people/{number}", response_model=PensionRecord, responses=_NOT_FOUND)
def get_record(number: Number, pension: PensionDep, staff: Staff) -> PensionRecord:
    """Return a person's record: 種別 history and months; the read is logged."""
    return pension.record(basic_pension_number=number, actor=staff.name)


@api.post("/awards", response_model=AwardRun)
def award(body: AwardRequest, pension: PensionDep, staff: Staff) -> AwardRun:
    """Award the old-age pension to everyone payable by the day's month."""
    return pension.award(on=body.on)


@api.get("/people/{number}/award", response_model=PensionAward, responses=_NOT_FOUND)
def get_award(number: Number, pension: PensionDep, staff: Staff) -> PensionAward:
    """Return a person's award (404 not_awarded before 65 or without 10 years)."""
    return pension.award_of(basic_pension_number=number, actor=staff.name)


@api.post("/payments", response_model=PaymentRun)
def pay(body: PaymentRequest, pension: PensionDep, staff: Staff) -> PaymentRun:
    """Pay an even month's 定時払, for the two months before it."""
    return pension.pay(month=dt.date(body.year, body.month, 1))


@api.get("/people/{number}/payments", response_model=list[Payment], responses=_NOT_FOUND)
def list_payments(number: Number, pension: PensionDep, staff: Staff) -> list[Payment]:
    """Return a person's payments, oldest first."""
    return pension.payments(basic_pension_number=number, actor=staff.name)


@api.get(
    "/people/{number}/benefit-info/{year}",
    response_model=PensionBenefitInfo,
    responses=_NOT_FOUND,
)
def benefit_info(
    number: Number, year: Year, pension: PensionDep, staff: Staff
) -> PensionBenefitInfo:
    """Return 年金給付関係情報 of a person and year, as provided to other agencies."""
    return pension.benefit_info(basic_pension_number=number, year=year, actor=staff.name)


@api.get(
    "/people/{number}/support-benefit",
    response_model=SupportBenefitDecision,
    responses=_NOT_FOUND,
)
def support_benefit(
    number: Number,
    pension: PensionDep,
    staff: Staff,
    month: Annotated[
        str,
        Query(
            pattern=r"^\d{4}-\d{2}-\d{2}$",
            json_schema_extra={"format": "date"},
            description="any day of the month decided",
        ),
    ],
    household_exempt: Annotated[bool, Query(description="世帯全員が市町村民税非課税")],
    other_income: Annotated[int, Query(ge=0, le=_YEN, description="その他の所得")] = 0,
    pension_revenue: Annotated[
        int | None, Query(ge=0, le=_YEN, description="公的年金等収入 (default: own payments)")
    ] = None,
) -> SupportBenefitDecision:
    """Decide a person's 年金生活者支援給付金 of a month on the municipality's figures."""
    try:
        day = parse_iso_date(month)
    except ValueError as exc:
        raise InvalidInputError(str(exc)) from None
    return pension.support_benefit(
        basic_pension_number=number,
        month=day,
        household_exempt=household_exempt,
        other_income=other_income,
        actor=staff.name,
        pension_revenue=pension_revenue,
    )
