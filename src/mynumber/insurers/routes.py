"""HTTP surface of the insurers: enrolment (資格取得), loss (資格喪失) and members' documents."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi import Path as PathParam
from pydantic import BaseModel, ConfigDict, Field

from mynumber.insurers.api import Insurers
from mynumber.insurers.data import (
    ContributionRun,
    Enrolment,
    InsuredDocument,
    Insurer,
    KoukiMember,
    LossReason,
    Membership,
)
from mynumber.kernel.apicontract import error_responses
from mynumber.kernel.staffauth import OrgKind, StaffPrincipal, StaffRole, require_staff


def get_insurers(request: Request) -> Insurers:
    """Return the insurers bound by the composition root."""
    insurers: Insurers = request.app.state.insurers
    return insurers


InsurersDep = Annotated[Insurers, Depends(get_insurers)]
# An insurer's clerk sees and changes only that insurer's members.
InsurerClerk = Annotated[StaffPrincipal, Depends(require_staff(StaffRole.INSURER_CLERK))]
AnyInsuranceStaff = Annotated[
    StaffPrincipal,
    Depends(
        require_staff(StaffRole.INSURER_CLERK, StaffRole.ELIGIBILITY_OPERATOR, StaffRole.AUDITOR)
    ),
]


def own_membership(insurers: Insurers, staff: StaffPrincipal, membership_id: str) -> Membership:
    """Return a membership of the clerk's own insurer, or refuse (403 `other_organisation`)."""
    membership = insurers.get(membership_id=membership_id)
    staff.require_org(OrgKind.INSURER, membership.insured.insurer_number)
    return membership


api = APIRouter(
    prefix="/api/insurers",
    tags=["insurers 医療保険者"],
    responses=error_responses(401, 403, 413, 422),
)


class Loss(BaseModel):
    """A loss of coverage (資格喪失届): the last day covered and why."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    last_day: dt.date
    reason: LossReason


class MemberLinks(BaseModel):
    """広域連合 members to link: 被保険者番号, My Number, 住所地 (from the window's records)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    members: list[KoukiMember] = Field(min_length=1, max_length=1000)


class MembersLinked(BaseModel):
    """How many members were linked, and how many 符号 the 広域連合 obtained for them."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    linked: int
    codes_obtained: int


class ContributionRequest(BaseModel):
    """Decide 負担割合 of the named members (被保険者番号) and their households; none: all."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    numbers: list[Annotated[str, Field(pattern=r"^[0-9]{1,20}$")]] | None = Field(
        default=None, min_length=1, max_length=1000
    )


InsurerNumber = Annotated[str, PathParam(pattern=r"^[0-9]{6,8}$", description="保険者番号")]


@api.get("", response_model=list[Insurer])
def list_insurers(insurers: InsurersDep, _staff: AnyInsuranceStaff) -> list[Insurer]:
    """List every insurer with its 保険者番号 and kind."""
    return insurers.list_insurers()


@api.post(
    "/enrolments", response_model=Membership, status_code=201, responses=error_responses(404, 409)
)
def enrol(enrolment: Enrolment, insurers: InsurersDep, staff: InsurerClerk) -> Membership:
    """Enrol a person with their My Number, which the insurer's gateway exchanges and drops."""
    staff.require_org(OrgKind.INSURER, enrolment.insurer_number)
    return insurers.enrol(enrolment=enrolment, actor=staff.name)


@api.get("/memberships/{membership_id}", response_model=Membership, responses=error_responses(404))
def get_membership(membership_id: str, insurers: InsurersDep, staff: InsurerClerk) -> Membership:
    """Return a membership with today's 負担割合 and 限度額区分."""
    return own_membership(insurers, staff, membership_id)


@api.post(
    "/memberships/{membership_id}/loss",
    response_model=list[Membership],
    responses=error_responses(404, 409),
)
def lose(
    membership_id: str, loss: Loss, insurers: InsurersDep, staff: InsurerClerk
) -> list[Membership]:
    """End a membership; dependants lose coverage with the insured person."""
    own_membership(insurers, staff, membership_id)
    return insurers.lose(membership_id=membership_id, last_day=loss.last_day, reason=loss.reason)


@api.get(
    "/memberships/{membership_id}/documents",
    response_model=list[InsuredDocument],
    responses=error_responses(404),
)
def documents(
    membership_id: str, insurers: InsurersDep, staff: InsurerClerk
) -> list[InsuredDocument]:
    """Return the 資格確認書 and 資格情報のお知らせ sent for a membership."""
    own_membership(insurers, staff, membership_id)
    return insurers.documents(membership_id=membership_id)


@api.post("/reports")
def report_pending(insurers: InsurersDep, _staff: InsurerClerk) -> dict[str, int]:
    """Send deferred enrolments' numbers to the eligibility system (ends the time lag)."""
    return {"reported": insurers.report_pending()}


@api.post(
    "/{insurer_number}/members/links",
    response_model=MembersLinked,
    responses=error_responses(404, 409),
)
def link_members(
    insurer_number: InsurerNumber, body: MemberLinks, insurers: InsurersDep, staff: InsurerClerk
) -> MembersLinked:
    """Record where a 広域連合's members live and obtain the 符号 it lacks: none for members it
    enrolled, whose 符号 it obtained then (409 not_kouki for another kind of insurer)."""
    staff.require_org(OrgKind.INSURER, insurer_number)
    obtained = insurers.link_members(insurer_number=insurer_number, members=body.members)
    return MembersLinked(linked=len(body.members), codes_obtained=obtained)


@api.post(
    "/{insurer_number}/contributions",
    response_model=ContributionRun,
    responses=error_responses(404, 409),
)
def decide_contributions(
    insurer_number: InsurerNumber,
    body: ContributionRequest,
    insurers: InsurersDep,
    staff: InsurerClerk,
) -> ContributionRun:
    """Decide 負担割合 (1・2・3割) from the municipalities' 住民税 over the network (J0001); a
    member the network could not answer for is listed in the run's refusals (404
    unknown_member for a number not in force)."""
    staff.require_org(OrgKind.INSURER, insurer_number)
    return insurers.decide_contributions(insurer_number=insurer_number, numbers=body.numbers)
