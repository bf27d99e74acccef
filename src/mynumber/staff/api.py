"""The staff directory's public surface: the `StaffDirectory` protocol and its implementation.

It is also the instance's `StaffAuthenticator` (kernel.staffauth): the composition root puts it on
`app.state.staff`, and every staff route checks credentials through it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from mynumber.kernel.clock import Clock
from mynumber.kernel.db import Database
from mynumber.kernel.migrate import Lineage
from mynumber.kernel.staffauth import StaffPrincipal, StaffRole, StaffSession
from mynumber.staff import service
from mynumber.staff.data import ApiToken, NewAccount, NewApiToken, StaffAccount
from mynumber.staff.models import SCHEMA

__all__ = ["MIGRATIONS", "SCHEMA", "LocalStaffDirectory", "StaffDirectory"]

MIGRATIONS = Lineage(SCHEMA, Path(__file__).parent / "migrations")


class StaffDirectory(Protocol):
    """Named staff accounts, their page sessions and API tokens."""

    def add(self, *, name: str, org: str, role: StaffRole) -> NewAccount:
        """Create an account (org as KIND:ID); return it with its password and an API token."""
        ...

    def accounts(self) -> list[StaffAccount]:
        """Return every account by name, revoked ones included."""
        ...

    def revoke(self, *, name: str) -> StaffAccount:
        """Revoke an account with its sessions and API tokens."""
        ...

    def reset_password(self, *, name: str) -> str:
        """Give an account a fresh password (returned once); its page sessions end."""
        ...

    def issue_token(self, *, name: str) -> NewApiToken:
        """Issue another API token for an account."""
        ...

    def tokens(self, *, name: str) -> list[ApiToken]:
        """Return an account's API tokens."""
        ...

    def revoke_token(self, *, token_id: str) -> ApiToken:
        """Revoke one API token."""
        ...

    def log_in(self, *, name: str, password: str) -> tuple[str, StaffSession]:
        """Open a page session; return the cookie value (shown once) and the session."""
        ...

    def log_out(self, *, session_id: str) -> None:
        """End a page session."""
        ...

    def authenticate_token(self, *, token: str) -> StaffPrincipal:
        """Return the account behind an API token, or raise UnauthenticatedError."""
        ...

    def authenticate_session(self, *, session_id: str) -> StaffSession:
        """Return the live session behind a cookie value, or raise UnauthenticatedError."""
        ...


class LocalStaffDirectory:
    """The staff directory in this instance's database."""

    def __init__(self, *, database: Database, clock: Clock) -> None:
        self._db = database
        self._ctx = service.Context(clock=clock)

    def add(self, *, name: str, org: str, role: StaffRole) -> NewAccount:
        """Create an account; return it with its password and first API token."""
        with self._db.unit_of_work() as uow:
            account, password = service.add_account(
                uow.session, self._ctx, name=name, org=org, role=role
            )
            token = service.issue_token(uow.session, self._ctx, name=name)
        return NewAccount(account=account, password=password, api_token=token.token)

    def accounts(self) -> list[StaffAccount]:
        """Return every account by name."""
        with self._db.unit_of_work() as uow:
            return service.accounts(uow.session)

    def revoke(self, *, name: str) -> StaffAccount:
        """Revoke an account with its sessions and API tokens."""
        with self._db.unit_of_work() as uow:
            return service.revoke_account(uow.session, self._ctx, name=name)

    def reset_password(self, *, name: str) -> str:
        """Give an account a fresh password; its page sessions end."""
        with self._db.unit_of_work() as uow:
            return service.reset_password(uow.session, self._ctx, name=name)

    def issue_token(self, *, name: str) -> NewApiToken:
        """Issue another API token for an account."""
        with self._db.unit_of_work() as uow:
            return service.issue_token(uow.session, self._ctx, name=name)

    def tokens(self, *, name: str) -> list[ApiToken]:
        """Return an account's API tokens."""
        with self._db.unit_of_work() as uow:
            return service.tokens(uow.session, name=name)

    def revoke_token(self, *, token_id: str) -> ApiToken:
        """Revoke one API token."""
        with self._db.unit_of_work() as uow:
            return service.revoke_token(uow.session, self._ctx, token_id=token_id)

    def log_in(self, *, name: str, password: str) -> tuple[str, StaffSession]:
        """Open a page session."""
        with self._db.unit_of_work() as uow:
            return service.log_in(uow.session, self._ctx, name=name, password=password)

    def log_out(self, *, session_id: str) -> None:
        """End a page session."""
        with self._db.unit_of_work() as uow:
            service.log_out(uow.session, self._ctx, session_id=session_id)

    def authenticate_token(self, *, token: str) -> StaffPrincipal:
        """Return the account behind an API token."""
        with self._db.unit_of_work() as uow:
            return service.authenticate_token(uow.session, token=token)

    def authenticate_session(self, *, session_id: str) -> StaffSession:
        """Return the live session behind a cookie value."""
        with self._db.unit_of_work() as uow:
            return service.authenticate_session(uow.session, self._ctx, session_id=session_id)
