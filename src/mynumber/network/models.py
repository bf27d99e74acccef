"""Tables of the network, in their own schema `network`.

No table holds a My Number, a resident code or a 取得番号: 符号管理 keeps, per issued 符号, a
person handle (an HMAC under the network's key) that joins one person's 符号 across agencies.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from mynumber.kernel.db import UtcDateTime, schema_metadata
from mynumber.kernel.hashlog import log_tables

SCHEMA = "network"


class Base(DeclarativeBase):
    """Declarative base bound to the network schema."""

    metadata = schema_metadata(SCHEMA)


class AgencyRow(Base):
    """An agency connected to the network, and the public key its requests are signed with."""

    __tablename__ = "agencies"
    agency_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100))
    connected_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    public_key: Mapped[str | None] = mapped_column(String(43), nullable=True)
    key_registered_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class CodeRow(Base):
    """符号管理: a 符号 issued to an agency and the person it stands for (as a handle)."""

    __tablename__ = "codes"
    __table_args__ = (Index("ix_codes_person_agency", "person", "agency", unique=True),)
    agency: Mapped[str] = mapped_column(String(40), primary_key=True)
    code: Mapped[str] = mapped_column(String(43), primary_key=True)
    person: Mapped[str] = mapped_column(String(64))
    issued_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class SeenRequestRow(Base):
    """A request id a requester has used: a second request with it is a replay."""

    __tablename__ = "seen_requests"
    requester: Mapped[str] = mapped_column(String(40), primary_key=True)
    request_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    seen_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class ExchangeRow(Base):
    """One query and its outcome, without the person: what the usage figures count."""

    __tablename__ = "exchanges"
    __table_args__ = (Index("ix_exchanges_procedure_requester", "procedure", "requester"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    procedure: Mapped[str] = mapped_column(String(20))
    requester: Mapped[str] = mapped_column(String(40))
    provider: Mapped[str] = mapped_column(String(40))
    refusal: Mapped[str | None] = mapped_column(String(40), nullable=True)
    requested_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


# The network's own 情報提供等記録 (第23条第3項): one chain per person handle.
exchange_records, exchange_heads = log_tables(Base.metadata, "exchange")
