"""HTTP surface of the 公金受取口座 and the 代理人: JSON under /portal/api, pages in Japanese.

Each call is the logged-in person's (the portal session, as `/portal/api/records`); the pages
are plain forms that post and redirect, so they work with no script and no internet.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, ValidationError

from mynumber.kernel.apicontract import error_responses
from mynumber.kernel.errors import DomainError
from mynumber.kernel.pages import templates
from mynumber.portal import routes
from mynumber.portal.accounts import AccountInput, AccountKind, AccountView
from mynumber.portal.data import Timeline
from mynumber.portal.proxies import (
    KIND_NAMES,
    PROOF_FOR,
    NewProxy,
    PrincipalView,
    ProxyKind,
    ProxyScope,
    ProxyView,
)
from mynumber.portal.routes import JST, Person, PortalDep, current_person

_TEMPLATES = templates(Path(__file__).parent / "templates")
_TEMPLATES.env.filters["jst"] = lambda at: at.astimezone(JST).strftime("%Y-%m-%d %H:%M")
ResidentCode = Annotated[str, PathParam(pattern=r"^[0-9]{11}$", description="住民票コード")]
ProxyId = Annotated[str, PathParam(pattern=r"^[0-9a-f]{32}$")]

api = APIRouter(
    prefix="/portal/api",
    tags=["portal マイナポータル"],
    responses=error_responses(401, 403, 404, 409, 413, 422),
)


class AgencyRegistrationAnswer(BaseModel):
    """The person's answer to an account an agency registered (特例)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    accept: bool


@api.get("/account", response_model=AccountView | None)
def get_account(person: Person, portal: PortalDep) -> AccountView | None:
    """The logged-in person's 公金受取口座 (null when none is registered)."""
    return portal.account(resident_code=person.resident_code)


@api.put("/account", response_model=AccountView)
def put_account(body: AccountInput, person: Person, portal: PortalDep) -> AccountView:
    """Register or change the 公金受取口座: 422 `holder_mismatch` when the holder's kana is not
    the person's (recorded in the やりとり履歴); `state` held when another person has it."""
    return portal.register_account(resident_code=person.resident_code, account=body)


@api.delete("/account", status_code=204)
def delete_account(person: Person, portal: PortalDep) -> Response:
    """Delete the 公金受取口座 (404 `account_none` without one)."""
    portal.delete_account(resident_code=person.resident_code)
    return Response(status_code=204)


@api.post("/account/answer", response_model=AccountView | None)
def answer_account(
    body: AgencyRegistrationAnswer, person: Person, portal: PortalDep
) -> AccountView | None:
    """Confirm or decline an account an agency registered (行政機関等経由登録の特例)."""
    return portal.answer_agency_registration(resident_code=person.resident_code, accept=body.accept)


@api.get("/proxies", response_model=list[ProxyView])
def list_proxies(person: Person, portal: PortalDep) -> list[ProxyView]:
    """Proxies the person registered, and the principals the person acts for."""
    return portal.proxies(resident_code=person.resident_code)


@api.post("/proxies", response_model=ProxyView, status_code=201)
def add_proxy(body: NewProxy, person: Person, portal: PortalDep) -> ProxyView:
    """Register a 代理人 (legal or voluntary) with proof, period and scopes."""
    return portal.add_proxy(principal=person.resident_code, new=body)


@api.delete("/proxies/{proxy_id}", response_model=ProxyView)
def remove_proxy(proxy_id: ProxyId, person: Person, portal: PortalDep) -> ProxyView:
    """Remove a proxy: the principal alone may."""
    return portal.remove_proxy(principal=person.resident_code, proxy_id=proxy_id)


@api.get("/proxies/principals/{principal}/profile", response_model=PrincipalView)
def principal_profile(principal: ResidentCode, person: Person, portal: PortalDep) -> PrincipalView:
    """The principal's four items for their proxy (scope `profile`); the address withheld
    under a DV 支援措置 (`address_not_disclosed`). 403 after removal, outside the period or
    the scopes; every attempt is recorded in the principal's やりとり履歴."""
    return portal.principal_view(proxy=person.resident_code, principal=principal)


@api.get("/proxies/principals/{principal}/records", response_model=Timeline)
def principal_records(principal: ResidentCode, person: Person, portal: PortalDep) -> Timeline:
    """The principal's やりとり履歴 for their proxy (scope `records`)."""
    return portal.principal_timeline(proxy=person.resident_code, principal=principal)


pages = APIRouter(prefix="/portal", include_in_schema=False)


def _page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    return _TEMPLATES.TemplateResponse(request, f"portal/{name}", context, status_code=status)


def _refusal(error: DomainError | ValidationError) -> str:
    if isinstance(error, DomainError):
        return f"{error.reason}（{error.code}）"
    return "入力に誤りがあります: " + "; ".join(
        f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
    )


