"""Plan the insurance lives of one registered household: who works, marries, supports whom.

Children are dependants of a working parent until they start work; a spouse at home is the
dependant of an employed spouse (被扶養配偶者) from the marriage; some aged parents are supported
by the head; everyone joins the 後期高齢者医療 at 75. Without an employed supporter, a dependant
is insured in 国保 in their own right, since 国保 has no dependants.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from mynumber.registry.data import Relationship, Resident, Sex
from mynumber.synth.careers import (
    CHILD,
    ELDER,
    HOME,
    LATE_ELDERLY_START,
    UNCOVERED,
    UNIVERSAL_COVERAGE,
    Careers,
    Plan,
    State,
    add_months,
    birthday,
    clip,
    overlay,
)
from mynumber.synth.names import is_foreign

__all__ = ["Person", "plan_household"]

_WELFARE = 0.012  # households on 生活保護 (~1.6% of people): medical aid, no insurance
_ELDER_SUPPORTED = 0.4  # aged parents living with a child who supports them
_BACK_TO_WORK = 0.3  # spouses at home who take an insured job again once the children grow
_R = Relationship
_NO_STATE = State(UNCOVERED)


@dataclass
class Person:
    """One resident and their plan, with who may support them when they are a dependant."""

    number: int  # position among everyone planned
    resident: Resident
    prefecture: str
    plan: Plan = field(default_factory=list)
    national: State = _NO_STATE  # their own 国保 when no one can support them
    spouse: int | None = None
    parents: tuple[int, ...] = ()  # an employed father is asked first, then the mother
    head: int | None = None
    household: int = 0  # position of the household in the run

    def supporters(self, activity: str) -> tuple[int, ...]:
        """Return who may take this person as a dependant in this activity."""
        if activity == HOME:
            return (self.spouse,) if self.spouse is not None else ()
        if activity == CHILD:
            return self.parents
        if activity == ELDER:
            return (self.head,) if self.head is not None else ()
        return ()


def _homemaker_share(birth: dt.date) -> float:
    """Return the chance that a wife of this cohort stays at home (専業主婦) after marrying."""
    for born_before, share in ((1955, 0.65), (1970, 0.5), (1985, 0.35)):
        if birth.year < born_before:
            return share
    return 0.25


def plan_household(
    rng: random.Random, residents: list[Resident], *, first: int, on: dt.date, careers: Careers
) -> list[Person]:
    """Return the household's people, numbered from `first`, each with a plan up to `on`."""
    people = [
        Person(first + i, r, r.address.local_government_code[:2]) for i, r in enumerate(residents)
    ]
    by_role: dict[Relationship, list[Person]] = {}
    for person in people:
        by_role.setdefault(person.resident.relationship, []).append(person)
    head = by_role[_R.HEAD][0]
    spouse = _first(by_role, _R.SPOUSE)
    in_law = _first(by_role, _R.CHILD_IN_LAW)
    children = by_role.get(_R.CHILD, [])
    # The married child is the eldest (長男・長女 who stayed), living here with their spouse.
    married = min(children, key=lambda c: c.resident.birth_date) if in_law and children else None
    _link(people, head=head, spouse=spouse, married=married, in_law=in_law, by_role=by_role)
    name = head.resident.name
    arrival = None
    if is_foreign(name.family, name.family_kana):
        arrival = on - dt.timedelta(days=180 + int(rng.random() * 20 * 365))
    floor = max(UNIVERSAL_COVERAGE, arrival or UNIVERSAL_COVERAGE)
    for person in people:
        _own_plan(rng, person, on=on, careers=careers, foreign=arrival is not None)
    couples = [(head, spouse), (married, in_law), *_parent_pair(by_role)]
    for one, other in couples:
        if one is not None and other is not None:
            _marry(rng, one, other, people, on=on, careers=careers)
    for person in people:
        _late_life(rng, person, on=on, careers=careers)
    if rng.random() < _WELFARE:
        since = on - dt.timedelta(days=60 + int(rng.random() * 3650))
        for person in people:
            person.plan = overlay(person.plan, since, State(UNCOVERED))
    for person in people:
        person.plan = clip(person.plan, max(floor, person.resident.birth_date), on)
    return people


