"""Employment insurance of a synthetic population, following its working lives."""

from __future__ import annotations

import datetime as dt

from mynumber.app import System
from mynumber.employment.data import BenefitKind, InsuredRecord
from mynumber.kernel.ages import age_on
from mynumber.pension.data import InsuredKind, PensionRecord

ON = dt.date(2026, 11, 22)  # today in Japan on the fixed clock


def _records(system: System) -> list[InsuredRecord]:
    found: list[InsuredRecord] = []
    while page := system.employment.records(limit=500, offset=len(found)):
        found += page
    return found


def _pension_records(system: System) -> dict[str, PensionRecord]:
    found: list[PensionRecord] = []
    while page := system.pension.records(limit=500, offset=len(found)):
        found += page
    return {r.my_number: r for r in found}


def test_coverage_and_benefits_follow_the_lives(system: System) -> None:
    system.synth.populate(seed=5, people=300, on=ON)
    seen: list[tuple[int, int]] = []
    report = system.synth.populate_employment(seed=5, on=ON, progress=lambda *p: seen.append(p))
    pension = system.synth.populate_pension(seed=5, on=ON)
    residents = {r.my_number: r for r in system.registry.listing(limit=500)}
    assert seen[-1] == (len(residents), len(residents))
    records = _records(system)
    assert len(records) == report.people > 0
    # One 被保険者番号 per person (with its check digit), the register's My Number beside it.
    assert len({r.insured_number for r in records}) == len(records)
    assert len({r.my_number for r in records}) == len(records)
    assert all(r.my_number in residents for r in records)
    assert all(r.printed_number[4] == "-" and r.printed_number[11] == "-" for r in records)
    assert all(int(r.insured_number[:10]) % 7 == int(r.insured_number[10]) for r in records)
    assert sum(r.insured_now for r in records) == report.insured
    assert report.hirings == sum(len(r.spells) for r in records)
    assert report.separations == sum(r.spells[-1].last_day is not None for r in records) + sum(
        len(r.spells) - 1 for r in records
    )
    # Covered by 雇用保険 today: a 第2号 of the pension under 70 (共済 members are not covered).
    kinds = _pension_records(system)
    assert pension.people >= len(records)
    for record in records:
        if record.insured_now and age_on(record.birth_date, ON) < 70:
            assert kinds[record.my_number].current_kind is InsuredKind.SECOND, record
    # Spells never overlap: one employer at a time.
    for record in records:
        for before, after in zip(record.spells, record.spells[1:], strict=False):
            assert before.last_day is not None and before.last_day < after.start
    # People between jobs applied and were decided; the figures hold together.
    assert sum(report.decisions.values()) > 0 and report.decisions.get("basic", 0) > 0
    decided = [
        d
        for r in records
        if any(s.last_day and s.last_day >= dt.date(2024, 11, 22) for s in r.spells)
        for d in system.employment.decisions(insured_number=r.insured_number, actor="t")
    ]
    assert len(decided) == sum(report.decisions.values())
    for decision in decided:
        assert decision.total == decision.benefit_daily * decision.benefit_days
        if decision.kind is BenefitKind.BASIC:
            assert decision.benefit_days in {90, 120, 150, 180, 210, 240, 270, 330}
            assert 2_295 <= decision.benefit_daily <= 8_635
        if decision.age >= 65:
            assert decision.kind is not BenefitKind.BASIC
    info = system.employment.benefit_info(
        insured_number=decided[0].insured_number, on=decided[0].applied_on, actor="t"
    )
    assert info.benefit_kind == decided[0].kind.value
    assert info.receiving == ("0" if decided[0].kind is BenefitKind.NONE else "1")
    infos = system.employment.benefit_infos(on=ON)
    assert len(infos) == len({d.insured_number for d in decided})
    logged = system.employment.access_records(insured_number=decided[0].insured_number)
    assert [r.payload["what"] for r in logged][-2:] == ["decisions", f"benefit info {info.on}"]


def test_the_same_seed_gives_the_same_coverage(system: System) -> None:
    system.synth.populate(seed=6, people=120, on=ON)
    first = system.synth.populate_employment(seed=6, on=ON)
    again = system.synth.populate_employment(seed=6, on=ON)
    assert again.people == 0 and again.decisions == first.decisions
    assert (again.hirings, again.insured) == (first.hirings, first.insured)
