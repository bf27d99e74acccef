"""Tables of the staff directory, in their own schema `staff`."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from mynumber.kernel.db import UtcDateTime, schema_metadata

SCHEMA = "staff"


class Base(DeclarativeBase):
    """Declarative base bound to the staff schema."""

    metadata = schema_metadata(SCHEMA)


class AccountRow(Base):
    """A member of staff; the password is kept only as its argon2id hash."""

    __tablename__ = "accounts"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_kind: Mapped[str] = mapped_column(String(20))
    org_id: Mapped[str] = mapped_column(String(40))
    role: Mapped[str] = mapped_column(String(30))
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class SessionRow(Base):
    """A page session: the SHA-256 of the cookie value, its CSRF token and its expiry."""

    __tablename__ = "sessions"
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    account: Mapped[str] = mapped_column(ForeignKey(AccountRow.name), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    ended_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class ApiTokenRow(Base):
    """An API token: its public id and the SHA-256 of the whole token."""

    __tablename__ = "api_tokens"
    token_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    account: Mapped[str] = mapped_column(ForeignKey(AccountRow.name), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
