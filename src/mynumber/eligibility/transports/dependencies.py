"""Dependencies shared by the eligibility routes: the system itself, and the terminal behind a
signed request (`callers.signed_requests` has the rules, `SignedRequest` the signed lines)."""

from __future__ import annotations

import base64
import binascii
import hashlib
from typing import Annotated

from fastapi import Depends, Header, Request, Security
from fastapi.security import APIKeyHeader
from pydantic import ValidationError

from mynumber.eligibility.api import Eligibility
from mynumber.eligibility.data import SignedRequest, TerminalIdentity
from mynumber.kernel.errors import ForbiddenError, UnauthenticatedError

__all__ = ["Body", "EligibilityDep", "TerminalCaller", "require_own_facility"]


def get_eligibility(request: Request) -> Eligibility:
    """Return the eligibility system bound by the composition root."""
    eligibility: Eligibility = request.app.state.eligibility
    return eligibility


async def _body(request: Request) -> bytes:
    return await request.body()  # Starlette keeps it: the route still reads its JSON


EligibilityDep = Annotated[Eligibility, Depends(get_eligibility)]
Body = Annotated[bytes, Depends(_body)]


def _target(request: Request) -> str:
    """Return the path and query as the client sent them in the request line."""
    raw: bytes = request.scope.get("raw_path") or request.url.path.encode()
    query: bytes = request.scope.get("query_string", b"")
    return (raw + (b"?" + query if query else b"")).decode("latin-1")


# The OpenAPI names the signature as the security scheme; the other three headers go with it.
_signature = APIKeyHeader(
    name="X-Terminal-Signature",
    scheme_name="terminalSignature",
    auto_error=False,
    description=(
        "Ed25519 signature (base64) by the terminal's key over the request; sent with "
        "X-Terminal-Id, X-Terminal-Timestamp (ISO 8601 with offset) and X-Terminal-Nonce "
        "(16–64 of [0-9A-Za-z_-]). See docs/architecture.md, 'Signed terminal requests'."
    ),
)
_Hidden = Header(include_in_schema=False)


def terminal_caller(  # noqa: PLR0917 (one parameter per signature header)
    request: Request,
    body: Body,
    eligibility: EligibilityDep,
    x_terminal_id: Annotated[str | None, _Hidden] = None,
    x_terminal_timestamp: Annotated[str | None, _Hidden] = None,
    x_terminal_nonce: Annotated[str | None, _Hidden] = None,
    x_terminal_signature: Annotated[str | None, Security(_signature)] = None,
) -> TerminalIdentity:
    """Return the terminal that signed this request, or refuse it (401)."""
    headers = (x_terminal_id, x_terminal_timestamp, x_terminal_nonce, x_terminal_signature)
    if not all(headers):
        raise UnauthenticatedError(
            "a terminal must sign its request (X-Terminal-Id, X-Terminal-Timestamp, "
            "X-Terminal-Nonce, X-Terminal-Signature)",
            code="terminal_signature_required",
        )
    try:
        signed = SignedRequest(
            terminal_id=x_terminal_id or "",
            method=request.method,
            target=_target(request),
            timestamp=x_terminal_timestamp or "",
            nonce=x_terminal_nonce or "",
            body_sha256=hashlib.sha256(body).hexdigest(),
            signature=base64.b64decode(x_terminal_signature or "", validate=True),
        )
    except (ValidationError, binascii.Error):
        raise UnauthenticatedError(
            "the signature headers are malformed (nonce: 16–64 letters, digits, - or _; "
            "signature: base64)",
            code="request_signature_invalid",
        ) from None
    return eligibility.authenticate_terminal(request=signed)


TerminalCaller = Annotated[TerminalIdentity, Depends(terminal_caller)]


def require_own_facility(terminal: TerminalIdentity, facility_code: str) -> None:
    """Refuse a terminal asking on behalf of another facility than its own."""
    if facility_code != terminal.facility_code:
        raise ForbiddenError(
            f"terminal {terminal.terminal_id} belongs to facility {terminal.facility_code}, "
            f"not {facility_code}",
            code="facility_mismatch",
        )
