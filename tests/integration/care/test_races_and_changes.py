"""Two enrolments of one resident at once, and the register's changes carried into the row."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from mynumber.app import System
from mynumber.care.data import InsuredPerson
from mynumber.care.models import InsuredRow
from mynumber.registry.data import ChangeKind, Relationship

from ...races import at_once
from ..registry.helpers import CHIYODA, person
from .helpers import CODE, TODAY, register_elder

ROUNDS = 3


def _row(system: System, resident_code: str) -> tuple[str, str | None]:
    with system.database.scoped("care").connection() as conn:
        row = conn.execute(
            select(InsuredRow.my_number, InsuredRow.household_code).where(
                InsuredRow.resident_code == resident_code
            )
        ).one()
    return row.my_number, row.household_code


def test_two_enrolments_at_one_instant_give_one_number(system: System) -> None:
    for round_ in range(ROUNDS):
        resident = system.registry.register(
            new=person(given="五郎", given_kana="ゴロウ", born=dt.date(1962, 1, 1 + round_)),
            kind=ChangeKind.MOVE_IN, on=dt.date(2000, 1, 1),
        )  # fmt: skip
        code = resident.resident_code
        calls = [
            lambda code=code: system.care.enrol_second(  # type: ignore[misc]
                resident_code=code, health_insurance="01130012 1-1", on=TODAY
            )
        ] * 4
        outcomes = at_once(calls)
        assert all(isinstance(o, InsuredPerson) for o in outcomes), outcomes
        numbers = {o.insured_number for o in outcomes if isinstance(o, InsuredPerson)}
        assert len(numbers) == 1


def test_a_new_my_number_and_a_move_reach_the_care_row(system: System) -> None:
    resident = register_elder(system)
    system.care.enrol_turning_65(municipality=CODE, on=TODAY)
    assert _row(system, resident.resident_code) == (resident.my_number, resident.household_code)
    changed = system.registry.change_my_number(
        resident_code=resident.resident_code, on=TODAY, reason="漏えい"
    )
    system.relay.drain()
    assert changed.my_number != resident.my_number
    assert _row(system, resident.resident_code)[0] == changed.my_number
    # A move into another household (marriage): the 世帯 follows.
    head = system.registry.register(
        new=person(given="夏子", given_kana="ナツコ", born=dt.date(1960, 1, 1), address=CHIYODA),
        kind=ChangeKind.MOVE_IN, on=dt.date(2000, 1, 1),
    )  # fmt: skip
    system.registry.join_household(resident_code=resident.resident_code,
                                   household_code=head.household_code,
                                   relationship=Relationship.SPOUSE, on=TODAY)  # fmt: skip
    system.relay.drain()
    assert _row(system, resident.resident_code) == (changed.my_number, head.household_code)
    # Someone the platform does not insure changes too: handled, nothing kept or refused.
    system.registry.change_my_number(resident_code=head.resident_code, on=TODAY, reason="漏えい")
    system.relay.drain()
    assert system.relay.pending() == 0
