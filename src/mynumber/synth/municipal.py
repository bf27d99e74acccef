"""Synthetic incomes and 住民税 for the registered residents, through the municipalities' api.

Incomes follow the working lives the insurance lives were drawn from (`lives.plan_lives`, the
same seed gives the same plans): what a person does on 1 July of a year and their income band
(the insurers' IncomeCategory) set the year's 給与収入, 公的年金等収入 or 事業所得. Round figures
after the 民間給与実態統計調査 and 年金 statistics ⚠ (medians, not distributions): employees'
pay rises with age to about 5.5 million at 50; 国民年金 alone is about 800,000 a year, with
厚生年金 1.5–2.5 million; 社会保険料 about 15% of pay ⚠. Each municipality takes in its residents,
records two years of incomes and assesses the two fiscal years on them.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable

from mynumber.insurers.data import IncomeCategory
from mynumber.kernel.ages import age_on
from mynumber.municipality.api import Municipality
from mynumber.municipality.data import IncomeReport
from mynumber.registry.api import Registry
from mynumber.synth.careers import CHILD, ELDER, EMPLOYED, HOME, LATE, NATIONAL, State, state_at
from mynumber.synth.data import MunicipalReport
from mynumber.synth.households import Person
from mynumber.synth.insurers import Catalogue
from mynumber.synth.lives import plan_lives, read_residents

__all__ = ["populate_municipal", "yearly_income"]

_A, _B = IncomeCategory.ACTIVE_EQUIVALENT, IncomeCategory.ABOVE_CERTAIN
_G, _L = IncomeCategory.GENERAL, IncomeCategory.LOW
_SALARY = {_L: (1_000_000, 2_000_000), _B: (7_500_000, 10_000_000), _A: (10_000_000, 18_000_000)}
_BUSINESS = {_L: (0, 400_000), _G: (1_500_000, 4_000_000), _B: (5_000_000, 8_000_000)}
_BUSINESS[_A] = (9_000_000, 15_000_000)
_PENSION = {_L: (600_000, 800_000), _G: (1_200_000, 2_400_000), _B: (2_400_000, 3_300_000)}
_PENSION[_A] = (3_300_000, 4_500_000)
_BASIC_PENSION = 800_000  # 老齢基礎年金, full (≈ 816,000 in FY2024)
_EMPLOYEE_PREMIUMS = 0.15  # 健康保険・厚生年金・雇用保険, employee's half ⚠
_NATIONAL_PREMIUMS = 0.10  # 国保 ⚠
_NATIONAL_PENSION = 203_760  # 国民年金保険料 16,980 × 12 (FY2024)
_ELDERLY_PREMIUMS = 0.08  # 介護保険・後期/国保 on pensions ⚠
_BATCH = 500

Figures = tuple[int, int, int, int]  # salary, pension, other income, social insurance


def _between(rng: random.Random, bounds: tuple[int, int]) -> int:
    low, high = bounds
    return int(round(low + (high - low) * rng.random(), -3))


def _salary(rng: random.Random, income: IncomeCategory, age: int) -> int:
    if income in _SALARY:
        return _between(rng, _SALARY[income])
    typical = 2_600_000 + 100_000 * min(max(age - 20, 0), 30)  # 22: 2.8M, 50: 5.6M
    return int(round(min(7_400_000, max(1_800_000, typical * rng.lognormvariate(0, 0.2))), -3))


def _pension(rng: random.Random, income: IncomeCategory, age: int) -> int:
    return _between(rng, _PENSION[income]) if age >= 65 else 0


def _employee(rng: random.Random, state: State, age: int) -> Figures:
    salary = _salary(rng, state.income, age)
    pension = _pension(rng, _G, age)
    return salary, pension, 0, round(salary * _EMPLOYEE_PREMIUMS)


def _national(rng: random.Random, state: State, age: int) -> Figures:
    if age >= 65:  # retired on 国保 (65–74)
        pension = _pension(rng, state.income, age)
        other = _between(rng, _BUSINESS[_L]) if state.income is _A else 0
        return 0, pension, other, round(pension * _ELDERLY_PREMIUMS)
    other = _between(rng, _BUSINESS[state.income])  # self-employed, or between jobs ⚠
    premiums = round(other * _NATIONAL_PREMIUMS) + (_NATIONAL_PENSION if age < 60 else 0)
    return 0, 0, other, premiums


def _pensioner(rng: random.Random, state: State, age: int) -> Figures:
    pension = _between(rng, _PENSION[state.income if state.activity == LATE else _L])
    return 0, pension, 0, round(pension * _ELDERLY_PREMIUMS)


def _at_home(rng: random.Random, state: State, age: int) -> Figures:
    """扶養内のパート for some; the basic pension from 65."""
    part_time = _between(rng, (600_000, 1_200_000)) if rng.random() < 0.35 else 0
    pension = _BASIC_PENSION if age >= 65 else 0
    return part_time, pension, 0, round(pension * _ELDERLY_PREMIUMS)


def _child(rng: random.Random, state: State, age: int) -> Figures:
    """アルバイト for some from 16."""
    if age >= 16 and rng.random() < 0.2:
        return _between(rng, (300_000, 900_000)), 0, 0, 0
    return 0, 0, 0, 0


_BY_ACTIVITY = {
    EMPLOYED: _employee,
    NATIONAL: _national,
    LATE: _pensioner,
    ELDER: _pensioner,
    HOME: _at_home,
    CHILD: _child,
}


def yearly_income(rng: random.Random, state: State | None, age: int) -> Figures:
    """Return a person's (給与収入, 公的年金等収入, その他所得, 社会保険料) in a year they spend
    in `state` (None: before the plan begins; 生活保護: nothing)."""
    figures = _BY_ACTIVITY.get(state.activity) if state is not None else None
    if state is None or figures is None:
        return 0, 0, 0, 0
    return figures(rng, state, age)


def _reports(person: Person, *, seed: int, years: tuple[int, ...]) -> list[IncomeReport]:
    resident = person.resident
    reports = []
    for year in years:
        rng = random.Random(f"income:{seed}:{person.number}:{year}")  # not the keyed codes
        state = state_at(person.plan, dt.date(year, 7, 1))
        age = age_on(resident.birth_date, dt.date(year, 12, 31))
        salary, pension, other, premiums = yearly_income(rng, state, age)
        if salary or pension or other:
            reports.append(
                IncomeReport(
                    my_number=resident.my_number,
                    income_year=year,
                    salary_revenue=salary,
                    pension_revenue=pension,
                    other_income=other,
                    social_insurance=premiums,
                )
            )
    return reports


def populate_municipal(
    *,
    registry: Registry,
    municipality: Municipality,
    seed: int,
    on: dt.date,
    progress: Callable[[int, int], None] | None = None,
) -> MunicipalReport:
    """Give every municipality its 宛名 system, two years of incomes up to the year before
    `on`, and the 住民税 of the two fiscal years on them. progress gets (municipalities done,
    of how many)."""
    started = time.perf_counter()
    people, _ = plan_lives(read_residents(registry), seed=seed, on=on, catalogue=Catalogue())
    by_code: dict[str, list[Person]] = {}
    for person in people:
        by_code.setdefault(person.resident.address.local_government_code, []).append(person)
    fiscal_year = on.year if on.month >= 4 else on.year - 1
    years = (fiscal_year - 2, fiscal_year - 1)
    addressees = incomes = assessed = exempt = 0
    for done, (code, members) in enumerate(sorted(by_code.items()), start=1):
        addressees += municipality.enrol_residents(municipality=code).total
        reports = [r for p in members for r in _reports(p, seed=seed, years=years)]
        for start in range(0, len(reports), _BATCH):
            batch = reports[start : start + _BATCH]
            incomes += municipality.record_incomes(municipality=code, reports=batch)
        for year in years:
            run = municipality.assess(municipality=code, fiscal_year=year + 1)
            assessed, exempt = assessed + run.assessed, exempt + run.exempt
        if progress:
            progress(done, len(by_code))
    return MunicipalReport(
        municipalities=len(by_code),
        addressees=addressees,
        incomes=incomes,
        fiscal_years=tuple(y + 1 for y in years),
        assessed=assessed,
        exempt=exempt,
        seconds=time.perf_counter() - started,
    )
