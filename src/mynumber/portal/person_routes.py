"""HTTP surface of the person's side: 自己情報表示 (`/portal/api/me…`, `/portal/me`), お知らせ
(`/portal/api/notices…`, `/portal/notices`) and 健康保険証利用登録 (`/portal/api/registration…`,
a section of `/portal/me`). Every route needs a portal session (a JPKI login)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from mynumber.eligibility.data import Registration
from mynumber.kernel.apicontract import error_responses
from mynumber.kernel.errors import DomainError
from mynumber.portal import health_routes, registration_routes
from mynumber.portal.notices import Notice, Notices
from mynumber.portal.own_data import SECTION_NAMES, OwnData, Section
from mynumber.portal.person_side import (
    RegistrationChallenge,
    RegistrationOverview,
    RegistrationProof,
)
from mynumber.portal.platform_data import CARE_LEVEL_NAMES
from mynumber.portal.platform_health import CHECKUP_KIND_NAMES, NOT_DISCLOSED_TEXT
from mynumber.portal.routes import _TEMPLATES, Person, PortalDep, current_person
from mynumber.portal.routes import api as login_api
from mynumber.portal.routes import pages as login_pages

__all__ = ["ROUTERS", "api", "pages"]

api = APIRouter(
    prefix="/portal/api",
    tags=["portal マイナポータル"],
    responses=error_responses(401, 403, 404, 409, 422),
)
ALL_SECTIONS = tuple(Section)


@api.get("/me", response_model=OwnData)
def own_data(person: Person, portal: PortalDep) -> OwnData:
    """自己情報表示: everything each organisation holds about the logged-in person (fetched
    for this request through each one's api; recorded in the person's やりとり履歴)."""
    return portal.own_data(resident_code=person.resident_code, sections=ALL_SECTIONS)


@api.get("/me/{section}", response_model=OwnData)
def own_data_section(section: Section, person: Person, portal: PortalDep) -> OwnData:
    """自己情報表示 of one source: basic, insurance, medical, tax, pension, employment,
    care (介護保険), prescriptions (処方・調剤), vaccinations (予防接種), ehr (電子カルテ情報) or
    pmh (公費負担医療・自治体検診)."""
    return portal.own_data(resident_code=person.resident_code, sections=(section,))


@api.get("/notices", response_model=Notices)
def notices(person: Person, portal: PortalDep) -> Notices:
    """お知らせ from agencies, newest first, with how many are unread."""
    return portal.notices(resident_code=person.resident_code)


NoticeId = Annotated[int, PathParam(ge=1, le=2**31 - 1, description="the notice's id")]


@api.post("/notices/{notice_id}/read", response_model=Notice)
def read_notice(notice_id: NoticeId, person: Person, portal: PortalDep) -> Notice:
    """Mark a notice read (404 `notice_not_found` if it is not the person's)."""
    return portal.read_notice(resident_code=person.resident_code, notice_id=notice_id)


@api.get("/registration", response_model=RegistrationOverview)
def registration(person: Person, portal: PortalDep) -> RegistrationOverview:
    """健康保険証利用登録 and the consents given at clinics' readers, with their expiry."""
    return portal.registration_overview(resident_code=person.resident_code)


@api.post("/registration/challenge", response_model=RegistrationChallenge)
def registration_challenge(person: Person, portal: PortalDep) -> RegistrationChallenge:
    """A fresh challenge for the card to sign (after its user-authentication PIN)."""
    return portal.registration_challenge()


@api.post("/registration", response_model=Registration)
def register(proof: RegistrationProof, person: Person, portal: PortalDep) -> Registration:
    """利用登録 with the card the person logged in with (403 `not_your_card` otherwise)."""
    return portal.change_registration(person=person, proof=proof, register=True)


@api.post("/registration/cancel", response_model=Registration)
def cancel_registration(
    proof: RegistrationProof, person: Person, portal: PortalDep
) -> Registration:
    """登録解除: the card no longer serves as an insurance card; the insurer sends a 資格確認書."""
    return portal.change_registration(person=person, proof=proof, register=False)


pages = APIRouter(prefix="/portal", include_in_schema=False)


@pages.get("/me", response_class=HTMLResponse)
def own_data_page(request: Request, portal: PortalDep) -> Response:
    """Show 自己情報 by source, then 利用登録 and the consents."""
    try:
        person = current_person(request, portal)
    except DomainError:
        return RedirectResponse("/portal/login", status_code=303)
    code = person.resident_code
    context = {
        "data": portal.own_data(resident_code=code, sections=ALL_SECTIONS),
        "section_names": SECTION_NAMES,
        "care_levels": CARE_LEVEL_NAMES,
        "checkup_kinds": CHECKUP_KIND_NAMES,
        "not_disclosed": NOT_DISCLOSED_TEXT,
        "overview": portal.registration_overview(resident_code=code),
        "unread": portal.notices(resident_code=code).unread,
    }
    return _TEMPLATES.TemplateResponse(request, "portal/me.html", context)


@pages.get("/notices", response_class=HTMLResponse)
def notices_page(request: Request, portal: PortalDep) -> Response:
    """Show the person's お知らせ, unread first marked."""
    try:
        person = current_person(request, portal)
    except DomainError:
        return RedirectResponse("/portal/login", status_code=303)
    shown = portal.notices(resident_code=person.resident_code)
    context = {"box": shown, "unread": shown.unread}
    return _TEMPLATES.TemplateResponse(request, "portal/notices.html", context)


@pages.post("/notices/read")
def read_notice_page(
    request: Request, portal: PortalDep, notice_id: Annotated[int, Form(ge=1, le=2**31 - 1)]
) -> Response:
    """Mark a notice read from the page, then show the notices again."""
    try:
        person = current_person(request, portal)
    except DomainError:
        return RedirectResponse("/portal/login", status_code=303)
    portal.read_notice(resident_code=person.resident_code, notice_id=notice_id)
    return RedirectResponse("/portal/notices", status_code=303)


ROUTERS = (
    login_api, api, login_pages, pages, *registration_routes.ROUTERS, health_routes.pages,
)  # fmt: skip
