"""PMH's tables, in the platform's schema `health` (on the same metadata)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mynumber.health.models import Base
from mynumber.kernel.db import UtcDateTime

__all__ = ["CheckupEntitlementRow", "SubsidyRow"]


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
