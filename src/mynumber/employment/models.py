"""Tables of employment insurance (ハローワーク), in their own schema `employment`."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Date, Float, Index, Integer, SmallInteger, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from mynumber.kernel.db import UtcDateTime, schema_metadata
from mynumber.kernel.hashlog import log_tables

SCHEMA = "employment"


class Base(DeclarativeBase):
    """Declarative base bound to the employment schema."""

    metadata = schema_metadata(SCHEMA)


class CounterRow(Base):
    """The next 一連番号 of each 公共職業安定所."""

    __tablename__ = "counters"
    office: Mapped[str] = mapped_column(String(4), primary_key=True)
    next_serial: Mapped[int] = mapped_column(BigInteger)


class PersonRow(Base):
    """A person under their 雇用保険被保険者番号, with the My Number beside it."""

    __tablename__ = "people"
    __table_args__ = (Index("uq_people_my_number", "my_number", unique=True),)
    insured_number: Mapped[str] = mapped_column(String(11), primary_key=True)
    my_number: Mapped[str] = mapped_column(String(12))
    name: Mapped[str] = mapped_column(String(101))
    birth_date: Mapped[dt.date] = mapped_column(Date)
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class SpellRow(Base):
    """A spell of coverage with one employer, up to its 離職日 (null: still employed)."""

    __tablename__ = "spells"
    insured_number: Mapped[str] = mapped_column(String(11), primary_key=True)
    start: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    last_day: Mapped[dt.date | None] = mapped_column(Date)
    employer: Mapped[str] = mapped_column(String(60))
    monthly_wage: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(String(12))


class DecisionRow(Base):
    """受給資格の決定 of one separation."""

    __tablename__ = "decisions"
    __table_args__ = (
        Index("uq_decisions_separation", "insured_number", "separated_on", unique=True),
    )
    decision_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    insured_number: Mapped[str] = mapped_column(String(11))
    applied_on: Mapped[dt.date] = mapped_column(Date)
    separated_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(12))
    age: Mapped[int] = mapped_column(SmallInteger)
    kind: Mapped[str] = mapped_column(String(8))
    insured_months: Mapped[int] = mapped_column(SmallInteger)
    insured_years: Mapped[int] = mapped_column(SmallInteger)
    wage_daily: Mapped[int] = mapped_column(Integer)
    benefit_rate: Mapped[float] = mapped_column(Float)
    benefit_daily: Mapped[int] = mapped_column(Integer)
    benefit_days: Mapped[int] = mapped_column(SmallInteger)
    restriction_months: Mapped[int] = mapped_column(SmallInteger)
    note: Mapped[str] = mapped_column(Text)
    decided_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


# Who read a person's record: one chain per `employment:<被保険者番号>`.
access_records, access_heads = log_tables(Base.metadata, "access")
