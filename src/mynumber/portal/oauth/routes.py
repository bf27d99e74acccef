"""HTTP surface of the 自己情報取得API: the consent page and the OAuth endpoints (RFC 6749,
7009; their contract is the RFCs', so they stay out of the OpenAPI), the resource endpoints
`GET /portal/api/v1/…`, the person's consents, and the operator's client register.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Protocol
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request, Security
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from mynumber.kernel.apicontract import error_responses
from mynumber.kernel.errors import DomainError, UnauthenticatedError
from mynumber.kernel.pages import templates
from mynumber.kernel.staffauth import StaffPrincipal, StaffRole, require_staff
from mynumber.portal.data import PortalSession
from mynumber.portal.oauth.data import (
    SCOPE_NAMES,
    ApiScope,
    ClientRegistration,
    ConsentPage,
    ConsentSummary,
    RegisteredClient,
    ResourceRead,
)
from mynumber.portal.routes import Person, current_person, get_portal

__all__ = ["ROUTERS", "SelfInformationApi", "api", "pages"]

_TEMPLATES = templates(Path(__file__).parents[1] / "templates")
_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


class SelfInformationApi(Protocol):
    """What the routes need of `LocalSelfInformationApi`."""

    def register_client(self, *, registration: ClientRegistration) -> RegisteredClient: ...
    def clients(self) -> list[RegisteredClient]: ...
    def revoke_client(self, *, client_id: str) -> RegisteredClient: ...
    def begin_authorization(
        self, *, person: PortalSession, query: Mapping[str, str]
    ) -> ConsentPage: ...
    def decide(
        self, *, person: PortalSession, request_id: str, approve: bool, period: bool
    ) -> str: ...
    def token(self, *, form: Mapping[str, str]) -> tuple[int, dict[str, Any]]: ...
    def revoke_token(self, *, form: Mapping[str, str]) -> tuple[int, dict[str, Any]]: ...
    def read(self, *, access_token: str, scope: ApiScope) -> ResourceRead: ...
    def consents(self, *, resident_code: str) -> list[ConsentSummary]: ...
    def revoke_consent(self, *, resident_code: str, consent_id: str) -> ConsentSummary: ...


def get_api(request: Request) -> SelfInformationApi:
    """Return the API bound by the composition root."""
    bound: SelfInformationApi = request.app.state.portal_oauth
    return bound


ApiDep = Annotated[SelfInformationApi, Depends(get_api)]
Operator = Annotated[StaffPrincipal, Depends(require_staff(StaffRole.NETWORK_OPERATOR))]
_client_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="portalApiToken",
    description="an access token from POST /portal/oauth/token (authorisation code + PKCE)",
)
ClientBearer = Annotated[HTTPAuthorizationCredentials | None, Security(_client_bearer)]

api = APIRouter(
    prefix="/portal/api",
    tags=["portal 自己情報取得API"],
    responses=error_responses(401, 403, 404, 409, 413, 422),
)


def _read(
    api_: SelfInformationApi, bearer: HTTPAuthorizationCredentials | None, scope: ApiScope
) -> ResourceRead:
    if bearer is None or not bearer.credentials.strip():
        raise UnauthenticatedError("an access token is needed", code="invalid_token")
    return api_.read(access_token=bearer.credentials.strip(), scope=scope)


@api.get("/v1/medication", response_model=ResourceRead)
def read_medication(api_: ApiDep, bearer: ClientBearer = None) -> ResourceRead:
    """薬剤情報 of the person who consented (scope `medication`); recorded in their history."""
    return _read(api_, bearer, ApiScope.MEDICATION)


@api.get("/v1/checkups", response_model=ResourceRead)
def read_checkups(api_: ApiDep, bearer: ClientBearer = None) -> ResourceRead:
    """特定健診情報 of the person who consented (scope `checkups`); recorded in their history."""
    return _read(api_, bearer, ApiScope.CHECKUPS)


@api.get("/v1/treatments", response_model=ResourceRead)
def read_treatments(api_: ApiDep, bearer: ClientBearer = None) -> ResourceRead:
    """診療情報 of the person who consented (scope `treatments`); recorded in their history."""
    return _read(api_, bearer, ApiScope.TREATMENTS)


@api.get("/v1/income", response_model=ResourceRead)
def read_income(api_: ApiDep, bearer: ClientBearer = None) -> ResourceRead:
    """税・所得 of the person who consented (scope `income`): each municipality's 地方税関係情報
    as the network's 自己情報提供 gave it (`data.income`: the received 副本, with labels);
    recorded in their history and in their 情報提供等記録."""
    return _read(api_, bearer, ApiScope.INCOME)


@api.get("/consents", response_model=list[ConsentSummary])
def my_consents(person: Person, api_: ApiDep) -> list[ConsentSummary]:
    """The logged-in person's consents to third parties, oldest first."""
    return api_.consents(resident_code=person.resident_code)


