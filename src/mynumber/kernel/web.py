"""Web plumbing shared by every subsystem's routes: errors as JSON, staff auth, templates."""

from __future__ import annotations

import hmac
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Request
from fastapi.responses import JSONResponse
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, FileSystemLoader

from mynumber.kernel.errors import DomainError, ForbiddenError

__all__ = ["STAFF_COOKIE", "StaffActor", "install_error_handlers", "staff_actor", "templates"]

STAFF_COOKIE = "mynumber_staff"


def install_error_handlers(app: FastAPI) -> None:
    """Answer every refused operation with its HTTP status and a JSON reason."""

    @app.exception_handler(DomainError)
    async def _domain_error(_request: Request, exc: DomainError) -> JSONResponse:
        return JSONResponse(
            status_code=exc.status, content={"error": exc.code, "reason": exc.reason}
        )


def staff_actor(
    request: Request,
    authorization: Annotated[str | None, Header()] = None,
) -> str:
    """Return the staff actor behind a request's bearer token or staff cookie, or refuse it."""
    token = ""
    if authorization and authorization.lower().startswith("bearer "):
        token = authorization[7:].strip()
    token = token or request.cookies.get(STAFF_COOKIE, "")
    expected: str = request.app.state.staff_token
    if not token or not hmac.compare_digest(token.encode(), expected.encode()):
        raise ForbiddenError(
            "registry staff credentials required (Authorization: Bearer …)", code="unauthenticated"
        )
    return "registry-staff"


StaffActor = Annotated[str, Depends(staff_actor)]


def templates(*folders: Path) -> Jinja2Templates:
    """Return a Jinja2 environment searching the kernel's shared templates and the given folders."""
    loader = ChoiceLoader([FileSystemLoader(str(f)) for f in (*folders, _KERNEL_TEMPLATES)])
    environment: Any = Jinja2Templates(directory=str(_KERNEL_TEMPLATES))
    environment.env.loader = loader
    return environment  # type: ignore[no-any-return]


_KERNEL_TEMPLATES = Path(__file__).parent / "templates"
