"""JSON API of 電子カルテ情報共有サービス for facility terminals: uploading JP-CLINS Bundles and
reading a patient's.

Each request is signed by a facility terminal as for the prescriptions' routes (the
X-Terminal-* headers, `terminalSignature`); the Bundle's sender is the terminal's facility.
An upload is the FHIR R4 Bundle itself (`application/fhir+json` or `application/json`); a
Bundle that breaks JP-CLINS is answered 422 `bundle_invalid` with every violation and its
location (a FHIRPath such as `Bundle.entry[1].resource.onsetDateTime`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse
from starlette.convertors import StringConvertor, register_url_convertor

from mynumber.eligibility.data import FacilityKind, TerminalIdentity
from mynumber.health.api import (
    BundleList,
    BundleQuery,
    BundleReceipt,
    BundleRejectedError,
    BundleRejection,
    StoredBundle,
)
from mynumber.health.routes import PRESCRIBING_KINDS, HealthDep, Terminal
from mynumber.kernel.apicontract import error_responses
from mynumber.kernel.errors import ForbiddenError

__all__ = ["api"]

api = APIRouter(
    prefix="/api/health/bundles",
    tags=["health 電子カルテ情報共有サービス（3文書6情報）"],
    responses=error_responses(401, 403, 413),
)
_REJECTED: dict[int | str, dict[str, Any]] = {
    422: {"model": BundleRejection, "description": "the Bundle or the request is invalid"}
}
_BUNDLE_SCHEMA = {
    "type": "object",
    "description": "a FHIR R4 Bundle profiled by JP-CLINS (the 6情報 as `collection`, the "
    "3文書 as `document`), its identifier `<医療機関番号>^<年>^<施設内ID>` naming the sender",
    "properties": {"resourceType": {"type": "string", "enum": ["Bundle"]}},
    "required": ["resourceType"],
}
_UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/fhir+json": {"schema": _BUNDLE_SCHEMA},
            "application/json": {"schema": _BUNDLE_SCHEMA},
        },
    }
}
_IDENTIFIER = r"[0-9]{10}\^[0-9]{4}\^[A-Za-z0-9\-]{1,36}"


class _IdentifierConvertor(StringConvertor):
    """Route only bundle identifiers: `/bundles/search` is not a Bundle to read."""

    regex = _IDENTIFIER


register_url_convertor("bundle_identifier", _IdentifierConvertor())
Identifier = Annotated[
    str,
    Path(pattern=f"^{_IDENTIFIER}$", description="the bundle identifier (`^` sent as %5E)"),
]
Version = Annotated[int | None, Query(ge=1, le=1_000_000, description="default: the latest")]


async def _raw(request: Request) -> bytes:
    return await request.body()


def _as(terminal: TerminalIdentity, facility_code: str | None = None) -> str:
    """Return the terminal's facility, once it is a medical one (and the one named, if so)."""
    if facility_code is not None and facility_code != terminal.facility_code:
        raise ForbiddenError(
            f"terminal {terminal.terminal_id} belongs to facility {terminal.facility_code}, "
            f"not {facility_code}",
            code="facility_mismatch",
        )
    if terminal.facility_kind not in PRESCRIBING_KINDS:
        kind: FacilityKind = terminal.facility_kind
        raise ForbiddenError(
            f"a {kind.value} does not share 電子カルテ情報", code="facility_kind_refused"
        )
    return terminal.facility_code


@api.post("", response_model=BundleReceipt, responses=_REJECTED, openapi_extra=_UPLOAD_BODY)
def upload(
    body: Annotated[bytes, Depends(_raw)], health: HealthDep, terminal: Terminal
) -> BundleReceipt | JSONResponse:
    """Upload a Bundle (no consent needed): stored under its bundle identifier; sending one
    again under the same identifier replaces it (a new version, the earlier kept)."""
    facility = _as(terminal)
    try:
        return health.upload_bundle(facility_code=facility, document=body)
    except BundleRejectedError as rejected:
        return JSONResponse(status_code=422, content=rejected.body().model_dump(mode="json"))


@api.post("/search", response_model=BundleList, responses=_REJECTED)
def search(query: BundleQuery, health: HealthDep, terminal: Terminal) -> BundleList:
    """A patient's latest Bundles: the facility's own, and the others' only while the
    patient's consent to show 診療情報 stands at this facility's reader."""
    _as(terminal, query.facility_code)
    return health.bundles_for(query=query)


@api.get(
    "/{identifier:bundle_identifier}",
    response_model=StoredBundle,
    responses={**_REJECTED, **error_responses(404)},
)
def read(
    identifier: Identifier, health: HealthDep, terminal: Terminal, version: Version = None
) -> StoredBundle:
    """One Bundle (a version of it if named): another facility's needs the patient's consent
    (403 `consent_required`)."""
    facility = _as(terminal)
    return health.bundle(identifier=identifier, facility_code=facility, version=version)
