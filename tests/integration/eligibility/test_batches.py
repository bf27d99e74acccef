"""一括照会 (batch inquiry): good lines answered, bad lines kept with their reason, nothing lost."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from sqlalchemy import update

from mynumber.app import System
from mynumber.eligibility.access_log import Context
from mynumber.eligibility.batch import inquiries
from mynumber.eligibility.data import (
    BatchLine,
    BatchState,
    BatchStatus,
    BatchSubmission,
    FacilityKind,
    FacilityRegistration,
)
from mynumber.eligibility.models import BatchInquiryLineRow, access_heads, access_records
from mynumber.insurers.data import Enrolment, Member, Membership
from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.kernel.clock import FixedClock
from mynumber.kernel.errors import InvalidInputError, NotFoundError
from mynumber.kernel.hashlog import HashChainedLog
from mynumber.registry.data import ChangeKind, Resident, Sex

from ...agency_codes import code_for
from ...e2e.test_terminal_watch import CLINIC, INSURER
from ..registry.helpers import person

OTHER_CLINIC = CODECS[IdentifierKind.FACILITY_CODE].complete("131765432")
VISIT = dt.date(2026, 11, 23)  # tomorrow, by the fixed clock
GIVEN = ("タロウ", "ハナコ", "ジロウ", "サクラ", "サブロウ", "ユキ", "シロウ", "アオイ")


def enrolled_people(system: System, count: int) -> list[tuple[Resident, Membership]]:
    """Register the clinics and insurer, and enrol count residents (kyokai, since 2024-04-01)."""
    system.insurers.add_insurer(insurer=INSURER)
    for code, name in ((CLINIC, "さくら内科"), (OTHER_CLINIC, "みどり医院")):
        system.eligibility.register_facility(
            facility=FacilityRegistration(code=code, kind=FacilityKind.CLINIC, name=name)
        )
    residents = [
        system.registry.register(
            new=person(
                given=f"太郎{i}",
                given_kana=GIVEN[i % len(GIVEN)],
                born=dt.date(1960 + i, 1 + i % 12, 1 + i % 28),
                sex=Sex.MALE if i % 2 else Sex.FEMALE,
            ),
            kind=ChangeKind.MOVE_IN,
            on=dt.date(2020, 1, 1),
        )
        for i in range(count)
    ]
    enrolments = [
        Enrolment(
            insurer_number=INSURER.number,
            my_number=r.my_number,
            member=Member(
                name=r.name.full,
                name_kana=r.name.full_kana,
                birth_date=r.birth_date,
                sex=int(r.sex),
            ),
            valid_from=dt.date(2024, 4, 1),
        )
        for r in residents
    ]
    return list(zip(residents, system.insurers.enrol_many(enrolments=enrolments), strict=True))


def line_for(resident: Resident, membership: Membership, ident: str, **wrong: str) -> BatchLine:
    """Return the line a clinic would send for this patient (with some fields wrong)."""
    numbers = membership.insured
    fields = {
        "insurer_number": numbers.insurer_number,
        "symbol": numbers.symbol,
        "number": numbers.number,
        "branch": numbers.branch,
        "birth_date": f"{resident.birth_date:%Y%m%d}",
        "arbitrary_identifier": ident,
    }
    return BatchLine.model_validate(fields | wrong)


def reads(system: System, resident: Resident) -> int:
    """Return how many reads of the resident's eligibility data are on record."""
    subject = code_for(system, agency="eligibility", resident_code=resident.resident_code)
    return len(system.eligibility.access_records(subject=subject))


def submit(system: System, lines: list[BatchLine], facility: str = CLINIC) -> BatchStatus:
    """Submit a batch for tomorrow from a terminal of the facility."""
    submission = BatchSubmission(facility_code=facility, visit_date=VISIT, lines=lines)
    return system.eligibility.submit_batch(submission=submission, terminal_id=f"{facility}-T01")


