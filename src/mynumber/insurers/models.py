"""Tables of the insurers, in their own schema `insurers`."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Index, Integer, SmallInteger, String, UniqueConstraint, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from mynumber.kernel.db import UtcDateTime, schema_metadata
from mynumber.kernel.messaging.tables import inbox_table, outbox_table

SCHEMA = "insurers"


class Base(DeclarativeBase):
    """Declarative base bound to the insurers schema."""

    metadata = schema_metadata(SCHEMA)


class InsurerRow(Base):
    """An insurer (保険者); next_number is the sequence its next insured person gets."""

    __tablename__ = "insurers"
    number: Mapped[str] = mapped_column(String(8), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100))
    prefecture_code: Mapped[str] = mapped_column(String(2))
    next_number: Mapped[int] = mapped_column(Integer, default=1)


class MembershipRow(Base):
    """A membership: the person by the insurer's own 符号, and the My Number beside it where
    the policy keeps it (`insurers_keep_my_number`; dropped once the 符号 is obtained if not)."""

    __tablename__ = "memberships"
    membership_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    insurer_number: Mapped[str] = mapped_column(String(8))
    person_code: Mapped[str] = mapped_column(String(32), index=True)
    symbol: Mapped[str] = mapped_column(String(20))
    number: Mapped[str] = mapped_column(String(20))
    branch: Mapped[str] = mapped_column(String(2))
    role: Mapped[str] = mapped_column(String(1))
    dependant_of: Mapped[str | None] = mapped_column(String(32), index=True)
    name: Mapped[str] = mapped_column(String(100))
    name_kana: Mapped[str] = mapped_column(String(200))
    birth_date: Mapped[dt.date] = mapped_column(Date)
    sex: Mapped[int] = mapped_column(SmallInteger)
    address: Mapped[str] = mapped_column(String(200))
    postal_code: Mapped[str] = mapped_column(String(7))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    loss_reason: Mapped[str | None] = mapped_column(String(30))
    income: Mapped[str] = mapped_column(String(20))
    my_number: Mapped[str | None] = mapped_column(String(12))
    __table_args__ = (
        # The insured number (記号・番号・枝番) is one person's within an insurer: claims are
        # filed by it. Its leading columns serve lookups by (insurer, 番号).
        UniqueConstraint(
            "insurer_number", "number", "symbol", "branch", name="uq_memberships_insured_number"
        ),
        # A person (by the insurer's own code) is covered at most once at a time.
        Index(
            "uq_memberships_person_code_covered",
            "person_code",
            unique=True,
            sqlite_where=text("valid_to IS NULL"),
            postgresql_where=text("valid_to IS NULL"),
        ),
    )


class DocumentRow(Base):
    """A document sent to a member: 資格確認書 (proof of coverage) or 資格情報のお知らせ."""

    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(String(32), unique=True)
    membership_id: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    issued_on: Mapped[dt.date] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(30))


class OutboxRow(Base):
    """A membership accepted but not yet reported to the eligibility system (the time lag).

    Holds the eligibility system's code for the person until the report is sent, as the
    insurer's gateway would; it is deleted once sent.
    """

    __tablename__ = "outbox"
    membership_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    subject: Mapped[str] = mapped_column(String(32))
    accepted_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class MemberResidenceRow(Base):
    """Where a 広域連合 member lives (住所地, as the municipality's window enrolled them): the
    municipality the 広域連合 asks for their 住民税 over the network."""

    __tablename__ = "member_residences"
    insurer_number: Mapped[str] = mapped_column(String(8), primary_key=True)
    number: Mapped[str] = mapped_column(String(20), primary_key=True)
    municipality_code: Mapped[str] = mapped_column(String(6))
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class ContributionDecisionRow(Base):
    """A 負担割合 decision (一部負担金割合の判定) from the 住民税 obtained over the network."""

    __tablename__ = "contribution_decisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    membership_id: Mapped[str] = mapped_column(String(32), index=True)
    fiscal_year: Mapped[int] = mapped_column(SmallInteger)
    income: Mapped[str] = mapped_column(String(20))
    contribution_percent: Mapped[int] = mapped_column(SmallInteger)
    previous_percent: Mapped[int] = mapped_column(SmallInteger)
    household_members: Mapped[int] = mapped_column(SmallInteger)
    reason: Mapped[str] = mapped_column(String(80))
    decided_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class HeldLinkRow(Base):
    """An enrolment held for review, not accepted: the member data on the form contradict
    J-LIS's 本人確認情報 for the My Number given (the check `links_checked_before_acceptance`
    asks for). Neither the My Number nor a 符号 is kept: the form is what is reviewed."""

    __tablename__ = "held_links"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    insurer_number: Mapped[str] = mapped_column(String(8), index=True)
    name: Mapped[str] = mapped_column(String(100))
    name_kana: Mapped[str] = mapped_column(String(200))
    birth_date: Mapped[dt.date] = mapped_column(Date)
    sex: Mapped[int] = mapped_column(SmallInteger)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    mismatched: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(100))
    held_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class ExportRow(Base):
    """A published export read by an auditor (`linked_records`): who, when, how many records.
    ⚠ The insurers keep no per-person read log; an export is recorded once here."""

    __tablename__ = "exports"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(30))
    actor: Mapped[str] = mapped_column(String(100))
    records: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


# Reports to the eligibility system, and the notices it sent back that were handled.
messages_out = outbox_table(Base.metadata)
messages_in = inbox_table(Base.metadata)
