"""Synthetic 予防接種 histories of the population's children, through the platform's api."""

from __future__ import annotations

import datetime as dt

from mynumber.app import System
from mynumber.eligibility.data import CardAuthentication
from mynumber.kernel.ages import age_on
from mynumber.synth.vaccinations import SCHEDULE

ON = dt.date(2026, 11, 22)  # today in Japan on the fixed clock


def test_children_get_the_routine_schedule(system: System) -> None:
    system.synth.populate(seed=7, people=200, on=ON)
    seen: list[tuple[int, int]] = []
    report = system.synth.populate_vaccinations(
        vaccinations=system.health.vaccinations, seed=7, on=ON,
        progress=lambda *p: seen.append(p),
    )  # fmt: skip
    residents = system.registry.listing(limit=500)
    children = [r for r in residents if age_on(r.birth_date, ON) < 15]
    assert report.children == len(children) > 0 and seen[-1][0] == seen[-1][1]
    assert sum(report.doses.values()) > len(children) and set(report.doses) <= {
        code for code, *_ in SCHEDULE
    }
    # The oldest child's own history: doses in order, none before the schedule's age.
    child = min(children, key=lambda r: r.birth_date)
    issued = system.jpki.issue(resident_code=child.resident_code)
    challenge = system.health.vaccinations.new_challenge()
    holder = CardAuthentication(
        certificate=system.jpki.read_certificates(card_id=issued.card.card_id).auth,
        challenge=challenge,
        signature=system.jpki.sign_challenge(
            card_id=issued.card.card_id, pin=issued.pins.auth, challenge=challenge
        ),
    )
    own = system.health.vaccinations.own(holder=holder).vaccinations
    assert own and all(v.occurred_on > child.birth_date for v in own)
    doses = [(v.vaccine_code, v.dose_number) for v in own]
    for code in {c for c, _ in doses}:
        numbers = [n for c, n in doses if c == code]
        assert numbers == list(range(1, len(numbers) + 1))  # a series is never skipped into
