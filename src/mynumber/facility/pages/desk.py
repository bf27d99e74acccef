"""What every handler of the reception page needs: its terminal, staff login, and rendering."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Form, Request
from fastapi.responses import Response

from mynumber.eligibility.api import Eligibility
from mynumber.eligibility.data import HOME_MODE_KINDS, SIMPLE_MODE_KINDS
from mynumber.facility.api import Facilities
from mynumber.facility.data import Facility, Terminal
from mynumber.facility.pages.answer_views import moment_text, refusal_text, treatment_kind
from mynumber.kernel.clock import Clock, today_in_japan
from mynumber.kernel.dates import japanese_date
from mynumber.kernel.errors import (
    DomainError,
    ForbiddenError,
    NotFoundError,
    UnauthenticatedError,
)
from mynumber.kernel.pages import templates
from mynumber.kernel.staffauth import (
    OrgKind,
    StaffRole,
    StaffSession,
    check_csrf,
    current_session,
)

__all__ = [
    "Desk",
    "EligibilityDep",
    "FacilitiesDep",
    "TerminalField",
    "desk_or_problem",
    "find_desk",
    "fragment",
    "own_desk",
    "page",
    "problem",
    "receptionist",
    "today",
]

_TEMPLATES = templates(Path(__file__).parent.parent / "templates")
_TEMPLATES.env.filters["jdate"] = japanese_date
_TEMPLATES.env.filters["jmoment"] = moment_text
_TEMPLATES.env.filters["treatment_kind"] = treatment_kind


def _facilities(request: Request) -> Facilities:
    facilities: Facilities = request.app.state.facilities
    return facilities


def _eligibility(request: Request) -> Eligibility:
    eligibility: Eligibility = request.app.state.eligibility
    return eligibility


FacilitiesDep = Annotated[Facilities, Depends(_facilities)]
EligibilityDep = Annotated[Eligibility, Depends(_eligibility)]
TerminalField = Annotated[str, Form()]


@dataclass(frozen=True)
class Desk:
    """The reception a page serves: one terminal and the facility it belongs to."""

    terminal: Terminal
    facility: Facility
    operator: str = ""  # the receptionist logged in at it, named in the patient's records

    @property
    def simple(self) -> bool:
        """Return whether the facility is answered eligibility only (資格確認限定型)."""
        return self.facility.kind in SIMPLE_MODE_KINDS

    @property
    def home(self) -> bool:
        """Return whether every check is at the patient's home (居宅同意取得型, 訪問看護)."""
        return self.facility.kind in HOME_MODE_KINDS


def find_desk(facilities: Facilities, terminal_id: str) -> Desk:
    """Return the terminal and its facility, or refuse an unknown terminal."""
    wanted = terminal_id.strip()
    try:
        terminal = facilities.terminal(terminal_id=wanted)
    except NotFoundError:
        raise NotFoundError(
            f"端末 {wanted} は登録されていません", code="terminal_unknown"
        ) from None
    return Desk(terminal=terminal, facility=facilities.get(code=terminal.facility_code))


def receptionist(request: Request) -> StaffSession:
    """Return the page session of a facility's receptionist, or refuse (401 without a login,
    403 `wrong_role` for other staff, 403 `csrf_failed` for a post without the page's token)."""
    session = current_session(request)
    if session is None:
        raise UnauthenticatedError("log in as the facility's receptionist", code="unauthenticated")
    if session.principal.role is not StaffRole.RECEPTIONIST:
        raise ForbiddenError(
            f"account {session.principal.name} is not a receptionist", code="wrong_role"
        )
    check_csrf(request, session)
    return session


def own_desk(session: StaffSession, desk: Desk) -> Desk:
    """Return the desk if its terminal belongs to the receptionist's facility, or refuse."""
    session.principal.require_org(OrgKind.FACILITY, desk.facility.code)
    return replace(desk, operator=session.principal.name)


def today(request: Request) -> dt.date:
    """Return today in Japan by the instance's clock."""
    clock: Clock = request.app.state.clock
    return today_in_japan(clock)


def page(request: Request, context: dict[str, Any], status: int = 200) -> Response:
    """Render the whole reception page."""
    return _TEMPLATES.TemplateResponse(request, "reception/page.html", context, status_code=status)


def fragment(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    """Render a fragment an htmx form swaps in."""
    return _TEMPLATES.TemplateResponse(request, f"reception/{name}", context, status_code=status)


def problem(request: Request, text: str, *, code: str = "", status: int = 422) -> Response:
    """Render a refusal fragment: the Japanese sentence in red, and its code."""
    return fragment(request, "_problem.html", {"text": text, "code": code}, status)


def desk_or_problem(request: Request, facilities: Facilities, terminal: str) -> Desk | Response:
    """Return the desk of a fragment request, or the fragment refusing it (no login, another
    role, no CSRF token, another facility's or no such terminal)."""
    try:
        session = receptionist(request)
    except DomainError as refused:
        text = refusal_text(refused.code, refused.reason)
        return problem(request, text, code=refused.code, status=refused.status)
    try:
        return own_desk(session, find_desk(facilities, terminal))
    except DomainError as refused:
        text = refusal_text(refused.code, refused.reason)
        return problem(request, text, code=refused.code, status=refused.status)
