"""Synthetic claims (レセプト) and 特定健診 results for a year, sent to the eligibility system.

For each covered person: long-term conditions by age and sex, seen every 4–12 weeks at a
regular clinic with their drugs dispensed at a regular pharmacy (or in the clinic, 院内処方),
and short illnesses through the year (colds and influenza mostly in winter, hay fever in
spring). Each claim names the person by the insured number in force on the day of service.
Those aged 40–74 take the yearly 特定健診 (~55% do), with results drawn by sex, age and their
conditions. Some stay in hospital (入院, `stays`). Deterministic from the seed and the register.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from mynumber.eligibility.api import Eligibility
from mynumber.eligibility.data import (
    CheckupResult,
    Claim,
    Diagnosis,
    InsuredRef,
    IntakeReceipt,
    Medication,
    Procedure,
)
from mynumber.kernel.ages import age_on
from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.kernel.errors import InvalidInputError
from mynumber.registry.data import Sex
from mynumber.synth.checkups import checkup
from mynumber.synth.loading import Covered
from mynumber.synth.medicine import (
    ACUTE,
    CHRONIC,
    CLINIC_FIRST,
    CLINIC_REPEAT,
    DISEASE_MANAGEMENT,
    DISPENSING,
    DISPENSING_FEE,
    HBA1C,
    LIPID_PANEL,
    PRESCRIPTION,
    Acute,
    Chronic,
    Drug,
)
from mynumber.synth.stays import inpatient_claims

__all__ = ["BATCH", "ClaimFacilities", "builtin_facilities", "generate", "load", "person_rng"]

BATCH = 5_000
_MEDICAL_KINDS = frozenset({"clinic", "hospital"})
_IN_HOUSE = 0.25  # clinics that dispense themselves (院内処方)
_CHECKUP_UPTAKE = 0.55  # 特定健診実施率
_MANAGED = frozenset({"I10", "E11.9", "E78.5"})  # 特定疾患療養管理料


class ClaimFacilities:
    """Clinics and pharmacies by prefecture (the first two digits of the code)."""

    def __init__(self, facilities: Sequence[tuple[str, str]]) -> None:
        self.clinics: dict[str, list[str]] = {}
        self.pharmacies: dict[str, list[str]] = {}
        self.hospitals: dict[str, list[str]] = {}
        for code, kind in facilities:
            if kind == "hospital":
                self.hospitals.setdefault(code[:2], []).append(code)
            target = self.clinics if kind in _MEDICAL_KINDS else self.pharmacies
            if kind in _MEDICAL_KINDS or kind == "pharmacy":
                target.setdefault(code[:2], []).append(code)
        if not self.clinics:
            raise InvalidInputError("claims need at least one clinic or hospital facility code")

    def pick(self, rng: random.Random, prefecture: str) -> tuple[str, str | None]:
        """Return a regular clinic and pharmacy (None: the clinic dispenses), near if possible."""
        clinic = _near(rng, self.clinics, prefecture)
        pharmacy = None
        if self.pharmacies and rng.random() >= _IN_HOUSE:
            pharmacy = _near(rng, self.pharmacies, prefecture)
        return clinic, pharmacy

    def hospital(self, rng: random.Random, prefecture: str) -> str:
        """Return a hospital near if possible (a clinic when there is no hospital at all)."""
        return _near(rng, self.hospitals or self.clinics, prefecture)


def _near(rng: random.Random, by_prefecture: dict[str, list[str]], prefecture: str) -> str:
    pool = by_prefecture.get(prefecture) or sorted(
        c for codes in by_prefecture.values() for c in codes
    )
    return pool[int(rng.random() * len(pool))]


def builtin_facilities() -> list[tuple[str, str]]:
    """Return one clinic (医科) and one pharmacy (調剤) per prefecture, with valid codes."""
    complete = CODECS[IdentifierKind.FACILITY_CODE].complete
    result: list[tuple[str, str]] = []
    for prefecture in range(1, 48):
        serial = f"{(prefecture * 7919) % 1_000_000:06d}"
        result += [
            (complete(f"{prefecture:02d}1{serial}"), "clinic"),
            (complete(f"{prefecture:02d}4{serial}"), "pharmacy"),
        ]
    return result


class _Visit(NamedTuple):
    day: dt.date
    diagnoses: tuple[tuple[str, str], ...]
    procedures: tuple[tuple[str, str], ...]
    drugs: tuple[tuple[Drug, int], ...]  # (drug, days)


def generate(
    rng: random.Random, person: Covered, *, on: dt.date, facilities: ClaimFacilities
) -> tuple[list[Claim], list[CheckupResult]]:
    """Return one person's claims and check-up over the year up to `on`."""
    resident = person.resident
    first = on - dt.timedelta(days=364)
    age = age_on(resident.birth_date, on)
    conditions = _conditions(rng, age, resident.sex)
    clinic, pharmacy = facilities.pick(rng, resident.address.local_government_code[:2])
    visits = _chronic_visits(rng, conditions, first, on) + _acute_visits(rng, age, first, on)
    claims: list[Claim] = []
    for visit in sorted(visits):
        insured = person.insured_on(visit.day)
        if insured is not None:
            claims += _claims(visit, insured, clinic, pharmacy)
    results: list[CheckupResult] = []
    examined = first + dt.timedelta(days=int(rng.random() * 365))
    insured = person.insured_on(examined)
    eligible = insured is not None and 40 <= age_on(resident.birth_date, examined) <= 74
    if eligible and insured is not None and rng.random() < _CHECKUP_UPTAKE:
        codes = frozenset(c.code for c in conditions)
        results.append(checkup(rng, resident, insured, examined, codes))
    hospital = facilities.hospital(rng, resident.address.local_government_code[:2])
    claims += inpatient_claims(rng, person, first=first, on=on, hospital=hospital)
    return claims, results


