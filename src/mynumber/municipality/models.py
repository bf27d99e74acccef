"""Tables of the municipality (税務・福祉), in their own schema `municipality`.

Every table is keyed by the municipality's 全国地方公共団体コード first: one subsystem models
every municipality, each seeing only its own rows.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, Date, Index, Integer, SmallInteger, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from mynumber.kernel.db import UtcDateTime, schema_metadata
from mynumber.kernel.hashlog import log_tables
from mynumber.kernel.messaging.tables import outbox_table

SCHEMA = "municipality"


class Base(DeclarativeBase):
    """Declarative base bound to the municipality schema."""

    metadata = schema_metadata(SCHEMA)


class MunicipalityRow(Base):
    """A municipality that keeps a 宛名 system here, with its next 宛名番号."""

    __tablename__ = "municipalities"
    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    next_address_number: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class AddresseeRow(Base):
    """団体内統合宛名: a person's 宛名番号 with their My Number and 住民票コード."""

    __tablename__ = "addressees"
    __table_args__ = (
        Index("uq_addressees_resident", "municipality_code", "resident_code", unique=True),
        Index("ix_addressees_my_number", "my_number"),
        Index("ix_addressees_household", "municipality_code", "household_code"),
    )
    municipality_code: Mapped[str] = mapped_column(String(6), primary_key=True)
    address_number: Mapped[str] = mapped_column(String(15), primary_key=True)
    resident_code: Mapped[str] = mapped_column(String(11))
    my_number: Mapped[str] = mapped_column(String(12))
    name: Mapped[str] = mapped_column(String(101))
    birth_date: Mapped[dt.date] = mapped_column(Date)
    household_code: Mapped[str] = mapped_column(String(12))
    relationship: Mapped[str] = mapped_column(String(20))
    enrolled_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class IncomeRow(Base):
    """A year's incomes of one addressee (給与・公的年金等支払報告書, 申告)."""

    __tablename__ = "incomes"
    municipality_code: Mapped[str] = mapped_column(String(6), primary_key=True)
    address_number: Mapped[str] = mapped_column(String(15), primary_key=True)
    income_year: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    salary_revenue: Mapped[int] = mapped_column(BigInteger)
    pension_revenue: Mapped[int] = mapped_column(BigInteger)
    other_income: Mapped[int] = mapped_column(BigInteger)
    social_insurance: Mapped[int] = mapped_column(BigInteger)
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class AssessmentRow(Base):
    """個人住民税の賦課: one addressee's tax of a fiscal year."""

    __tablename__ = "assessments"
    municipality_code: Mapped[str] = mapped_column(String(6), primary_key=True)
    address_number: Mapped[str] = mapped_column(String(15), primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    income_year: Mapped[int] = mapped_column(SmallInteger)
    salary_revenue: Mapped[int] = mapped_column(BigInteger)
    salary_income: Mapped[int] = mapped_column(BigInteger)
    pension_revenue: Mapped[int] = mapped_column(BigInteger)
    pension_income: Mapped[int] = mapped_column(BigInteger)
    other_income: Mapped[int] = mapped_column(BigInteger)
    total_income: Mapped[int] = mapped_column(BigInteger)
    deductions: Mapped[int] = mapped_column(BigInteger)
    taxable_income: Mapped[int] = mapped_column(BigInteger)
    spouse: Mapped[bool] = mapped_column(Boolean)
    dependants: Mapped[int] = mapped_column(SmallInteger)
    municipal_income_levy: Mapped[int] = mapped_column(BigInteger)
    prefectural_income_levy: Mapped[int] = mapped_column(BigInteger)
    per_capita_levy: Mapped[int] = mapped_column(Integer)
    exempt: Mapped[bool] = mapped_column(Boolean)
    income_levy_exempt: Mapped[bool] = mapped_column(Boolean)
    assessed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class AllowanceDecisionRow(Base):
    """児童手当の認定 of a household for a month; children as JSON (AllowanceLine)."""

    __tablename__ = "allowance_decisions"
    __table_args__ = (
        Index("ix_allowance_decisions_household", "municipality_code", "household_code"),
    )
    decision_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    municipality_code: Mapped[str] = mapped_column(String(6))
    household_code: Mapped[str] = mapped_column(String(12))
    recipient: Mapped[str | None] = mapped_column(String(15))
    month: Mapped[dt.date] = mapped_column(Date)
    children: Mapped[str] = mapped_column(Text)
    monthly_total: Mapped[int] = mapped_column(Integer)
    payment_month: Mapped[dt.date] = mapped_column(Date)
    payment_amount: Mapped[int] = mapped_column(Integer)
    decided_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


# Who read a person's tax or welfare records: one chain per `<municipality>:<宛名番号>`.
access_records, access_heads = log_tables(Base.metadata, "access")

# Messages the municipality sends (お知らせ of 児童手当 decisions to the portal).
messages_out = outbox_table(Base.metadata)
