"""Tables of the pension service (日本年金機構), in their own schema `pension`."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Date, Index, Integer, SmallInteger, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from mynumber.kernel.db import UtcDateTime, schema_metadata
from mynumber.kernel.hashlog import log_tables

SCHEMA = "pension"


class Base(DeclarativeBase):
    """Declarative base bound to the pension schema."""

    metadata = schema_metadata(SCHEMA)


class CounterRow(Base):
    """The next serial of the 基礎年金番号 (記号 and 番号 are cut from it)."""

    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(30), primary_key=True)
    next_value: Mapped[int] = mapped_column(BigInteger)


class PersonRow(Base):
    """A person under their 基礎年金番号, with the My Number beside it."""

    __tablename__ = "people"
    __table_args__ = (Index("uq_people_my_number", "my_number", unique=True),)
    basic_pension_number: Mapped[str] = mapped_column(String(10), primary_key=True)
    my_number: Mapped[str] = mapped_column(String(12))
    name: Mapped[str] = mapped_column(String(101))
    birth_date: Mapped[dt.date] = mapped_column(Date)
    # As the first notice gave them, where it did (the 総点検's other items).
    name_kana: Mapped[str | None] = mapped_column(String(200))
    sex: Mapped[int | None] = mapped_column(SmallInteger)
    address: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(7))
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class PeriodRow(Base):
    """A spell of one 被保険者種別, up to its 喪失日 (`end`, not included; null: in force)."""

    __tablename__ = "periods"
    __table_args__ = (Index("ix_periods_open", "basic_pension_number", "end"),)
    basic_pension_number: Mapped[str] = mapped_column(String(10), primary_key=True)
    start: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    end: Mapped[dt.date | None] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(8))
    monthly_remuneration: Mapped[int] = mapped_column(Integer)


class AwardRow(Base):
    """年金決定: the old-age pension awarded at 65."""

    __tablename__ = "awards"
    basic_pension_number: Mapped[str] = mapped_column(String(10), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    basic_annual: Mapped[int] = mapped_column(Integer)
    employees_annual: Mapped[int] = mapped_column(Integer)
    first_month: Mapped[dt.date] = mapped_column(Date)
    contribution_months: Mapped[int] = mapped_column(SmallInteger)
    decided_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class PaymentRow(Base):
    """A payment (定時払) of one award in an even month."""

    __tablename__ = "payments"
    __table_args__ = (Index("ix_payments_month", "payment_month"),)
    basic_pension_number: Mapped[str] = mapped_column(String(10), primary_key=True)
    payment_month: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    months: Mapped[int] = mapped_column(SmallInteger)
    amount: Mapped[int] = mapped_column(Integer)
    paid_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class HeldNoticeRow(Base):
    """A notice that would have linked a new 基礎年金番号 to a My Number, held for review: it
    contradicts J-LIS's 本人確認情報 (`links_checked_before_acceptance`). The My Number is not
    kept: the notice is what is reviewed."""

    __tablename__ = "held_notices"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(101))
    birth_date: Mapped[dt.date] = mapped_column(Date)
    since: Mapped[dt.date] = mapped_column(Date)
    mismatched: Mapped[str] = mapped_column(String(40))
    held_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


# Who read a person's record: one chain per `pension:<基礎年金番号>`.
access_records, access_heads = log_tables(Base.metadata, "access")
