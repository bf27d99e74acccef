"""Synthetic employment insurance following the working lives, through ハローワーク's api.

The lives are re-planned from the seed (`lives.plan_lives`). Each spell as an employee is a
spell of coverage (雇用保険 since 1975-04-01; earlier spells start then ⚠), except with a 共済
(public servants are outside 雇用保険). A spell ends with a 離職理由: a job change straight
into another job is 自己都合; leaving at 60 or over for no job is 定年; otherwise a quarter are
解雇・倒産 and the rest 自己都合 ⚠. People who leave for no job within the two years before
`on` apply ten days later (求職の申込み) and get their decision. 賃金月額 are round figures for
the income band and age ⚠.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from typing import NamedTuple

from mynumber.employment.api import Employment
from mynumber.employment.data import Hiring, Separation, SeparationReason
from mynumber.insurers.data import IncomeCategory, InsurerKind
from mynumber.kernel.ages import age_on
from mynumber.registry.api import Registry
from mynumber.synth.careers import EMPLOYED, State
from mynumber.synth.data import EmploymentReport
from mynumber.synth.households import Person
from mynumber.synth.insurers import Catalogue
from mynumber.synth.lives import plan_lives, read_residents

__all__ = ["Job", "jobs_of", "populate_employment"]

EMPLOYMENT_INSURANCE_START = dt.date(1975, 4, 1)  # 雇用保険法 施行
_DISMISSED = 0.25  # of those who leave for no job before 60 ⚠
_APPLY_AFTER = dt.timedelta(days=10)
_PEOPLE_PER_BATCH = 2_000
_WAGES = {
    IncomeCategory.LOW: 150_000,
    IncomeCategory.ABOVE_CERTAIN: 550_000,
    IncomeCategory.ACTIVE_EQUIVALENT: 800_000,
}


class Job(NamedTuple):
    """A spell of coverage drawn from a plan."""

    start: dt.date
    last_day: dt.date | None
    employer: str
    wage: int
    reason: SeparationReason | None
    applies: bool  # left for no job, and applies for benefits


def _wage(state: State, age: int) -> int:
    general = min(500_000, 200_000 + 7_000 * max(age - 20, 0))
    return _WAGES.get(state.income, general)


def _reason(rng: random.Random, next_state: State | None, age: int) -> SeparationReason:
    if next_state is not None and next_state.activity == EMPLOYED:
        return SeparationReason.VOLUNTARY
    if age >= 60:
        return SeparationReason.RETIREMENT
    dismissed = rng.random() < _DISMISSED
    return SeparationReason.DISMISSAL if dismissed else SeparationReason.VOLUNTARY


def jobs_of(
    person: Person, *, kind_of: dict[str, InsurerKind], seed: int, on: dt.date
) -> list[Job]:
    """Return a person's spells of coverage, oldest first, up to `on`."""
    birth, jobs = person.resident.birth_date, []
    plan = person.plan
    for i, (start, state) in enumerate(plan):
        if state.activity != EMPLOYED or kind_of.get(state.insurer) is InsurerKind.KYOSAI:
            continue
        ends = plan[i + 1][0] if i + 1 < len(plan) else None
        if ends is not None and ends <= EMPLOYMENT_INSURANCE_START:
            continue
        first = max(start, EMPLOYMENT_INSURANCE_START)
        employer = f"{state.insurer}-{state.spell}"  # the employer stands behind its insurer
        if ends is None or ends > on:
            jobs.append(Job(first, None, employer, _wage(state, age_on(birth, first)), None, False))
            continue
        last = ends - dt.timedelta(days=1)
        rng = random.Random(f"employment:{seed}:{person.resident.resident_code}:{last}")
        age = age_on(birth, last)
        reason = _reason(rng, plan[i + 1][1], age)
        applies = plan[i + 1][1].activity != EMPLOYED and last + _APPLY_AFTER <= on
        jobs.append(Job(first, last, employer, _wage(state, age), reason, applies))
    return jobs


def _send_round(
    employment: Employment, batch: list[tuple[Person, list[Job]]], n: int
) -> tuple[int, int, int]:
    """Send the n-th hiring, then the n-th separation, of everyone in the batch."""
    hirings, separations = [], []
    for person, jobs in batch:
        if n >= len(jobs):
            continue
        job, resident = jobs[n], person.resident
        hirings.append(
            Hiring(
                my_number=resident.my_number,
                name=resident.name.full,
                birth_date=resident.birth_date,
                employer=job.employer,
                hired_on=job.start,
                monthly_wage=job.wage,
                office=f"{resident.address.local_government_code[:2]}01",
            )
        )
        if job.last_day is not None and job.reason is not None:
            separations.append(
                Separation(my_number=resident.my_number, last_day=job.last_day, reason=job.reason)
            )
    new = employment.receive_hirings(hirings=hirings).new_numbers if hirings else 0
    if separations:
        employment.receive_separations(separations=separations)
    return new, len(hirings), len(separations)


def _apply_all(employment: Employment, applications: dict[str, list[dt.date]]) -> dict[str, int]:
    """Apply for everyone who left for no job recently; return the decisions by kind."""
    numbers: dict[str, str] = {}
    while page := employment.records(limit=500, offset=len(numbers)):
        numbers.update({r.my_number: r.insured_number for r in page})
    by_kind: dict[str, int] = {}
    for my_number, days in sorted(applications.items()):
        for day in days:
            decision = employment.apply(
                insured_number=numbers[my_number], applied_on=day, actor="synth"
            )
            by_kind[decision.kind.value] = by_kind.get(decision.kind.value, 0) + 1
    return dict(sorted(by_kind.items()))


def populate_employment(
    *,
    registry: Registry,
    employment: Employment,
    seed: int,
    on: dt.date,
    progress: Callable[[int, int], None] | None = None,
) -> EmploymentReport:
    """Give ハローワーク the coverage of every employee's working life and the decisions of
    those who left for no job in the two years before `on`. progress gets (people done, of
    how many)."""
    started = time.perf_counter()
    catalogue = Catalogue()
    people, _ = plan_lives(read_residents(registry), seed=seed, on=on, catalogue=catalogue)
    since = on - dt.timedelta(days=730)
    numbered = hirings = separations = insured = 0
    applications: dict[str, list[dt.date]] = {}
    for first in range(0, len(people), _PEOPLE_PER_BATCH):
        batch = [
            (person, jobs_of(person, kind_of=catalogue.kind_of, seed=seed, on=on))
            for person in people[first : first + _PEOPLE_PER_BATCH]
        ]
        for person, jobs in batch:
            insured += bool(jobs) and jobs[-1].last_day is None
            for job in jobs:
                if job.applies and job.last_day is not None and job.last_day >= since:
                    day = job.last_day + _APPLY_AFTER
                    applications.setdefault(person.resident.my_number, []).append(day)
        for n in range(max((len(jobs) for _, jobs in batch), default=0)):
            new, hired, separated = _send_round(employment, batch, n)
            numbered, hirings, separations = (
                numbered + new,
                hirings + hired,
                separations + separated,
            )
        if progress:
            progress(min(first + _PEOPLE_PER_BATCH, len(people)), len(people))
    return EmploymentReport(
        people=numbered,
        hirings=hirings,
        separations=separations,
        insured=insured,
        decisions=_apply_all(employment, applications),
        seconds=time.perf_counter() - started,
    )
