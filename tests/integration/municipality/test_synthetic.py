"""Incomes and 住民税 of a synthetic population, following its working lives."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from mynumber.app import System
from mynumber.municipality.data import Addressee

ON = dt.date(2026, 11, 22)  # today in Japan on the fixed clock


def _addressees(system: System, codes: set[str]) -> list[Addressee]:
    people: list[Addressee] = []
    for code in sorted(codes):
        people += system.municipality.addressees(municipality=code, limit=500)
    return people


def test_a_synthetic_population_is_assessed(system: System) -> None:
    system.synth.populate(seed=3, people=300, on=ON)
    seen: list[tuple[int, int]] = []
    report = system.synth.populate_municipal(seed=3, on=ON, progress=lambda *p: seen.append(p))
    assert seen[-1] == (report.municipalities, report.municipalities)
    assert report.fiscal_years == (2025, 2026)
    residents = {r.resident_code: r for r in system.registry.listing(limit=500)}
    codes = {r.address.local_government_code for r in residents.values()}
    people = _addressees(system, codes)
    assert len(people) == report.addressees == len(residents)
    # One 宛名番号 per person and municipality, the register's My Number beside it.
    assert len({(p.municipality, p.address_number) for p in people}) == len(people)
    assert all(p.my_number == residents[p.resident_code].my_number for p in people)
    # Most adults have an income; a plausible share is 非課税 (children, spouses, pensioners).
    assert report.incomes >= 0.5 * len(people)
    assert 0.25 * report.assessed < report.exempt < 0.75 * report.assessed
    infos = [
        info
        for code in sorted(codes)
        for info in system.municipality.local_tax_infos(municipality=code, fiscal_year=2026)
    ]
    assert sum(1 for _ in infos) == sum(1 for p in people if p.birth_date < dt.date(2026, 1, 1))
    exempt = Counter(info.exempt for info in infos)
    assert exempt["0"] > 0 and exempt["1"] > 0
    assert all(info.income_levy == 0 for info in infos if info.exempt == "1")
    assert all(info.per_capita_levy == 5_000 for info in infos if info.exempt == "0")
    assert any(info.pension_income > 0 for info in infos)


def test_the_same_seed_gives_the_same_tax(system: System) -> None:
    system.synth.populate(seed=4, people=120, on=ON)
    first = system.synth.populate_municipal(seed=4, on=ON)
    again = system.synth.populate_municipal(seed=4, on=ON)
    assert (again.incomes, again.assessed, again.exempt) == (
        first.incomes,
        first.assessed,
        first.exempt,
    )
