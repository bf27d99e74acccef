"""The staff directory's rules: accounts, password logins, page sessions and API tokens.

Secrets are random and shown once; the directory keeps the argon2id hash of each password
and the SHA-256 of each session id and API token (high-entropy secrets need no slow hash).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from mynumber.kernel.clock import Clock
from mynumber.kernel.db import row_or_not_found
from mynumber.kernel.errors import (
    ConflictError,
    InvalidInputError,
    UnauthenticatedError,
)
from mynumber.kernel.staffauth import StaffPrincipal, StaffRole, StaffSession
from mynumber.staff.data import ACCOUNT_NAME, ApiToken, NewApiToken, StaffAccount, parse_org
from mynumber.staff.models import AccountRow, ApiTokenRow, SessionRow

SESSION_LIFETIME = dt.timedelta(hours=8)  # ⚠ one working day; then the clerk logs in again
TOKEN_PREFIX = "mst"
_HASHER = PasswordHasher()  # argon2id with the library's recommended parameters


@functools.cache
def _dummy_hash() -> str:
    """A hash to verify against when the account is unknown, so the answer takes as long; made
    on first use, not at import (every command line would pay for it)."""
    return _HASHER.hash("no such account")


@dataclass(frozen=True)
class Context:
    """What every staff operation needs besides its session."""

    clock: Clock


def digest(secret: str) -> str:
    """Return the SHA-256 (hex) under which a session id or API token is stored."""
    return hashlib.sha256(secret.encode()).hexdigest()


def add_account(
    session: Session, ctx: Context, *, name: str, org: str, role: StaffRole
) -> tuple[StaffAccount, str]:
    """Create an account with a fresh password; return it and the password (shown once)."""
    if not re.match(ACCOUNT_NAME, name):
        raise InvalidInputError(
            f"{name!r} is not an account name (2–40 of a-z 0-9 . _ -)", code="bad_name"
        )
    kind, org_id = parse_org(org, role)
    if session.get(AccountRow, name) is not None:
        raise ConflictError(f"an account named {name} exists already", code="account_exists")
    password = secrets.token_urlsafe(12)
    row = AccountRow(
        name=name,
        org_kind=kind.value,
        org_id=org_id,
        role=role.value,
        password_hash=_HASHER.hash(password),
        created_at=ctx.clock.now(),
    )
    session.add(row)
    session.flush()
    return to_account(row), password


def to_account(row: AccountRow) -> StaffAccount:
    """Return an account row as its DTO."""
    return StaffAccount.model_validate(
        {
            "name": row.name,
            "org_kind": row.org_kind,
            "org_id": row.org_id,
            "role": row.role,
            "created_at": row.created_at,
            "revoked_at": row.revoked_at,
        }
    )


def principal(row: AccountRow) -> StaffPrincipal:
    """Return who an account is, as the routes see it."""
    account = to_account(row)
    return StaffPrincipal(
        name=account.name, org_kind=account.org_kind, org_id=account.org_id, role=account.role
    )


def reset_password(session: Session, ctx: Context, *, name: str) -> str:
    """Give a live account a fresh password (returned once) and end its page sessions."""
    row = live_account(session, name)
    password = secrets.token_urlsafe(12)
    row.password_hash = _HASHER.hash(password)
    session.execute(
        update(SessionRow)
        .where(SessionRow.account == name, SessionRow.ended_at.is_(None))
        .values(ended_at=ctx.clock.now())
    )
    return password


def accounts(session: Session) -> list[StaffAccount]:
    """Return every account by name."""
    return [to_account(r) for r in session.scalars(select(AccountRow).order_by(AccountRow.name))]


def live_account(session: Session, name: str) -> AccountRow:
    """Return an account that exists and is not revoked, or refuse."""
    row = row_or_not_found(
        session, AccountRow, name, f"no account named {name}", code="account_unknown"
    )
    if row.revoked_at is not None:
        raise ConflictError(f"account {name} is revoked", code="account_revoked")
    return row


def revoke_account(session: Session, ctx: Context, *, name: str) -> StaffAccount:
    """Revoke an account: its password, sessions and API tokens stop working at once."""
    row = live_account(session, name)
    now = ctx.clock.now()
    row.revoked_at = now
    session.execute(
        update(SessionRow)
        .where(SessionRow.account == name, SessionRow.ended_at.is_(None))
        .values(ended_at=now)
    )
    session.execute(
        update(ApiTokenRow)
        .where(ApiTokenRow.account == name, ApiTokenRow.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return to_account(row)


def issue_token(session: Session, ctx: Context, *, name: str) -> NewApiToken:
    """Issue an API token for an account; the secret is returned once, kept as a digest."""
    live_account(session, name)
    token_id = secrets.token_hex(6)
    token = f"{TOKEN_PREFIX}_{token_id}_{secrets.token_urlsafe(32)}"
    session.add(
        ApiTokenRow(
            token_id=token_id, digest=digest(token), account=name, created_at=ctx.clock.now()
        )
    )
    session.flush()
    return NewApiToken(token_id=token_id, token=token)


def tokens(session: Session, *, name: str) -> list[ApiToken]:
    """Return an account's API tokens, oldest first."""
    rows = session.scalars(
        select(ApiTokenRow).where(ApiTokenRow.account == name).order_by(ApiTokenRow.created_at)
    )
    return [
        ApiToken(
            token_id=r.token_id, account=r.account, created_at=r.created_at, revoked_at=r.revoked_at
        )
        for r in rows
    ]


