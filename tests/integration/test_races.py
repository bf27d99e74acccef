"""Races closed: many callers at one instant get distinct numbers, one chain, one row each.

Every test releases its threads behind one barrier. On PostgreSQL they really run at once (on
SQLite the writers of one process take turns), so without the database's guarantees they would
share an insured number or a terminal id, or fail with an integrity error.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from mynumber.app import System
from mynumber.eligibility import registration
from mynumber.eligibility.access_log import Context
from mynumber.eligibility.data import TerminalRegistration
from mynumber.eligibility.models import RegistrationRow
from mynumber.eligibility.models import TerminalRow as EligibilityTerminalRow
from mynumber.insurers import service as insurers_service
from mynumber.insurers.data import Enrolment, IncomeCategory, Member, Membership
from mynumber.insurers.models import MembershipRow
from mynumber.kernel.errors import ConflictError
from mynumber.kernel.hashlog import HashChainedLog
from mynumber.registry.data import ChangeKind, Resident
from mynumber.registry.models import access_heads, access_records

from ..races import at_once
from .facility.helpers import CLINIC
from .insurers.test_enrol_and_verify import KUMIAI, KYOKAI_TOKYO
from .registry.helpers import person

START = dt.date(2025, 4, 1)
THREADS = 8
ROUNDS = 5  # a race lost once in a round is seen in one of several


def _residents(system: System, count: int) -> list[Resident]:
    return [
        system.registry.register(
            new=person(born=dt.date(1970 + index, 4, 1)), kind=ChangeKind.MOVE_IN, on=START
        )
        for index in range(count)
    ]


def _enrolment(resident: Resident, insurer: str, head: str | None = None) -> Enrolment:
    member = Member(
        name=resident.name.full,
        name_kana=resident.name.full_kana,
        birth_date=resident.birth_date,
        sex=int(resident.sex),
        address=resident.address.text,
        postal_code=resident.address.postal_code,
    )
    return Enrolment(
        insurer_number=insurer, my_number=resident.my_number, member=member,
        valid_from=START, dependant_of=head, income=IncomeCategory.GENERAL,
    )  # fmt: skip


def _succeeded(outcomes: list[object]) -> list[object]:
    failures = [o for o in outcomes if isinstance(o, BaseException)]
    assert failures == [], failures
    return outcomes


def _insured_numbers(memberships: list[Membership]) -> list[tuple[str, str, str, str]]:
    return [
        (m.insured.insurer_number, m.insured.symbol, m.insured.number, m.insured.branch)
        for m in memberships
    ]


def test_concurrent_enrolments_get_distinct_insured_numbers(system: System) -> None:
    system.insurers.add_insurer(insurer=KUMIAI)
    people = _residents(system, THREADS)
    outcomes = at_once(
        [lambda r=r: system.insurers.enrol(enrolment=_enrolment(r, KUMIAI.number)) for r in people]
    )
    made = [o for o in _succeeded(list(outcomes)) if isinstance(o, Membership)]
    numbers = _insured_numbers(made)
    assert len(set(numbers)) == THREADS
    assert sorted(int(n) for _, _, n, _ in numbers) == list(range(1, THREADS + 1))


def test_concurrent_dependants_of_one_insured_person_get_distinct_branches(
    system: System,
) -> None:
    system.insurers.add_insurer(insurer=KUMIAI)
    head, *family = _residents(system, THREADS + 1)
    insured = system.insurers.enrol(enrolment=_enrolment(head, KUMIAI.number))
    outcomes = at_once(
        [
            lambda r=r: system.insurers.enrol(
                enrolment=_enrolment(r, KUMIAI.number, head=insured.membership_id)
            )
            for r in family
        ]
    )
    made = [o for o in _succeeded(list(outcomes)) if isinstance(o, Membership)]
    branches = sorted(m.insured.branch for m in made)
    assert branches == [f"{b:02d}" for b in range(1, THREADS + 1)]
    assert {m.insured.number for m in made} == {insured.insured.number}


def test_concurrent_batches_and_single_enrolments_share_no_insured_number(
    system: System,
) -> None:
    system.insurers.add_insurer(insurer=KYOKAI_TOKYO)
    per_batch, batches, singles = 5, 4, 4
    people = _residents(system, per_batch * batches + singles)
    calls = [
        lambda group=people[b * per_batch : (b + 1) * per_batch]: system.insurers.enrol_many(
            enrolments=[_enrolment(r, KYOKAI_TOKYO.number) for r in group]
        )
        for b in range(batches)
    ] + [
        lambda r=r: [system.insurers.enrol(enrolment=_enrolment(r, KYOKAI_TOKYO.number))]
        for r in people[per_batch * batches :]
    ]
    outcomes = at_once(calls)
    made = [m for o in _succeeded(list(outcomes)) if isinstance(o, list) for m in o]
    numbers = _insured_numbers(made)
    assert len(numbers) == len(people) == len(set(numbers))
    assert sorted(int(n) for _, _, n, _ in numbers) == list(range(1, len(people) + 1))


def test_one_person_enrolled_at_once_twice_is_covered_once(system: System) -> None:
    """Through the service: the public path also takes turns on the person's registry log,
    which staggers the callers enough to hide the race most of the time."""
    system.insurers.add_insurer(insurer=KUMIAI)
    (resident,) = _residents(system, 1)

    def enrol(person: str, index: int) -> MembershipRow:
        with system.database.unit_of_work() as uow:
            return insurers_service.enrol(
                uow.session,
                enrolment=_enrolment(resident, KUMIAI.number),
                person_code=person,
                membership_id=f"{KUMIAI.number}-{person}-{index}",
                my_number=None,
            )

    for round_ in range(ROUNDS):
        outcomes = at_once([lambda i=i, p=f"P{round_}": enrol(p, i) for i in range(THREADS)])
        made = [o for o in outcomes if isinstance(o, MembershipRow)]
        refused = [o for o in outcomes if isinstance(o, ConflictError)]
        assert len(made) == 1, outcomes
        assert len(refused) == THREADS - 1, outcomes
        assert {e.code for e in refused} == {"already_enrolled"}


def test_first_appends_to_a_new_chain_at_once_all_land_in_one_chain(system: System) -> None:
    log = HashChainedLog(access_records, access_heads, b"k" * 32)
    at = system.clock.now()

    def append(stream: str, index: int) -> None:
        with system.database.unit_of_work() as uow:
            if index % 2:
                log.append(uow.session, stream=stream, payload={"i": index}, at=at)
            else:
                entries = [(stream, {"i": index}), (f"{stream}-other-{index}", {"i": index})]
                log.append_many(uow.session, entries=entries, at=at)

    for round_ in range(5):
        stream = f"race-{round_}"
        _succeeded(list(at_once([lambda i=i, s=stream: append(s, i) for i in range(THREADS)])))
        with system.database.unit_of_work() as uow:
            records = log.read(uow.session, stream=stream)
            assert sorted(r.payload["i"] for r in records) == list(range(THREADS))
            assert log.verify(uow.session, stream=stream) == []


def test_terminals_added_at_once_get_the_next_running_numbers(system: System) -> None:
    system.facilities.add_facility(facility=CLINIC)
    outcomes = at_once(
        [lambda: system.facilities.add_terminal(facility_code=CLINIC.code)] * THREADS
    )
    made = _succeeded(list(outcomes))
    ids = sorted(t.terminal_id for t in made)  # type: ignore[attr-defined]
    assert ids == [f"{CLINIC.code}-T{n:02d}" for n in range(1, THREADS + 1)]
    with system.database.unit_of_work() as uow:  # the eligibility system knows every one
        known = uow.session.scalars(select(EligibilityTerminalRow.terminal_id)).all()
    assert sorted(known) == ids


def test_one_terminal_registered_at_once_twice_is_registered_once(system: System) -> None:
    system.facilities.add_facility(facility=CLINIC)
    for round_ in range(ROUNDS):
        terminal = TerminalRegistration(
            terminal_id=f"{CLINIC.code}-X{round_:02d}",
            facility_code=CLINIC.code,
            public_key=b"\x01" * 32,
        )
        outcomes = at_once(
            [lambda t=terminal: system.eligibility.register_terminal(terminal=t)] * THREADS
        )
        refused = [o for o in outcomes if isinstance(o, ConflictError)]
        assert outcomes.count(None) == 1, outcomes
        assert len(refused) == THREADS - 1, outcomes
        assert {e.code for e in refused} == {"terminal_exists"}


def test_one_relying_party_registered_at_once_twice_gets_one_token(system: System) -> None:
    for round_ in range(ROUNDS):
        party = f"city:13101{round_}"
        outcomes = at_once(
            [lambda p=party: system.jpki.register_relying_party(party=p, may_resolve=False)]
            * THREADS
        )
        tokens = [o for o in outcomes if isinstance(o, str)]
        refused = [o for o in outcomes if isinstance(o, ConflictError)]
        assert len(tokens) == 1, outcomes
        assert len(refused) == THREADS - 1, outcomes
        assert {e.code for e in refused} == {"duplicate_party"}


def test_one_card_registered_at_once_twice_is_registered_once(system: System) -> None:
    log = HashChainedLog(access_records, access_heads, b"")
    ctx = Context(clock=system.clock, access_log=log, policy=system.settings.policy)

    def register(subject: str) -> bool:
        with system.database.unit_of_work() as uow:
            return registration.register(uow.session, ctx, subject=subject).registered

    for round_ in range(ROUNDS * 2):
        outcomes = at_once([lambda r=round_: register(f"SUBJECT{r}")] * THREADS)
        assert _succeeded(list(outcomes)) == [True] * THREADS
    with system.database.unit_of_work() as uow:
        count = uow.session.scalar(select(func.count()).select_from(RegistrationRow))
    assert count == ROUNDS * 2
