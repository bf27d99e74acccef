"""Pension records of a synthetic population, following its working lives."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from mynumber.app import System
from mynumber.kernel.ages import age_on
from mynumber.pension.data import InsuredKind, PensionRecord

ON = dt.date(2026, 11, 22)  # today in Japan on the fixed clock


def _records(system: System) -> list[PensionRecord]:
    found: list[PensionRecord] = []
    while page := system.pension.records(limit=500, offset=len(found)):
        found += page
    return found


def test_records_awards_and_payments_follow_the_lives(system: System) -> None:
    system.synth.populate(seed=3, people=300, on=ON)
    system.synth.populate_lives(seed=3, on=ON)
    seen: list[tuple[int, int]] = []
    report = system.synth.populate_pension(seed=3, on=ON, progress=lambda *p: seen.append(p))
    residents = {r.my_number: r for r in system.registry.listing(limit=500)}
    assert seen[-1] == (len(residents), len(residents))
    records = _records(system)
    assert len(records) == report.people
    # One 基礎年金番号 per person, the register's My Number kept beside it.
    assert len({r.basic_pension_number for r in records}) == len(records)
    assert len({r.my_number for r in records}) == len(records)
    assert all(r.my_number in residents for r in records)
    assert all(r.printed_number[4] == "-" for r in records)
    # Everyone 20–59 is insured today in one of the three kinds; children never.
    ages = {r.my_number: age_on(r.birth_date, ON) for r in records}
    for record in records:
        age = ages[record.my_number]
        if 20 <= age < 60:
            assert record.current_kind is not None, record
        if record.current_kind is InsuredKind.THIRD:
            assert 20 <= age < 60
        if age >= 70:
            assert record.current_kind is None
    # 第1号 and 第3号 only between the ages of 20 and 60 (reached the day before the birthday).
    for record in records:
        born = record.birth_date
        for period in record.periods:
            if period.kind is not InsuredKind.SECOND:
                assert period.start >= born.replace(year=born.year + 20) - dt.timedelta(days=1)
                assert period.end is not None or age_on(born, ON) < 60
    # A 第3号 lives with a spouse who is 第2号 today.
    kind_of = {r.my_number: r.current_kind for r in records}
    households: dict[str, set[InsuredKind | None]] = {}
    for mine, resident in residents.items():
        households.setdefault(resident.household_code, set()).add(kind_of.get(mine))
    thirds = [mine for mine, kind in kind_of.items() if kind is InsuredKind.THIRD]
    assert all(InsuredKind.SECOND in households[residents[m].household_code] for m in thirds)
    kinds = Counter(r.current_kind for r in records if r.current_kind)
    assert kinds[InsuredKind.SECOND] > kinds[InsuredKind.FIRST] > 0 < kinds[InsuredKind.THIRD]
    assert report.by_kind == {k.value: n for k, n in sorted(kinds.items())}
    # The old: awarded on their months, paid in even months.
    elderly = [r for r in records if age_on(r.birth_date, ON) >= 66]
    assert report.awarded + report.not_qualified >= len(elderly) > 0
    assert report.awarded > 0 and report.payments > report.awarded
    record = max(elderly, key=lambda r: r.contribution_months)
    award = system.pension.award_of(basic_pension_number=record.basic_pension_number, actor="t")
    assert award.contribution_months == record.contribution_months <= 480
    assert award.basic_annual == round(831_700 * record.contribution_months / 480) or (
        record.birth_date < dt.date(1956, 4, 2)
    )
    paid = system.pension.payments(basic_pension_number=record.basic_pension_number, actor="t")
    assert [p.payment_month.month % 2 for p in paid] == [0] * len(paid)
    assert {p.payment_month.day for p in paid} == {15}
    info = system.pension.benefit_info(
        basic_pension_number=record.basic_pension_number, year=2025, actor="t"
    )
    assert info.pension_income == sum(p.amount for p in paid if p.payment_month.year == 2025)
    assert info.pension_income == award.annual_total and info.receives_old_age_basic == "1"
    infos = system.pension.benefit_infos(year=2025)
    assert len(infos) == report.awarded
    # Each read was logged under the person's number.
    logged = system.pension.access_records(basic_pension_number=record.basic_pension_number)
    assert [r.payload["what"] for r in logged] == ["award", "payments", "benefit info 2025"]


def test_the_same_seed_gives_the_same_records(system: System) -> None:
    system.synth.populate(seed=4, people=120, on=ON)
    first = system.synth.populate_pension(seed=4, on=ON)
    again = system.synth.populate_pension(seed=4, on=ON)
    assert again.people == 0 and again.awarded == 0 and again.payments == 0
    assert again.by_kind == first.by_kind
