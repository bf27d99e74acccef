"""Working lives as plans: from which day a person is employed, self-employed, at home, retired.

A plan is a list of (first day, state), oldest first; the state holds until the next one.
The rates are round figures after the public statistics: about 8 in 10 start as employees,
1 in 10 self-employed; spells with one employer average ~5 years for a first job and ~12 after
(転職率 ~5% a year); a third of job changes pass through 国保 for a few months; most retire at
60 or 65 and join 国保 (退職) until the 後期高齢者医療 at 75.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import NamedTuple

from mynumber.insurers.data import IncomeCategory, InsurerKind
from mynumber.kernel.ages import age_on
from mynumber.synth.insurers import Catalogue
from mynumber.synth.sampling import Weighted

__all__ = [
    "CHILD",
    "DEPENDENT_ACTIVITIES",
    "ELDER",
    "EMPLOYED",
    "HOME",
    "LATE",
    "LATE_ELDERLY_START",
    "NATIONAL",
    "UNCOVERED",
    "UNIVERSAL_COVERAGE",
    "Careers",
    "Plan",
    "State",
    "add_months",
    "birthday",
    "clip",
    "entry_date",
    "overlay",
    "state_at",
]

UNIVERSAL_COVERAGE = dt.date(1961, 4, 1)  # 国民皆保険: everyone insured from this day
LATE_ELDERLY_START = dt.date(2008, 4, 1)  # 後期高齢者医療制度 began

EMPLOYED = "employed"  # 被用者保険の本人: 協会けんぽ, 健保組合, 共済
NATIONAL = "national"  # 国保: self-employed, between jobs, not working, retired
LATE = "late"  # 後期高齢者医療, from the 75th birthday
HOME = "home"  # 被扶養配偶者: at home, supported by an employed spouse
CHILD = "child"  # 被扶養者: a child supported by an employed parent
ELDER = "elder"  # an aged parent supported by the head of the household
UNCOVERED = "uncovered"  # 生活保護: medical aid instead of insurance
DEPENDENT_ACTIVITIES = frozenset({HOME, CHILD, ELDER})

_G, _A = IncomeCategory.GENERAL, IncomeCategory.ACTIVE_EQUIVALENT
_B, _L = IncomeCategory.ABOVE_CERTAIN, IncomeCategory.LOW
_EMPLOYEE_INCOME = Weighted((_A, _B, _G, _L), (0.04, 0.12, 0.80, 0.04))
_NATIONAL_INCOME = Weighted((_A, _B, _G, _L), (0.03, 0.07, 0.60, 0.30))
# 後期: 3割 (現役並み) ~7%, 2割 (一定以上) ~20%, 住民税非課税 ~28%.
_LATE_INCOME = Weighted((_A, _B, _G, _L), (0.07, 0.20, 0.45, 0.28))
_FIRST_ACTIVITY = Weighted(("employed", "self", "idle"), (0.82, 0.10, 0.08))
_FOREIGN_FIRST_ACTIVITY = Weighted(("employed", "self", "idle"), (0.72, 0.10, 0.18))
_ENTRY_AGES = Weighted((18, 20, 22), (0.25, 0.15, 0.60))
_RETIREMENT_AGES = Weighted((60, 65, 70, 75), (0.30, 0.45, 0.15, 0.10))
_EMPLOYERS = Weighted(
    (InsurerKind.KYOKAI, InsurerKind.KUMIAI, InsurerKind.KYOSAI), (0.55, 0.33, 0.12)
)
_FIRST_JOB_YEARS, _LATER_JOB_YEARS = 5.0, 12.0
_GAP_BETWEEN_JOBS = 0.3  # job changes with a few months in 国保 between
_TURNS_SELF_EMPLOYED = 0.06  # of job changes from 35 on
_IDLE_FINDS_WORK = 0.5
_NATIONAL_UNION = 0.2  # of the self-employed, in a 国保組合 (建設, 医師, …)


class State(NamedTuple):
    """What a person does from a day on: the activity, and for their own cover its insurer."""

    activity: str
    insurer: str = ""
    spell: int = 0  # a new job with the same insurer is a new membership
    income: IncomeCategory = IncomeCategory.GENERAL


Plan = list[tuple[dt.date, State]]


def add_months(day: dt.date, months: int) -> dt.date:
    """Return the first of the month `months` after day's month."""
    years, month = divmod(day.month - 1 + months, 12)
    return dt.date(day.year + years, month + 1, 1)


def birthday(birth: dt.date, age: int) -> dt.date:
    """Return the day a person turns `age` (29 February: 1 March)."""
    try:
        return birth.replace(year=birth.year + age)
    except ValueError:
        return dt.date(birth.year + age, 3, 1)


