"""Tables of the intermediate server, in their own schema `intermediate`.

Every table carries the agency (the partition); no table holds a My Number or a resident code.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from mynumber.kernel.db import UtcDateTime, schema_metadata
from mynumber.kernel.hashlog import log_tables

SCHEMA = "intermediate"


class Base(DeclarativeBase):
    """Declarative base bound to the intermediate schema."""

    metadata = schema_metadata(SCHEMA)


class CodeLinkRow(Base):
    """An agency's 宛名番号 ⇔ 符号 (the agency side of 符号管理)."""

    __tablename__ = "code_links"
    __table_args__ = (UniqueConstraint("agency", "code"),)
    agency: Mapped[str] = mapped_column(String(40), primary_key=True)
    address_number: Mapped[str] = mapped_column(String(20), primary_key=True)
    code: Mapped[str] = mapped_column(String(43))
    linked_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class CopyRow(Base):
    """A 副本: one item of one person at one version, with its publication window."""

    __tablename__ = "copies"
    agency: Mapped[str] = mapped_column(String(40), primary_key=True)
    address_number: Mapped[str] = mapped_column(String(20), primary_key=True)
    item_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    published_from: Mapped[dt.date] = mapped_column(Date)
    published_until: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    values_json: Mapped[str] = mapped_column(Text)
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


# 情報提供等記録 (TKM): one chain per agency and 符号 (stream: SHA-256 of the two).
exchange_records, exchange_heads = log_tables(Base.metadata, "exchange")
