"""Tables of the 自己情報取得API, in the portal's schema: registered clients, consent screens
shown, consents, one-time codes and tokens. Codes and tokens are kept as SHA-256 digests only."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mynumber.kernel.db import UtcDateTime
from mynumber.portal.models import Base


class ClientRow(Base):
    """A third party the operator registered: its purpose, redirect URIs and allowed scopes."""

    __tablename__ = "oauth_clients"
    client_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    purpose: Mapped[str] = mapped_column(String(400))
    redirect_uris: Mapped[str] = mapped_column(Text, doc="one per line")
    scopes: Mapped[str] = mapped_column(String(200), doc="space-separated")
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class AuthorizationRequestRow(Base):
    """A consent screen shown to a logged-in person: the client's request, answerable once."""

    __tablename__ = "oauth_requests"
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    resident_code: Mapped[str] = mapped_column(String(11))
    client_id: Mapped[str] = mapped_column(String(40))
    query: Mapped[str] = mapped_column(Text, doc="the authorisation request's query string")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    answered_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class ConsentGrantRow(Base):
    """A person's consent to a client: its scopes, once or for a period (期間連携)."""

    __tablename__ = "oauth_consents"
    consent_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    resident_code: Mapped[str] = mapped_column(String(11), index=True)
    serial: Mapped[str] = mapped_column(String(40))
    client_id: Mapped[str] = mapped_column(String(40))
    scopes: Mapped[str] = mapped_column(String(200))
    period: Mapped[bool] = mapped_column(doc="期間連携: readable until expires_at")
    granted_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class AuthorizationCodeRow(Base):
    """A one-time authorisation code with its PKCE challenge (S256)."""

    __tablename__ = "oauth_codes"
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    consent_id: Mapped[str] = mapped_column(String(32))
    client_id: Mapped[str] = mapped_column(String(40))
    redirect_uri: Mapped[str] = mapped_column(String(400))
    scope: Mapped[str] = mapped_column(String(200))
    code_challenge: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class TokenRow(Base):
    """An opaque access token (and refresh token for 期間連携), by digest, under a consent."""

    __tablename__ = "oauth_tokens"
    access_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    refresh_digest: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)
    consent_id: Mapped[str] = mapped_column(String(32), index=True)
    client_id: Mapped[str] = mapped_column(String(40))
    scope: Mapped[str] = mapped_column(String(200))
    issued_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
