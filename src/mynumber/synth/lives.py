"""Synthetic insurance lives for the registered residents, loaded through the insurers.

Each household is planned (`households`), then replayed day by day (`Ledger`) into the
enrolments and losses its insurers would have recorded: a job change ends one membership and
begins another with a new insurer and number; an insured person's dependants lose cover with
them and are enrolled again under the new membership; 75 moves everyone to the 広域連合. The
events are loaded in chronological batches through `Insurers.enrol_many` / `lose_many`.
Deterministic: the same register and seed give the same lives (whatever the instance keys).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from mynumber.eligibility.api import AGENCY, Eligibility
from mynumber.eligibility.data import InsuredRef
from mynumber.insurers.api import Insurers
from mynumber.insurers.data import IncomeCategory, InsurerKind, LossReason
from mynumber.network.data import new_acquisition_number
from mynumber.registry.api import Registry
from mynumber.registry.data import CodeRequest, Relationship, Resident, ResidentStatus
from mynumber.synth.careers import DEPENDENT_ACTIVITIES, UNCOVERED, Careers, State, state_at
from mynumber.synth.data import LinkErrorCounts, LivesReport
from mynumber.synth.households import Person, plan_household
from mynumber.synth.insurers import Catalogue
from mynumber.synth.link_errors import HEALTH_RATE, Injector, write_truth
from mynumber.synth.loading import Covered, Enrol, Loader, Loss

__all__ = [
    "HISTORY_FROM",
    "Ledger",
    "covered_from_history",
    "plan_lives",
    "populate_lives",
    "read_residents",
    "reusing_reads",
]

Progress = Callable[[int, int], None]
_EMPLOYEE = frozenset({InsurerKind.KYOKAI, InsurerKind.KUMIAI, InsurerKind.KYOSAI})
_PAGE = 500
_REF = set(InsuredRef.model_fields)
# Histories reach back to memberships in force on this day (earlier ones are left out): a
# working life's job changes since then, at a load cost the demo can afford.
HISTORY_FROM = dt.date(2000, 4, 1)
_ROLE_ORDER = {relationship: i for i, relationship in enumerate(Relationship)}


class _Target(NamedTuple):
    identity: tuple[object, ...]  # the same identity: the same membership goes on
    insurer: str
    head: int | None
    income: IncomeCategory


@dataclass
class _Spell:
    key: int
    person: int
    target: _Target
    dependants: set[int] = field(default_factory=set)


class Ledger:
    """Replay plans into memberships under the insurers' rules, and count what happened."""

    def __init__(self, kind_of: Mapping[str, InsurerKind]) -> None:
        self._kind_of = kind_of
        self._events: list[tuple[dt.date, int, Enrol | Loss]] = []
        self._spells: dict[int, _Spell] = {}
        self._ended: dict[int, dt.date] = {}  # last day of cover of each ended membership
        self.current: dict[int, _Spell] = {}  # person -> membership in force

    def live(self, people: list[Person]) -> None:
        """Replay one household's plans, change by change."""
        for day in sorted({day for person in people for day, _ in person.plan}):
            states = [(person, state_at(person.plan, day)) for person in people]
            # Supporters first, so that dependants join their membership of the day.
            states.sort(key=lambda ps: ps[1] is not None and ps[1].activity in DEPENDENT_ACTIVITIES)
            for person, state in states:
                self._settle(person, state, day)

    def events(self, *, since: dt.date) -> list[Enrol | Loss]:
        """Return the enrolments and losses in the order they take effect, leaving out
        memberships that ended before `since`."""
        kept = [e for e in self._events if self._ended.get(e[2].key, since) >= since]
        return [event for _, _, event in sorted(kept, key=lambda e: (e[0], e[1]))]

    def report(
        self, events: Sequence[Enrol | Loss], *, residents: int, seconds: float
    ) -> LivesReport:
        """Return the figures of the loaded events, coverage as on the last day replayed."""
        by_kind: dict[str, int] = {}
        for spell in self.current.values():
            kind = self._kind_of[spell.target.insurer].value
            by_kind[kind] = by_kind.get(kind, 0) + 1
        losses = [e.reason for e in events if isinstance(e, Loss)]
        return LivesReport(
            residents=residents,
            covered=len(self.current),
            memberships=len(events) - len(losses),
            losses=len(losses),
            job_changes=losses.count(LossReason.JOB_CHANGE),
            dependants=sum(s.target.head is not None for s in self.current.values()),
            by_kind=dict(sorted(by_kind.items())),
            seconds=seconds,
        )

    def _target(self, person: Person, state: State | None) -> _Target | None:
        if state is None or state.activity == UNCOVERED:
            return None
        if state.activity in DEPENDENT_ACTIVITIES:
            for supporter in person.supporters(state.activity):
                spell = self.current.get(supporter)
                if spell is not None and self._may_support(spell):
                    insured = spell.target
                    return _Target(
                        ("dependant", spell.key), insured.insurer, spell.key, insured.income
                    )
            state = person.national  # 国保 has no dependants: insured in their own right
        return _Target(("own", state.insurer, state.spell), state.insurer, None, state.income)

    def _may_support(self, spell: _Spell) -> bool:
        """Whether dependants can join: an insured person (本人) of employee insurance."""
        return spell.target.head is None and self._kind_of[spell.target.insurer] in _EMPLOYEE

    def _settle(self, person: Person, state: State | None, day: dt.date) -> None:
        target = self._target(person, state)
        current = self.current.get(person.number)
        if (
            current is not None
            and target is not None
            and current.target.identity == target.identity
        ):
            return
        if current is not None:
            self._lose(current, day - dt.timedelta(days=1), self._reason(current, target))
        if target is not None:
            self._enrol(person, day, target)

    def _enrol(self, person: Person, day: dt.date, target: _Target) -> None:
        spell = _Spell(len(self._events), person.number, target)
        self._spells[spell.key] = self.current[person.number] = spell
        if target.head is not None:
            self._spells[target.head].dependants.add(spell.key)
        enrol = Enrol(spell.key, person.number, target.insurer, day, target.head, target.income)
        self._events.append((day, len(self._events), enrol))

    def _lose(self, spell: _Spell, last_day: dt.date, reason: LossReason) -> None:
        self._events.append(
            (
                last_day + dt.timedelta(days=1),
                len(self._events),
                Loss(spell.key, spell.person, last_day, reason),
            )
        )
        for key in (spell.key, *spell.dependants):  # dependants lose cover with the insured
            ended = self._spells.pop(key)
            self._ended[key] = last_day
            if self.current.get(ended.person) is ended:
                del self.current[ended.person]
        if spell.target.head is not None and spell.target.head in self._spells:
            self._spells[spell.target.head].dependants.discard(spell.key)

    def _reason(self, current: _Spell, target: _Target | None) -> LossReason:
        new_kind = self._kind_of[target.insurer] if target else None
        if new_kind is InsurerKind.KOKI:
            return LossReason.AGE_75
        if current.target.head is not None:
            return LossReason.DEPENDANT_ENDED
        employed = target is not None and target.head is None and new_kind in _EMPLOYEE
        if self._kind_of[current.target.insurer] in _EMPLOYEE:
            return LossReason.JOB_CHANGE if employed else LossReason.RETIREMENT
        return LossReason.EMPLOYMENT if employed else LossReason.OTHER