def revoke_token(session: Session, ctx: Context, *, token_id: str) -> ApiToken:
    """Revoke one API token."""
    row = row_or_not_found(
        session, ApiTokenRow, token_id, f"no API token {token_id}", code="token_unknown"
    )
    if row.revoked_at is None:
        row.revoked_at = ctx.clock.now()
    return ApiToken(
        token_id=row.token_id, account=row.account, created_at=row.created_at,
        revoked_at=row.revoked_at,
    )  # fmt: skip


def authenticate_token(session: Session, *, token: str) -> StaffPrincipal:
    """Return the account behind a live API token, or refuse."""
    row = session.scalar(select(ApiTokenRow).where(ApiTokenRow.digest == digest(token)))
    if row is None:
        raise UnauthenticatedError("unknown API token", code="unauthenticated")
    if row.revoked_at is not None:
        raise UnauthenticatedError(f"API token {row.token_id} is revoked", code="token_revoked")
    account = session.get(AccountRow, row.account)
    if account is None or account.revoked_at is not None:
        raise UnauthenticatedError(f"account {row.account} is revoked", code="account_revoked")
    return principal(account)


def log_in(session: Session, ctx: Context, *, name: str, password: str) -> tuple[str, StaffSession]:
    """Check a password and open a page session; return the cookie value and the session."""
    row = session.get(AccountRow, name)
    try:
        _HASHER.verify(row.password_hash if row else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        row = None
    if row is None or row.revoked_at is not None:
        raise UnauthenticatedError("wrong account name or password", code="bad_login")
    session_id = secrets.token_urlsafe(32)
    now = ctx.clock.now()
    # Sessions long expired are of no use to anyone: each login sweeps them away.
    session.execute(delete(SessionRow).where(SessionRow.expires_at < now - SESSION_LIFETIME))
    csrf = secrets.token_urlsafe(32)
    session.add(
        SessionRow(
            digest=digest(session_id),
            account=name,
            csrf_token=csrf,
            created_at=now,
            expires_at=now + SESSION_LIFETIME,
        )
    )
    session.flush()
    return session_id, StaffSession(principal=principal(row), csrf_token=csrf)


def authenticate_session(session: Session, ctx: Context, *, session_id: str) -> StaffSession:
    """Return a live, unexpired page session, or refuse."""
    row = session.get(SessionRow, digest(session_id))
    if row is None:
        raise UnauthenticatedError("not logged in (no such session)", code="unauthenticated")
    if row.ended_at is not None:
        raise UnauthenticatedError(
            "the session has ended (logged out, or the account changed)", code="session_ended"
        )
    if row.expires_at <= ctx.clock.now():
        raise UnauthenticatedError("the session has expired: log in again", code="session_expired")
    account = session.get(AccountRow, row.account)
    if account is None or account.revoked_at is not None:
        raise UnauthenticatedError(f"account {row.account} is revoked", code="account_revoked")
    return StaffSession(principal=principal(account), csrf_token=row.csrf_token)


def log_out(session: Session, ctx: Context, *, session_id: str) -> None:
    """End a page session (nothing happens for an unknown one)."""
    row = session.get(SessionRow, digest(session_id))
    if row is not None and row.ended_at is None:
        row.ended_at = ctx.clock.now()