def test_good_lines_are_answered_and_bad_lines_kept_with_their_reason(system: System) -> None:
    people = enrolled_people(system, 4)
    (a, am), (b, bm), (c, cm), (d, dm) = people
    lines = [
        line_for(a, am, "P001"),
        line_for(b, bm, "P002", birth_date=b.birth_date.isoformat()),  # YYYY-MM-DD also
        line_for(c, cm, "P003", birth_date="1980-13-01"),
        line_for(d, dm, "P004", branch="x1"),
        line_for(a, am, "P005", insurer_number=""),
        line_for(b, bm, "P006", birth_date="19000101"),  # a wrong birth date: like unknown
    ]

    queued = submit(system, lines)

    assert queued.status is BatchState.QUEUED and queued.reception_number.startswith("B261122")
    assert (queued.total_rows, queued.answered_rows, queued.refused_rows) == (6, 0, 3)
    assert system.eligibility.run_batches() == 1
    done = system.eligibility.batch_status(
        facility_code=CLINIC, reception_number=queued.reception_number
    )
    assert done.status is BatchState.DONE and done.finished_at is not None
    assert (done.answered_rows, done.refused_rows) == (3, 3)
    page = system.eligibility.batch_results(
        facility_code=CLINIC, reception_number=queued.reception_number
    )
    assert [line.arbitrary_identifier for line in page.lines] == [f"P00{i}" for i in range(1, 7)]
    assert page.next_offset is None
    first, second, bad_date, bad_branch, no_insurer, mismatch = page.lines
    assert first.answer is not None and first.answer.qualification_validity == "1"
    assert first.answer.results[0].name == a.name.full
    assert second.answer is not None and second.answer.qualification_validity == "1"
    assert bad_date.answer is None and bad_date.error_code == "row_invalid"
    assert bad_date.error_reason == "birth_date: 生年月日が日付ではありません"
    assert bad_date.query.birth_date == "1980-13-01"  # kept as submitted
    assert bad_branch.error_reason.startswith("branch: ")
    assert no_insurer.error_reason.startswith("insurer_number: ")
    assert mismatch.answer is not None and mismatch.answer.qualification_validity == "4"


def test_only_answered_lines_are_recorded_in_the_access_log(system: System) -> None:
    (a, am), (b, bm), (c, _) = enrolled_people(system, 3)
    submit(system, [line_for(a, am, "1"), line_for(a, am, "2"), line_for(b, bm, "3", branch="")])

    system.eligibility.run_batches()

    assert (reads(system, a), reads(system, b), reads(system, c)) == (2, 0, 0)
    subject = code_for(system, agency="eligibility", resident_code=a.resident_code)
    record = system.eligibility.access_records(subject=subject)[0]
    assert (record.facility_code, record.terminal, record.outcome) == (CLINIC, f"{CLINIC}-T01", "1")


def test_results_come_in_pages_and_only_to_the_facility_that_asked(system: System) -> None:
    people = enrolled_people(system, 5)
    lines = [line_for(*people[i % 5], f"P{i:03d}") for i in range(250)]
    number = submit(system, lines).reception_number
    system.eligibility.run_batches()

    offsets, offset = [], 0
    while offset is not None:
        page = system.eligibility.batch_results(
            facility_code=CLINIC, reception_number=number, offset=offset, limit=100
        )
        offsets.append((offset, len(page.lines), page.lines[0].line))
        offset = page.next_offset
    assert offsets == [(0, 100, 1), (100, 100, 101), (200, 50, 201)]
    with pytest.raises(InvalidInputError):
        system.eligibility.batch_results(
            facility_code=CLINIC, reception_number=number, limit=10_001
        )
    for facility, asked in ((OTHER_CLINIC, number), (CLINIC, "B26112200000000")):
        with pytest.raises(NotFoundError) as refused:
            system.eligibility.batch_status(facility_code=facility, reception_number=asked)
        assert refused.value.code == "batch_not_found"
    with pytest.raises(NotFoundError) as refused:
        system.eligibility.batch_results(facility_code=OTHER_CLINIC, reception_number=number)
    assert refused.value.code == "batch_not_found"


