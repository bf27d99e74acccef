"""Staff authorisation shared by every subsystem's routes: who is logged in, in which role.

Staff authentication is a Protocol here; the staff directory implements it and the
composition root puts it on `app.state.staff`, so no subsystem's routes import another.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Protocol

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from mynumber.kernel.errors import (
    DomainError,
    ForbiddenError,
    UnauthenticatedError,
)

__all__ = [
    "CSRF_FIELD",
    "CSRF_HEADER",
    "ROLE_ORG_KINDS",
    "STAFF_COOKIE",
    "OrgKind",
    "StaffAuthenticator",
    "StaffPrincipal",
    "StaffRole",
    "StaffSession",
    "authenticate_staff",
    "check_csrf",
    "current_session",
    "require_agency_clerk",
    "require_staff",
]

STAFF_COOKIE = "mynumber_staff"  # the page session's id (HttpOnly, SameSite=Strict)
CSRF_HEADER = "X-CSRF-Token"  # htmx sends it (hx-headers); plain forms send CSRF_FIELD
CSRF_FIELD = "csrf_token"


class StaffRole(StrEnum):
    """What a member of staff may do; each role belongs to one kind of organisation."""

    MUNICIPALITY_CLERK = "municipality_clerk"  # 市区町村の窓口: one municipality's residents
    JLIS_COUNTER = "jlis_counter"  # J-LIS: cards, certificates, relying parties
    INSURER_CLERK = "insurer_clerk"  # one insurer's members
    ELIGIBILITY_OPERATOR = "eligibility_operator"  # 支払基金・国保中央会: facilities, claims
    RECEPTIONIST = "receptionist"  # one facility's reception terminals
    AUDITOR = "auditor"  # read-only: access records and their verification
    AGENCY_CLERK = "agency_clerk"  # an agency on the information-provision network: its queries
    NETWORK_OPERATOR = "network_operator"  # デジタル庁: connects agencies, reads usage figures
    CARE_PROVIDER = "care_provider"  # a 介護事業所 or 居宅介護支援事業所 at the care platform


class OrgKind(StrEnum):
    """The kind of organisation a member of staff works for."""

    MUNICIPALITY = "municipality"  # id: 全国地方公共団体コード (local government code)
    JLIS = "jlis"
    INSURER = "insurer"  # id: 保険者番号 (insurer number)
    ELIGIBILITY = "eligibility"
    FACILITY = "facility"  # id: 医療機関コード (facility code)
    AUDIT = "audit"
    AGENCY = "agency"  # id: the agency id on the network (機関コード), KIND:CODE
    NETWORK = "network"  # デジタル庁, the network's operator
    CARE_OFFICE = "care_office"  # id: 介護保険事業所番号 (lower-case letters)


ROLE_ORG_KINDS: dict[StaffRole, OrgKind] = {
    StaffRole.MUNICIPALITY_CLERK: OrgKind.MUNICIPALITY,
    StaffRole.JLIS_COUNTER: OrgKind.JLIS,
    StaffRole.INSURER_CLERK: OrgKind.INSURER,
    StaffRole.ELIGIBILITY_OPERATOR: OrgKind.ELIGIBILITY,
    StaffRole.RECEPTIONIST: OrgKind.FACILITY,
    StaffRole.AUDITOR: OrgKind.AUDIT,
    StaffRole.AGENCY_CLERK: OrgKind.AGENCY,
    StaffRole.NETWORK_OPERATOR: OrgKind.NETWORK,
    StaffRole.CARE_PROVIDER: OrgKind.CARE_OFFICE,
}


@dataclass(frozen=True)
class StaffPrincipal:
    """The member of staff behind a request: account name, organisation and role."""

    name: str
    org_kind: OrgKind
    org_id: str
    role: StaffRole

    def require_org(self, kind: OrgKind, org_id: str) -> None:
        """Refuse unless this account works for the organisation named."""
        if self.org_kind is not kind or self.org_id != org_id:
            raise ForbiddenError(
                f"account {self.name} works for {self.org_kind}:{self.org_id}, not {kind}:{org_id}",
                code="other_organisation",
            )


@dataclass(frozen=True)
class StaffSession:
    """A logged-in page session: who, and the token its state-changing posts must carry."""

    principal: StaffPrincipal
    csrf_token: str


class StaffAuthenticator(Protocol):
    """Checks staff credentials; the composition root puts one on `app.state.staff`."""

    def authenticate_token(self, *, token: str) -> StaffPrincipal:
        """Return the account behind an API token, or raise UnauthenticatedError."""
        ...

    def authenticate_session(self, *, session_id: str) -> StaffSession:
        """Return the live session behind a cookie value, or raise UnauthenticatedError."""
        ...


def current_session(request: Request) -> StaffSession | None:
    """Return the page session of a request's staff cookie, or None (pages: no refusal)."""
    session_id = request.cookies.get(STAFF_COOKIE, "")
    if not session_id:
        return None
    authenticator: StaffAuthenticator = request.app.state.staff
    try:
        return authenticator.authenticate_session(session_id=session_id)
    except DomainError:
        return None


