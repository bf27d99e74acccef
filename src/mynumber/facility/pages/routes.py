"""The reception page (受付画面) on a facility's 資格確認端末: staff check eligibility there.

One page per terminal (`/reception?terminal=…`): a check by card through the terminal's
virtual card reader, a check by the numbers on a 資格確認書 or 保険証, the consented medical
information, and batch checks. Forms post with htmx and get back HTML fragments. The handlers
speak only to the `Facilities` and `Eligibility` protocols the composition root binds.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from pydantic import ValidationError

from mynumber.eligibility.data import (
    ConsentScope,
    InsuredRef,
    MedicalQuery,
    NumberQuery,
    ReaderMethod,
)
from mynumber.facility.api import Facilities
from mynumber.facility.data import CardPresentation, Terminal
from mynumber.facility.pages import batch_routes
from mynumber.facility.pages.answer_views import (
    CONSENT_LABELS,
    KIND_LABELS,
    answer_view,
    error_view,
    refusal_text,
)
from mynumber.facility.pages.desk import (
    EligibilityDep,
    FacilitiesDep,
    TerminalField,
    desk_or_problem,
    find_desk,
    fragment,
    own_desk,
    page,
    problem,
    receptionist,
    today,
)
from mynumber.facility.pages.forms import FormError, clean, parse_date
from mynumber.kernel.errors import DomainError

__all__ = ["pages"]

_HTMX = Path(__file__).parent.parent / "static" / "htmx.min.js"

pages = APIRouter(prefix="/reception", include_in_schema=False)
pages.include_router(batch_routes.batch)


@pages.get("", response_class=HTMLResponse)
def reception_page(
    request: Request, facilities: FacilitiesDep, terminal: str = "", facility: str = ""
) -> Response:
    """Show the reception page of one terminal; without one, a form to choose it."""
    context: dict[str, Any] = {
        "terminal_id": terminal.strip(),
        "facility_query": facility.strip(),
        "desk": None,
        "error": None,
        "choices": None,
        "authorised": False,
        "next_url": f"/reception?terminal={terminal.strip()}" if terminal.strip() else "/reception",
    }
    try:
        session = receptionist(request)
    except DomainError as refused:
        context["error"] = refusal_text(refused.code, refused.reason)
        return page(request, context, status=refused.status)
    context.update(authorised=True, staff=session)
    own_facility = session.principal.org_id
    if facility.strip() and facility.strip() != own_facility:
        context["error"] = refusal_text("other_organisation")
    elif facility.strip() or not context["terminal_id"]:
        context["facility_query"] = own_facility
        context["choices"] = _terminal_choices(facilities, own_facility, context)
    if not context["terminal_id"]:
        return page(request, context)
    try:
        context["desk"] = own_desk(session, find_desk(facilities, context["terminal_id"]))
    except DomainError as refused:
        context["error"] = refusal_text(refused.code, refused.reason)
        return page(request, context, status=refused.status)
    context.update(
        today=today(request).isoformat(),
        tomorrow=(today(request) + dt.timedelta(days=1)).isoformat(),
        kind_label=KIND_LABELS[context["desk"].facility.kind],
        consent_labels=CONSENT_LABELS,
    )
    return page(request, context)


def _terminal_choices(
    facilities: Facilities, facility_code: str, context: dict[str, Any]
) -> list[Terminal]:
    """Return a facility's terminals for the chooser (an error in the context if unknown)."""
    try:
        context["chosen_facility"] = facilities.get(code=facility_code)
    except DomainError as refused:
        context["error"] = refusal_text(refused.code, refused.reason)
        return []
    return facilities.terminals(facility_code=facility_code)


_METHODS = {
    "face": (ReaderMethod.FACE, True),
    "pin": (ReaderMethod.PIN, True),
    "face_failed": (ReaderMethod.FACE, False),  # the reader's match failed; staff may look
}


_PLAN_ENDS = "訪問計画の最終日"  # 居宅同意取得型: the visit plan the consent at home lasts


