"""The demo's traffic over the network: 副本, 負担割合 (flow 1) and moved families' 保育料 (flow 2),
left behind as real exchanges the operator's usage figures and the person's records show."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from mynumber.app import System

ON = dt.date(2026, 11, 22)  # today in Japan on the fixed clock


def test_the_traffic_step_leaves_exchanges_on_the_network(system: System) -> None:
    system.synth.populate(seed=5, people=400, on=ON)
    system.synth.create_insurers()
    system.synth.populate_lives(seed=5, on=ON)
    system.synth.populate_municipal(seed=5, on=ON)
    report = system.synth.run_network_traffic(seed=5, on=ON)
    assert report.fiscal_year == 2026 and report.copies > 0
    assert report.kouki_members > 0 and report.queries == report.kouki_members
    assert report.contributions + report.contribution_refusals == report.kouki_members
    assert report.families_moved > 0 and report.fees > 0
    provided = Counter[str]()
    for row in system.network.usage().rows:  # one row per (procedure, requesting agency)
        provided[row.procedure] += row.provided
    assert provided["J0001"] == report.contributions  # every member decided was answered
    assert provided["J0002"] >= report.fees  # one query per parent
