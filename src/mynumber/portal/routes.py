"""HTTP surface of the portal: the JSON API under /portal/api and the Japanese pages.

The person is known by the portal's session cookie (`mynumber_portal`, or the same token as a
bearer), made only by a JPKI login; staff accounts have no way in.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import qrcode
from fastapi import APIRouter, Depends, Request, Security
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field
from qrcode.image.svg import SvgPathImage

from mynumber.kernel.apicontract import error_responses
from mynumber.kernel.errors import DomainError, UnauthenticatedError
from mynumber.kernel.pages import templates
from mynumber.portal.api import Portal
from mynumber.portal.data import (
    LOGIN_CODE_PATTERN,
    LoginChallenge,
    LoginProof,
    LoginStart,
    LoginState,
    PortalSession,
    SessionToken,
    Source,
    Timeline,
)

JST = dt.timezone(dt.timedelta(hours=9), "JST")
SHORT_SOURCE_NAMES = {
    Source.NETWORK: "情報提供ネットワーク",
    Source.ELIGIBILITY: "オンライン資格確認",
    Source.JPKI: "J-LIS",
    Source.REGISTRY: "住民基本台帳",
    Source.PORTAL: "マイナポータル",
    Source.MUNICIPALITY: "市区町村（税・福祉）",
    Source.PENSION: "日本年金機構",
    Source.EMPLOYMENT: "ハローワーク（雇用保険）",
}
SESSION_COOKIE = "mynumber_portal"
LOGIN_COOKIE = "mynumber_portal_login"  # the waiting page's code and secret
NEXT_COOKIE = "mynumber_portal_next"  # where a login goes back to (the consent page)
RETURNABLE = "/portal/oauth/authorize?"  # the only page a login returns to
_TEMPLATES = templates(Path(__file__).parent / "templates")
_TEMPLATES.env.filters["jst"] = lambda at: at.astimezone(JST).strftime("%Y-%m-%d %H:%M:%S")


def get_portal(request: Request) -> Portal:
    """Return the portal bound by the composition root."""
    portal: Portal = request.app.state.portal
    return portal


PortalDep = Annotated[Portal, Depends(get_portal)]
Code = Annotated[str, PathParam(pattern=LOGIN_CODE_PATTERN, description="one-time login code")]


# Documents the session token in OpenAPI; the pages send the same token as a cookie.
_person_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="portalSession",
    description="the session token of a JPKI login (POST /portal/api/login, then …/session)",
)
PersonBearer = Annotated[HTTPAuthorizationCredentials | None, Security(_person_bearer)]


def _token(request: Request, bearer: HTTPAuthorizationCredentials | None = None) -> str | None:
    if bearer is not None:
        return bearer.credentials.strip() or None
    return request.cookies.get(SESSION_COOKIE)


def current_person(
    request: Request, portal: PortalDep, bearer: PersonBearer = None
) -> PortalSession:
    """Return the logged-in person, or refuse (401 `not_logged_in`)."""
    token = _token(request, bearer)
    if token is None:
        raise UnauthenticatedError(
            "マイナンバーカードでログインしてください。", code="not_logged_in"
        )
    return portal.session(token=token)


Person = Annotated[PortalSession, Depends(current_person)]

api = APIRouter(
    prefix="/portal/api",
    tags=["portal マイナポータル"],
    responses=error_responses(401, 403, 404, 409, 413, 422),
)


class Waiter(BaseModel):
    """The waiting client's own secret, given when the login began."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    waiter: str = Field(min_length=1, max_length=100)


@api.post("/login", response_model=LoginStart)
def start_login(portal: PortalDep) -> LoginStart:
    """Begin a JPKI login: a one-time code to enter in the app, and the caller's secret."""
    return portal.start_login()


@api.get("/login/{code}", response_model=LoginChallenge)
def login_challenge(code: Code, portal: PortalDep) -> LoginChallenge:
    """The app's first step: the challenge for the card to sign (the code shown on the page)."""
    return portal.login_challenge(code=code)


@api.post("/login/{code}", status_code=204)
def answer_login(code: Code, proof: LoginProof, portal: PortalDep) -> Response:
    """The app's second step: the user-authentication certificate and the card's signature."""
    portal.answer_login(code=code, proof=proof)
    return Response(status_code=204)