# What a `reusing_reads` block has read and planned: "households" -> the register by household,
# "plan" -> (households, seed, on, insurers by kind, people, ledger).
_REUSED: ContextVar[dict[str, Any] | None] = ContextVar("synth_reused_reads", default=None)


@contextmanager
def reusing_reads() -> Iterator[None]:
    """Within the block, read the register once and plan the lives once: the steps that follow
    the same lives (insurance, incomes, pensions, ハローワーク, care…) share one reading and
    one plan instead of each making its own. Only for a block in which no resident is added,
    moved or removed (the demo's steps before the network traffic moves families)."""
    if _REUSED.get() is not None:  # already inside one: share its reading
        yield
        return
    token = _REUSED.set({})
    try:
        yield
    finally:
        _REUSED.reset(token)


def read_residents(registry: Registry) -> list[list[Resident]]:
    """Return the living residents by household, in household order (the same on any instance)."""
    reused = _REUSED.get()
    if reused is None:
        return _read_residents(registry)
    if (known := reused.get("households")) is None or known[0] is not registry:
        known = reused["households"] = (registry, _read_residents(registry))
    return [list(members) for members in known[1]]


def _read_residents(registry: Registry) -> list[list[Resident]]:
    households: dict[str, list[Resident]] = {}
    offset = 0
    while page := registry.listing(limit=_PAGE, offset=offset):
        offset += len(page)
        for resident in page:
            if resident.status is ResidentStatus.ACTIVE:
                households.setdefault(resident.household_code, []).append(resident)
    return [
        sorted(members, key=lambda r: (_ROLE_ORDER[r.relationship], r.birth_date, r.name.full))
        for _, members in sorted(households.items())
    ]


