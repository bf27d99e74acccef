"""Populating the real registry (SQLite and PostgreSQL): counts, report, determinism, atomicity."""

from __future__ import annotations

import datetime as dt
import gc

import pytest

import mynumber.synth.api
from mynumber.app import System
from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.synth.population import generate_households, measure

ON = dt.date(2026, 4, 1)


def test_populate_registers_everyone_as_moved_in(system: System) -> None:
    seen: list[int] = []
    report = system.synth.populate(seed=3, people=3_000, on=ON, progress=seen.append)
    assert report.people == 3_000 == system.registry.count()
    assert seen == sorted(seen) and seen[-1] == 3_000
    residents = system.registry.listing(limit=200)
    assert all(CODECS[IdentifierKind.MY_NUMBER].is_valid(r.my_number) for r in residents)
    assert all(r.registered_on == ON for r in residents)
    first = residents[0]
    assert [e.kind.value for e in system.registry.history(resident_code=first.resident_code)] == [
        "move_in"
    ]


def test_the_report_measures_what_was_registered(system: System) -> None:
    report = system.synth.populate(seed=4, people=2_000, on=ON)
    households = [
        h for b in generate_households(seed=4, people=2_000, reference_date=ON) for h in b
    ]
    assert report.model_dump(exclude={"seed", "seconds"}) == measure(households, reference_date=ON)
    assert report.households == len(households)


def test_the_same_seed_gives_the_same_people(system: System) -> None:
    system.synth.populate(seed=7, people=500, on=ON)
    first = [(r.name, r.birth_date, r.address) for r in system.registry.listing(limit=500)]
    assert len(first) == 500
    generated = {
        (m.name, m.birth_date, h.address)
        for b in generate_households(seed=7, people=500, reference_date=ON)
        for h in b
        for m in h.members
    }
    assert set(first) == generated


def test_a_second_load_adds_to_a_populated_register(system: System) -> None:
    system.synth.populate(seed=1, people=400, on=ON)
    system.synth.populate(seed=2, people=600, on=ON)
    residents = system.registry.listing(limit=500) + system.registry.listing(limit=500, offset=500)
    assert len({r.my_number for r in residents}) == 1_000 == system.registry.count()


def test_a_failing_load_leaves_nothing_behind(system: System) -> None:
    def fail_after_first(done: int) -> None:
        raise RuntimeError(f"interrupted after {done}")

    with pytest.raises(RuntimeError, match="interrupted"):
        system.synth.populate(seed=5, people=30_000, on=ON, progress=fail_after_first)
    assert system.registry.count() == 0
    assert gc.isenabled()
    system.synth.populate(seed=5, people=100, on=ON)  # the load works again: indexes are back
    someone = system.registry.listing(limit=1)[0]
    found = system.registry.search(actor="t", kana=someone.name.family_kana, limit=500)
    assert system.registry.count() == 100 and someone in found


def test_public_surface() -> None:
    assert mynumber.synth.api.__all__ == [
        "LocalSynth",
        "Synth",
        "populate_accounts",
        "reusing_reads",
        "truth_path",
    ]
