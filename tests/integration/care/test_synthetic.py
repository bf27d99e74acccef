"""介護保険 of a synthetic population through the care platform's api (both backends)."""

from __future__ import annotations

import datetime as dt

from mynumber.app import System
from mynumber.care.data import CareLevel, Item, NumberView, ProviderKind, Viewer
from mynumber.kernel.ages import age_on

ON = dt.date(2026, 11, 22)  # today in Japan on the fixed clock
START = dt.date(2025, 12, 10)  # the traffic's first month: the elders are taken in then


def test_elders_are_insured_certified_and_served(system: System) -> None:
    system.synth.populate(seed=5, people=300, on=ON)
    system.synth.populate_municipal(seed=5, on=ON)
    seen: list[tuple[int, int]] = []
    report = system.synth.populate_care(care=system.care, seed=5, on=ON,
                                        progress=lambda *p: seen.append(p))  # fmt: skip
    residents = system.registry.listing(limit=500)
    elders = [r for r in residents if age_on(r.birth_date, START + dt.timedelta(days=1)) >= 65]
    assert report.insured == len(elders) > 0 and seen and seen[-1][0] == seen[-1][1]
    certified = sum(report.certified.values())
    assert 0 < certified < len(elders) // 2
    serving = {CareLevel.CARE_1, CareLevel.CARE_2, CareLevel.CARE_3, CareLevel.CARE_4,
               CareLevel.CARE_5}  # fmt: skip
    assert report.care_plans == sum(n for code, n in report.certified.items()
                                    if CareLevel(code) in serving)  # fmt: skip
    assert report.burdens == certified  # every municipality assessed FY2026: 副本 registered
    provided = sum(r.provided for r in system.network.usage().rows if r.procedure == "J0024")
    assert provided >= certified  # over the network (J0024): the person, and the 世帯's 第1号
    # A certified elder's status; the youngest resident is not insured.
    statuses = [system.care.status(resident_code=r.resident_code, actor="test") for r in elders]
    certified_now = [s for s in statuses if s.certification and s.certification.level]
    assert len(certified_now) == certified
    planned = next(s for s in certified_now if s.care_plan is not None)
    assert planned.burden is not None and planned.burden.ratio in (1, 2, 3)
    # Its care manager is let in by number only after a card check: nothing is shown yet.
    manager = Viewer(number=planned.care_plan.office_number, kind=ProviderKind.CARE_MANAGEMENT)
    request = NumberView(insured_number=planned.insured.insured_number, items=(Item.INSURANCE,))
    try:
        system.care.view_by_number(viewer=manager, request=request)
        raise AssertionError("seen without a card check")
    except Exception as refused:
        assert getattr(refused, "code", "") == "identity_not_confirmed"
