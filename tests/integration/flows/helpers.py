"""A family assessed in 千代田区 (A) that can move to 札幌市中央区 (B), for the flows' tests."""

from __future__ import annotations

import datetime as dt

from mynumber.app import System
from mynumber.municipality.data import agency_id

from ..municipality.helpers import CODE, Family, register_family, salary
from ..registry.helpers import SAPPORO

FORMER = CODE  # 千代田区
NEW = SAPPORO.local_government_code  # 札幌市中央区
MOVED_ON = dt.date(2026, 10, 1)
NOVEMBER = dt.date(2026, 11, 1)

__all__ = ["FORMER", "NEW", "NOVEMBER", "agency_id", "assessed_family", "move_family"]


def assessed_family(system: System, *, copies: bool = True) -> Family:
    """Register the family at A, assess FY2025 and FY2026 there, and (if copies) register the
    副本 of both years on A's partition."""
    family = register_family(system)
    municipality = system.municipality
    municipality.enrol_residents(municipality=FORMER)
    reports = [salary(family.head, year, 5_000_000, 750_000) for year in (2024, 2025)]
    municipality.record_incomes(municipality=FORMER, reports=reports)
    for year in (2025, 2026):
        municipality.assess(municipality=FORMER, fiscal_year=year)
        if copies:
            municipality.register_copies(municipality=FORMER, fiscal_year=year)
    return family


def move_family(system: System, family: Family) -> None:
    """Move the household to B and take it into B's 宛名 system."""
    system.registry.move(resident_code=family.head.resident_code, address=SAPPORO, on=MOVED_ON)
    system.municipality.enrol_residents(municipality=NEW)
