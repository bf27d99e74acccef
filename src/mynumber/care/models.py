"""Tables of the care information platform (介護情報基盤), in their own schema `care`."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, Date, Index, Integer, SmallInteger, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from mynumber.kernel.db import UtcDateTime, schema_metadata
from mynumber.kernel.hashlog import log_tables
from mynumber.kernel.messaging import inbox_table

SCHEMA = "care"


class Base(DeclarativeBase):
    """Declarative base bound to the care schema."""

    metadata = schema_metadata(SCHEMA)


class CounterRow(Base):
    """The next 被保険者番号 serial (⚠ one counter for the platform)."""

    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    next_serial: Mapped[int] = mapped_column(BigInteger)


class InsuredRow(Base):
    """A 介護保険被保険者: 被保険者番号, the My Number and the platform's 符号 beside it, and the
    municipality's resident code (its 宛名, ⚠ kept as the municipality's system keeps it)."""

    __tablename__ = "insured"
    __table_args__ = (
        Index("uq_insured_resident", "resident_code", unique=True),
        Index("uq_insured_code", "agency_code", unique=True),
        Index("ix_insured_household", "household_code"),
    )
    insured_number: Mapped[str] = mapped_column(String(10), primary_key=True)
    insurer_number: Mapped[str] = mapped_column(String(6))
    resident_code: Mapped[str] = mapped_column(String(11))
    my_number: Mapped[str] = mapped_column(String(12))
    agency_code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(101))
    birth_date: Mapped[dt.date] = mapped_column(Date)
    category: Mapped[str] = mapped_column(String(1))
    acquired_on: Mapped[dt.date] = mapped_column(Date)
    health_insurance: Mapped[str] = mapped_column(String(40))
    enrolled_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    # 世帯: whom to ask for with the person when the 負担割合 counts the household's 第1号
    # (the 住民票関係情報 the network provides decides; this only names the candidates).
    household_code: Mapped[str | None] = mapped_column(String(11))


class CertificationRow(Base):
    """An application for 要介護認定 and, once decided, its result."""

    __tablename__ = "certifications"
    __table_args__ = (Index("ix_certifications_insured", "insured_number"),)
    application_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    insured_number: Mapped[str] = mapped_column(String(10))
    applied_on: Mapped[dt.date] = mapped_column(Date)
    renewal: Mapped[bool] = mapped_column(Boolean)
    doctor: Mapped[str] = mapped_column(String(60))
    institution: Mapped[str] = mapped_column(String(10))
    specified_disease: Mapped[str] = mapped_column(String(60))
    level: Mapped[str | None] = mapped_column(String(2))
    first_judgement: Mapped[str | None] = mapped_column(String(2))
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    survey: Mapped[str | None] = mapped_column(Text)
    opinion: Mapped[str | None] = mapped_column(Text)


class CarePlanRow(Base):
    """ケアプラン: the newest one from `starts_on` is in force."""

    __tablename__ = "care_plans"
    insured_number: Mapped[str] = mapped_column(String(10), primary_key=True)
    starts_on: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    office_number: Mapped[str] = mapped_column(String(10))
    care_manager: Mapped[str] = mapped_column(String(60))
    services: Mapped[str] = mapped_column(Text)  # JSON list of PlannedService


class ClaimRow(Base):
    """給付実績 of one month, office and kind of service."""

    __tablename__ = "claims"
    insured_number: Mapped[str] = mapped_column(String(10), primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    office_number: Mapped[str] = mapped_column(String(10), primary_key=True)
    service_type: Mapped[str] = mapped_column(String(2), primary_key=True)
    units: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    insurer_paid: Mapped[int] = mapped_column(Integer)
    person_paid: Mapped[int] = mapped_column(Integer)


class BurdenRow(Base):
    """負担割合証 of one period (August – July)."""

    __tablename__ = "burdens"
    insured_number: Mapped[str] = mapped_column(String(10), primary_key=True)
    valid_from: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    valid_to: Mapped[dt.date] = mapped_column(Date)
    ratio: Mapped[int] = mapped_column(SmallInteger)
    fiscal_year: Mapped[int] = mapped_column(SmallInteger)
    total_income: Mapped[int] = mapped_column(BigInteger)
    pension_and_other: Mapped[int] = mapped_column(BigInteger)
    basis: Mapped[str] = mapped_column(String(100))


class LimitRow(Base):
    """負担限度額認定証 of one period (August – July)."""

    __tablename__ = "limits"
    insured_number: Mapped[str] = mapped_column(String(10), primary_key=True)
    valid_from: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    valid_to: Mapped[dt.date] = mapped_column(Date)
    stage: Mapped[str] = mapped_column(String(4))
    daily_food_limit: Mapped[int] = mapped_column(Integer)
    basis: Mapped[str] = mapped_column(String(100))


class ProviderRow(Base):
    """A provider known to the platform (事業所ユーザ認証 done)."""

    __tablename__ = "providers"
    number: Mapped[str] = mapped_column(String(10), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))


class RelationshipRow(Base):
    """A provider serving a person, and when it last checked the person's card."""

    __tablename__ = "relationships"
    office_number: Mapped[str] = mapped_column(String(10), primary_key=True)
    insured_number: Mapped[str] = mapped_column(String(10), primary_key=True)
    since: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    until: Mapped[dt.date | None] = mapped_column(Date)
    identity_checked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())


class ConsentRow(Base):
    """The person's consent that a provider see the consent-bound items."""

    __tablename__ = "consents"
    insured_number: Mapped[str] = mapped_column(String(10), primary_key=True)
    provider: Mapped[str] = mapped_column(String(10), primary_key=True)
    given_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


# Who saw or was refused a person's data: one chain per `care:<被保険者番号>`.
access_records, access_heads = log_tables(Base.metadata, "access")

# The registry's changes handled (a My Number change, a move: 個人番号変更・世帯の異動).
messages_in = inbox_table(Base.metadata)