def _link(
    people: list[Person],
    *,
    head: Person,
    spouse: Person | None,
    married: Person | None,
    in_law: Person | None,
    by_role: dict[Relationship, list[Person]],
) -> None:
    for one, other in ((head, spouse), (married, in_law), *_parent_pair(by_role)):
        if one is not None and other is not None:
            one.spouse, other.spouse = other.number, one.number
    for person in people:
        person.head = head.number
        relationship = person.resident.relationship
        if relationship is _R.CHILD:
            parents = [p for p in (head, spouse) if p is not None]
        elif relationship is _R.GRANDCHILD:
            parents = [p for p in (married, in_law) if p is not None]
        else:
            continue
        parents.sort(key=lambda p: p.resident.sex is not Sex.MALE)
        person.parents = tuple(p.number for p in parents)


def _first(by_role: dict[Relationship, list[Person]], role: Relationship) -> Person | None:
    found = by_role.get(role)
    return found[0] if found else None


def _parent_pair(by_role: dict[Relationship, list[Person]]) -> list[tuple[Person, Person]]:
    parents = by_role.get(_R.PARENT, [])
    return [(parents[0], parents[1])] if len(parents) == 2 else []


def _own_plan(
    rng: random.Random, person: Person, *, on: dt.date, careers: Careers, foreign: bool
) -> None:
    """Childhood as a dependant (if a parent lives here), then a working life."""
    birth, prefecture = person.resident.birth_date, person.prefecture
    person.national = careers.national(rng, prefecture)
    start = careers.entry(rng, birth)
    plan: Plan = [(birth, State(CHILD))] if person.parents else []
    if not person.parents and start > on:  # a student living alone: in 国保 from 18
        plan = [(min(on, max(birth, birthday(birth, 18))), person.national)]
    career = careers.career(
        rng, birth=birth, prefecture=prefecture, start=start, on=on, foreign=foreign
    )
    person.plan = plan + [(day, state) for day, state in career if not plan or day > plan[-1][0]]


def _marry(
    rng: random.Random,
    one: Person,
    other: Person,
    people: list[Person],
    *,
    on: dt.date,
    careers: Careers,
) -> None:
    """Marry a couple; the wife may stay at home from then, and may take an insured job later."""
    wife = one if one.resident.sex is Sex.FEMALE else other
    husband = other if wife is one else one
    if wife.resident.sex is not Sex.FEMALE or husband.resident.sex is not Sex.MALE:
        return
    if rng.random() >= _homemaker_share(wife.resident.birth_date):
        return
    births = [p.resident.birth_date for p in people if wife.number in p.parents]
    if births:
        wed = min(births) - dt.timedelta(days=180 + int(rng.random() * 720))
    else:
        wed = birthday(wife.resident.birth_date, 25) + dt.timedelta(days=int(rng.random() * 2190))
    adult = max(birthday(wife.resident.birth_date, 18), birthday(husband.resident.birth_date, 18))
    wed = add_months(max(wed, adult), 1)
    if wed > on:
        return
    wife.plan = overlay(wife.plan, wed, State(HOME))
    if births and rng.random() < _BACK_TO_WORK:
        back = add_months(birthday(max(births), 10), 0)
        until = add_months(birthday(wife.resident.birth_date, 60), 1)
        if wed < back < min(until, on):
            job = careers.employed(rng, wife.prefecture, spell=100)
            wife.plan = overlay(wife.plan, back, job, until=until)


def _late_life(rng: random.Random, person: Person, *, on: dt.date, careers: Careers) -> None:
    """Aged parents supported by the head from 65 (some), and everyone in 後期 from 75."""
    birth = person.resident.birth_date
    if person.resident.relationship is _R.PARENT and rng.random() < _ELDER_SUPPORTED:
        supported = add_months(birthday(birth, 65), 1)
        if supported <= on:
            person.plan = overlay(person.plan, supported, State(ELDER))
    late = max(birthday(birth, 75), LATE_ELDERLY_START)
    if late <= on:
        person.plan = overlay(person.plan, late, careers.late(rng, person.prefecture))