# Documents the API token in OpenAPI (`/docs` → Authorize); a page session needs no header.
_STAFF_BEARER = HTTPBearer(
    auto_error=False,
    scheme_name="staff",
    description="a staff account's API token (mynumber staff add / staff token)",
)


def check_csrf(request: Request, session: StaffSession, form_value: str = "") -> None:
    """Refuse a state-changing request of a page session without its CSRF token (header or
    form field)."""
    if request.method in _SAFE_METHODS:
        return
    sent = request.headers.get(CSRF_HEADER, "") or form_value
    if not sent or not hmac.compare_digest(sent.encode(), session.csrf_token.encode()):
        raise ForbiddenError("the form's CSRF token is missing or wrong", code="csrf_failed")


async def authenticate_staff(
    request: Request,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_STAFF_BEARER)] = None,
) -> StaffPrincipal:
    """Return the staff account behind a bearer API token or a page session, or refuse."""
    authenticator: StaffAuthenticator = request.app.state.staff
    # The directory reads its database: off the event loop, like every synchronous route.
    if bearer is not None:
        token = bearer.credentials.strip()
        return await run_in_threadpool(authenticator.authenticate_token, token=token)
    session_id = request.cookies.get(STAFF_COOKIE, "")
    if not session_id:
        raise UnauthenticatedError(
            "staff credentials required (Authorization: Bearer <API token>, or log in)"
        )
    session = await run_in_threadpool(authenticator.authenticate_session, session_id=session_id)
    form_value = ""
    if request.method not in _SAFE_METHODS and request.headers.get("content-type", "").startswith(
        _FORM_TYPES
    ):
        value = (await request.form()).get(CSRF_FIELD, "")
        form_value = value if isinstance(value, str) else ""
    check_csrf(request, session, form_value)
    return session.principal


def require_staff(*roles: StaffRole) -> Callable[..., Awaitable[StaffPrincipal]]:
    """Return a dependency admitting only staff in one of these roles (403 `wrong_role`)."""
    allowed = frozenset(roles)

    async def dependency(
        principal: Annotated[StaffPrincipal, Depends(authenticate_staff)],
    ) -> StaffPrincipal:
        if principal.role not in allowed:
            wanted = ", ".join(sorted(allowed))
            raise ForbiddenError(
                f"account {principal.name} is a {principal.role}; this needs: {wanted}",
                code="wrong_role",
            )
        return principal

    return dependency


# Module-level: the annotations of a dependency are resolved in this module's namespace.
_ANY_AGENCY_CLERK = require_staff(StaffRole.AGENCY_CLERK)


def require_agency_clerk(agency_id: str) -> Callable[..., Awaitable[StaffPrincipal]]:
    """Return a dependency admitting only the agency clerks (機関の職員) of one agency on the
    network: another role is 403 `wrong_role`, a clerk of another agency 403
    `other_organisation`."""

    async def dependency(
        staff: Annotated[StaffPrincipal, Depends(_ANY_AGENCY_CLERK)],
    ) -> StaffPrincipal:
        staff.require_org(OrgKind.AGENCY, agency_id)
        return staff

    return dependency


_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
