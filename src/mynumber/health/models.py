"""Tables of the medical information platform, in their own schema `health`."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Index, Integer, LargeBinary, String, Text
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


# The person's access log: one chain per patient key.
access_records, access_heads = log_tables(Base.metadata, "access")

# The 予防接種 and PMH tables live in their own modules, on this metadata.
from mynumber.health.pmh import models as _pmh_models  # noqa: E402, F401
from mynumber.health.vaccinations import models as _vaccination_models  # noqa: E402, F401