@pages.post("/card", response_class=HTMLResponse)
def check_card(
    request: Request,
    *,
    facilities: FacilitiesDep,
    terminal: TerminalField,
    card_id: Annotated[str, Form()] = "",
    method: Annotated[str, Form()] = "face",
    pin: Annotated[str, Form()] = "",
    staff_confirms: Annotated[bool, Form()] = False,
    consent: Annotated[list[str] | None, Form()] = None,
    home_visits_until: Annotated[str, Form()] = "",
) -> Response:
    """カードで確認: place the card on the terminal's reader (at the patient's home, with the
    visit plan's last day); show the answer."""
    desk = desk_or_problem(request, facilities, terminal)
    if isinstance(desk, Response):
        return desk
    if not card_id.strip() or method not in _METHODS:
        return problem(request, "カードIDと本人確認の方法を指定してください。")
    try:
        plan = parse_date(home_visits_until, _PLAN_ENDS) if clean(home_visits_until) else None
    except FormError as wrong:
        return problem(request, str(wrong))
    reader_method, face_matches = _METHODS[method]
    known = {scope.value: scope for scope in ConsentScope}
    scopes = tuple(known[s] for s in consent or () if s in known)
    try:
        answer = facilities.check_card(
            terminal_id=desk.terminal.terminal_id,
            presentation=CardPresentation(
                card_id=clean(card_id),
                method=reader_method,
                pin=clean(pin) or None,
                face_matches=face_matches,
                staff_confirms=staff_confirms and not face_matches,
                consent=() if desk.simple else scopes,
                home_visits_until=plan,
            ),
            operator=desk.operator,
        )
    except DomainError as refused:
        view = error_view(refused, reference="マイナ保険証")
        return fragment(request, "_answer.html", {"view": view, "desk": desk})
    return fragment(request, "_answer.html", {"view": answer_view(answer), "desk": desk})


@pages.post("/number", response_class=HTMLResponse)
def check_number(
    request: Request,
    *,
    facilities: FacilitiesDep,
    eligibility: EligibilityDep,
    terminal: TerminalField,
    insurer_number: Annotated[str, Form()] = "",
    symbol: Annotated[str, Form()] = "",
    number: Annotated[str, Form()] = "",
    branch: Annotated[str, Form()] = "",
    birth_date: Annotated[str, Form()] = "",
    visit_date: Annotated[str, Form()] = "",
) -> Response:
    """保険証・資格確認書で確認: check by the printed numbers; show the answer."""
    desk = desk_or_problem(request, facilities, terminal)
    if isinstance(desk, Response):
        return desk
    try:
        query = NumberQuery(
            facility_code=desk.facility.code,
            visit_date=parse_date(visit_date, "受診日") if visit_date.strip() else today(request),
            insurer_number=_required(insurer_number, "保険者番号"),
            symbol=clean(symbol),
            number=_required(number, "番号"),
            branch=_branch(branch),
            birth_date=parse_date(birth_date, "生年月日"),
            operator=desk.operator,
        )
    except FormError as wrong:
        return problem(request, str(wrong))
    answer = eligibility.verify_by_number(query=query)
    return fragment(request, "_answer.html", {"view": answer_view(answer), "desk": desk})


def _required(value: str, label: str) -> str:
    cleaned = clean(value)
    if not cleaned:
        raise FormError(f"{label}を入力してください。")
    return cleaned


def _branch(value: str) -> str:
    """Return the 2-digit 枝番 ('1' is taken as '01')."""
    cleaned = _required(value, "枝番")
    if not cleaned.isdigit() or len(cleaned) > 2:
        raise FormError("枝番は2桁の数字で入力してください（例: 01）。")
    return cleaned.zfill(2)


@pages.post("/medical", response_class=HTMLResponse)
def medical(
    request: Request,
    *,
    facilities: FacilitiesDep,
    eligibility: EligibilityDep,
    terminal: TerminalField,
    scope: Annotated[str, Form()],
    insurer_number: Annotated[str, Form()],
    number: Annotated[str, Form()],
    branch: Annotated[str, Form()],
    birth_date: Annotated[str, Form()],
    symbol: Annotated[str, Form()] = "",
) -> Response:
    """薬剤情報・特定健診情報・診療情報: show what the patient consented to, as tables."""
    desk = desk_or_problem(request, facilities, terminal)
    if isinstance(desk, Response):
        return desk
    try:
        query = MedicalQuery(
            facility_code=desk.facility.code,
            insured=InsuredRef(
                insurer_number=clean(insurer_number),
                symbol=clean(symbol),
                number=clean(number),
                branch=clean(branch),
            ),
            birth_date=parse_date(birth_date, "生年月日"),
            scope=ConsentScope(scope),
            operator=desk.operator,
        )
    except (FormError, ValidationError, ValueError):
        return problem(request, "表示する情報の指定に誤りがあります。")
    label = CONSENT_LABELS[query.scope]
    try:
        view = eligibility.medical_view(query=query)
    except DomainError as refused:
        text = refusal_text(refused.code, refused.reason)
        return problem(request, f"{label}: {text}", code=refused.code, status=200)
    return fragment(request, "_medical.html", {"view": view, "label": label})


@pages.get("/static/htmx.min.js")
def htmx_script() -> Response:
    """Serve htmx from this server: terminals' browsers may have no internet."""
    if not _HTMX.is_file():
        return PlainTextResponse("htmx.min.js is missing: run scripts/setup", status_code=503)
    return FileResponse(
        _HTMX, media_type="text/javascript", headers={"Cache-Control": "max-age=86400"}
    )
