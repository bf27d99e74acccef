"""一括照会 over real HTTP: a signed terminal submits JSON or a Shift_JIS CSV, the server's
background worker answers, and the terminal reads the answers back by 受付番号."""

from __future__ import annotations

import time

import httpx

from mynumber.app import System
from mynumber.eligibility.data import BatchLine

from ..integration.eligibility.test_batches import (
    OTHER_CLINIC,
    VISIT,
    enrolled_people,
    line_for,
    reads,
)
from ..terminals import new_terminal
from .test_terminal_watch import CLINIC

BATCHES = "/api/eligibility/batches"


def _finished(client: httpx.Client, number: str, seconds: float = 30) -> dict[str, object]:
    """Poll the inquiry until the server's worker has finished it (or the deadline passes)."""
    deadline = time.monotonic() + seconds
    while True:
        status: dict[str, object] = client.get(f"{BATCHES}/{number}").json()
        if status["status"] in {"done", "failed"} or time.monotonic() > deadline:
            return status
        time.sleep(0.1)


def _csv(lines: list[BatchLine]) -> str:
    rows = ["保険者番号,記号,番号,枝番,生年月日,患者ID"]
    rows += [
        f"{x.insurer_number},{x.symbol},{x.number},{x.branch},{x.birth_date},{x.arbitrary_identifier}"
        for x in lines
    ]
    return "\r\n".join(rows) + "\r\n"


def test_a_json_batch_is_answered_in_the_background_and_read_in_pages(
    system: System, server: str
) -> None:
    people = enrolled_people(system, 6)
    lines = [line_for(*people[i % 6], f"K{i:04d}") for i in range(300)]
    for broken in range(0, 300, 100):  # 1 line in 100 cannot be asked
        lines[broken] = line_for(*people[0], f"K{broken:04d}", birth_date="4月1日")
    body = {
        "facility_code": CLINIC,
        "visit_date": VISIT.isoformat(),
        "lines": [x.model_dump() for x in lines],
    }

    with new_terminal(system, CLINIC).client(server) as client:
        submitted = client.post(BATCHES, json=body)
        assert submitted.status_code == 202, submitted.text
        number = submitted.json()["reception_number"]
        status = _finished(client, number)
        first = client.get(f"{BATCHES}/{number}/results", params={"limit": 200})
        rest = client.get(f"{BATCHES}/{number}/results", params={"offset": 200, "limit": 200})

    assert submitted.json()["status"] == "queued" and submitted.json()["refused_rows"] == 3
    assert (status["status"], status["answered_rows"], status["refused_rows"]) == ("done", 297, 3)
    assert first.json()["next_offset"] == 200 and rest.json()["next_offset"] is None
    answered = first.json()["lines"] + rest.json()["lines"]
    assert [x["arbitrary_identifier"] for x in answered] == [f"K{i:04d}" for i in range(300)]
    assert answered[0]["error_reason"] == "birth_date: 生年月日が日付ではありません"
    assert answered[1]["answer"]["QualificationValidity"] == "1"
    assert answered[1]["answer"]["ResultList"][0]["Name"] == people[1][0].name.full
    assert reads(system, people[1][0]) == 50


def test_a_shift_jis_csv_is_read_and_a_wrong_header_refused(system: System, server: str) -> None:
    people = enrolled_people(system, 3)
    lines = [line_for(*people[i % 3], f"山田{i}") for i in range(30)]
    csv = _csv(lines).encode("cp932")

    with new_terminal(system, CLINIC).client(server) as client:
        target = f"{BATCHES}/csv?visit_date={VISIT}"
        submitted = client.post(target, content=csv, headers={"Content-Type": "text/csv"})
        wrong = client.post(
            target, content="氏名,生年月日\r\n山田,19800401\r\n".encode("cp932"),
            headers={"Content-Type": "text/csv"},
        )  # fmt: skip
        number = submitted.json()["reception_number"]
        status = _finished(client, number)
        page = client.get(f"{BATCHES}/{number}/results").json()

    assert submitted.status_code == 202, submitted.text
    assert wrong.status_code == 422 and wrong.json()["error"] == "csv_header_invalid"
    assert "保険者番号,記号,番号,枝番,生年月日,患者ID" in wrong.json()["reason"]
    assert (status["status"], status["answered_rows"]) == ("done", 30)
    assert page["status"]["facility_code"] == CLINIC
    assert page["lines"][29]["arbitrary_identifier"] == "山田29"


def test_another_facility_sees_no_such_inquiry(system: System, server: str) -> None:
    people = enrolled_people(system, 1)
    body = {
        "facility_code": CLINIC,
        "visit_date": VISIT.isoformat(),
        "lines": [line_for(*people[0], "P1").model_dump()],
    }
    with new_terminal(system, CLINIC).client(server) as ours:
        number = ours.post(BATCHES, json=body).json()["reception_number"]
        _finished(ours, number)
    with new_terminal(system, OTHER_CLINIC).client(server) as theirs:
        status = theirs.get(f"{BATCHES}/{number}")
        results = theirs.get(f"{BATCHES}/{number}/results")
        for_us = theirs.post(BATCHES, json=body)
        as_us = theirs.get(f"{BATCHES}/{number}", params={"facility_code": CLINIC})

    assert status.status_code == 404 and status.json()["error"] == "batch_not_found"
    assert results.status_code == 404 and results.json()["error"] == "batch_not_found"
    assert for_us.status_code == 403 and for_us.json()["error"] == "facility_mismatch"
    assert as_us.status_code == 403
