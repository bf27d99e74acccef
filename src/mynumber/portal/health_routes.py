"""The page of one 電子カルテ情報 document (`/portal/me/ehr?document=…`): its kind, facility, date
and every item of the 6情報 it carries. The person's documents are read for the page (logged at
the platform as their own view); one not among them is 404."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from mynumber.kernel.errors import DomainError, NotFoundError
from mynumber.portal.own_data import Section
from mynumber.portal.platform_health import document_of
from mynumber.portal.routes import _TEMPLATES, PortalDep, current_person

__all__ = ["pages"]

pages = APIRouter(prefix="/portal", include_in_schema=False)
DocumentId = Annotated[
    str, Query(min_length=1, max_length=200, description="the Bundle identifier")
]


@pages.get("/me/ehr", response_class=HTMLResponse)
def ehr_document_page(request: Request, portal: PortalDep, document: DocumentId) -> Response:
    """Show one of the person's 電子カルテ情報 documents in full."""
    try:
        person = current_person(request, portal)
    except DomainError:
        return RedirectResponse("/portal/login", status_code=303)
    shown = portal.own_data(resident_code=person.resident_code, sections=(Section.EHR,))
    doc = document_of(shown.ehr, document)
    if doc is None:
        raise NotFoundError(
            "この文書は見つかりません (no such document)", code="document_not_found"
        )
    context = {"doc": doc}
    return _TEMPLATES.TemplateResponse(request, "portal/ehr_document.html", context)
