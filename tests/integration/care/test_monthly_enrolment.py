"""The demo's traffic: each month's new 65-year-olds insured by the care platform, with their
負担割合 decided over the network (J0024) then."""

from __future__ import annotations

import datetime as dt

from mynumber.app import System
from mynumber.care.data import InsuredCategory
from mynumber.kernel.ages import age_on
from mynumber.kernel.clock import JST

ON = dt.date(2026, 11, 22)  # today in Japan on the fixed clock
START = dt.date(2025, 12, 10)  # the traffic's first month


def test_each_month_insures_those_who_reached_65_since_the_last_run(system: System) -> None:
    system.synth.populate(seed=7, people=400, on=ON)
    system.synth.create_insurers()
    system.synth.populate_lives(seed=7, on=ON)
    system.synth.populate_municipal(seed=7, on=ON)
    system.synth.populate_care(care=system.care, seed=7, on=ON)
    report = system.synth.run_network_traffic(seed=7, on=ON, care=system.care)
    one = dt.timedelta(days=1)
    residents = system.registry.listing(limit=1000)
    new = [
        r
        for r in residents
        if age_on(r.birth_date, START + one) < 65 <= age_on(r.birth_date, ON + one)
    ]
    assert new and report.care_enrolled == len(new)
    assert 0 < report.care_burdens <= len(new)
    for resident in new:
        status = system.care.status(resident_code=resident.resident_code, actor="test")
        assert status.insured.category is InsuredCategory.FIRST
        assert START < status.insured.acquired_on <= ON
    # Their 負担割合 queries are dated in the month of their run, not today.
    months = {
        r.requested_at.astimezone(JST).strftime("%Y-%m")
        for resident in new
        for r in system.network.records_for(resident_code=resident.resident_code)
        if r.procedure == "J0024"
    }
    assert len(months) >= 2