ConsentId = Annotated[str, PathParam(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9]+$")]


@api.post("/consents/{consent_id}/revoke", response_model=ConsentSummary)
def revoke_my_consent(consent_id: ConsentId, person: Person, api_: ApiDep) -> ConsentSummary:
    """Withdraw a consent: the client's next read is refused."""
    return api_.revoke_consent(resident_code=person.resident_code, consent_id=consent_id)


@api.get("/clients", response_model=list[RegisteredClient])
def list_clients(_: Operator, api_: ApiDep) -> list[RegisteredClient]:
    """The registered third parties (the operator, デジタル庁)."""
    return api_.clients()


@api.post("/clients", response_model=RegisteredClient, status_code=201)
def add_client(body: ClientRegistration, _: Operator, api_: ApiDep) -> RegisteredClient:
    """Register a third party with its purpose, redirect URIs and allowed scopes."""
    return api_.register_client(registration=body)


ClientId = Annotated[str, PathParam(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_-]+$")]


@api.post("/clients/{client_id}/revoke", response_model=RegisteredClient)
def revoke_client(client_id: ClientId, _: Operator, api_: ApiDep) -> RegisteredClient:
    """Revoke a client: its tokens stop working and its requests are refused."""
    return api_.revoke_client(client_id=client_id)


pages = APIRouter(prefix="/portal/oauth", include_in_schema=False)
OptionalForm = Annotated[str | None, Form()]


def _consent_page(request: Request, context: dict[str, object], status: int = 200) -> Response:
    context["scope_names"] = SCOPE_NAMES
    return _TEMPLATES.TemplateResponse(request, "portal/consent.html", context, status_code=status)


@pages.get("/authorize", response_class=HTMLResponse)
def authorize(request: Request, api_: ApiDep) -> Response:
    """The authorisation endpoint: log in with the card (then back here), then consent."""
    try:
        person = current_person(request, get_portal(request))
    except DomainError:
        back = quote(f"{request.url.path}?{request.url.query}", safe="")
        return RedirectResponse(f"/portal/login?next={back}", status_code=303)
    try:
        page = api_.begin_authorization(person=person, query=dict(request.query_params))
    except DomainError as refused:
        return _consent_page(
            request, {"error": f"{refused.reason}（{refused.code}）"}, refused.status
        )
    return _consent_page(request, {"page": page})


@pages.post("/authorize", response_class=HTMLResponse)
def consent(
    request: Request,
    api_: ApiDep,
    request_id: Annotated[str, Form(max_length=100)],
    decision: Annotated[str, Form(pattern="^(allow|deny)$")],
    period: OptionalForm = None,
) -> Response:
    """The person's answer; back to the client's redirect URI with a code, or with an error."""
    try:
        person = current_person(request, get_portal(request))
        target = api_.decide(
            person=person,
            request_id=request_id,
            approve=decision == "allow",
            period=period == "yes",
        )
    except DomainError as refused:
        return _consent_page(
            request, {"error": f"{refused.reason}（{refused.code}）"}, refused.status
        )
    return RedirectResponse(target, status_code=303)


def _form(**fields: str | None) -> dict[str, str]:
    return {name: value for name, value in fields.items() if value is not None}


@pages.post("/token")
def token(
    api_: ApiDep,
    grant_type: OptionalForm = None,
    client_id: OptionalForm = None,
    code: OptionalForm = None,
    redirect_uri: OptionalForm = None,
    code_verifier: OptionalForm = None,
    refresh_token: OptionalForm = None,
    scope: OptionalForm = None,
) -> Response:
    """The token endpoint (RFC 6749 §3.2): a code with its PKCE verifier, or a refresh token."""
    fields = _form(grant_type=grant_type, client_id=client_id, code=code,
                   redirect_uri=redirect_uri, code_verifier=code_verifier,
                   refresh_token=refresh_token, scope=scope)  # fmt: skip
    status, body = api_.token(form=fields)
    return JSONResponse(body, status_code=status, headers=_NO_STORE)


@pages.post("/revoke")
def revoke(
    api_: ApiDep,
    token: OptionalForm = None,
    token_type_hint: OptionalForm = None,
    client_id: OptionalForm = None,
) -> Response:
    """Token revocation (RFC 7009)."""
    fields = _form(token=token, token_type_hint=token_type_hint, client_id=client_id)
    status, body = api_.revoke_token(form=fields)
    return JSONResponse(body, status_code=status, headers=_NO_STORE)


ROUTERS = (api, pages)
