"""Synthetic 予防接種 histories for the population's children, through the platform's api only.

A simplified routine childhood schedule (定期接種, ⚠ simplified: the ages are the usual start of
each series, not the permitted windows; the 2024 五種混合 replaces DPT-IPV and Hib; rotavirus
and HPV are left out): each child of 0–14 on `on` has had each dose whose age they reached,
each with a chance of ⚠ 95% (a dose missed leaves the later ones of that vaccine missed too),
recorded by their current municipality (⚠ a child who moved is recorded where they live now),
given at one clinic per municipality, on the day the age was reached.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable

from mynumber.health.api import Clerk, ImmunizationRoute, ImmunizationSite, VaccinationRecord
from mynumber.health.api import Vaccinations as VaccinationService
from mynumber.kernel.ages import age_on
from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.registry.api import Registry
from mynumber.registry.data import Resident
from mynumber.synth.data import VaccinationReport
from mynumber.synth.lives import read_residents

__all__ = ["SCHEDULE", "populate_vaccinations"]

_SC, _IM, _PERC = (
    ImmunizationRoute.SUBCUTANEOUS, ImmunizationRoute.INTRAMUSCULAR,
    ImmunizationRoute.PERCUTANEOUS,
)  # fmt: skip
# (code, name, dose, age in months, route) ⚠ simplified.
SCHEDULE: tuple[tuple[str, str, int, int, ImmunizationRoute], ...] = (
    ("DPT-IPV-HIB", "五種混合ワクチン", 1, 2, _SC),
    ("PCV", "小児用肺炎球菌ワクチン", 1, 2, _SC),
    ("HBV", "B型肝炎ワクチン", 1, 2, _IM),
    ("DPT-IPV-HIB", "五種混合ワクチン", 2, 3, _SC),
    ("PCV", "小児用肺炎球菌ワクチン", 2, 3, _SC),
    ("HBV", "B型肝炎ワクチン", 2, 3, _IM),
    ("DPT-IPV-HIB", "五種混合ワクチン", 3, 4, _SC),
    ("PCV", "小児用肺炎球菌ワクチン", 3, 4, _SC),
    ("BCG", "BCGワクチン", 1, 5, _PERC),
    ("HBV", "B型肝炎ワクチン", 3, 7, _IM),
    ("MR", "麻しん風しん混合ワクチン", 1, 12, _SC),
    ("VAR", "水痘ワクチン", 1, 12, _SC),
    ("PCV", "小児用肺炎球菌ワクチン", 4, 12, _SC),
    ("DPT-IPV-HIB", "五種混合ワクチン", 4, 18, _SC),
    ("VAR", "水痘ワクチン", 2, 18, _SC),
    ("JE", "日本脳炎ワクチン", 1, 36, _SC),
    ("JE", "日本脳炎ワクチン", 2, 37, _SC),
    ("JE", "日本脳炎ワクチン", 3, 48, _SC),
    ("MR", "麻しん風しん混合ワクチン", 2, 72, _SC),
    ("JE", "日本脳炎ワクチン", 4, 108, _SC),
    ("DT", "二種混合ワクチン", 1, 132, _SC),
)
_COVERAGE = 0.95  # ⚠ per dose
_CHILD_UNTIL = 15  # years


def populate_vaccinations(
    *,
    registry: Registry,
    vaccinations: VaccinationService,
    seed: int,
    on: dt.date,
    progress: Callable[[int, int], None] | None = None,
) -> VaccinationReport:
    """Record the children's routine vaccinations, one batch per municipality."""
    started, rng = time.perf_counter(), random.Random(f"vaccinations:{seed}")
    residents = [r for household in read_residents(registry) for r in household]
    children = [r for r in residents if 0 <= age_on(r.birth_date, on) < _CHILD_UNTIL]
    by_city: dict[str, list[Resident]] = {}
    for child in children:
        by_city.setdefault(child.address.local_government_code, []).append(child)
    doses: dict[str, int] = {}
    for done, (city, people) in enumerate(sorted(by_city.items()), 1):
        clinic = CODECS[IdentifierKind.FACILITY_CODE].generate(rng)
        records = [r for child in people for r in _history(rng, child, city, clinic, on)]
        if records:
            vaccinations.record_many(
                clerk=Clerk(municipality_code=city, name="synth"), records=records
            )
        for record in records:
            doses[record.vaccine_code] = doses.get(record.vaccine_code, 0) + 1
        if progress:
            progress(done, len(by_city))
    return VaccinationReport(
        children=len(children), doses=doses, seconds=time.perf_counter() - started
    )


def _history(
    rng: random.Random, child: Resident, city: str, clinic: str, on: dt.date
) -> list[VaccinationRecord]:
    """Return the child's doses due by `on`, a missed dose ending that vaccine's series."""
    missed: set[str] = set()
    records = []
    for code, name, dose, months, route in SCHEDULE:
        day = _months_after(child.birth_date, months)
        if day > on or code in missed:
            continue
        if rng.random() >= _COVERAGE:
            missed.add(code)
            continue
        records.append(
            VaccinationRecord(
                my_number=child.my_number, municipality_code=city, vaccine_code=code,
                vaccine_name=name, lot_number=f"S{rng.randint(100, 999)}-{dose}",
                occurred_on=day, dose_number=dose, facility_code=clinic,
                route=route,
                site=None if route is _PERC else ImmunizationSite.LEFT_ARM,
            )
        )  # fmt: skip
    return records


def _months_after(day: dt.date, months: int) -> dt.date:
    """Return the day `months` after `day` (the month's last day when it has no such day)."""
    year, month = divmod(day.month - 1 + months, 12)
    target_year, target_month = day.year + year, month + 1
    for last in (day.day, 30, 29, 28):
        try:
            return dt.date(target_year, target_month, last)
        except ValueError:
            continue
    raise AssertionError("unreachable")
