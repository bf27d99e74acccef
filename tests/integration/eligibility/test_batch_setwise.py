"""一括照会 (batch inquiry) answered set-wise: every line gets the answer, the refusal and the
access records one check by number gives it, and a bulk append chains as appends one by one."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from mynumber.app import System
from mynumber.eligibility.batch.lines import line_query
from mynumber.eligibility.data import BatchLine, EligibilityAnswer
from mynumber.eligibility.models import access_records
from mynumber.eligibility.verification.by_number import verify_by_number
from mynumber.insurers.data import LossReason
from mynumber.kernel.errors import DomainError

from ...agency_codes import code_for
from ...e2e.test_terminal_watch import CLINIC, INSURER
from ..insurers.test_enrol_and_verify import _enrol
from .test_batches import VISIT, _context, enrolled_people, line_for, submit

TERMINAL = f"{CLINIC}-T01"
AT = dt.datetime(2026, 11, 22, 1, 2, 3, tzinfo=dt.UTC)


def _single(system: System, line: BatchLine) -> EligibilityAnswer | tuple[str, str]:
    """Answer one line as a check by number alone would (or return its refusal)."""
    with system.database.unit_of_work() as uow:
        try:
            query = line_query(line, facility_code=CLINIC, visit_date=VISIT)
            return verify_by_number(uow.session, _context(system), query=query, terminal=TERMINAL)
        except DomainError as refused:
            return refused.code, refused.reason


def test_set_wise_answers_and_records_are_those_of_single_checks(system: System) -> None:
    people = enrolled_people(system, 6)
    (lapsed, lm), (hidden, hm), (moved, mm), (twice, tm), (wrong, wm), _ = people
    system.insurers.lose(
        membership_id=lm.membership_id, last_day=dt.date(2025, 3, 31), reason=LossReason.RETIREMENT
    )
    system.insurers.lose(
        membership_id=mm.membership_id, last_day=dt.date(2025, 3, 31), reason=LossReason.JOB_CHANGE
    )
    newer = _enrol(system, moved, INSURER, dt.date(2025, 4, 1))
    system.registry.set_support_measure(
        resident_code=hidden.resident_code, requested_on=dt.date(2026, 11, 22), actor="clerk"
    )
    lines = [
        line_for(lapsed, lm, "P01"),  # 無効
        line_for(hidden, hm, "P02"),  # address withheld
        line_for(moved, mm, "P03"),  # 無効 with newer cover
        line_for(moved, newer, "P04"),
        line_for(twice, tm, "P05"),
        line_for(twice, tm, "P06", birth_date=twice.birth_date.isoformat()),
        line_for(wrong, wm, "P07", birth_date="19000101"),  # like unknown, but recorded
        line_for(wrong, wm, "P08", birth_date="1980-02-30"),  # refused at submission
        line_for(wrong, wm, "P09", number=""),
        line_for(twice, tm, "P10", number="99999999"),  # nobody's number
        line_for(hidden, hm, "P11", branch="0"),  # a dropped leading zero
    ]
    number = submit(system, lines).reception_number
    system.eligibility.run_batches()
    page = system.eligibility.batch_results(facility_code=CLINIC, reception_number=number)
    subjects = [
        code_for(system, agency="eligibility", resident_code=r.resident_code) for r, _ in people
    ]
    batch_reads = {s: system.eligibility.access_records(subject=s) for s in subjects}

    singles = [_single(system, line) for line in lines]

    for stored, single in zip(page.lines, singles, strict=True):
        if isinstance(single, EligibilityAnswer):
            assert stored.answer is not None and not stored.error_code
            assert stored.answer.model_dump_json() == single.model_dump_json()
        else:
            assert stored.answer is None and (stored.error_code, stored.error_reason) == single
    assert [line.answer.qualification_validity for line in page.lines if line.answer] == [
        "2", "1", "3", "1", "1", "1", "4", "4", "1",
    ]  # fmt: skip
    assert page.lines[1].answer and page.lines[1].answer.results[0].address_not_disclosed == "1"
    log = _context(system).access_log
    for subject in subjects:
        both = system.eligibility.access_records(subject=subject)
        first = batch_reads[subject]
        assert [r.model_dump(exclude={"seq"}) for r in both[len(first) :]] == [
            r.model_dump(exclude={"seq"}) for r in first
        ]
        with system.database.unit_of_work() as uow:
            assert log.verify(uow.session, stream=subject) == []
    assert [len(batch_reads[s]) for s in subjects] == [1, 2, 2, 2, 1, 0]


def test_a_bulk_append_chains_exactly_as_appends_one_by_one(system: System) -> None:
    log = _context(system).access_log
    entries = [(stream, {"n": str(i)}) for i, stream in enumerate("ABACBAD")]

    def chains() -> list[tuple[str, int, str, str, str]]:
        with system.database.unit_of_work() as uow:
            t = access_records
            rows = uow.session.execute(
                select(t.c.stream, t.c.seq, t.c.payload, t.c.prev_hash, t.c.hash).order_by(t.c.id)
            )
            return [tuple(row) for row in rows]

    with system.database.unit_of_work() as uow:  # B already has a record
        log.append(uow.session, stream="B", payload={"n": "first"}, at=AT)
    with system.database.unit_of_work() as uow:
        for stream, payload in entries:
            log.append(uow.session, stream=stream, payload=payload, at=AT)
    one_by_one = chains()
    with system.database.unit_of_work() as uow:
        uow.session.execute(access_records.delete())
        uow.session.execute(_context(system).access_log.tables[1].delete())
        log.append(uow.session, stream="B", payload={"n": "first"}, at=AT)
    with system.database.unit_of_work() as uow:
        assert log.append_many(uow.session, entries=entries, at=AT) == len(entries)

    assert chains() == one_by_one
    with system.database.unit_of_work() as uow:
        assert all(log.verify(uow.session, stream=s) == [] for s in "ABCD")
