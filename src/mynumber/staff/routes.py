"""Staff login and logout for the pages: a page session in an HttpOnly, SameSite=Strict cookie."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from mynumber.kernel.errors import DomainError
from mynumber.kernel.pages import templates
from mynumber.kernel.staffauth import CSRF_FIELD, STAFF_COOKIE, check_csrf, current_session
from mynumber.staff.api import StaffDirectory
from mynumber.staff.service import SESSION_LIFETIME

__all__ = ["pages"]

_TEMPLATES = templates(Path(__file__).parent / "templates")
pages = APIRouter(prefix="/staff", include_in_schema=False)


def get_directory(request: Request) -> StaffDirectory:
    """Return the staff directory bound by the composition root."""
    directory: StaffDirectory = request.app.state.staff
    return directory


DirectoryDep = Annotated[StaffDirectory, Depends(get_directory)]


def safe_next(value: str) -> str:
    """Return a path on this server to go to after login (never another site)."""
    value = value.strip()
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


@pages.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> Response:
    """Show the staff login form."""
    context = {"next_url": safe_next(next), "error": None}
    return _TEMPLATES.TemplateResponse(request, "staff/login.html", context)


@pages.post("/login")
def log_in(
    request: Request,
    directory: DirectoryDep,
    name: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Check the account name and password, open a session and go on to `next`."""
    try:
        session_id, _session = directory.log_in(name=name.strip(), password=password)
    except DomainError as refused:
        context = {
            "next_url": safe_next(next),
            "error": f"ログインできません: アカウント名かパスワードが違います（{refused.code}）",
        }
        return _TEMPLATES.TemplateResponse(
            request, "staff/login.html", context, status_code=refused.status
        )
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        STAFF_COOKIE,
        session_id,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="strict",
        path="/",
    )
    return response


@pages.post("/logout")
def log_out(
    request: Request,
    directory: DirectoryDep,
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD)] = "",
) -> Response:
    """End the page session and forget the cookie."""
    session = current_session(request)
    if session is not None:
        check_csrf(request, session, csrf_token)
        directory.log_out(session_id=request.cookies.get(STAFF_COOKIE, ""))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(STAFF_COOKIE, path="/", httponly=True, samesite="strict")
    return response