@api.post("/login/{code}/session", response_model=SessionToken)
def take_session(code: Code, body: Waiter, portal: PortalDep) -> SessionToken:
    """The waiting client's step: the session once the card has answered (given once)."""
    token = portal.take_session(code=code, waiter=body.waiter)
    if token is None:
        return SessionToken(state=LoginState.WAITING)
    return SessionToken(state=LoginState.DONE, token=token)


@api.get("/records", response_model=Timeline)
def records(person: Person, portal: PortalDep) -> Timeline:
    """The logged-in person's やりとり履歴, each source's chain checked as it is shown."""
    return portal.timeline(resident_code=person.resident_code)


@api.post("/logout", status_code=204)
def logout(request: Request, portal: PortalDep, bearer: PersonBearer = None) -> Response:
    """End the caller's session (401 without one)."""
    token = _token(request, bearer)
    if token is None:
        raise UnauthenticatedError(
            "マイナンバーカードでログインしてください。", code="not_logged_in"
        )
    portal.session(token=token)
    portal.logout(token=token)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/portal")
    return response


pages = APIRouter(prefix="/portal", include_in_schema=False)


def login_qr(code: str) -> str:
    """Return the QR of a one-time code as inline SVG (⚠ the real QR's payload is not public:
    here it is the code itself)."""
    image = qrcode.make(code, image_factory=SvgPathImage)
    svg: str = image.to_string(encoding="unicode")
    return svg


def _login_page(request: Request, context: dict[str, Any], status: int = 200) -> Response:
    if context.get("code"):
        context["qr"] = login_qr(str(context["code"]))
    return _TEMPLATES.TemplateResponse(request, "portal/login.html", context, status_code=status)


@pages.get("/login", response_class=HTMLResponse)
def login_page(request: Request, portal: PortalDep, next: str | None = None) -> Response:
    """Show a fresh one-time code; the page then waits for the card (ログイン), and goes back
    to the consent page (`next`) when a third party's request brought the person here."""
    started = portal.start_login()
    response = _login_page(request, {"code": started.code, "expires_at": started.expires_at})
    if next and next.startswith(RETURNABLE):
        response.set_cookie(
            NEXT_COOKIE, next, max_age=600, httponly=True, samesite="lax", path="/portal"
        )
    response.set_cookie(
        LOGIN_COOKIE,
        f"{started.code}.{started.waiter}",
        max_age=600,
        httponly=True,
        samesite="strict",
        path="/portal",
    )
    return response


@pages.get("/login/wait", response_class=HTMLResponse)
def login_wait(request: Request, portal: PortalDep) -> Response:
    """Look whether the card answered: log in, keep waiting, or say why not."""
    code, _, waiter = request.cookies.get(LOGIN_COOKIE, "").partition(".")
    if not code or not waiter:
        return RedirectResponse("/portal/login", status_code=303)
    try:
        token = portal.take_session(code=code, waiter=waiter)
    except DomainError as refused:
        context = {"code": None, "error": f"{refused.reason}（{refused.code}）"}
        return _login_page(request, context, status=refused.status)
    if token is None:
        return _login_page(request, {"code": code, "waiting": True})
    back = request.cookies.get(NEXT_COOKIE, "")
    target = back if back.startswith(RETURNABLE) else "/portal/records"
    response = RedirectResponse(target, status_code=303)
    response.delete_cookie(LOGIN_COOKIE, path="/portal")
    response.delete_cookie(NEXT_COOKIE, path="/portal")
    response.set_cookie(
        SESSION_COOKIE, token, max_age=1800, httponly=True, samesite="strict", path="/portal"
    )
    return response


@pages.get("/records", response_class=HTMLResponse)
def records_page(request: Request, portal: PortalDep) -> Response:
    """Show the person's やりとり履歴 with the check of each chain."""
    try:
        person = current_person(request, portal)
    except DomainError:
        return RedirectResponse("/portal/login", status_code=303)
    shown = portal.timeline(resident_code=person.resident_code)
    unread = portal.notices(resident_code=person.resident_code).unread
    context = {"timeline": shown, "source_names": SHORT_SOURCE_NAMES, "unread": unread}
    return _TEMPLATES.TemplateResponse(request, "portal/records.html", context)


@pages.post("/logout")
def logout_page(request: Request, portal: PortalDep) -> Response:
    """Log out and go back to the login page."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        portal.logout(token=token)
    response = RedirectResponse("/portal/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/portal")
    return response
