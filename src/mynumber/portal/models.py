"""Tables of the portal, in their own schema `portal`: logins and お知らせ, no agency data.

A session holds the resident code J-LIS told the portal at login, for as long as it lasts; the
login log keeps each login in the person's own hash-chained stream (their resident code ⚠).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from mynumber.kernel.db import UtcDateTime, schema_metadata
from mynumber.kernel.hashlog import log_tables
from mynumber.kernel.messaging.tables import inbox_table

SCHEMA = "portal"


class Base(DeclarativeBase):
    """Declarative base bound to the portal schema."""

    metadata = schema_metadata(SCHEMA)


class LoginCodeRow(Base):
    """A one-time login code shown on a page, with J-LIS's challenge for the card to sign.

    `waiter_digest` is the SHA-256 of the page's own secret (a cookie): only that page takes the
    session once the card has answered.
    """

    __tablename__ = "login_codes"
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    waiter_digest: Mapped[str] = mapped_column(String(64))
    challenge: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    answered_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    resident_code: Mapped[str | None] = mapped_column(String(11), nullable=True)
    serial: Mapped[str | None] = mapped_column(String(40), nullable=True)
    taken_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class SessionRow(Base):
    """A logged-in person: the SHA-256 of the cookie value, whom J-LIS named, and the expiry."""

    __tablename__ = "sessions"
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    resident_code: Mapped[str] = mapped_column(String(11))
    serial: Mapped[str] = mapped_column(String(40))
    started_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    ended_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)


login_records, login_heads = log_tables(Base.metadata, "login")


class NoticeRow(Base):
    """An お知らせ an agency pushed, addressed by the agency's 符号 for the person (the portal
    keeps no resident code with it); read once the person opened it."""

    __tablename__ = "notices"
    __table_args__ = (Index("ix_notices_agency_code", "agency", "code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agency: Mapped[str] = mapped_column(String(40))
    code: Mapped[str] = mapped_column(String(43))
    sender: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    read_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)


messages_in = inbox_table(Base.metadata)
