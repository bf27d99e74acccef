"""Pension: a notice that would link a new 基礎年金番号 to someone else's My Number is held where
links are checked, and taken as given under the real policy; the export lists every link."""

from __future__ import annotations

from mynumber.app import System
from mynumber.pension.data import CoverageNotice, InsuredKind
from mynumber.registry.data import ChangeKind, Resident

from ..insurers.test_link_checks import START
from ..registry.helpers import person


def _notice(resident: Resident, *, number: str | None = None) -> CoverageNotice:
    return CoverageNotice(
        my_number=number or resident.my_number, name=resident.name.full,
        birth_date=resident.birth_date, since=START, kind=InsuredKind.FIRST,
        name_kana=resident.name.full_kana, sex=int(resident.sex),
        address=resident.address.text, postal_code=resident.address.postal_code,
    )  # fmt: skip


def _two(system: System) -> tuple[Resident, Resident]:
    taro = system.registry.register(new=person(), kind=ChangeKind.MOVE_IN, on=START)
    hanako = system.registry.register(
        new=person(family="鈴木", given="花子", family_kana="スズキ", given_kana="ハナコ"),
        kind=ChangeKind.MOVE_IN, on=START,
    )  # fmt: skip
    return taro, hanako


def test_a_notice_with_another_persons_number_is_held_only_where_links_are_checked(
    profiled: System,
) -> None:
    taro, hanako = _two(profiled)
    wrong = _notice(taro, number=hanako.my_number)  # Taro's form, Hanako's number
    report = profiled.pension.receive_notices(notices=[wrong])
    records = list(profiled.pension.linked_records(actor="auditor"))
    if not profiled.settings.policy.links_checked_before_acceptance:
        assert (report.new_numbers, report.held) == (1, 0)
        (record,) = records
        assert (record.name, record.my_number) == (taro.name.full, hanako.my_number)  # wrong
        assert (record.agency, record.kind, record.sex) == ("pension", "pension", 1)
        return
    assert (report.received, report.new_numbers, report.held) == (1, 0, 1)
    assert records == []
    right = profiled.pension.receive_notices(notices=[_notice(taro), _notice(hanako)])
    assert (right.new_numbers, right.held) == (2, 0)
    exported = {r.my_number: r for r in profiled.pension.linked_records(actor="auditor")}
    assert exported[taro.my_number].name == taro.name.full
    reads = profiled.pension.access_records(basic_pension_number=exported[taro.my_number].record_id)
    assert [r.payload["what"] for r in reads] == ["link_export"]
    assert reads[0].payload["actor"] == "auditor"
