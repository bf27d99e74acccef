"""The vaccination table, in the platform's schema `health` (on the same metadata)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from mynumber.health.models import Base
from mynumber.kernel.db import UtcDateTime

__all__ = ["VaccinationRow"]


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
