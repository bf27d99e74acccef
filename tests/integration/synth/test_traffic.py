"""The demo's traffic over the network: 副本, 負担割合 (flow 1) and moved families' 保育料 (flow 2),
spread over a year and left behind as real exchanges the operator's usage figures and the
person's records show."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from mynumber.app import System
from mynumber.kernel.clock import JST

ON = dt.date(2026, 11, 22)  # today in Japan on the fixed clock


def test_the_traffic_step_leaves_a_year_of_exchanges_on_the_network(system: System) -> None:
    system.synth.populate(seed=5, people=200, on=ON)
    system.synth.create_insurers()
    system.synth.populate_lives(seed=5, on=ON)
    system.synth.populate_municipal(seed=5, on=ON)
    months_done: list[tuple[int, int]] = []
    report = system.synth.run_network_traffic(
        seed=5, on=ON, progress=lambda done, total: months_done.append((done, total))
    )
    assert (report.fiscal_year, report.since, report.months) == (2026, dt.date(2025, 12, 10), 12)
    assert months_done == [(done, 12) for done in range(1, 13)]
    assert report.copies > 0
    assert report.kouki_members > 0 and report.queries == report.kouki_members
    assert report.contributions + report.contribution_refusals == report.kouki_members
    assert report.families_moved > 0 and report.fees > 0
    provided = Counter[str]()
    for row in system.network.usage().rows:  # one row per (procedure, requesting agency)
        provided[row.procedure] += row.provided
    assert provided["J0001"] == report.contributions  # every member decided was answered
    assert provided["J0002"] >= report.fees  # one query per parent
    # Each exchange is dated in its month, at the network as in the request; today after.
    records = [
        record
        for resident in system.registry.listing(limit=200)
        for record in system.network.records_for(resident_code=resident.resident_code)
    ]
    assert len(records) >= report.queries
    months = {r.requested_at.astimezone(JST).strftime("%Y-%m") for r in records}
    assert len(months) >= 6
    for record in records:
        assert record.recorded_at is not None
        on_the_day = record.requested_at.astimezone(JST).date()
        assert record.recorded_at.astimezone(JST).date() == on_the_day
    assert system.clock.now().astimezone(JST).date() == ON
