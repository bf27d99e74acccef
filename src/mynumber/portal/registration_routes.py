"""HTTP surface of 利用登録 and 登録解除 from the page (`registration_codes`): the page's own
routes (`/portal/registration…`, the person's session cookie) and the two the smartphone app
answers a code with (`/portal/api/registration/codes/{code}`, the code itself is the key)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from mynumber.eligibility.data import Registration
from mynumber.kernel.apicontract import error_responses
from mynumber.kernel.errors import DomainError
from mynumber.portal.data import LOGIN_CODE_PATTERN, LoginProof
from mynumber.portal.registration_codes import (
    CardRegistrationByCode,
    RegistrationAction,
    RegistrationCodeChallenge,
)
from mynumber.portal.routes import _TEMPLATES, PortalDep, current_person, login_qr

__all__ = ["ROUTERS", "api", "pages"]

Code = Annotated[str, PathParam(pattern=LOGIN_CODE_PATTERN, description="one-time code")]
api = APIRouter(
    prefix="/portal/api/registration/codes",
    tags=["portal マイナポータル"],
    responses=error_responses(403, 404, 409, 413, 422),
)
pages = APIRouter(prefix="/portal/registration", include_in_schema=False)


def _codes(request: Request) -> CardRegistrationByCode:
    desk: CardRegistrationByCode = request.app.state.portal
    return desk


@api.get("/{code}", response_model=RegistrationCodeChallenge)
def code_challenge(code: Code, request: Request) -> RegistrationCodeChallenge:
    """The app's first step: the challenge for the card to sign, and what it is for."""
    return _codes(request).registration_code_challenge(code=code)


@api.post("/{code}", response_model=Registration)
def answer_code(code: Code, proof: LoginProof, request: Request) -> Registration:
    """The app's second step: the card's certificate and signature; registers or cancels
    (403 `not_your_card` for a card other than the one the person logged in with)."""
    return _codes(request).answer_registration_code(code=code, proof=proof)


@pages.post("")
def start_page(
    request: Request, portal: PortalDep, action: Annotated[RegistrationAction, Form()]
) -> Response:
    """Begin a change confirmed on the page: show the code for the app."""
    try:
        person = current_person(request, portal)
    except DomainError:
        return RedirectResponse("/portal/login", status_code=303)
    started = _codes(request).start_registration_code(person=person, action=action)
    return RedirectResponse(f"/portal/registration/{started.code}", status_code=303)


@pages.get("/{code}", response_class=HTMLResponse)
def code_page(code: Code, request: Request, portal: PortalDep) -> Response:
    """Show the code while the card has not answered; then the result."""
    try:
        person = current_person(request, portal)
    except DomainError:
        return RedirectResponse("/portal/login", status_code=303)
    try:
        state = _codes(request).registration_code_state(code=code, person=person)
    except DomainError as refused:
        return _page(request, {"error": refused.reason}, status=refused.status)
    context: dict[str, Any] = {"state": state}
    if state.state == "waiting":
        context["qr"] = login_qr(code)
    context["unread"] = portal.notices(resident_code=person.resident_code).unread
    return _page(request, context)


def _page(request: Request, context: dict[str, Any], status: int = 200) -> Response:
    return _TEMPLATES.TemplateResponse(
        request, "portal/registration.html", context, status_code=status
    )


ROUTERS = (api, pages)
