"""A year of synthetic claims and 特定健診 results, filed by the eligibility system."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from mynumber.app import System, build_system
from mynumber.eligibility.models import CheckupRow, ClaimEntryRow, MembershipRow
from mynumber.kernel.ages import age_on
from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.kernel.clock import FixedClock

from ...conftest import NOW

ON = dt.date(2026, 11, 22)
COMPLETE = CODECS[IdentifierKind.FACILITY_CODE].complete
FACILITIES = [
    (COMPLETE("131123456"), "clinic"),
    (COMPLETE("271654321"), "hospital"),
    (COMPLETE("134111111"), "pharmacy"),
    (COMPLETE("274222222"), "pharmacy"),
]


def test_claims_and_checkups_are_stored_under_the_insured_of_the_day(system: System) -> None:
    system.synth.populate(seed=8, people=300, on=ON)
    lives = system.synth.populate_lives(seed=8, on=ON)
    seen: list[tuple[int, int]] = []
    report = system.synth.populate_claims(
        seed=8, on=ON, facility_codes=FACILITIES, progress=lambda *p: seen.append(p)
    )
    assert report.refused == 0 and report.people >= lives.covered
    assert 0.5 * report.people < report.patients <= report.people
    assert report.claims > report.patients and report.checkups > 0
    assert seen[-1] == (report.people, report.people)
    with system.database.connection() as conn:
        entries = conn.execute(select(ClaimEntryRow)).all()
        checkups = conn.execute(select(CheckupRow.subject, CheckupRow.examined_on)).all()
        born = dict(conn.execute(select(MembershipRow.subject, MembershipRow.birth_date)).all())
    assert {e.facility_code for e in entries} <= {code for code, _ in FACILITIES}
    medications = [e for e in entries if e.kind == "medication"]
    assert len(medications) == report.medications
    assert all(len(e.code) == 12 and e.quantity > 0 and e.days >= 1 for e in medications)
    assert {e.code for e in entries if e.kind == "diagnosis"} >= {"J06.9", "I10"}
    assert all(ON - dt.timedelta(days=364) <= e.service_date <= ON for e in entries)
    # 特定健診: only for those aged 40 to 74 on the day of the examination.
    assert len(checkups) == report.checkups
    assert all(40 <= age_on(born[subject], day) <= 74 for subject, day in checkups)


def test_claims_read_back_from_the_histories_in_another_process_are_the_same(
    system: System,
) -> None:
    system.synth.populate(seed=9, people=120, on=ON)
    system.synth.populate_lives(seed=9, on=ON)
    first = system.synth.populate_claims(seed=9, on=ON, facility_codes=FACILITIES)
    # A new process knows nothing of the lives just made: it reads them back.
    later = build_system(system.settings, clock=FixedClock(NOW), migrate=False)
    try:
        again = later.synth.populate_claims(seed=9, on=ON, facility_codes=FACILITIES)
    finally:
        later.close()
    assert again.model_dump(exclude={"seconds"}) == first.model_dump(exclude={"seconds"})
