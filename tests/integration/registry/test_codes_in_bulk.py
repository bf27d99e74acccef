"""符号 through J-LIS in bulk: the same 符号 and access records as one number at a time."""

from __future__ import annotations

import datetime as dt

import pytest

from mynumber.app import System
from mynumber.kernel.errors import InvalidInputError, NotFoundError
from mynumber.network.data import new_acquisition_number
from mynumber.registry.data import ChangeKind, CodeRequest

from ...agency_codes import code_for
from .helpers import SAPPORO, person

ON = dt.date(2026, 1, 1)
INSURER = "insurer:01130012"


def _three(system: System) -> list[str]:
    system.network.connect(
        agency_id=INSURER,
        name="全国健康保険協会 東京支部",
        public_key=system.agency_keys.public_key(INSURER),
    )
    people = [
        person(),
        person(given="花子", given_kana="ハナコ", born=dt.date(1985, 6, 1), address=SAPPORO),
        person(given="次郎", given_kana="ジロウ", born=dt.date(2001, 2, 3)),
    ]
    return [
        system.registry.register(new=p, kind=ChangeKind.MOVE_IN, on=ON).my_number for p in people
    ]


def _acquire(system: System, agency: str, numbers: list[str]) -> list[str]:
    asked = [new_acquisition_number() for _ in numbers]
    issued = system.registry.acquire_codes(
        requests=[
            CodeRequest(agency=agency, my_number=n, acquisition_number=a, actor=INSURER)
            for n, a in zip(numbers, asked, strict=True)
        ]
    )
    assert [i.acquisition_number for i in issued] == asked  # each answer names its request
    return [i.code for i in issued]


def test_the_batch_answers_like_the_single_call_in_order(system: System) -> None:
    numbers = _three(system)
    asked = [numbers[2], numbers[0], numbers[2], numbers[1]]
    batch = _acquire(system, INSURER, asked)
    single = [
        system.registry.acquire_code(
            agency=INSURER, my_number=n, acquisition_number=f"one-{i:04d}", actor=INSURER
        )
        for i, n in enumerate(asked)
    ]
    assert [s.acquisition_number for s in single] == [f"one-{i:04d}" for i in range(4)]
    assert batch == [s.code for s in single] and batch[0] == batch[2] and len(set(batch)) == 3
    # The same records either way: two reads for the number asked twice in each pass.
    codes = [r.resident_code for r in system.registry.listing(limit=10)]
    by_stream = {code: system.registry.access_records(resident_code=code) for code in codes}
    assert sorted(len(records) for records in by_stream.values()) == [2, 2, 4]
    for records in by_stream.values():
        assert {tuple(sorted(r.payload.items())) for r in records} == {
            (("actor", INSURER), ("organisation", "registry"),
             ("what", f"acquire_code:{INSURER}")),
        }  # fmt: skip
    assert all(system.registry.verify_access_log(resident_code=code) == [] for code in codes)
    assert _acquire(system, "eligibility", []) == []


def test_one_bad_number_refuses_the_batch_and_logs_nothing(system: System) -> None:
    numbers = _three(system)
    replaced = system.registry.change_my_number(
        resident_code=system.registry.listing(limit=1)[0].resident_code, on=ON, reason="leak"
    )
    current = {r.my_number for r in system.registry.listing(limit=10)}
    old = next(n for n in numbers if n not in current)
    with pytest.raises(NotFoundError, match=r"item 1: .*replaced") as refused:
        _acquire(system, "eligibility", [replaced.my_number, old])
    assert refused.value.code == "my_number_replaced"
    assert (refused.value.item, refused.value.item_reason) == (1, refused.value.reason[8:])
    with pytest.raises(InvalidInputError, match="item 0") as invalid:
        _acquire(system, "eligibility", ["123456789012"])
    assert invalid.value.item == 0
    for resident in system.registry.listing(limit=10):
        assert system.registry.access_records(resident_code=resident.resident_code) == []


def test_an_agency_not_on_the_network_gets_no_code_and_leaves_no_record(system: System) -> None:
    numbers = _three(system)
    with pytest.raises(NotFoundError) as refused:
        system.registry.acquire_code(
            agency="insurer:06139999", my_number=numbers[0], acquisition_number="x" * 16,
            actor="insurer:06139999",
        )  # fmt: skip
    assert refused.value.code == "agency_unknown"
    with pytest.raises(NotFoundError):
        _acquire(system, "pension:jpo", numbers)
    for resident in system.registry.listing(limit=10):
        assert system.registry.access_records(resident_code=resident.resident_code) == []


def test_codes_are_the_same_for_an_agency_and_a_person_and_differ_across_agencies(
    system: System,
) -> None:
    numbers = _three(system)
    own, eligibility = _acquire(system, INSURER, numbers), _acquire(system, "eligibility", numbers)
    assert own == _acquire(system, INSURER, numbers)  # again: the same 符号, new 取得番号
    assert len(set(own) | set(eligibility)) == 6  # per agency and per person
    residents = {r.my_number: r.resident_code for r in system.registry.listing(limit=10)}
    # What J-LIS's own needs get from the network by resident code is the same 符号.
    assert own == [code_for(system, agency=INSURER, resident_code=residents[n]) for n in numbers]
