"""The signature headers of a request a facility's terminal signed, read the same way for every
subsystem whose routes take such requests (the `terminalSignature` security scheme of the
OpenAPI). Who the terminal is, and whether the signature holds, is the eligibility system's to
say (`SignedRequest`, `authenticate_terminal`); this module only reads what was sent.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request, Security
from fastapi.security import APIKeyHeader

from mynumber.kernel.errors import UnauthenticatedError

__all__ = ["MALFORMED", "RequestBody", "SignedHeaders", "TerminalHeaders"]

MALFORMED = (
    "the signature headers are malformed (nonce: 16–64 letters, digits, - or _; signature: base64)"
)


@dataclass(frozen=True)
class TerminalHeaders:
    """What a terminal sent with its request, and what its signature covers."""

    terminal_id: str
    method: str
    target: str
    timestamp: str
    nonce: str
    body_sha256: str
    signature: bytes


async def _body(request: Request) -> bytes:
    return await request.body()  # Starlette keeps it: the route still reads its JSON


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
RequestBody = Annotated[bytes, Depends(_body)]


def terminal_headers(  # noqa: PLR0917 (one parameter per signature header)
    request: Request,
    body: RequestBody,
    x_terminal_id: Annotated[str | None, _Hidden] = None,
    x_terminal_timestamp: Annotated[str | None, _Hidden] = None,
    x_terminal_nonce: Annotated[str | None, _Hidden] = None,
    x_terminal_signature: Annotated[str | None, Security(_signature)] = None,
) -> TerminalHeaders:
    """Return the signature headers of the request, or refuse it (401) when one is missing or
    the signature is not base64."""
    if not (x_terminal_id and x_terminal_timestamp and x_terminal_nonce and x_terminal_signature):
        raise UnauthenticatedError(
            "a terminal must sign its request (X-Terminal-Id, X-Terminal-Timestamp, "
            "X-Terminal-Nonce, X-Terminal-Signature)",
            code="terminal_signature_required",
        )
    try:
        signature = base64.b64decode(x_terminal_signature, validate=True)
    except binascii.Error:
        raise UnauthenticatedError(MALFORMED, code="request_signature_invalid") from None
    return TerminalHeaders(
        terminal_id=x_terminal_id,
        method=request.method,
        target=_target(request),
        timestamp=x_terminal_timestamp,
        nonce=x_terminal_nonce,
        body_sha256=hashlib.sha256(body).hexdigest(),
        signature=signature,
    )


SignedHeaders = Annotated[TerminalHeaders, Depends(terminal_headers)]
