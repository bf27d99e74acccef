"""The code service in bulk: same codes and access records as one number at a time."""

from __future__ import annotations

import datetime as dt

import pytest

from mynumber.app import System
from mynumber.kernel.errors import InvalidInputError, NotFoundError
from mynumber.registry.data import ChangeKind

from .helpers import SAPPORO, person

ON = dt.date(2026, 1, 1)


def _three(system: System) -> list[str]:
    people = [
        person(),
        person(given="花子", given_kana="ハナコ", born=dt.date(1985, 6, 1), address=SAPPORO),
        person(given="次郎", given_kana="ジロウ", born=dt.date(2001, 2, 3)),
    ]
    return [
        system.registry.register(new=p, kind=ChangeKind.MOVE_IN, on=ON).my_number for p in people
    ]


def test_the_batch_answers_like_the_single_call_in_order(system: System) -> None:
    numbers = _three(system)
    asked = [numbers[2], numbers[0], numbers[2], numbers[1]]
    batch = system.registry.agency_codes_for_numbers(
        agency="insurer:01130012", my_numbers=asked, actor="insurer:01130012"
    )
    single = [
        system.registry.agency_code_for_number(
            agency="insurer:01130012", my_number=n, actor="insurer:01130012"
        )
        for n in asked
    ]
    assert batch == single and batch[0] == batch[2] and len(set(batch)) == 3
    # The same records either way: two reads for the number asked twice in each pass.
    codes = [r.resident_code for r in system.registry.listing(limit=10)]
    by_stream = {code: system.registry.access_records(resident_code=code) for code in codes}
    assert sorted(len(records) for records in by_stream.values()) == [2, 2, 4]
    for records in by_stream.values():
        assert {tuple(sorted(r.payload.items())) for r in records} == {
            (("actor", "insurer:01130012"), ("organisation", "registry"),
             ("what", "agency_code:insurer:01130012")),
        }  # fmt: skip
    assert all(system.registry.verify_access_log(resident_code=code) == [] for code in codes)
    assert (
        system.registry.agency_codes_for_numbers(agency="eligibility", my_numbers=[], actor="x1")
        == []
    )


def test_one_bad_number_refuses_the_batch_and_logs_nothing(system: System) -> None:
    numbers = _three(system)
    replaced = system.registry.change_my_number(
        resident_code=system.registry.listing(limit=1)[0].resident_code, on=ON, reason="leak"
    )
    current = {r.my_number for r in system.registry.listing(limit=10)}
    old = next(n for n in numbers if n not in current)
    with pytest.raises(NotFoundError, match=r"item 1: .*replaced") as refused:
        system.registry.agency_codes_for_numbers(
            agency="eligibility", my_numbers=[replaced.my_number, old], actor="insurer:01130012"
        )
    assert refused.value.code == "my_number_replaced"
    assert (refused.value.item, refused.value.item_reason) == (1, refused.value.reason[8:])
    with pytest.raises(InvalidInputError, match="item 0") as invalid:
        system.registry.agency_codes_for_numbers(
            agency="eligibility", my_numbers=["123456789012"], actor="insurer:01130012"
        )
    assert invalid.value.item == 0
    for resident in system.registry.listing(limit=10):
        assert system.registry.access_records(resident_code=resident.resident_code) == []
