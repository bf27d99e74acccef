"""The API's contract with its callers: every refusal as an `ErrorBody`, documented in the
OpenAPI; validation, 404 and 405 answered in the same shape; NUL refused in every input."""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException
from starlette.routing import Match

from mynumber.kernel.errors import DomainError, InvalidInputError

__all__ = [
    "NO_NUL_PATTERN",
    "ErrorBody",
    "error_responses",
    "install_api_contract",
    "install_error_handlers",
    "refuse_nul",
]


class ErrorBody(BaseModel):
    """A refusal: a stable machine-readable code and a reason for people."""

    model_config = ConfigDict(frozen=True)
    error: str
    reason: str


_MEANINGS = {
    401: "the caller did not prove who it is",
    403: "the caller may not do this",
    404: "not found",
    405: "method not allowed",
    409: "contradicts the current state",
    413: "request body too large",
    422: "the input breaks a rule (malformed body, a field out of range, a bad check digit)",
}
_HTTP_CODES = {
    400: "invalid",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "body_too_large",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """Return the OpenAPI `responses=` entries of refusals with these statuses (`ErrorBody`)."""
    return {s: {"model": ErrorBody, "description": _MEANINGS.get(s, "refused")} for s in statuses}


_UNSAID = frozenset({"ctx", "input"})  # what a validation error's detail leaves out


def install_error_handlers(app: FastAPI) -> None:
    """Answer every refused operation with its HTTP status and a JSON reason (`ErrorBody`)."""

    @app.exception_handler(DomainError)
    async def _domain_error(_request: Request, exc: DomainError) -> JSONResponse:
        return JSONResponse(
            status_code=exc.status, content={"error": exc.code, "reason": exc.reason}
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [_problem(error) for error in exc.errors()]
        reason = "; ".join(problems) or "the request is not valid"
        # Never the input said back: it may be personal data put where it does not belong (a
        # My Number in place of a 符号), and an error travels further than the request did.
        detail = [{k: v for k, v in e.items() if k not in _UNSAID} for e in exc.errors()]
        return JSONResponse(
            status_code=422,
            content={"error": "invalid_input", "reason": reason, "detail": _jsonable(detail)},
        )

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> JSONResponse:
        status, headers = exc.status_code, dict(exc.headers or {})
        if status == 400:  # FastAPI could not parse the body: the input breaks a rule
            status = 422
        if status == 405:
            headers["Allow"] = ", ".join(_allowed_methods(request))
        code = "invalid_input" if status == 422 else _HTTP_CODES.get(status, "refused")
        return JSONResponse(
            status_code=status, content={"error": code, "reason": str(exc.detail)}, headers=headers
        )


# NUL has no place in text, and PostgreSQL cannot store it: refused in every path, query and
# JSON body (a JSON escape `\u0000` not itself escaped), and forbidden by the OpenAPI.
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)
NO_NUL_PATTERN = r"^[^\x00]*$"
_JSON_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]")


async def refuse_nul(request: Request) -> None:
    """Refuse a request carrying NUL, or a lone UTF-16 surrogate, in its path, query or JSON."""
    found = "\x00" in request.url.path or any(
        "\x00" in key or "\x00" in value for key, value in request.query_params.multi_items()
    )
    if not found and "json" in request.headers.get("content-type", ""):
        body = await request.body()
        found = _JSON_NUL.search(body) is not None or _lone_surrogate(body)
    if found:
        raise InvalidInputError(
            "text must not contain NUL (U+0000) or a lone surrogate", code="invalid_input"
        )


def _lone_surrogate(body: bytes) -> bool:
    """Return whether a JSON body escapes a surrogate that pairs with nothing (not UTF-8)."""
    if _JSON_SURROGATE.search(body) is None:
        return False
    try:
        json.dumps(json.loads(body), ensure_ascii=False).encode()
    except UnicodeEncodeError:
        return True
    except ValueError:
        return False  # not JSON at all: the route refuses it
    return False


def install_api_contract(app: FastAPI) -> None:
    """Refuse NUL in every route's input and say so in the OpenAPI of every text field.

    Call before the routers are included: their routes take the app's dependencies then.
    """
    app.router.dependencies.append(Depends(refuse_nul))
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            _forbid_nul(build())
        return app.openapi_schema or build()

    app.openapi = openapi  # type: ignore[method-assign]


def _forbid_nul(node: Any) -> None:
    """Give every free text schema (no pattern, format or enum) the no-NUL pattern."""
    if isinstance(node, list):
        for item in node:
            _forbid_nul(item)
        return
    if not isinstance(node, dict):
        return
    if "application/xml" in node or "application/ocsp-request" in node:
        node = {
            k: v
            for k, v in node.items()
            if k not in ("application/xml", "application/ocsp-request")
        }
    types = node.get("type")
    text = types == "string" or (isinstance(types, list) and "string" in types)
    free = text and not node.keys() & {
        "pattern",
        "format",
        "enum",
        "const",
        "contentEncoding",
    }
    if free:
        node["pattern"] = NO_NUL_PATTERN
    for value in node.values():
        _forbid_nul(value)


def _problem(error: Any) -> str:
    where = ".".join(str(part) for part in error.get("loc", ()))
    return f"{where}: {error.get('msg', 'invalid')}"


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _allowed_methods(request: Request) -> list[str]:
    """Return every method some route of the app accepts at this path (Starlette names one)."""
    routes = request.app.router.routes
    return [
        method
        for method in _METHODS
        if any(r.matches({**request.scope, "method": method})[0] is Match.FULL for r in routes)
    ]


_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")
