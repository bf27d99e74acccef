"""HTTP surface of the care platform: the JSON API providers call (介護保険資格確認等WEBサービス).

Callers are staff of a registered provider: a 介護事業所 or 居宅介護支援事業所 (`care_provider` of
org `care_office:<事業所番号>`) or a medical institution's `receptionist` (org `facility:<医療機関
コード>`); the provider they work for is the viewer. ⚠ The real service admits a 事業所 by a client
certificate issued by 国保中央会 (TLS 1.3); here the staff account stands for it. Auditors read a
person's access log.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi import Path as PathParam
from pydantic import BaseModel, ConfigDict, Field

from mynumber.care.api import Care
from mynumber.care.data import (
    INSURED_NUMBER_PATTERN,
    CardView,
    NumberView,
    ProviderKind,
    Relationship,
    ViewAnswer,
    Viewer,
)
from mynumber.kernel.apicontract import error_responses
from mynumber.kernel.fields import JsonDate
from mynumber.kernel.staffauth import OrgKind, StaffPrincipal, StaffRole, require_staff


def get_care(request: Request) -> Care:
    """Return the care platform bound by the composition root."""
    care: Care = request.app.state.care
    return care


CareDep = Annotated[Care, Depends(get_care)]
ProviderStaff = Annotated[
    StaffPrincipal, Depends(require_staff(StaffRole.CARE_PROVIDER, StaffRole.RECEPTIONIST))
]
OfficeStaff = Annotated[StaffPrincipal, Depends(require_staff(StaffRole.CARE_PROVIDER))]
Auditor = Annotated[StaffPrincipal, Depends(require_staff(StaffRole.AUDITOR))]
api = APIRouter(
    prefix="/api/care", tags=["care 介護情報基盤"], responses=error_responses(401, 403, 413, 422)
)
_Frozen = ConfigDict(frozen=True, extra="forbid")
Number = Annotated[str, PathParam(pattern=INSURED_NUMBER_PATTERN, description="被保険者番号")]


def viewer_of(staff: StaffPrincipal) -> Viewer:
    """Return the provider a member of staff acts for."""
    if staff.org_kind is OrgKind.FACILITY:
        return Viewer(number=staff.org_id, kind=ProviderKind.MEDICAL, operator=staff.name)
    return Viewer(number=staff.org_id.upper(), kind=ProviderKind.CARE_SERVICE, operator=staff.name)


class ChallengeAnswer(BaseModel):
    """A challenge for the person's card to sign (base64)."""

    model_config = _Frozen
    challenge: str
    expires_in_seconds: int = 120


class ServiceStart(BaseModel):
    """The provider starts serving a person (利用開始)."""

    model_config = _Frozen
    insured_number: str = Field(pattern=INSURED_NUMBER_PATTERN)
    since: JsonDate


class ServiceEnd(BaseModel):
    """The provider stops serving a person (利用終了: its last day)."""

    model_config = _Frozen
    insured_number: str = Field(pattern=INSURED_NUMBER_PATTERN)
    until: JsonDate


class AccessRecord(BaseModel):
    """One view or refusal of a person's data."""

    model_config = _Frozen
    seq: int
    recorded_at: dt.datetime
    payload: dict[str, Any]


class AccessLog(BaseModel):
    """A person's access log and whether its chain is intact."""

    model_config = _Frozen
    records: list[AccessRecord]
    problems: list[str]


@api.post("/challenges", response_model=ChallengeAnswer)
def challenge(care: CareDep, staff: ProviderStaff) -> ChallengeAnswer:
    """Return a fresh challenge (J-LIS's, once, 2 minutes) for the person's card to sign."""
    return ChallengeAnswer(challenge=base64.b64encode(care.new_challenge()).decode())


# J-LIS refuses a card: 409 (revoked, expired, a spent or unknown challenge), 422 (not a
# certificate, a bad signature); 404 when the holder is not insured.
@api.post("/views/card", response_model=ViewAnswer, responses=error_responses(404, 409))
def view_by_card(body: CardView, care: CareDep, staff: ProviderStaff) -> ViewAnswer:
    """Show what the provider may see of the card's holder: no 利用登録 is needed; the card
    checks the person's identity (and, for a care office, opens the relationship's views)."""
    return care.view_by_card(viewer=viewer_of(staff), request=body)


@api.post("/views/number", response_model=ViewAnswer, responses=error_responses(404))
def view_by_number(body: NumberView, care: CareDep, staff: ProviderStaff) -> ViewAnswer:
    """Show what the provider may see of a person it serves, by 被保険者番号."""
    return care.view_by_number(viewer=viewer_of(staff), request=body)


@api.post("/relationships", response_model=Relationship, responses=error_responses(404, 409))
def start_service(body: ServiceStart, care: CareDep, staff: OfficeStaff) -> Relationship:
    """Record that the staff's office serves a person from a day."""
    return care.start_service(
        office_number=viewer_of(staff).number, insured_number=body.insured_number, since=body.since
    )


@api.post("/relationships/end", response_model=Relationship, responses=error_responses(404, 409))
def end_service(body: ServiceEnd, care: CareDep, staff: OfficeStaff) -> Relationship:
    """End the office's relationship with a person (the consent given to it lapses)."""
    return care.end_service(
        office_number=viewer_of(staff).number, insured_number=body.insured_number, until=body.until
    )


@api.get(
    "/people/{insured_number}/access-records",
    response_model=AccessLog,
    responses=error_responses(404),
)
def access_records(insured_number: Number, care: CareDep, staff: Auditor) -> AccessLog:
    """Return every view and refusal of a person's data, with the chain's verification."""
    found = care.access_records(insured_number=insured_number)
    return AccessLog(
        records=[
            AccessRecord(seq=r.seq, recorded_at=r.recorded_at, payload=dict(r.payload))
            for r in found
        ],
        problems=care.verify_access_log(insured_number=insured_number),
    )
