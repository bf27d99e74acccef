"""Error types every subsystem raises; routes and the CLI map them to HTTP codes and exit codes."""

from __future__ import annotations

__all__ = [
    "ConflictError",
    "DomainError",
    "ForbiddenError",
    "InvalidInputError",
    "NotFoundError",
    "UnauthenticatedError",
]


class DomainError(Exception):
    """A refused operation, with a stable machine-readable code and a reason for people."""

    status = 400
    code = "invalid"

    def __init__(self, reason: str, *, code: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        if code is not None:
            self.code = code


class InvalidInputError(DomainError):
    """The input breaks a rule: a bad check digit, an impossible date, a name without kana."""

    status = 422
    code = "invalid_input"


class NotFoundError(DomainError):
    """The thing asked for does not exist."""

    status = 404
    code = "not_found"


class ConflictError(DomainError):
    """The request contradicts the current state: a duplicate, a deceased resident."""

    status = 409
    code = "conflict"


class ForbiddenError(DomainError):
    """The caller may not do this."""

    status = 403
    code = "forbidden"


class UnauthenticatedError(DomainError):
    """The caller did not prove who it is: no credentials, or credentials that do not verify."""

    status = 401
    code = "unauthenticated"