def _account_page(request: Request, portal: PortalDep, **extra: Any) -> Response:
    try:
        person = current_person(request, portal)
    except DomainError:
        return RedirectResponse("/portal/login", status_code=303)
    context = {"account": portal.account(resident_code=person.resident_code), "kinds": AccountKind}
    return _page(request, "account.html", {**context, **extra}, 422 if "error" in extra else 200)


@pages.get("/account", response_class=HTMLResponse)
def account_page(request: Request, portal: PortalDep, done: str = "") -> Response:
    """Show the 公金受取口座 and the form to register or change it."""
    return _account_page(request, portal, done=done)


@pages.post("/account", response_class=HTMLResponse)
def account_form(
    request: Request,
    portal: PortalDep,
    *,
    bank_code: Annotated[str, Form()] = "",
    branch_code: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "",
    number: Annotated[str, Form()] = "",
    holder_kana: Annotated[str, Form()] = "",
) -> Response:
    """Register or change the account; a refusal is shown on the page, nothing changed."""
    try:
        person = current_person(request, portal)
        account = AccountInput(bank_code=bank_code, branch_code=branch_code,
                               kind=kind, number=number, holder_kana=holder_kana)  # fmt: skip
        portal.register_account(resident_code=person.resident_code, account=account)
    except (DomainError, ValidationError) as refused:
        return _account_page(request, portal, error=_refusal(refused))
    return RedirectResponse("/portal/account?done=registered", status_code=303)


@pages.post("/account/delete", response_class=HTMLResponse)
def account_delete(request: Request, portal: PortalDep) -> Response:
    """Delete the account."""
    try:
        portal.delete_account(resident_code=current_person(request, portal).resident_code)
    except DomainError as refused:
        return _account_page(request, portal, error=_refusal(refused))
    return RedirectResponse("/portal/account?done=deleted", status_code=303)


def _proxies_page(request: Request, portal: PortalDep, **extra: Any) -> Response:
    try:
        person = current_person(request, portal)
    except DomainError:
        return RedirectResponse("/portal/login", status_code=303)
    mine = portal.proxies(resident_code=person.resident_code)
    context = {
        "mine": [p for p in mine if p.principal == person.resident_code],
        "acting": [p for p in mine if p.proxy == person.resident_code and p.removed_at is None],
        "kinds": KIND_NAMES,
        "proofs": PROOF_FOR,
        **extra,
    }
    return _page(request, "proxies.html", context, 422 if "error" in extra else 200)


@pages.get("/proxies", response_class=HTMLResponse)
def proxies_page(request: Request, portal: PortalDep, done: str = "") -> Response:
    """Show the person's proxies (with 解除) and the form to add one."""
    return _proxies_page(request, portal, done=done)


@pages.post("/proxies", response_class=HTMLResponse)
def proxies_form(
    request: Request,
    portal: PortalDep,
    *,
    proxy_resident_code: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "",
    valid_from: Annotated[str, Form()] = "",
    valid_until: Annotated[str, Form()] = "",
    scopes: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Register a proxy; the proof is the one the kind rests on."""
    try:
        person = current_person(request, portal)
        proof = PROOF_FOR[ProxyKind(kind)] if kind in {k.value for k in ProxyKind} else None
        new = NewProxy.model_validate({
            "proxy_resident_code": proxy_resident_code, "kind": kind, "proof": proof,
            "scopes": scopes or [], "valid_from": valid_from, "valid_until": valid_until,
        })  # fmt: skip
        portal.add_proxy(principal=person.resident_code, new=new)
    except (DomainError, ValidationError) as refused:
        return _proxies_page(request, portal, error=_refusal(refused))
    return RedirectResponse("/portal/proxies?done=added", status_code=303)


@pages.post("/proxies/{proxy_id}/remove", response_class=HTMLResponse)
def proxies_remove(proxy_id: ProxyId, request: Request, portal: PortalDep) -> Response:
    """Remove a proxy."""
    try:
        person = current_person(request, portal)
        portal.remove_proxy(principal=person.resident_code, proxy_id=proxy_id)
    except DomainError as refused:
        return _proxies_page(request, portal, error=_refusal(refused))
    return RedirectResponse("/portal/proxies?done=removed", status_code=303)


@pages.get("/proxies/principals/{principal}", response_class=HTMLResponse)
def principal_page(principal: ResidentCode, request: Request, portal: PortalDep) -> Response:
    """Show a principal's four items to their proxy, or why not."""
    try:
        person = current_person(request, portal)
    except DomainError:
        return RedirectResponse("/portal/login", status_code=303)
    try:
        view = portal.principal_view(proxy=person.resident_code, principal=principal)
    except DomainError as refused:
        return _page(request, "principal.html", {"error": _refusal(refused)}, refused.status)
    return _page(request, "principal.html", {"view": view, "scopes": ProxyScope})


# Every router of the portal, for the application to include (the login's and these).
ROUTERS = (routes.api, routes.pages, api, pages)
