"""Dependencies shared by the eligibility routes: the system itself, and the terminal behind a
signed request (`callers.signed_requests` has the rules, `SignedRequest` the signed lines)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from mynumber.eligibility.api import Eligibility
from mynumber.eligibility.data import TerminalIdentity, signed_request
from mynumber.kernel.errors import ForbiddenError
from mynumber.kernel.terminalsig import RequestBody, SignedHeaders

__all__ = ["Body", "EligibilityDep", "TerminalCaller", "require_own_facility"]


def get_eligibility(request: Request) -> Eligibility:
    """Return the eligibility system bound by the composition root."""
    eligibility: Eligibility = request.app.state.eligibility
    return eligibility


EligibilityDep = Annotated[Eligibility, Depends(get_eligibility)]
Body = RequestBody


def terminal_caller(headers: SignedHeaders, eligibility: EligibilityDep) -> TerminalIdentity:
    """Return the terminal that signed this request, or refuse it (401)."""
    return eligibility.authenticate_terminal(request=signed_request(headers))


TerminalCaller = Annotated[TerminalIdentity, Depends(terminal_caller)]


def require_own_facility(terminal: TerminalIdentity, facility_code: str) -> None:
    """Refuse a terminal asking on behalf of another facility than its own."""
    if facility_code != terminal.facility_code:
        raise ForbiddenError(
            f"terminal {terminal.terminal_id} belongs to facility {terminal.facility_code}, "
            f"not {facility_code}",
            code="facility_mismatch",
        )