def test_an_unregistered_facility_cannot_submit(system: System) -> None:
    people = enrolled_people(system, 1)
    unregistered = CODECS[IdentifierKind.FACILITY_CODE].complete("131999999")
    with pytest.raises(NotFoundError) as refused:
        submit(system, [line_for(*people[0], "P1")], facility=unregistered)
    assert refused.value.code == "facility_not_registered"


def _context(system: System) -> Context:
    log = HashChainedLog(access_records, access_heads, system.settings.keys()["access_log"])
    return Context(clock=system.clock, access_log=log, policy=system.settings.policy)


def test_progress_shows_after_each_chunk(system: System) -> None:
    people = enrolled_people(system, 3)
    lines = [line_for(*people[i % 3], str(i)) for i in range(1_100)]
    lines[1_050] = lines[1_050].model_copy(update={"number": ""})
    number = submit(system, lines).reception_number
    ctx, seen = _context(system), []

    with system.database.unit_of_work() as uow:
        assert inquiries.claim(uow.session, reception_number=number)
    last: int | None = 0
    while last is not None:
        with system.database.unit_of_work() as uow:
            last = inquiries.answer_chunk(uow.session, ctx, reception_number=number, after=last)
        state = system.eligibility.batch_status(facility_code=CLINIC, reception_number=number)
        seen.append((state.status.value, state.answered_rows, state.refused_rows))

    assert seen == [
        ("running", 500, 1),
        ("running", 1_000, 1),
        ("running", 1_099, 1),
        ("done", 1_099, 1),
    ]


def test_a_fault_in_a_chunk_fails_the_inquiry_and_keeps_every_line(system: System) -> None:
    people = enrolled_people(system, 2)
    lines = [line_for(*people[i % 2], str(i)) for i in range(1_200)]
    number = submit(system, lines).reception_number
    with system.database.unit_of_work() as uow:  # a line the worker cannot read
        uow.session.execute(
            update(BatchInquiryLineRow)
            .where(BatchInquiryLineRow.line == 700)
            .values(query='{"visit_date": "someday", "line": {}}')
        )

    assert system.eligibility.run_batches() == 1

    state = system.eligibility.batch_status(facility_code=CLINIC, reception_number=number)
    assert state.status is BatchState.FAILED and state.failure
    assert state.failure.startswith("ValueError")
    assert (state.answered_rows, state.refused_rows) == (500, 0)
    page = system.eligibility.batch_results(
        facility_code=CLINIC, reception_number=number, limit=10_000
    )
    assert len(page.lines) == 1_200
    assert all(line.answer is not None for line in page.lines[:500])
    assert all(line.answer is None and not line.error_code for line in page.lines[500:])


def test_run_batches_takes_them_oldest_first_up_to_a_limit(
    system: System, clock: FixedClock
) -> None:
    people = enrolled_people(system, 1)
    first = submit(system, [line_for(*people[0], "1")])
    clock.advance(dt.timedelta(seconds=1))
    second = submit(system, [line_for(*people[0], "2")])

    assert system.eligibility.run_batches(limit=1) == 1

    states = [
        system.eligibility.batch_status(facility_code=CLINIC, reception_number=s.reception_number)
        for s in (first, second)
    ]
    assert [s.status for s in states] == [BatchState.DONE, BatchState.QUEUED]
    assert system.eligibility.run_batches() == 1


def test_an_inquiry_left_running_by_a_dead_process_is_finished_by_a_new_worker(
    system: System,
) -> None:
    people = enrolled_people(system, 2)
    number = submit(system, [line_for(*people[i % 2], str(i)) for i in range(20)]).reception_number
    with system.database.unit_of_work() as uow:  # claimed by a process that then died
        assert inquiries.claim(uow.session, reception_number=number)

    system.eligibility.start_batch_worker()
    system.eligibility.start_batch_worker()  # idempotent
    try:
        deadline = time.monotonic() + 20
        while True:
            state = system.eligibility.batch_status(facility_code=CLINIC, reception_number=number)
            if state.status is BatchState.DONE or time.monotonic() > deadline:
                break
            time.sleep(0.05)
    finally:
        system.eligibility.stop_batch_worker()

    assert (state.status, state.answered_rows) == (BatchState.DONE, 20)
    assert reads(system, people[0][0]) == 10
