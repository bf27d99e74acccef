"""Synthetic insurance lives, loaded through the insurers and seen in the eligibility system."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

from mynumber.app import System, build_system
from mynumber.eligibility.data import (
    FacilityKind,
    FacilityRegistration,
    MembershipRecord,
    NumberQuery,
    QualificationValidity,
)
from mynumber.kernel.ages import age_on
from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.kernel.clock import FixedClock
from mynumber.kernel.settings import Settings
from mynumber.registry.data import Resident
from mynumber.synth.data import LivesReport

from ...agency_codes import code_for
from ...conftest import NOW

ON = dt.date(2026, 11, 22)  # today in Japan on the fixed clock
CLINIC = CODECS[IdentifierKind.FACILITY_CODE].complete("131123456")
History = dict[str, tuple[Resident, list[MembershipRecord]]]


def _live(system: System, *, people: int = 400, seed: int = 5) -> tuple[LivesReport, History]:
    system.synth.populate(seed=seed, people=people, on=ON)
    seen: list[tuple[int, int]] = []
    report = system.synth.populate_lives(seed=seed, on=ON, progress=lambda *p: seen.append(p))
    assert seen and seen[-1][0] == seen[-1][1] == report.memberships + report.losses
    return report, _histories(system)


def _histories(system: System) -> History:
    result: History = {}
    for resident in system.registry.listing(limit=500):
        subject = code_for(system, agency="eligibility", resident_code=resident.resident_code)
        result[resident.resident_code] = (resident, system.eligibility.history(subject=subject))
    return result


def _in_force(history: list[MembershipRecord], day: dt.date) -> list[MembershipRecord]:
    return [h for h in history if h.valid_from <= day and (h.valid_to is None or day <= h.valid_to)]


def test_most_people_are_covered_once_and_the_report_says_so(system: System) -> None:
    report, histories = _live(system)
    covered = [r for r, h in histories.values() if _in_force(h, ON)]
    assert len(covered) == report.covered >= 0.97 * len(histories) == 0.97 * report.residents
    assert all(len(_in_force(h, ON)) <= 1 for _, h in histories.values())
    assert sum(report.by_kind.values()) == report.covered
    assert report.dependants == sum(
        h.role == "2" for _, history in histories.values() for h in _in_force(history, ON)
    )
    stored = sum(len(h) for _, h in histories.values())
    assert stored == report.memberships and report.job_changes > 0
    assert {"kyokai", "kumiai", "kyosai", "kokuho", "koki"} <= set(report.by_kind)


def test_lives_have_job_changes_dependants_and_late_elderly_cover(system: System) -> None:
    _, histories = _live(system)
    job_changes = [
        (old, new)
        for _, history in histories.values()
        for old, new in itertools.pairwise(history)
        if old.loss_reason == "job_change"
    ]
    assert job_changes
    assert all(new.valid_from == old.valid_to + dt.timedelta(days=1) for old, new in job_changes)
    assert any(old.insurer_number != new.insurer_number for old, new in job_changes)

    dependants = [h for _, history in histories.values() for h in history if h.role == "2"]
    assert dependants and all(h.branch != "00" for h in dependants)
    insured = {
        (h.insurer_number, h.symbol, h.number)
        for _, history in histories.values()
        for h in history
        if h.role == "1"
    }
    assert all((h.insurer_number, h.symbol, h.number) in insured for h in dependants)

    elderly = [(r, h) for r, h in histories.values() if age_on(r.birth_date, ON) >= 75]
    assert elderly
    for resident, history in elderly:
        for current in _in_force(history, ON):
            assert current.insurer_number.startswith("39"), (resident.birth_date, history)
            assert current.contribution_percent in (10, 20, 30)
        moved = [h for h in history if h.loss_reason == "age_75"]
        assert all(h.valid_to is not None and h.valid_to.year >= 2008 for h in moved)


def test_an_old_number_answers_invalid_with_newer_coverage(system: System) -> None:
    _, histories = _live(system, people=250, seed=6)
    system.eligibility.register_facility(
        facility=FacilityRegistration(code=CLINIC, kind=FacilityKind.CLINIC, name="テスト診療所")
    )
    resident, old = next(
        (r, h)
        for r, history in histories.values()
        for h in history
        if h.loss_reason == "job_change" and _in_force(history, ON)
    )
    answer = system.eligibility.verify_by_number(
        query=NumberQuery(
            facility_code=CLINIC, visit_date=ON, insurer_number=old.insurer_number,
            symbol=old.symbol, number=old.number, branch=old.branch,
            birth_date=resident.birth_date,
        )
    )  # fmt: skip
    assert answer.qualification_validity is QualificationValidity.INVALID_WITH_NEWER


def test_the_same_register_and_seed_give_the_same_lives_on_another_instance(
    system: System, tmp_path: Path
) -> None:
    report, histories = _live(system, people=150, seed=7)
    other_dir = tmp_path / "other"
    other = build_system(
        Settings(data_dir=other_dir, database_url=f"sqlite:///{other_dir / 'main.db'}"),
        clock=FixedClock(NOW),
    )
    try:
        report_again, again = _live(other, people=150, seed=7)
    finally:
        other.close()

    def summary(found: History) -> list[tuple[object, ...]]:
        return sorted(
            (r.household_code, r.birth_date, r.name.full, h.insurer_number, h.symbol, h.number,
             h.branch, h.valid_from, h.valid_to, h.loss_reason, h.contribution_percent)
            for r, history in found.values()
            for h in history
        )  # fmt: skip

    # Other keys, other resident codes and My Numbers: the same lives all the same.
    assert {r.my_number for r, _ in histories.values()}.isdisjoint(
        {r.my_number for r, _ in again.values()}
    )
    assert summary(histories) == summary(again)
    assert report.model_dump(exclude={"seconds"}) == report_again.model_dump(exclude={"seconds"})