def _conditions(rng: random.Random, age: int, sex: Sex) -> list[Chronic]:
    band = 0 if age < 40 else min(4, (age - 30) // 10)
    return [c for c in CHRONIC if c.sex in (0, int(sex)) and rng.random() < c.shares[band]]


def _chronic_visits(
    rng: random.Random, conditions: list[Chronic], first: dt.date, on: dt.date
) -> list[_Visit]:
    if not conditions:
        return []
    interval = (28, 56, 56, 84, 84)[int(rng.random() * 5)]  # 4, 8 or 12 weeks of drugs
    drugs = tuple(c.drugs[int(rng.random() * len(c.drugs))] for c in conditions)
    diagnoses = tuple((c.code, c.name) for c in conditions)
    codes = {c.code for c in conditions}
    visits: list[_Visit] = []
    day = first + dt.timedelta(days=int(rng.random() * interval))
    while day <= on:
        procedures = [CLINIC_REPEAT] + ([DISEASE_MANAGEMENT] if codes & _MANAGED else [])
        if "E11.9" in codes and len(visits) % max(1, 84 // interval) == 0:
            procedures.append(HBA1C)
        if "E78.5" in codes and len(visits) % max(1, 168 // interval) == 0:
            procedures.append(LIPID_PANEL)
        visits.append(
            _Visit(day, diagnoses, tuple(procedures), tuple((d, interval) for d in drugs))
        )
        day += dt.timedelta(days=interval + int(rng.random() * 7) - 3)
    return visits


def _acute_visits(rng: random.Random, age: int, first: dt.date, on: dt.date) -> list[_Visit]:
    visits: list[_Visit] = []
    for illness in ACUTE:
        rate = illness.child_rate if age < 15 else illness.adult_rate
        for _ in range(_poisson(rng, rate)):
            day = _season_day(rng, illness, first, on)
            drugs = tuple((d, illness.days) for d in illness.drugs)
            diagnosis = ((illness.code, illness.name),)
            visits.append(_Visit(day, diagnosis, (CLINIC_FIRST,), drugs))
    return visits


def _season_day(rng: random.Random, illness: Acute, first: dt.date, on: dt.date) -> dt.date:
    months = (12, 1, 2, 3) if illness.winter else (2, 3, 4) if illness.spring else ()
    for _ in range(20):  # draw until the month fits the season (or give up: any day)
        day = first + dt.timedelta(days=int(rng.random() * ((on - first).days + 1)))
        if not months or day.month in months:
            return day
    return day


def _poisson(rng: random.Random, rate: float) -> int:
    """Return a Poisson draw by inversion (rates here are small)."""
    threshold, count, product = math.exp(-rate), 0, rng.random()
    while product > threshold:
        count += 1
        product *= rng.random()
    return count


def _claims(visit: _Visit, insured: InsuredRef, clinic: str, pharmacy: str | None) -> list[Claim]:
    medications = tuple(
        Medication(code=d.code, name=d.name, quantity=d.per_day * days, unit=d.unit, days=days)
        for d, days in visit.drugs
    )
    procedures = [Procedure(code=c, name=n) for c, n in visit.procedures]
    diagnoses = tuple(Diagnosis(code=c, name=n) for c, n in visit.diagnoses)
    if pharmacy is None or not medications:
        return [
            Claim(insured=insured, facility_code=clinic, service_date=visit.day,
                  diagnoses=diagnoses, procedures=tuple(procedures), medications=medications)
        ]  # fmt: skip
    procedures.append(Procedure(code=PRESCRIPTION[0], name=PRESCRIPTION[1]))
    dispensing = tuple(Procedure(code=c, name=n) for c, n in (DISPENSING_FEE, DISPENSING))
    return [
        Claim(insured=insured, facility_code=clinic, service_date=visit.day,
              diagnoses=diagnoses, procedures=tuple(procedures)),
        Claim(insured=insured, facility_code=pharmacy, service_date=visit.day,
              procedures=dispensing, medications=medications),
    ]  # fmt: skip


def load(
    eligibility: Eligibility,
    people: Iterable[Covered],
    *,
    seed: int,
    on: dt.date,
    facilities: Sequence[tuple[str, str]],
    total: int,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int | float]:
    """Generate and send everyone's claims and check-ups in batches; return the figures."""
    started, chosen = time.perf_counter(), ClaimFacilities(facilities)
    claims: list[Claim] = []
    results: list[CheckupResult] = []
    figures = {"people": 0, "patients": 0, "claims": 0, "medications": 0, "checkups": 0}
    figures["refused"] = 0
    for person in people:
        mine, exams = generate(person_rng(seed, person), person, on=on, facilities=chosen)
        figures["people"] += 1
        figures["patients"] += bool(mine)
        figures["medications"] += sum(len(c.medications) for c in mine)
        claims += mine
        results += exams
        if len(claims) >= BATCH:
            _count(figures, "claims", eligibility.record_claims(claims=claims))
            claims = []
        if len(results) >= BATCH:
            _count(figures, "checkups", eligibility.record_checkups(results=results))
            results = []
        if progress is not None and figures["people"] % 500 == 0:
            progress(figures["people"], total)
    if claims:
        _count(figures, "claims", eligibility.record_claims(claims=claims))
    if results:
        _count(figures, "checkups", eligibility.record_checkups(results=results))
    if progress is not None:
        progress(figures["people"], total)
    return {**figures, "seconds": time.perf_counter() - started}


def person_rng(seed: int, person: Covered) -> random.Random:
    """Return the random source of one person's claims (the same for the same seed)."""
    resident = person.resident
    return random.Random(
        f"claims:{seed}:{resident.household_code}:{resident.birth_date}:{resident.name.full}"
    )


def _count(figures: dict[str, int], key: str, receipt: IntakeReceipt) -> None:
    figures[key] += receipt.stored
    figures["refused"] += len(receipt.refused)
