"""Synthetic pension records following the working lives, through the pension service's api.

The lives are re-planned from the seed (`lives.plan_lives`: the same seed gives the same
plans). What a person does sets their 被保険者種別 day by day: an employee under 70 is 第2号
(厚生年金, 共済 included since 2015); a spouse at home supported by a 第2号 spouse under 65 is
第3号; anyone else aged 20–59 is 第1号 (self-employed, between jobs, students, on 生活保護 ⚠:
every month counts as paid, no 免除 or 未納). Ages are reached the day before the birthday. The
標準報酬月額 of a 第2号 spell is a round figure for its income band ⚠. Then the service awards
the old-age pensions and pays the even months from the January of the year before `on`.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from mynumber.insurers.data import IncomeCategory
from mynumber.pension.api import Pension
from mynumber.pension.data import CoverageNotice, InsuredKind
from mynumber.registry.api import Registry
from mynumber.synth.careers import EMPLOYED, HOME, birthday, state_at
from mynumber.synth.data import LinkErrorCounts, PensionReport
from mynumber.synth.households import Person
from mynumber.synth.insurers import Catalogue
from mynumber.synth.link_errors import OVERALL_RATE, Injector, write_truth
from mynumber.synth.lives import plan_lives, read_residents
from mynumber.synth.pension_errors import PensionErrors

__all__ = ["kind_on", "pension_notices", "populate_pension"]

_REMUNERATION = {
    IncomeCategory.LOW: 160_000,
    IncomeCategory.GENERAL: 300_000,
    IncomeCategory.ABOVE_CERTAIN: 560_000,
    IncomeCategory.ACTIVE_EQUIVALENT: 650_000,  # the top grade of 標準報酬月額
}
_BATCH = 2_000
_Kind = tuple[InsuredKind | None, int]  # 種別 and 標準報酬月額


def _birth(person: Person) -> dt.date:
    return person.resident.birth_date


def _reached(birth: dt.date, age: int) -> dt.date:
    return birthday(birth, age) - dt.timedelta(days=1)


def _employee(person: Person, day: dt.date) -> _Kind | None:
    state = state_at(person.plan, day)
    if (
        state is None
        or state.activity != EMPLOYED
        or day >= _reached(person.resident.birth_date, 70)
    ):
        return None
    return InsuredKind.SECOND, _REMUNERATION[state.income]


def kind_on(person: Person, spouse: Person | None, day: dt.date) -> _Kind:
    """Return a person's 被保険者種別 on a day (None: not insured) with the 標準報酬月額."""
    employed = _employee(person, day)
    if employed is not None:
        return employed
    state = state_at(person.plan, day)
    if state is None or not _reached(person.resident.birth_date, 20) <= day < _reached(
        person.resident.birth_date, 60
    ):
        return None, 0
    supported = (
        state.activity == HOME
        and spouse is not None
        and _employee(spouse, day) is not None
        and day < _reached(_birth(spouse), 65)
    )
    return (InsuredKind.THIRD if supported else InsuredKind.FIRST), 0


def _change_days(person: Person, spouse: Person | None) -> list[dt.date]:
    birth = person.resident.birth_date
    days = {day for day, _ in person.plan} | {_reached(birth, age) for age in (20, 60, 70)}
    if spouse is not None:
        days |= {day for day, _ in spouse.plan} | {_reached(spouse.resident.birth_date, 65)}
    return sorted(days)


def pension_notices(person: Person, spouse: Person | None, *, on: dt.date) -> list[CoverageNotice]:
    """Return the notices a person's life gives the service, oldest first, up to `on`."""
    resident = person.resident
    notices: list[CoverageNotice] = []
    last: _Kind = (None, 0)
    for day in _change_days(person, spouse):
        if day > on:
            break
        kind = kind_on(person, spouse, day)
        if kind == last:
            continue
        notices.append(
            CoverageNotice(
                my_number=resident.my_number,
                name=resident.name.full,
                birth_date=resident.birth_date,
                since=day,
                kind=kind[0],
                monthly_remuneration=kind[1],
                name_kana=resident.name.full_kana,
                sex=int(resident.sex),
                address=resident.address.text,
                postal_code=resident.address.postal_code,
            )
        )
        last = kind
    return notices


def _payment_months(on: dt.date) -> list[dt.date]:
    months = [
        dt.date(year, month, 1) for year in (on.year - 1, on.year) for month in range(2, 13, 2)
    ]
    return [month for month in months if month.replace(day=15) <= on]


def populate_pension(
    *,
    registry: Registry,
    pension: Pension,
    seed: int,
    on: dt.date,
    progress: Callable[[int, int], None] | None = None,
    link_error_rate: float | None = None,
    truth: Path | None = None,
) -> PensionReport:
    """Give the working-age and retired residents their pension records, award the pensions of
    those 65 and over, and pay the even months since the January of the year before `on`.
    progress gets (people done, of how many). Some forms carry another person's number
    (`link_errors`: the 総点検's overall rate unless `link_error_rate` is given); the accepted
    ones are appended to the truth file if one is named."""
    started = time.perf_counter()
    people, _ = plan_lives(read_residents(registry), seed=seed, on=on, catalogue=Catalogue())
    injector = Injector(
        [p.resident for p in people], [p.household for p in people], seed=seed,
        rate=OVERALL_RATE if link_error_rate is None else link_error_rate,
    )  # fmt: skip
    errors = PensionErrors(people, injector, lambda p, s: pension_notices(p, s, on=on))
    batch: list[CoverageNotice] = []
    by_kind: dict[str, int] = {}
    notices = numbered = 0
    for done, person in enumerate(people, start=1):
        spouse = people[person.spouse] if person.spouse is not None else None
        found = errors.apply(person, pension_notices(person, spouse, on=on))
        batch += found
        kind = kind_on(person, spouse, on)[0]
        if kind is not None:
            by_kind[kind.value] = by_kind.get(kind.value, 0) + 1
        if len(batch) >= _BATCH or done == len(people):
            numbered += _send(pension, batch)
            notices += len(batch)
            batch = []
            if progress:
                progress(done, len(people))
    tally = errors.settle(pension)
    if truth is not None:
        write_truth(truth, tally.rows, fresh=False)
    run = pension.award(on=on)
    paid = [pension.pay(month=month) for month in _payment_months(on)]
    return PensionReport(
        people=numbered,
        notices=notices,
        by_kind=dict(sorted(by_kind.items())),
        awarded=run.awarded,
        not_qualified=run.not_qualified,
        payments=sum(p.paid for p in paid),
        paid=sum(p.total for p in paid),
        seconds=time.perf_counter() - started,
        link_errors=LinkErrorCounts(
            injected=tally.injected, accepted=tally.accepted, held=tally.held
        ),
    )


def _send(pension: Pension, batch: Sequence[CoverageNotice]) -> int:
    return pension.receive_notices(notices=batch).new_numbers if batch else 0
