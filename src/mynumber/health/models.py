"""Tables of the medical information platform, in their own schema `health`."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from mynumber.kernel.db import UtcDateTime, schema_metadata
from mynumber.kernel.hashlog import log_tables

SCHEMA = "health"


class Base(DeclarativeBase):
    """Declarative base bound to the health schema."""

    metadata = schema_metadata(SCHEMA)


class PractitionerRow(Base):
    """A practitioner with the HPKI certificate issued on their card's signing key."""

    __tablename__ = "practitioners"
    practitioner_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(30))
    license_number: Mapped[str] = mapped_column(String(10))
    key_digest: Mapped[str] = mapped_column(String(64), unique=True)
    certificate: Mapped[bytes] = mapped_column(LargeBinary)
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class PrescriptionRow(Base):
    """A registered prescription: its signed content (JSON) and signature, kept as received."""

    __tablename__ = "prescriptions"
    prescription_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    exchange_number: Mapped[str] = mapped_column(String(6))
    patient_key: Mapped[str] = mapped_column(String(64), index=True)
    facility_code: Mapped[str] = mapped_column(String(10))
    practitioner_id: Mapped[str] = mapped_column(String(36))
    issued_on: Mapped[dt.date] = mapped_column(Date)
    last_day: Mapped[dt.date] = mapped_column(Date)
    content: Mapped[str] = mapped_column(Text)
    signature: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(12))
    uses: Mapped[int] = mapped_column(Integer)
    uses_left: Mapped[int] = mapped_column(Integer)
    received_by: Mapped[str | None] = mapped_column(String(10), nullable=True)
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    __table_args__ = (Index("ix_prescriptions_exchange_number", "exchange_number"),)


class DispensingRow(Base):
    """A dispensing result (調剤結果) for one use of a prescription."""

    __tablename__ = "dispensings"
    dispensing_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    prescription_id: Mapped[str] = mapped_column(String(36), index=True)
    patient_key: Mapped[str] = mapped_column(String(64), index=True)
    facility_code: Mapped[str] = mapped_column(String(10))
    dispensed_on: Mapped[dt.date] = mapped_column(Date)
    last_day: Mapped[dt.date] = mapped_column(Date)
    use: Mapped[int] = mapped_column(Integer)
    drugs: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class FailedRetrievalRow(Base):
    """A retrieval by 引換番号 that matched nothing: counted per facility and per patient."""

    __tablename__ = "failed_retrievals"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    facility_code: Mapped[str] = mapped_column(String(10), index=True)
    patient_key: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class VaccinationRow(Base):
    """A vaccination as the municipality recorded it, keyed by the person key (no My Number)."""

    __tablename__ = "vaccinations"
    vaccination_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_key: Mapped[str] = mapped_column(String(64), index=True)
    municipality_code: Mapped[str] = mapped_column(String(6))
    vaccine_code: Mapped[str] = mapped_column(String(20))
    vaccine_name: Mapped[str] = mapped_column(String(100))
    lot_number: Mapped[str] = mapped_column(String(30))
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    dose_number: Mapped[int] = mapped_column(Integer)
    facility_code: Mapped[str] = mapped_column(String(10))
    facility_name: Mapped[str] = mapped_column(String(100))
    route: Mapped[str] = mapped_column(String(10))
    site: Mapped[str | None] = mapped_column(String(10), nullable=True)
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class SubsidyRow(Base):
    """A 公費負担医療 recipient (医療費助成対象者), one row per person and 公費負担者番号."""

    __tablename__ = "pmh_subsidies"
    subsidy_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_key: Mapped[str] = mapped_column(String(64), index=True)
    municipality_code: Mapped[str] = mapped_column(String(6))
    insurer_number: Mapped[str] = mapped_column(String(8))
    recipient_number: Mapped[str] = mapped_column(String(7))
    certification_name: Mapped[str] = mapped_column(String(100))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date] = mapped_column(Date)
    max_copayment: Mapped[int | None] = mapped_column(Integer, nullable=True)
    not_disclosed: Mapped[bool] = mapped_column(Boolean)
    registered_by: Mapped[str] = mapped_column(String(100))
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    __table_args__ = (
        UniqueConstraint("person_key", "insurer_number", name="uq_pmh_subsidies_person_insurer"),
    )


class CheckupEntitlementRow(Base):
    """A 自治体検診 recipient: who may take which municipal screening in a fiscal year."""

    __tablename__ = "pmh_checkups"
    checkup_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_key: Mapped[str] = mapped_column(String(64), index=True)
    municipality_code: Mapped[str] = mapped_column(String(6))
    kind: Mapped[str] = mapped_column(String(20))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    not_disclosed: Mapped[bool] = mapped_column(Boolean)
    registered_by: Mapped[str] = mapped_column(String(100))
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


# The person's access log: one chain per patient key.
access_records, access_heads = log_tables(Base.metadata, "access")


class EhrBundleRow(Base):
    """The latest Bundle sent under a bundle identifier (電子カルテ情報共有サービス)."""

    __tablename__ = "ehr_bundles"
    identifier: Mapped[str] = mapped_column(String(200), primary_key=True)
    facility_code: Mapped[str] = mapped_column(String(10), index=True)
    patient_key: Mapped[str] = mapped_column(String(64), index=True)
    insurer_number: Mapped[str] = mapped_column(String(8), index=True)
    bundle_type: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)
    content: Mapped[str] = mapped_column(Text)
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class EhrBundleVersionRow(Base):
    """Every Bundle ever sent under an identifier, numbered from 1 (the history)."""

    __tablename__ = "ehr_bundle_versions"
    identifier: Mapped[str] = mapped_column(String(200), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_key: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text)
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
