"""The demo's steps share one reading of the register and one plan of the lives
(`reusing_reads`): the same lives and the same records as each step reading and planning its
own, and no step changes the plan it shares."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mynumber.app import System, build_system
from mynumber.kernel.clock import FixedClock
from mynumber.kernel.settings import Settings
from mynumber.synth.api import reusing_reads
from mynumber.synth.insurers import Catalogue
from mynumber.synth.lives import plan_lives, read_residents

from ...conftest import NOW

ON = dt.date(2026, 11, 22)  # today in Japan on the fixed clock
SEED, PEOPLE = 3, 150


def _steps(system: System) -> list[dict[str, object]]:
    reports = [
        system.synth.populate_lives(seed=SEED, on=ON),
        system.synth.populate_municipal(seed=SEED, on=ON),
        system.synth.populate_pension(seed=SEED, on=ON),
        system.synth.populate_employment(seed=SEED, on=ON),
    ]
    return [report.model_dump(exclude={"seconds"}) for report in reports]


def test_steps_sharing_one_plan_make_what_they_make_alone(system: System, tmp_path: Path) -> None:
    system.synth.populate(seed=SEED, people=PEOPLE, on=ON)
    alone = plan_lives(read_residents(system.registry), seed=SEED, on=ON, catalogue=Catalogue())
    with reusing_reads():
        shared = plan_lives(read_residents(system.registry), seed=SEED, on=ON,
                            catalogue=Catalogue())  # fmt: skip
        reports = _steps(system)
        again = plan_lives(read_residents(system.registry), seed=SEED, on=ON,
                           catalogue=Catalogue())  # fmt: skip
        assert again[0][0] is shared[0][0]  # planned once
    assert shared[0] == alone[0] and again[0] == alone[0]  # and left as planned by the steps

    other_dir = tmp_path / "other"
    other = build_system(
        Settings(data_dir=other_dir, database_url=f"sqlite:///{other_dir / 'main.db'}"),
        clock=FixedClock(NOW),
    )
    try:
        other.synth.populate(seed=SEED, people=PEOPLE, on=ON)
        assert _steps(other) == reports  # each step reading and planning on its own
    finally:
        other.close()