def plan_lives(
    households: list[list[Resident]], *, seed: int, on: dt.date, catalogue: Catalogue
) -> tuple[list[Person], Ledger]:
    """Plan and replay every household; return the people and the ledger of their events
    (planned once per `reusing_reads` block for the same households, seed, day and insurers)."""
    reused = _REUSED.get()
    if reused is None:
        return _plan_lives(households, seed=seed, on=on, catalogue=catalogue)
    known = reused.get("plan")
    if known is None or known[:4] != (households, seed, on, catalogue.kind_of):
        people, ledger = _plan_lives(households, seed=seed, on=on, catalogue=catalogue)
        known = reused["plan"] = (households, seed, on, catalogue.kind_of, people, ledger)
    return list(known[4]), known[5]


def _plan_lives(
    households: list[list[Resident]], *, seed: int, on: dt.date, catalogue: Catalogue
) -> tuple[list[Person], Ledger]:
    careers, ledger = Careers(catalogue), Ledger(catalogue.kind_of)
    people: list[Person] = []
    for index, members in enumerate(households):
        rng = random.Random(f"lives:{seed}:{members[0].household_code}")
        planned = plan_household(rng, members, first=len(people), on=on, careers=careers)
        for person in planned:
            person.household = index
        ledger.live(planned)
        people += planned
    return people, ledger


def populate_lives(
    *,
    registry: Registry,
    insurers: Insurers,
    seed: int,
    on: dt.date,
    progress: Progress | None = None,
    link_error_rate: float | None = None,
    truth: Path | None = None,
) -> tuple[LivesReport, list[Covered]]:
    """Give every registered resident an insurance life up to `on`, loaded through insurers.

    Some enrolment forms carry another person's number (`link_errors`: the 総点検's health
    insurance rate unless `link_error_rate` is given); the accepted ones are written to a fresh
    truth file if one is named. Return the report, and who was covered by which insured number
    in the year up to `on`.
    """
    started = time.perf_counter()
    households = read_residents(registry)
    people, ledger = plan_lives(households, seed=seed, on=on, catalogue=Catalogue())
    events = ledger.events(since=HISTORY_FROM)
    residents, household_of = [p.resident for p in people], [p.household for p in people]
    rate = HEALTH_RATE if link_error_rate is None else link_error_rate
    injector = Injector(residents, household_of, seed=seed, rate=rate)
    loader = Loader(insurers, residents, household_of, progress=progress, errors=injector)
    loader.load(events)
    if truth is not None:
        write_truth(truth, loader.errors.rows, fresh=True)
    report = ledger.report(events, residents=len(people), seconds=time.perf_counter() - started)
    counts = LinkErrorCounts(
        injected=loader.errors.injected, accepted=loader.errors.accepted, held=loader.errors.held
    )
    report = report.model_copy(update={"link_errors": counts})
    return report, loader.covered(since=on - dt.timedelta(days=364))


def covered_from_history(
    registry: Registry, eligibility: Eligibility, *, on: dt.date
) -> list[Covered]:
    """Return who was covered by which insured number in the year up to `on`, read back from
    the eligibility system's histories (for lives loaded by another process)."""
    since = on - dt.timedelta(days=364)
    covered: list[Covered] = []
    residents = [resident for members in read_residents(registry) for resident in members]
    for start in range(0, len(residents), _PAGE * 10):
        chunk = residents[start : start + _PAGE * 10]
        # Eligibility's 符号, asked through J-LIS as an agency would, many at once.
        subjects = registry.acquire_codes(
            requests=[
                CodeRequest(agency=AGENCY, my_number=r.my_number,
                            acquisition_number=new_acquisition_number(), actor="synth")
                for r in chunk
            ]
        )  # fmt: skip
        for resident, issued in zip(chunk, subjects, strict=True):
            spells = tuple(
                (h.valid_from, h.valid_to, InsuredRef.model_validate(h.model_dump(include=_REF)))
                for h in eligibility.history(subject=issued.code)
                if h.valid_to is None or h.valid_to >= since
            )
            if spells:
                covered.append(Covered(resident, spells))
    return covered
