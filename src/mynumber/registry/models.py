"""Tables of the registry, in its own schema `registry`."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, Integer, SmallInteger, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from mynumber.kernel.db import UtcDateTime, schema_metadata
from mynumber.kernel.hashlog import log_tables
from mynumber.kernel.messaging.tables import outbox_table

SCHEMA = "registry"


class Base(DeclarativeBase):
    """Declarative base bound to the registry schema."""

    metadata = schema_metadata(SCHEMA)


class HouseholdRow(Base):
    """世帯: the people living together, one of them its head."""

    __tablename__ = "households"
    __table_args__ = {"sqlite_with_rowid": False}  # noqa: RUF012 - SQLAlchemy's own convention
    household_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    head_code: Mapped[str | None] = mapped_column(String(11))
    created_on: Mapped[dt.date] = mapped_column(Date)


class ResidentRow(Base):
    """One person on the register, with the four items as they stand now."""

    __tablename__ = "residents"
    # Keyed by the code itself: one B-tree fewer to maintain on bulk loads (SQLite only).
    __table_args__ = (
        Index("ix_residents_my_number", "my_number", unique=True),
        {"sqlite_with_rowid": False},
    )
    resident_code: Mapped[str] = mapped_column(String(11), primary_key=True)
    my_number: Mapped[str] = mapped_column(String(12))
    family_name: Mapped[str] = mapped_column(String(50))
    given_name: Mapped[str] = mapped_column(String(50))
    family_kana: Mapped[str] = mapped_column(String(100))
    given_kana: Mapped[str] = mapped_column(String(100))
    name_key: Mapped[str] = mapped_column(String(100), index=True)
    kana_key: Mapped[str] = mapped_column(String(200), index=True)
    birth_date: Mapped[dt.date] = mapped_column(Date, index=True)
    sex: Mapped[int] = mapped_column(SmallInteger)
    postal_code: Mapped[str] = mapped_column(String(7))
    local_government_code: Mapped[str] = mapped_column(String(6))
    prefecture: Mapped[str] = mapped_column(String(10))
    municipality: Mapped[str] = mapped_column(String(50))
    town: Mapped[str] = mapped_column(String(100))
    block: Mapped[str] = mapped_column(String(100))
    building: Mapped[str] = mapped_column(String(100))
    household_code: Mapped[str] = mapped_column(ForeignKey("households.household_code"), index=True)
    relationship: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12))
    registered_on: Mapped[dt.date] = mapped_column(Date)
    died_on: Mapped[dt.date | None] = mapped_column(Date)


class ResidentEventRow(Base):
    """A life event in a resident's history (異動履歴)."""

    __tablename__ = "resident_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    resident_code: Mapped[str] = mapped_column(ForeignKey("residents.resident_code"))
    kind: Mapped[str] = mapped_column(String(20))
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    details: Mapped[str] = mapped_column(Text)
    __table_args__ = (Index("ix_resident_events_resident_code_id", "resident_code", "id"),)


class RetiredMyNumberRow(Base):
    """A My Number replaced after a leak: kept so it is never issued to anyone again."""

    __tablename__ = "retired_my_numbers"
    __table_args__ = {"sqlite_with_rowid": False}  # noqa: RUF012
    my_number: Mapped[str] = mapped_column(String(12), primary_key=True)
    resident_code: Mapped[str] = mapped_column(ForeignKey("residents.resident_code"), index=True)
    retired_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(40))


class ChangeRow(Base):
    """Outbox of published changes: agencies catch up from here by change id."""

    __tablename__ = "changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    resident_code: Mapped[str] = mapped_column(String(11))
    kind: Mapped[str] = mapped_column(String(20))
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    fields: Mapped[str] = mapped_column(String(100))


class SupportMeasureRow(Base):
    """住民基本台帳事務におけるDV等支援措置: the resident's address withheld from others, for a
    period from the request (申出); one row per resident, cleared by setting cleared_at."""

    __tablename__ = "support_measures"
    resident_code: Mapped[str] = mapped_column(
        ForeignKey("residents.resident_code"), primary_key=True
    )
    requested_on: Mapped[dt.date] = mapped_column(Date)  # 申出日
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_until: Mapped[dt.date] = mapped_column(Date)
    set_by: Mapped[str] = mapped_column(String(100))
    set_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    cleared_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    version: Mapped[int] = mapped_column(Integer, doc="counts the changes: a later one wins")


class CounterRow(Base):
    """Named sequences (resident codes, household codes)."""

    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(30), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


# Who looked up whom through the registry (staff searches, number resolutions).
access_records, access_heads = log_tables(Base.metadata, "access")

# Messages to other organisations (each agency's share of the changes), sent with the change.
messages_out = outbox_table(Base.metadata)
