"""Tables of the eligibility system, in its own schema `eligibility`."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Index, Integer, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from mynumber.kernel.db import UtcDateTime, schema_metadata
from mynumber.kernel.hashlog import log_tables

SCHEMA = "eligibility"


class Base(DeclarativeBase):
    """Declarative base bound to the eligibility schema."""

    metadata = schema_metadata(SCHEMA)


class MembershipRow(Base):
    """One membership reported by an insurer, under the person's eligibility code."""

    __tablename__ = "memberships"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subject: Mapped[str] = mapped_column(String(32), index=True)
    insurer_number: Mapped[str] = mapped_column(String(8))
    membership_id: Mapped[str] = mapped_column(String(32))
    symbol: Mapped[str] = mapped_column(String(20))
    number: Mapped[str] = mapped_column(String(20))
    branch: Mapped[str] = mapped_column(String(2))
    role: Mapped[str] = mapped_column(String(1))
    insured_name: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(100))
    name_kana: Mapped[str] = mapped_column(String(200))
    birth_date: Mapped[dt.date] = mapped_column(Date)
    sex: Mapped[int] = mapped_column(SmallInteger)
    address: Mapped[str] = mapped_column(String(200))
    postal_code: Mapped[str] = mapped_column(String(7))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    loss_reason: Mapped[str | None] = mapped_column(String(30))
    contribution_percent: Mapped[int] = mapped_column(SmallInteger)
    limit_classification: Mapped[str] = mapped_column(String(10))
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    __table_args__ = (
        UniqueConstraint("insurer_number", "membership_id"),
        Index("ix_memberships_insured_number", "insurer_number", "number", "branch"),
    )


class RegistrationRow(Base):
    """利用登録: the person agreed to use their card as their health insurance card."""

    __tablename__ = "card_registrations"
    subject: Mapped[str] = mapped_column(String(32), primary_key=True)
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())


# Every read of a person's eligibility data, one chain per person (subject).
access_records, access_heads = log_tables(Base.metadata, "access")