def entry_date(birth: dt.date, age: int) -> dt.date:
    """Return the 1 April a person starts work after school, at about `age` (学年 by April)."""
    return dt.date(birth.year + age + ((birth.month, birth.day) > (4, 1)), 4, 1)


def state_at(plan: Plan, day: dt.date) -> State | None:
    """Return the state in force on a day, or None before the plan begins."""
    current = None
    for start, state in plan:
        if start > day:
            break
        current = state
    return current


def overlay(plan: Plan, start: dt.date, state: State, until: dt.date | None = None) -> Plan:
    """Return the plan with `state` from start; from `until`, if given, the plan resumes."""
    result = [(day, s) for day, s in plan if day < start] + [(start, state)]
    if until is not None and until > start:
        resumed = state_at(plan, until)
        result += [(until, resumed)] if resumed else []
        result += [(day, s) for day, s in plan if day > until]
    return result


def clip(plan: Plan, floor: dt.date, on: dt.date) -> Plan:
    """Return the plan from floor to on, without repeated states."""
    first = state_at(plan, floor)
    kept = [(floor, first)] if first else []
    kept += [(day, s) for day, s in plan if floor < day <= on]
    result: Plan = []
    for day, state in kept:
        if not result or result[-1][1] != state:
            result.append((day, state))
    return result


class Careers:
    """Draw working lives against an insurer catalogue."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue

    def national(self, rng: random.Random, prefecture: str) -> State:
        """Return a person's 国保 state (between jobs, at home without an employed earner)."""
        insurer = self.catalogue.local(InsurerKind.KOKUHO, prefecture)
        return State(NATIONAL, insurer, 0, _NATIONAL_INCOME.pick(rng))

    def late(self, rng: random.Random, prefecture: str) -> State:
        """Return a person's state in the prefecture's 後期高齢者医療広域連合."""
        insurer = self.catalogue.local(InsurerKind.KOKI, prefecture)
        return State(LATE, insurer, 0, _LATE_INCOME.pick(rng))

    def entry(self, rng: random.Random, birth: dt.date) -> dt.date:
        """Return when a person starts work after school (18, 20 or 22)."""
        return entry_date(birth, _ENTRY_AGES.pick(rng))

    def employer(self, rng: random.Random, prefecture: str) -> str:
        """Return a new employer's insurer: the local 協会けんぽ, a 健保組合 or a 共済."""
        kind = _EMPLOYERS.pick(rng)
        if kind is InsurerKind.KYOKAI:
            return self.catalogue.local(kind, prefecture)
        pool = self.catalogue.kumiai if kind is InsurerKind.KUMIAI else self.catalogue.kyosai
        return pool[int(rng.random() * len(pool))]

    def employed(self, rng: random.Random, prefecture: str, spell: int) -> State:
        """Return a spell with a new employer."""
        return State(EMPLOYED, self.employer(rng, prefecture), spell, _EMPLOYEE_INCOME.pick(rng))

    def career(
        self,
        rng: random.Random,
        *,
        birth: dt.date,
        prefecture: str,
        start: dt.date,
        on: dt.date,
        foreign: bool = False,
    ) -> Plan:
        """Return a working life from start: jobs, job changes, self-employment, retirement."""
        retire = add_months(birthday(birth, _RETIREMENT_AGES.pick(rng)), 1)
        national = self.national(rng, prefecture)
        income = _EMPLOYEE_INCOME.pick(rng)
        activity = (_FOREIGN_FIRST_ACTIVITY if foreign else _FIRST_ACTIVITY).pick(rng)
        plan: Plan = []
        day, spell = start, 0
        while day <= on and day < retire:
            if activity == "self":
                union = rng.random() < _NATIONAL_UNION
                kind = InsurerKind.KOKUHO_KUMIAI if union else InsurerKind.KOKUHO
                insurer = self.catalogue.local(kind, prefecture)
                return [*plan, (day, national._replace(insurer=insurer))]
            if activity == "idle":
                plan.append((day, national))
                if rng.random() >= _IDLE_FINDS_WORK:
                    return plan
                day, activity = add_months(day, 12 + int(rng.random() * 108)), "employed"
                continue
            spell += 1
            plan.append((day, State(EMPLOYED, self.employer(rng, prefecture), spell, income)))
            mean = _FIRST_JOB_YEARS if spell == 1 else _LATER_JOB_YEARS
            ends = add_months(day, max(6, round(rng.expovariate(1 / mean) * 12)))
            if ends >= retire:
                return [*plan, (retire, national)]
            draw = rng.random()
            if draw < _TURNS_SELF_EMPLOYED and age_on(birth, ends) >= 35:
                activity = "self"
            elif draw < _GAP_BETWEEN_JOBS:
                plan.append((ends, national))
                ends = add_months(ends, 1 + int(rng.random() * 6))
            day = ends
        return plan
