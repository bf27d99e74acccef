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
    """A refused operation, with a stable machine-readable code and a reason for people.

    In a bulk request, `item` is the position (from 0) of the item refused and `item_reason`
    that item's own refusal; `reason` then reads "item 3: …", so a caller that numbers the
    items otherwise (rows of a file) re-words it from the fields, never from the text.
    """

    status = 400
    code = "invalid"

    def __init__(self, reason: str, *, code: str | None = None, item: int | None = None) -> None:
        told = reason if item is None else f"item {item}: {reason}"
        super().__init__(told)
        self.reason, self.item, self.item_reason = told, item, reason
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
