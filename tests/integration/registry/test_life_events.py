"""Moves, renames, deaths and My Number changes, with history and published changes."""

import datetime as dt

import pytest

from mynumber.app import System
from mynumber.kernel.errors import ConflictError, NotFoundError
from mynumber.kernel.messaging import Message
from mynumber.registry.data import (
    ChangeKind,
    PersonName,
    Relationship,
    ResidentChange,
    Sex,
    changes_topic,
)

from ...agency_codes import code_for
from .helpers import SAPPORO, person

TODAY = dt.date(2026, 11, 22)


def _family(system: System) -> tuple[str, str]:
    head = system.registry.register(new=person(), kind=ChangeKind.MOVE_IN, on=dt.date(2020, 1, 1))
    child = system.registry.register(
        new=person(
            given="花子",
            given_kana="ハナコ",
            born=dt.date(2010, 5, 5),
            sex=Sex.FEMALE,
            household=head.household_code,
            relationship=Relationship.CHILD,
        ),
        kind=ChangeKind.MOVE_IN,
        on=dt.date(2020, 1, 1),
    )
    return head.resident_code, child.resident_code


def _listen(system: System) -> list[ResidentChange]:
    """Return the list the relay appends J-LIS's later change messages to."""
    received: list[ResidentChange] = []

    def record(message: Message) -> None:
        received.append(ResidentChange.model_validate(message.body))

    system.relay.route(
        topic=changes_topic("jlis"), sender=system.registry.outbox, consumer="t", handler=record
    )
    return received


def test_a_head_moves_with_the_household(system: System) -> None:
    head, child = _family(system)
    moved = system.registry.move(resident_code=head, address=SAPPORO, on=TODAY)
    assert {r.resident_code for r in moved} == {head, child}
    assert system.registry.get(resident_code=child, actor="t").address == SAPPORO
    assert [e.kind for e in system.registry.history(resident_code=child)] == [
        ChangeKind.MOVE_IN,
        ChangeKind.MOVE,
    ]


def test_a_member_who_moves_alone_heads_a_new_household(system: System) -> None:
    head, child = _family(system)
    (moved,) = system.registry.move(resident_code=child, address=SAPPORO, on=TODAY)
    assert moved.relationship is Relationship.HEAD
    assert moved.household_code != system.registry.get(resident_code=head, actor="t").household_code


def test_rename_keeps_the_numbers(system: System) -> None:
    head, _ = _family(system)
    before = system.registry.get(resident_code=head, actor="t")
    name = PersonName(family="佐藤", given="太郎", family_kana="サトウ", given_kana="タロウ")
    after = system.registry.rename(resident_code=head, name=name, on=TODAY, reason="marriage")
    assert after.name == name
    assert (after.resident_code, after.my_number) == (before.resident_code, before.my_number)


def test_a_deceased_resident_cannot_move_or_be_renamed(system: System) -> None:
    head, _ = _family(system)
    system.registry.record_death(resident_code=head, on=TODAY)
    with pytest.raises(ConflictError) as refused:
        system.registry.move(resident_code=head, address=SAPPORO, on=TODAY)
    assert refused.value.code == "resident_not_active"
    name = PersonName(family="佐藤", given="太郎", family_kana="サトウ", given_kana="タロウ")
    with pytest.raises(ConflictError):
        system.registry.rename(resident_code=head, name=name, on=TODAY, reason="x")
    resident = system.registry.get(resident_code=head, actor="t")
    assert resident.address.prefecture == "東京都"
    assert resident.died_on == TODAY


def _acquire(system: System, my_number: str) -> str:
    return system.registry.acquire_code(
        agency="eligibility", my_number=my_number, acquisition_number="acq-0001", actor="t"
    ).code


def test_a_my_number_change_keeps_history_and_agency_codes(system: System) -> None:
    head, _ = _family(system)
    old = system.registry.get(resident_code=head, actor="t").my_number
    code_before = _acquire(system, old)
    new = system.registry.change_my_number(resident_code=head, on=TODAY, reason="leak").my_number
    assert new != old
    assert _acquire(system, new) == code_before
    assert code_before == code_for(system, agency="eligibility", resident_code=head)
    with pytest.raises(NotFoundError) as replaced:
        _acquire(system, old)
    assert replaced.value.code == "my_number_replaced"


def test_agency_codes_are_per_agency_and_deterministic(system: System) -> None:
    head, child = _family(system)
    system.network.connect(
        agency_id="insurer:06132013",
        name="関東ソフトウェア健康保険組合",
        public_key=system.agency_keys.public_key("insurer:06132013"),
    )
    a = code_for(system, agency="eligibility", resident_code=head)
    b = code_for(system, agency="insurer:06132013", resident_code=head)
    assert a != b
    assert a == code_for(system, agency="eligibility", resident_code=head)
    assert a != code_for(system, agency="eligibility", resident_code=child)


def test_changes_are_published_with_each_agencys_own_code(system: System) -> None:
    head, child = _family(system)
    received = _listen(system)
    system.registry.move(resident_code=head, address=SAPPORO, on=TODAY)
    system.registry.record_death(resident_code=child, on=TODAY)
    assert [(c.kind, c.fields) for c in received] == [
        (ChangeKind.MOVE, ("address",)),
        (ChangeKind.MOVE, ("address",)),
        (ChangeKind.DEATH, ("status",)),
    ]
    assert received[-1].subject == code_for(system, agency="jlis", resident_code=child)
    polled = system.registry.changes_since(agency="eligibility", after=0)
    assert received[-1].subject not in {c.subject for c in polled}
    assert all(head not in c.model_dump_json() for c in received + polled)


def test_a_failed_change_is_not_published(system: System) -> None:
    head, _ = _family(system)
    received = _listen(system)
    with pytest.raises(ConflictError):
        system.registry.join_household(
            resident_code=head,
            household_code="H0000000001",
            relationship=Relationship.SPOUSE,
            on=TODAY,
        )
    assert received == []
