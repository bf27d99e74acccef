"""What the staff directory hands out: accounts, their one-time secrets, API tokens."""

from __future__ import annotations

import datetime as dt
import re

from pydantic import BaseModel, ConfigDict, Field

from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.kernel.errors import InvalidInputError
from mynumber.kernel.staffauth import ROLE_ORG_KINDS, OrgKind, StaffRole

__all__ = [
    "ACCOUNT_NAME",
    "ApiToken",
    "NewAccount",
    "NewApiToken",
    "StaffAccount",
    "parse_org",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
ACCOUNT_NAME = r"^[a-z0-9][a-z0-9._-]{1,39}$"
_PLAIN_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
# An agency on the network is named by its agency id, itself KIND:CODE (`municipality:131016`).
_AGENCY_ID = re.compile(r"^[a-z]{1,14}:[a-z0-9-]{1,24}$")
_ORG_CODECS = {
    OrgKind.MUNICIPALITY: IdentifierKind.LOCAL_GOVERNMENT_CODE,
    OrgKind.INSURER: IdentifierKind.INSURER_NUMBER,
    OrgKind.FACILITY: IdentifierKind.FACILITY_CODE,
}


class StaffAccount(BaseModel):
    """A named member of staff: the organisation they work for and their role."""

    model_config = _FROZEN
    name: str = Field(pattern=ACCOUNT_NAME)
    org_kind: OrgKind
    org_id: str
    role: StaffRole
    created_at: dt.datetime
    revoked_at: dt.datetime | None = None

    @property
    def org(self) -> str:
        """Return the organisation as KIND:ID."""
        return f"{self.org_kind}:{self.org_id}"


class NewAccount(BaseModel):
    """An account just made, with its password and first API token: shown once, kept nowhere."""

    model_config = _FROZEN
    account: StaffAccount
    password: str
    api_token: str


class ApiToken(BaseModel):
    """An API token of an account, as listed (the secret itself is never stored)."""

    model_config = _FROZEN
    token_id: str
    account: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None = None


class NewApiToken(BaseModel):
    """A token just issued: its id for revoking, and the secret, shown once."""

    model_config = _FROZEN
    token_id: str
    token: str


def parse_org(text: str, role: StaffRole) -> tuple[OrgKind, str]:
    """Return (kind, id) of `KIND:ID`, refusing an unknown kind, a bad id or a role mismatch."""
    kind_text, _, org_id = text.partition(":")
    try:
        kind = OrgKind(kind_text.strip())
    except ValueError:
        known = ", ".join(k.value for k in OrgKind)
        raise InvalidInputError(
            f"unknown organisation kind {kind_text!r} (one of {known})", code="bad_org"
        ) from None
    org_id = org_id.strip()
    codec = _ORG_CODECS.get(kind)
    pattern = _AGENCY_ID if kind is OrgKind.AGENCY else _PLAIN_ID
    valid = CODECS[codec].is_valid(org_id) if codec else bool(pattern.match(org_id))
    if not valid:
        raise InvalidInputError(f"{org_id!r} is not a valid {kind} id", code="bad_org")
    if ROLE_ORG_KINDS[role] is not kind:
        raise InvalidInputError(
            f"a {role} works for a {ROLE_ORG_KINDS[role]}, not a {kind}", code="role_org_mismatch"
        )
    return kind, org_id
