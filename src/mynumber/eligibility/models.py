"""Tables of the eligibility system, in its own schema `eligibility`."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from mynumber.kernel.db import UtcDateTime, schema_metadata
from mynumber.kernel.hashlog import log_tables
from mynumber.kernel.messaging.tables import inbox_table, outbox_table

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
    insurer_name: Mapped[str] = mapped_column(String(100), server_default="", doc="保険者名称")
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
        Index("ix_memberships_birth_date_sex", "birth_date", "sex"),  # disaster search
    )


class AddressWithholdingRow(Base):
    """The registry's DV 支援措置 for a person, as its message told it (by subject): while in
    force, answers carry no address (`AddressNotDisclosed`); lifted, valid_from is None."""

    __tablename__ = "address_withholdings"
    subject: Mapped[str] = mapped_column(String(32), primary_key=True)
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)
    changed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), doc="the register's change")
    version: Mapped[int] = mapped_column(Integer, doc="the register's count: a higher one wins")


class RegistrationRow(Base):
    """利用登録: the person agreed to use their card as their health insurance card.

    Under the real rules (policy `registration_links_serial`) the row also holds the card's
    発行番号, the user-authentication certificate's serial: the link 発行番号 ⇔ the person's
    被保険者番号 (every membership reported under subject). Safeguarded: no serial is kept.
    """

    __tablename__ = "card_registrations"
    subject: Mapped[str] = mapped_column(String(32), primary_key=True)
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    serial: Mapped[str | None] = mapped_column(String(40), unique=True)


class PendingRow(Base):
    """An enrolment an insurer accepted but has not reported the numbers of (the time lag)."""

    __tablename__ = "pending_acquisitions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subject: Mapped[str] = mapped_column(String(32), index=True)
    insurer_number: Mapped[str] = mapped_column(String(8))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    noticed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class FacilityRow(Base):
    """A facility registered to use the system."""

    __tablename__ = "facilities"
    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))


class TerminalRow(Base):
    """A facility's terminal and its Ed25519 public key."""

    __tablename__ = "terminals"
    terminal_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    facility_code: Mapped[str] = mapped_column(String(10), index=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class RequestNonceRow(Base):
    """A nonce a terminal used in a signed request, kept while its timestamp could be accepted:
    the same nonce again is a replay."""

    __tablename__ = "request_nonces"
    terminal_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    seen_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), index=True)


class BatchInquiryRow(Base):
    """一括照会: a facility's list of tomorrow's patients, answered later under 受付番号."""

    __tablename__ = "batch_inquiries"
    reception_number: Mapped[str] = mapped_column(String(20), primary_key=True)
    facility_code: Mapped[str] = mapped_column(String(10), index=True)
    terminal_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(10), doc="queued, running, done or failed")
    total_rows: Mapped[int] = mapped_column(Integer)
    answered_rows: Mapped[int] = mapped_column(Integer, default=0)
    refused_rows: Mapped[int] = mapped_column(Integer, default=0)
    submitted_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    finished_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    failure: Mapped[str | None] = mapped_column(Text)


class BatchInquiryLineRow(Base):
    """One line of a 一括照会: the query as submitted (JSON) and, once answered, its answer or
    the reason it was refused."""

    __tablename__ = "batch_inquiry_lines"
    reception_number: Mapped[str] = mapped_column(String(20), primary_key=True)
    line: Mapped[int] = mapped_column(Integer, primary_key=True)
    query: Mapped[str] = mapped_column(Text)
    answer: Mapped[str | None] = mapped_column(Text)
    error_code: Mapped[str | None] = mapped_column(String(40))
    error_reason: Mapped[str | None] = mapped_column(Text)


class ConsentRow(Base):
    """A consent given at a facility's reader (閲覧同意), valid for a limited time."""

    __tablename__ = "consents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subject: Mapped[str] = mapped_column(String(32))
    facility_code: Mapped[str] = mapped_column(String(10))
    scopes: Mapped[str] = mapped_column(String(60), doc="comma-separated; empty = refused")
    given_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    valid_until: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    __table_args__ = (Index("ix_consents_subject_facility", "subject", "facility_code"),)


class ClaimEntryRow(Base):
    """One line from a claim: a medication, a diagnosis or a procedure, by subject and date."""

    __tablename__ = "claim_entries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subject: Mapped[str] = mapped_column(String(32), index=True)
    facility_code: Mapped[str] = mapped_column(String(10))
    service_date: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(12), doc="medication, diagnosis or procedure")
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(20))
    days: Mapped[int | None] = mapped_column(Integer)


class CheckupRow(Base):
    """A 特定健診 result, by subject; the measurements as the insurer reported them (JSON)."""

    __tablename__ = "checkups"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subject: Mapped[str] = mapped_column(String(32), index=True)
    examined_on: Mapped[dt.date] = mapped_column(Date)
    result: Mapped[str] = mapped_column(Text)


class DisasterRow(Base):
    """A 災害時 activation for a prefecture and period."""

    __tablename__ = "disasters"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    prefecture_code: Mapped[str] = mapped_column(String(2), index=True)
    starts: Mapped[dt.date] = mapped_column(Date)
    ends: Mapped[dt.date] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    activated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


# Every read of a person's eligibility data, one chain per person (subject).
access_records, access_heads = log_tables(Base.metadata, "access")

# Cancellation notices to insurers; insurers' reports and terminal registrations handled.
messages_out = outbox_table(Base.metadata)
messages_in = inbox_table(Base.metadata)
